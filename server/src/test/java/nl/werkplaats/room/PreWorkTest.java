package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CANVAS;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.COMPETENCES;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.INFO;
import static nl.werkplaats.room.TestRoom.OBS;
import static nl.werkplaats.room.TestRoom.PRIVATE_CARDS;
import static nl.werkplaats.room.TestRoom.ROLES;
import static nl.werkplaats.room.TestRoom.UTRECHT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pre-work: chosen steps answered before the live session, from a date on")
class PreWorkTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  /** A room in the lobby whose checklist question and canvas open for pre-work in an hour. */
  private static TestRoom opened() {
    TestRoom r = TestRoom.lobby();
    r.ok(FAC, new Command.OpenPreWork(List.of(CANVAS, CHECKLIST), r.now + HOUR));
    return r;
  }

  private static String text(TestRoom r, int step, String key) {
    return r.content(step).texts.getOrDefault(key, SharedText.EMPTY).text();
  }

  @Test
  @DisplayName("From its moment on, participants write in a pre-work step while the room is in the lobby")
  void openFromADate() {
    TestRoom r = opened();
    assertEquals(List.of(CHECKLIST, CANVAS), r.s.preWork.steps(), "kept in step order");
    r.tick(HOUR);
    r.ok(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "Wij hebben een convenant."));
    r.ok(CHRIS, Texts.typed(CANVAS, "field:goal", "Samen de bodem in kaart"));
    assertEquals(RoomStatus.LOBBY, r.s.status);
    assertEquals("Wij hebben een convenant.", text(r, CHECKLIST, "org:" + GOUDA));
    assertEquals("Samen de bodem in kaart", text(r, CANVAS, "field:goal"));
  }

  @Test
  @DisplayName("Before its moment a pre-work command is refused with pre_work_not_open, and nothing changes")
  void refusedBeforeTheDate() {
    TestRoom r = opened();
    r.tick(HOUR - 1);
    assertEquals(ErrorCode.PRE_WORK_NOT_OPEN, r.refused(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "te vroeg")));
  }

  @Test
  @DisplayName("On a step not opened for pre-work the lobby refuses with pre_work_not_open; without pre-work, not_started as before")
  void refusedOnOtherSteps() {
    TestRoom r = opened();
    r.tick(DAY);
    assertEquals(ErrorCode.PRE_WORK_NOT_OPEN, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "een kaart")));
    assertEquals(ErrorCode.PRE_WORK_NOT_OPEN, r.refused(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 4)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, Texts.typed(CHECKLIST, "joint", "kijker")), "observers still do not write");
    TestRoom plain = TestRoom.lobby();
    assertEquals(ErrorCode.NOT_STARTED, plain.refused(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "x")));
  }

  @Test
  @DisplayName("The same validation as in the session: your own organisation's answer only")
  void sameRules() {
    TestRoom r = opened();
    r.tick(HOUR);
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, Texts.typed(CHECKLIST, "org:" + UTRECHT, "niet van mij")));
  }

  @Test
  @DisplayName("A step type where writing beforehand makes no sense, a missing step or an absurd date cannot be opened")
  void refusedSteps() {
    TestRoom r = TestRoom.lobby();
    assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(FAC, new Command.OpenPreWork(List.of(INFO), r.now)));
    assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST, ROLES), r.now)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.OpenPreWork(List.of(42), r.now)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST), null)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST), r.now + 400 * DAY)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST), 0L)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST), r.now, r.now - HOUR)),
        "the planned start lies after the opening");
    assertNull(r.s.preWork);
  }

  @Test
  @DisplayName("Only the facilitator opens pre-work, and only in the lobby")
  void onlyTheFacilitator() {
    TestRoom r = TestRoom.lobby();
    r.ok(FAC, new Command.SetRole(BRAM, Role.CO_FACILITATOR));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.OpenPreWork(List.of(CHECKLIST), r.now)));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.OpenPreWork(List.of(CHECKLIST), r.now)));
    TestRoom running = TestRoom.running();
    assertEquals(ErrorCode.INVALID_TRANSITION, running.refused(FAC, new Command.OpenPreWork(List.of(CHECKLIST), running.now)));
  }

  @Test
  @DisplayName("The facilitator closes pre-work with no steps: the lobby refuses again, the answers stay")
  void closing() {
    TestRoom r = opened();
    r.tick(HOUR);
    r.ok(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "al gedaan"));
    r.ok(FAC, new Command.OpenPreWork(List.of(), null));
    assertNull(r.s.preWork);
    assertEquals(ErrorCode.NOT_STARTED, r.refused(ANNA, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "meer")));
    assertEquals("al gedaan", text(r, CHECKLIST, "org:" + GOUDA));
  }

  @Test
  @DisplayName("After the start the answers are simply there per organisation; the step takes writing again once it is opened")
  void answersIntoTheSession() {
    TestRoom r = opened();
    r.tick(HOUR);
    r.ok(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "Gouda: convenant"));
    r.ok(CHRIS, Texts.typed(CHECKLIST, "org:" + UTRECHT, "Utrecht: wet"));
    r.ok(FAC, new Command.Start());
    assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(ANNA, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "later")),
        "pre-work ends with the start; the step opens when the session reaches it");
    r.ok(FAC, new Command.GoToStep(CHECKLIST));
    assertEquals("Gouda: convenant", text(r, CHECKLIST, "org:" + GOUDA));
    assertEquals("Utrecht: wet", text(r, CHECKLIST, "org:" + UTRECHT));
    r.ok(BRAM, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "Gouda: convenant, getekend"));
    assertEquals("Gouda: convenant, getekend", text(r, CHECKLIST, "org:" + GOUDA));
    assertEquals(List.of(ANNA, CHRIS), r.s.preWork.answered().get(CHECKLIST), "live writing is not pre-work");
  }

  @Test
  @DisplayName("Who answered: per organisation, people who wrote beforehand out of the people it has")
  void overviewCounts() {
    TestRoom r = opened();
    r.tick(HOUR);
    List<Event> first = r.ok(ANNA, Texts.typed(CHECKLIST, "org:" + GOUDA, "a"));
    assertTrue(first.get(first.size() - 1) instanceof Event.PreWorkAnswered);
    assertEquals(1, r.ok(ANNA, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "ab")).size(), "noted once per person");
    r.ok(BRAM, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "abc"));
    r.ok(CHRIS, Texts.typed(CANVAS, "field:goal", "doel"));
    r.ok(FAC, Texts.typed(CANVAS, "field:data-sources", "bronnen"));
    Map<String, int[]> checklist = PreWork.answeredPerOrganisation(r.s, CHECKLIST);
    assertEquals(List.of(GOUDA, UTRECHT), List.copyOf(checklist.keySet()),
        "every organisation that answers; the hosting facilitator's and observers' aside");
    assertArrayEquals(new int[] {2, 2}, checklist.get(GOUDA));
    assertArrayEquals(new int[] {0, 1}, checklist.get(UTRECHT));
    Map<String, int[]> canvas = PreWork.answeredPerOrganisation(r.s, CANVAS);
    assertArrayEquals(new int[] {0, 2}, canvas.get(GOUDA));
    assertArrayEquals(new int[] {1, 1}, canvas.get(UTRECHT));
    assertEquals(2, canvas.size());
  }

  @Test
  @DisplayName("Opened at room creation (checked against the template's steps and the clock) it works the same")
  void atCreation() {
    TestRoom r = TestRoom.lobby();
    r.s.preWork = PreWork.checked(TestRoom.agenda(), List.of(COMPETENCES), r.now - DAY, r.now + DAY, r.now);
    r.ok(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 4));
    assertEquals(Map.of("data-analysis", 4), r.content(COMPETENCES).ratings.get(ANNA));
    assertThrows(Rejected.class, () -> PreWork.checked(TestRoom.agenda(), List.of(INFO), r.now, null, r.now));
  }
}

package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.COMPETENCES;
import static nl.werkplaats.room.TestRoom.EVALUATION;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.OPEN_CARDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Anonymous sessions: per-person answers reach others, facilitators included, without the person's id")
class AnonymityTest {

  private static TestRoom anonymousAt(int step) {
    TestRoom r = TestRoom.lobby();
    r.s.anonymous = true;
    r.ok(FAC, new Command.Start());
    r.ok(FAC, new Command.GoToStep(step));
    return r;
  }

  private static String text(JsonNode tree) {
    return tree.toString();
  }

  @Test
  @DisplayName("Ratings: the rater sees their own under their id; the facilitator sees them under an alias only")
  void ratings() {
    TestRoom r = anonymousAt(COMPETENCES);
    Event e = r.ok(CHRIS, new Command.Rate(COMPETENCES, "data-analysis", 2)).get(0);
    Event forFacilitator = Room.redactFor(e, FAC, true);
    JsonNode sent = TestRoom.publicTree(forFacilitator);
    assertNotEquals(CHRIS, sent.path("participantId").asText());
    assertTrue(sent.path("participantId").asText().startsWith("anon-"));
    assertEquals(2, sent.path("ratings").path("data-analysis").asInt(), "the value itself is shared");
    assertEquals(CHRIS, TestRoom.publicTree(Room.redactFor(e, CHRIS, false)).path("participantId").asText());

    JsonNode view = r.viewOf(FAC);
    assertFalse(text(view.path("content").path(COMPETENCES).path("ratings")).contains(CHRIS));
    assertTrue(r.viewOf(CHRIS).path("content").path(COMPETENCES).path("ratings").has(CHRIS));
    assertFalse(text(TestRoom.publicTree(e)).contains("anon-"), "the alias itself is never in the public form of the original");
  }

  @Test
  @DisplayName("The alias stays the same within a session for the same person, and differs between people")
  void stableAlias() {
    TestRoom r = anonymousAt(COMPETENCES);
    assertEquals(Anonymity.alias(r.s, ANNA), Anonymity.alias(r.s, ANNA));
    assertNotEquals(Anonymity.alias(r.s, ANNA), Anonymity.alias(r.s, BRAM));
  }

  @Test
  @DisplayName("Dots and cards carry an alias for others; the author still edits their own card")
  void votesAndCards() {
    TestRoom r = anonymousAt(OPEN_CARDS);
    Event saved = r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Koffie")).get(0);
    JsonNode forChris = TestRoom.publicTree(Room.redactFor(saved, CHRIS, false));
    assertNotEquals(ANNA, forChris.path("card").path("authorId").asText());
    assertEquals("Koffie", forChris.path("card").path("text").asText());
    String cardId = r.content(OPEN_CARDS).cards.keySet().iterator().next();
    r.ok(ANNA, new Command.EditCard(OPEN_CARDS, cardId, "Thee"));
    assertFalse(text(r.viewOf(FAC).path("content").path(OPEN_CARDS)).contains(ANNA));
    assertEquals(ANNA, r.viewOf(ANNA).path("content").path(OPEN_CARDS).path("cards").path(cardId).path("authorId").asText());
  }

  @Test
  @DisplayName("Revealed marks carry no participant id to others, in any session")
  void marks() {
    TestRoom r = TestRoom.at(EVALUATION);
    r.ok(ANNA, new Command.Evaluate(EVALUATION, 8, "Goed"));
    List<Event> revealed = r.ok(FAC, new Command.Reveal(EVALUATION));
    Event mark = revealed.stream().filter(ev -> ev instanceof Event.EvaluationSaved).findFirst().orElseThrow();
    JsonNode forFacilitator = TestRoom.publicTree(Room.redactFor(mark, FAC, true));
    assertNotEquals(ANNA, forFacilitator.path("evaluation").path("participantId").asText());
    assertEquals(8, forFacilitator.path("evaluation").path("mark").asInt());
    assertFalse(text(r.viewOf(CHRIS).path("content").path(EVALUATION)).contains(ANNA));
  }

  @Test
  @DisplayName("Ratings in a step that keeps them private until reveal reach nobody else until the reveal")
  void privateRatings() {
    TestRoom r = TestRoom.running();
    r.s.agenda = new java.util.ArrayList<>(r.s.agenda);
    StepSpec open = r.s.agenda.get(COMPETENCES);
    r.s.agenda.set(COMPETENCES, new StepSpec(open.id(), open.type(), open.durationSeconds(), true, 0, 0, 0,
        open.competenceIds(), null, null));
    r.ok(FAC, new Command.GoToStep(COMPETENCES));
    Event e = r.ok(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 5)).get(0);
    assertEquals(Map.of(), ((Event.RatingsChanged) Room.redactFor(e, FAC, true)).ratings());
    assertFalse(r.viewOf(FAC).path("content").path(COMPETENCES).path("ratings").has(ANNA));
    List<Event> revealed = r.ok(FAC, new Command.Reveal(COMPETENCES));
    Event again = revealed.stream().filter(ev -> ev instanceof Event.RatingsChanged).findFirst().orElseThrow();
    assertEquals(5, ((Event.RatingsChanged) Room.redactFor(again, FAC, true)).ratings().get("data-analysis"));
    assertTrue(r.viewOf(FAC).path("content").path(COMPETENCES).path("ratings").has(ANNA));
  }

  @Test
  @DisplayName("The minimum group size is 3 unless chosen; below 2 or above 50 it is refused with invalid_group_size")
  void minimumGroupSize() {
    assertEquals(3, Anonymity.minimumGroupSize(null));
    assertEquals(2, Anonymity.minimumGroupSize(2));
    for (int bad : new int[] {-1, 0, 1, 51, Integer.MAX_VALUE}) {
      Rejected r = assertThrows(Rejected.class, () -> Anonymity.minimumGroupSize(bad));
      assertEquals(ErrorCode.INVALID_GROUP_SIZE, r.code());
    }
  }

  @Test
  @DisplayName("The facilitator calls everybody back to the current step; participants cannot")
  void callBack() {
    TestRoom r = TestRoom.at(COMPETENCES);
    List<Event> events = r.ok(FAC, new Command.CallBack());
    assertEquals(List.of(new Event.CalledBack(COMPETENCES, r.now)), events);
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.CallBack()));
    TestRoom lobby = TestRoom.lobby();
    assertEquals(ErrorCode.NOT_STARTED, lobby.refused(FAC, new Command.CallBack()));
  }
}

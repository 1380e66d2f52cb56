package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A backlog review in a project session, and joining as a partner")
class BacklogReviewTest {
  static final String FAC = "p-fac";
  static final String ANNA = "p-anna";
  static final String OBS = "p-obs";
  static final int REVIEW = 1;
  static final int AGREEMENTS = 2;
  static final List<String> PARTNERS = List.of("Gemeente Utrecht", "Provincie Utrecht", "GGD Regio Utrecht");

  private static TestRoom projectRoom() {
    TestRoom r = new TestRoom();
    r.s = Room.create("r-follow", "Vervolg", "project-follow-up", 1, "nl", false, "KX7M4Q", List.of(
            StepSpec.simple("welcome", StepType.INFO, 600),
            StepSpec.simple("backlog-review", StepType.BACKLOG_REVIEW, 2400),
            StepSpec.simple("new-agreements", StepType.AGREEMENTS, 900)),
        TestRoom.FACILITATOR_LINK_HASH, "hash-org", TestRoom.T0);
    r.s.projectId = "pr-1";
    r.s.partners = PARTNERS;
    r.s.backlog.put("b-1", BacklogEntry.seeded("b-1", "DPIA laten uitvoeren", "Gemeente Utrecht", "Anna",
        "2026-12-01", BacklogStatus.OPEN, "", "Checklist, DPIA"));
    r.s.backlog.put("b-2", BacklogEntry.seeded("b-2", "Verwerkersovereenkomst", "", "", null, BacklogStatus.IN_PROGRESS,
        "", "Checklist, afspraken"));
    r.ok(null, new Command.ClaimFacilitator(FAC, "Fenna", "Bureau Buiten", "tok-fac", TestRoom.FACILITATOR_LINK_HASH));
    r.ok(null, new Command.Join(ANNA, "Anna", "gem. utrecht", "adviseur", Role.PARTICIPANT, "tok-anna"));
    r.ok(null, new Command.Join(OBS, "Olga", "Rijksoverheid", null, Role.OBSERVER, "tok-obs"));
    return r;
  }

  private static TestRoom atReview() {
    TestRoom r = projectRoom();
    r.ok(FAC, new Command.Start());
    r.ok(FAC, new Command.GoToStep(REVIEW));
    return r;
  }

  private static Command status(String item, BacklogStatus status) {
    return new Command.UpdateBacklogItem(REVIEW, item, status, null, null, null, null);
  }

  @Test
  @DisplayName("a participant typing another spelling of a partner joins under the partner's canonical name")
  void canonicalPartnerName() {
    TestRoom r = projectRoom();
    assertEquals("Gemeente Utrecht", r.participant(ANNA).organisation());
    assertEquals("Rijksoverheid", r.participant(OBS).organisation(), "an observer may come from elsewhere");
    assertEquals("Bureau Buiten", r.participant(FAC).organisation(), "so may the facilitator");
  }

  @Test
  @DisplayName("a participant naming no partner is refused, with the near partner suggested")
  void unknownPartnerRefused() {
    TestRoom r = projectRoom();
    try {
      Room.decide(r.s, null, new Command.Join("p-x", "Xander", "Utrecht", null, Role.PARTICIPANT, "t"), r.now);
      throw new AssertionError("accepted");
    } catch (Rejected e) {
      assertEquals(ErrorCode.INVALID_VALUE, e.code());
      assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
    }
    assertEquals(ErrorCode.INVALID_VALUE,
        r.refused(null, new Command.Join("p-y", "Yara", "Gemeente Amsterdam", null, Role.PARTICIPANT, "t")));
  }

  @Test
  @DisplayName("a status change reaches the room's backlog as one event, marked changed, by whom and when")
  void statusChange() {
    TestRoom r = atReview();
    r.tick(5_000);
    List<Event> events = r.ok(ANNA, status("b-1", BacklogStatus.DONE));
    assertEquals(1, events.size());
    BacklogEntry item = r.s.backlog.get("b-1");
    assertEquals(BacklogStatus.DONE, item.status());
    assertEquals(List.of("status"), item.changed());
    assertEquals(ANNA, item.updatedBy());
    assertEquals(r.now, item.updatedAt());
    assertEquals(List.of(), r.s.backlog.get("b-2").changed(), "the other item is untouched");
    assertEquals("DPIA laten uitvoeren", r.viewOf(OBS).path("backlog").path("b-1").path("what").asText());
  }

  @Test
  @DisplayName("owner, due date and note are checked; a field left out stays; the same values again change nothing")
  void fields() {
    TestRoom r = atReview();
    r.ok(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", null, "provincie  utrecht", "Piet", "2027-01-15", "Concept ligt er"));
    BacklogEntry item = r.s.backlog.get("b-2");
    assertEquals("Provincie Utrecht", item.ownerOrganisation());
    assertEquals("Piet", item.ownerPerson());
    assertEquals("2027-01-15", item.due());
    assertEquals(BacklogStatus.IN_PROGRESS, item.status());
    assertEquals(List.of("ownerOrganisation", "ownerPerson", "due", "note"), item.changed(), "the status was not changed");
    assertEquals(List.of(), r.ok(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", BacklogStatus.IN_PROGRESS, null, null, null, null)));
    r.ok(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", null, null, null, "", null));
    assertEquals(null, r.s.backlog.get("b-2").due(), "an empty due date clears it");

    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", null, null, null, "15-01-2027", null)));
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", null, "Gemeente Gouda", null, null, null)));
    assertEquals(ErrorCode.TEXT_TOO_LONG, r.refused(FAC, new Command.UpdateBacklogItem(REVIEW, "b-2", null, null, null, null,
        "x".repeat(Limits.BACKLOG_NOTE + 1))));
  }

  @Test
  @DisplayName("observers, unknown items, other steps and closed steps are refused and change nothing")
  void refusals() {
    TestRoom r = projectRoom();
    r.ok(FAC, new Command.Start());
    assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(ANNA, status("b-1", BacklogStatus.DONE)));
    r.ok(FAC, new Command.GoToStep(REVIEW));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, status("b-1", BacklogStatus.DONE)));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, status("b-9", BacklogStatus.DONE)));
    assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(ANNA,
        new Command.UpdateBacklogItem(AGREEMENTS - 2, "b-1", BacklogStatus.DONE, null, null, null, null)));
    r.ok(FAC, new Command.Lock(REVIEW, true));
    assertEquals(ErrorCode.LOCKED, r.refused(ANNA, status("b-1", BacklogStatus.DONE)));
    r.ok(FAC, status("b-1", BacklogStatus.DROPPED));
    r.ok(FAC, new Command.End());
    assertEquals(ErrorCode.ENDED, r.refused(FAC, status("b-1", BacklogStatus.OPEN)));
  }

  @Test
  @DisplayName("the room's copy keeps project, partners and backlog apart from the original")
  void copy() {
    TestRoom r = atReview();
    RoomState copy = r.s.copy();
    Room.evolve(copy, Room.decide(copy, ANNA, status("b-1", BacklogStatus.DONE), r.now).get(0));
    assertEquals(BacklogStatus.OPEN, r.s.backlog.get("b-1").status());
    assertEquals("pr-1", copy.projectId);
    assertEquals(PARTNERS, copy.partners);
  }
}

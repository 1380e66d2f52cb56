package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.UTRECHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A joint answer is agreed when every organisation assents to its current text")
class JointConsentTest {

  private static TestRoom withJointAnswer(String text) {
    TestRoom r = TestRoom.at(CHECKLIST);
    r.ok(ANNA, Texts.typed(CHECKLIST, "joint", text));
    return r;
  }

  private static int rev(TestRoom r) {
    return Texts.rev(r.s, CHECKLIST, "joint");
  }

  @Test
  @DisplayName("One organisation's assent leaves the answer open; the last organisation's makes it agreed")
  void everyOrganisation() {
    TestRoom r = withJointAnswer("Wij delen op grond van de Omgevingswet.");
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    assertEquals(ChecklistStatus.OPEN, r.content(CHECKLIST).status == null ? ChecklistStatus.OPEN : r.content(CHECKLIST).status);
    assertEquals(Map.of(GOUDA, JointConsent.State.ASSENTED, UTRECHT, JointConsent.State.WAITING), JointConsent.of(r.s, CHECKLIST));

    r.ok(CHRIS, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    assertEquals(ChecklistStatus.AGREED, r.content(CHECKLIST).status);
    assertNull(r.content(CHECKLIST).statusBy, "agreed by assent, not by override");
    Assent chris = r.content(CHECKLIST).assents.get(UTRECHT);
    assertEquals(CHRIS, chris.by());
    assertEquals(rev(r), chris.rev());
  }

  @Test
  @DisplayName("One assent per organisation, by any of its people: a colleague's assent again changes nothing")
  void onePerOrganisation() {
    TestRoom r = withJointAnswer("Tekst");
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    assertTrue(r.ok(BRAM, new Command.AssentJointAnswer(CHECKLIST, rev(r))).isEmpty());
    assertEquals(ANNA, r.content(CHECKLIST).assents.get(GOUDA).by());
  }

  @Test
  @DisplayName("An edit after the assents asks again: the answer is open, each organisation 'changed since'")
  void editAsksAgain() {
    TestRoom r = withJointAnswer("Tekst");
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    r.ok(CHRIS, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    assertEquals(ChecklistStatus.AGREED, r.content(CHECKLIST).status);

    r.ok(BRAM, Texts.replace(r.s, CHECKLIST, "joint", "Tekst, aangevuld"));
    assertEquals(ChecklistStatus.OPEN, r.content(CHECKLIST).status);
    assertEquals(Map.of(GOUDA, JointConsent.State.CHANGED_SINCE, UTRECHT, JointConsent.State.CHANGED_SINCE),
        JointConsent.of(r.s, CHECKLIST));
    r.ok(BRAM, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    assertEquals(JointConsent.State.ASSENTED, JointConsent.of(r.s, CHECKLIST).get(GOUDA));
    assertEquals(ChecklistStatus.OPEN, r.content(CHECKLIST).status);
  }

  @Test
  @DisplayName("An assent to a version that is no longer current is refused with stale_version; nothing changes")
  void staleVersion() {
    TestRoom r = withJointAnswer("Tekst");
    int seen = rev(r);
    r.ok(CHRIS, Texts.replace(r.s, CHECKLIST, "joint", "Andere tekst"));
    assertEquals(ErrorCode.STALE_VERSION, r.refused(ANNA, new Command.AssentJointAnswer(CHECKLIST, seen)));
    assertEquals(ErrorCode.STALE_VERSION, r.refused(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r) + 1)));
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
  }

  @Test
  @DisplayName("An organisation that does not answer in the room cannot assent (organisation_not_in_room); observers cannot write")
  void organisationNotInRoom() {
    TestRoom r = withJointAnswer("Tekst");
    assertEquals(ErrorCode.ORGANISATION_NOT_IN_ROOM, r.refused(FAC, new Command.AssentJointAnswer(CHECKLIST, rev(r))));
    assertEquals(ErrorCode.FORBIDDEN, r.refused(TestRoom.OBS, new Command.AssentJointAnswer(CHECKLIST, rev(r))));
  }

  @Test
  @DisplayName("No assent to an empty joint answer, nor outside a checklist question")
  void nothingToAssentTo() {
    TestRoom r = TestRoom.at(CHECKLIST);
    assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.AssentJointAnswer(CHECKLIST, 0)));
    assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(ANNA, new Command.AssentJointAnswer(TestRoom.INFO, 0)));
    assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.AssentJointAnswer(99, 0)));
  }

  @Test
  @DisplayName("A participant cannot mark the question agreed for all; the facilitator can, recorded as their override")
  void facilitatorOverride() {
    TestRoom r = withJointAnswer("Tekst");
    assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED)));
    r.ok(FAC, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED));
    assertEquals(ChecklistStatus.AGREED, r.content(CHECKLIST).status);
    assertEquals(FAC, r.content(CHECKLIST).statusBy);
    r.ok(ANNA, new Command.SetStatus(CHECKLIST, ChecklistStatus.OPEN));
    assertNull(r.content(CHECKLIST).statusBy);
  }

  @Test
  @DisplayName("When every organisation has assented, anybody may set the status to agreed again (no override)")
  void agreedAfterAssents() {
    TestRoom r = withJointAnswer("Tekst");
    r.ok(ANNA, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    r.ok(CHRIS, new Command.AssentJointAnswer(CHECKLIST, rev(r)));
    r.ok(ANNA, new Command.SetStatus(CHECKLIST, ChecklistStatus.OPEN));
    r.ok(CHRIS, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED));
    assertNull(r.content(CHECKLIST).statusBy);
  }
}

package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.AGREEMENTS;
import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CANVAS;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.EVALUATION;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.OBS;
import static nl.werkplaats.room.TestRoom.OPEN_CARDS;
import static nl.werkplaats.room.TestRoom.PRIVATE_CARDS;
import static nl.werkplaats.room.TestRoom.ROLES;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("The flow of a session: only facilitators steer it")
class RoomFlowTest {

  private static Command edit(int step, String key, String text) {
    return Texts.typed(step, key, text);
  }

  @Nested
  @DisplayName("Moving through the agenda")
  class Navigation {

    @Test
    @DisplayName("Start opens the first step and runs its timer at the suggested length")
    void startOpensTheFirstStep() {
      TestRoom r = TestRoom.lobby();
      assertEquals(ErrorCode.NOT_STARTED, r.refused(FAC, new Command.Next()));

      r.ok(FAC, new Command.Start());

      assertEquals(RoomStatus.RUNNING, r.s.status);
      assertEquals(0, r.s.currentStep);
      assertEquals(TestRoom.T0, r.s.startedAt);
      assertTrue(r.runtime(0).opened());
      assertTrue(r.runtime(0).timer().running());
      assertEquals(600_000, r.runtime(0).timer().remainingAt(r.now));
      assertFalse(r.runtime(1).opened(), "later steps stay closed");
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Start()));
    }

    @Test
    @DisplayName("Next and previous keep the step that was left as it was: its timer stops with what remained")
    void nextAndPreviousKeepTheLeftStep() {
      TestRoom r = TestRoom.running();
      r.tick(100_000);
      r.ok(FAC, new Command.Next());

      assertEquals(1, r.s.currentStep);
      Timer left = r.runtime(0).timer();
      assertFalse(left.running());
      assertEquals(500_000, left.remainingAt(r.now + 3_600_000), "a left step's timer no longer runs down");
      assertEquals(100_000, r.runtime(0).timeSpentMs());
      assertTrue(r.runtime(1).opened());
      assertEquals(480_000, r.runtime(1).timer().remainingAt(r.now));

      r.tick(30_000);
      r.ok(FAC, new Command.Previous());

      assertEquals(0, r.s.currentStep);
      assertTrue(r.runtime(0).timer().running());
      assertEquals(500_000, r.runtime(0).timer().remainingAt(r.now), "the timer continues with what remained");
      assertEquals(450_000, r.runtime(1).timer().remainingAt(r.now + 60_000));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Previous()), "no step before the first");
    }

    @Test
    @DisplayName("Next on the last step is refused")
    void nextOnTheLastStep() {
      TestRoom r = TestRoom.at(OPEN_CARDS);
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Next()));
    }

    @Test
    @DisplayName("Go-to-step jumps to any step; a step that does not exist or is the current one is refused")
    void goToStep() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.GoToStep(ROLES));

      assertEquals(ROLES, r.s.currentStep);
      assertTrue(r.runtime(ROLES).opened());
      assertFalse(r.runtime(CANVAS).opened(), "steps jumped over stay closed");
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.GoToStep(ROLES)));
      assertTrue(Set.of(ErrorCode.INVALID_TRANSITION, ErrorCode.NOT_FOUND).contains(r.refused(FAC, new Command.GoToStep(9))));
      assertTrue(Set.of(ErrorCode.INVALID_TRANSITION, ErrorCode.NOT_FOUND).contains(r.refused(FAC, new Command.GoToStep(-1))));
    }

    @Test
    @DisplayName("Undo-advance goes back to the step before the last move, with its lock and remaining time")
    void undoAdvanceRestoresTheStep() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.Lock(0, true));
      r.tick(120_000);
      r.ok(FAC, new Command.GoToStep(CANVAS));
      r.tick(30_000);
      r.ok(FAC, new Command.GoToStep(ROLES));
      r.tick(10_000);

      r.ok(FAC, new Command.UndoAdvance());
      assertEquals(CANVAS, r.s.currentStep);
      assertEquals(1_200_000 - 30_000, r.runtime(CANVAS).timer().remainingAt(r.now));

      r.ok(FAC, new Command.UndoAdvance());
      assertEquals(0, r.s.currentStep);
      assertTrue(r.runtime(0).locked(), "the step is still locked");
      assertTrue(r.runtime(0).timer().running());
      assertEquals(480_000, r.runtime(0).timer().remainingAt(r.now), "it continues with what remained");
      assertTrue(r.s.history.isEmpty());
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.UndoAdvance()), "nothing left to undo");
    }

    @Test
    @DisplayName("A double click on next moves one step: the second click saw the step that is no longer current")
    void doubleClickMovesOnce() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.Next(0));
      assertEquals(ErrorCode.STEP_CHANGED, r.refused(FAC, new Command.Next(0)));
      assertEquals(1, r.s.currentStep);
      r.ok(CHRIS_CO(r), new Command.Next(1));
      assertEquals(ErrorCode.STEP_CHANGED, r.refused(FAC, new Command.Previous(1)), "two facilitators at once: one moves");
      assertEquals(ErrorCode.STEP_CHANGED, r.refused(FAC, new Command.GoToStep(5, 1)));
      assertEquals(ErrorCode.STEP_CHANGED, r.refused(FAC, new Command.UndoAdvance(1)));
      r.ok(FAC, new Command.UndoAdvance(2));
      assertEquals(1, r.s.currentStep);
      r.ok(FAC, new Command.Next()); // without fromStep (older clients) a move is not checked
    }

    @Test
    @DisplayName("Undo-advance walks back through the whole history of a long session")
    void undoThroughTheWholeHistory() {
      TestRoom r = TestRoom.running();
      int moves = 120;
      for (int i = 0; i < moves; i++) {
        r.ok(FAC, i % 2 == 0 ? new Command.Next(0) : new Command.Previous(1));
      }
      assertEquals(0, r.s.currentStep);
      for (int i = 0; i < moves; i++) {
        r.ok(FAC, new Command.UndoAdvance(r.s.currentStep));
      }
      assertEquals(0, r.s.currentStep);
      assertTrue(r.s.history.isEmpty());
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.UndoAdvance()));
    }

    @Test
    @DisplayName("fromStep is read from the wire form of every move")
    void fromStepOnTheWire() throws Exception {
      assertEquals(new Command.Next(2), DomainJson.MAPPER.readValue("{\"type\":\"next\",\"fromStep\":2}", Command.class));
      assertEquals(new Command.Next(null), DomainJson.MAPPER.readValue("{\"type\":\"next\"}", Command.class));
      assertEquals(new Command.GoToStep(4, 1),
          DomainJson.MAPPER.readValue("{\"type\":\"go-to-step\",\"step\":4,\"fromStep\":1}", Command.class));
      assertEquals(new Command.UndoAdvance(3), DomainJson.MAPPER.readValue("{\"type\":\"undo-advance\",\"fromStep\":3}", Command.class));
    }

    private String CHRIS_CO(TestRoom r) {
      r.ok(FAC, new Command.SetRole(CHRIS, Role.CO_FACILITATOR));
      return CHRIS;
    }
  }

  @Nested
  @DisplayName("Pausing")
  class Pausing {

    @Test
    @DisplayName("Pause stops the timer; resume continues with what remained, not counting the pause")
    void pauseAndResume() {
      TestRoom r = TestRoom.running();
      r.tick(60_000);
      r.ok(FAC, new Command.Pause());

      assertEquals(RoomStatus.PAUSED, r.s.status);
      assertFalse(r.runtime(0).timer().running());
      r.tick(600_000);
      assertEquals(540_000, r.runtime(0).timer().remainingAt(r.now), "the pause does not eat the step's time");

      r.ok(FAC, new Command.Resume());
      assertEquals(RoomStatus.RUNNING, r.s.status);
      assertEquals(540_000, r.runtime(0).timer().remainingAt(r.now));
      r.tick(40_000);
      assertEquals(500_000, r.runtime(0).timer().remainingAt(r.now));
      r.ok(FAC, new Command.Next());
      assertEquals(100_000, r.runtime(0).timeSpentMs(), "time spent leaves out the pause");
    }

    @Test
    @DisplayName("While paused participants cannot write, facilitators and co-facilitators can")
    void writingWhilePaused() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(FAC, new Command.SetRole(CHRIS, Role.CO_FACILITATOR));
      r.ok(FAC, new Command.Pause());

      assertEquals(ErrorCode.PAUSED, r.refused(ANNA, edit(CHECKLIST, "joint", "Wij delen")));
      r.ok(FAC, edit(CHECKLIST, "joint", "Samenvatting van de begeleider"));
      r.ok(CHRIS, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED));
      assertEquals("Samenvatting van de begeleider", r.content(CHECKLIST).texts.get("joint").text());

      r.ok(FAC, new Command.Resume());
      r.ok(ANNA, Texts.replace(r.s, CHECKLIST, "joint", "Samenvatting van de begeleider. Akkoord."));
    }

    @Test
    @DisplayName("Pause and resume only fit a running and a paused session")
    void pauseResumeTransitions() {
      TestRoom lobby = TestRoom.lobby();
      assertEquals(ErrorCode.INVALID_TRANSITION, lobby.refused(FAC, new Command.Pause()));
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Resume()));
      r.ok(FAC, new Command.Pause());
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Pause()));
    }

    @Test
    @DisplayName("Moving to a new step while paused opens it with its timer stopped at the full length")
    void navigateWhilePaused() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.Pause());
      r.ok(FAC, new Command.Next());
      r.tick(300_000);
      assertFalse(r.runtime(1).timer().running());
      assertEquals(480_000, r.runtime(1).timer().remainingAt(r.now));
      r.ok(FAC, new Command.Resume());
      r.tick(80_000);
      assertEquals(400_000, r.runtime(1).timer().remainingAt(r.now));
    }
  }

  @Nested
  @DisplayName("Locking and revealing")
  class LockAndReveal {

    @Test
    @DisplayName("A locked step refuses participants' answers; facilitators may still write; unlock lets them in again")
    void lockAndUnlock() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(FAC, new Command.Lock(CHECKLIST, true));

      assertEquals(ErrorCode.LOCKED, r.refused(ANNA, edit(CHECKLIST, "org:" + GOUDA, "Ja")));
      r.ok(FAC, edit(CHECKLIST, "joint", "Vastgesteld"));

      r.ok(FAC, new Command.Lock(CHECKLIST, false));
      r.ok(ANNA, edit(CHECKLIST, "org:" + GOUDA, "Ja"));
      assertEquals("Ja", r.content(CHECKLIST).texts.get("org:" + GOUDA).text());
    }

    @Test
    @DisplayName("A step locked before it opens is still locked when the room gets there")
    void lockAheadOfTime() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.Lock(CANVAS, true));
      r.ok(FAC, new Command.GoToStep(CANVAS));
      assertEquals(ErrorCode.LOCKED, r.refused(ANNA, edit(CANVAS, "field:goal", "Minder eenzaamheid")));
    }

    @Test
    @DisplayName("Reveal shows the marks that were hidden; a step is revealed once and only once it is open")
    void reveal() {
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(FAC, new Command.Reveal(EVALUATION)));
      r.ok(FAC, new Command.GoToStep(EVALUATION));
      r.ok(ANNA, new Command.Evaluate(EVALUATION, 8, "Meer tijd voor discussie"));
      assertTrue(r.viewOf(CHRIS).at("/content/" + EVALUATION + "/evaluations/" + Anonymity.alias(r.s, ANNA) + "/mark").isNull());

      r.ok(FAC, new Command.Reveal(EVALUATION));

      assertEquals(8, r.viewOf(CHRIS).at("/content/" + EVALUATION + "/evaluations/" + Anonymity.alias(r.s, ANNA) + "/mark").asInt());
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.Reveal(EVALUATION)));
    }
  }

  @Nested
  @DisplayName("The step timer")
  class Timers {

    @Test
    @DisplayName("Set-timer restarts the current step's timer; 1 to 14400 seconds")
    void setTimer() {
      TestRoom r = TestRoom.running();
      r.tick(300_000);
      r.ok(FAC, new Command.SetTimer(120));
      assertTrue(r.runtime(0).timer().running());
      assertEquals(120_000, r.runtime(0).timer().remainingAt(r.now));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.SetTimer(0)));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.SetTimer(14_401)));
      r.ok(FAC, new Command.SetTimer(14_400));
      assertEquals(14_400_000, r.runtime(0).timer().remainingAt(r.now));
    }

    @Test
    @DisplayName("A timer set while paused waits for resume")
    void setTimerWhilePaused() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.Pause());
      r.ok(FAC, new Command.SetTimer(300));
      r.tick(60_000);
      assertFalse(r.runtime(0).timer().running());
      assertEquals(300_000, r.runtime(0).timer().remainingAt(r.now));
      r.ok(FAC, new Command.Resume());
      r.tick(60_000);
      assertEquals(240_000, r.runtime(0).timer().remainingAt(r.now));
    }

    @Test
    @DisplayName("Extend-timer adds time to a running timer; 1 to 3600 seconds")
    void extendTimer() {
      TestRoom r = TestRoom.running();
      r.tick(100_000);
      r.ok(FAC, new Command.ExtendTimer(60));
      assertEquals(560_000, r.runtime(0).timer().remainingAt(r.now));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.ExtendTimer(0)));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.ExtendTimer(3_601)));
    }

    @Test
    @DisplayName("Extending a timer that has run out gives the added time from now on")
    void extendAnExpiredTimer() {
      TestRoom r = TestRoom.running();
      r.tick(900_000); // the 10 minutes ran out 5 minutes ago
      assertEquals(0, r.runtime(0).timer().remainingAt(r.now));

      r.ok(FAC, new Command.ExtendTimer(120));

      assertEquals(120_000, r.runtime(0).timer().remainingAt(r.now), "two more minutes means two minutes from now");
    }

    @Test
    @DisplayName("Extending a paused timer adds to what remained")
    void extendPausedTimer() {
      TestRoom r = TestRoom.running();
      r.tick(100_000);
      r.ok(FAC, new Command.Pause());
      r.ok(FAC, new Command.ExtendTimer(60));
      assertEquals(560_000, r.runtime(0).timer().remainingAt(r.now + 999_000));
    }

    @Test
    @DisplayName("Clear-timer removes the timer, also when the room comes back to the step; without a timer there is nothing to extend")
    void clearTimer() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.ClearTimer());
      assertNull(r.runtime(0).timer());
      assertTrue(r.ok(FAC, new Command.ClearTimer()).isEmpty(), "clearing twice changes nothing");
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.ExtendTimer(60)));

      r.ok(FAC, new Command.Next());
      r.ok(FAC, new Command.Previous());
      assertNull(r.runtime(0).timer(), "coming back does not restart a cleared timer");
    }

    @Test
    @DisplayName("Timers cannot be set before the start or after the end")
    void timerOutsideTheSession() {
      TestRoom r = TestRoom.lobby();
      assertEquals(ErrorCode.NOT_STARTED, r.refused(FAC, new Command.SetTimer(60)));
      r.ok(FAC, new Command.Start());
      r.ok(FAC, new Command.End());
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.SetTimer(60)));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.ExtendTimer(60)));
    }
  }

  @Nested
  @DisplayName("Roles in the room")
  class Roles {

    @Test
    @DisplayName("The facilitator promotes a co-facilitator, who then runs the flow; demoted, they no longer can")
    void promoteAndDemote() {
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Next()));

      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      assertEquals(Role.CO_FACILITATOR, r.participant(ANNA).role());
      r.ok(ANNA, new Command.Next());
      r.ok(ANNA, new Command.Lock(1, true));
      r.ok(ANNA, new Command.Pause());
      r.ok(ANNA, new Command.Resume());

      r.ok(FAC, new Command.SetRole(ANNA, Role.PARTICIPANT));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Next()));
    }

    @Test
    @DisplayName("Only the facilitator promotes: not a co-facilitator, not a participant")
    void onlyTheFacilitatorPromotes() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.SetRole(BRAM, Role.CO_FACILITATOR)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.SetRole(BRAM, Role.CO_FACILITATOR)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, new Command.SetRole(OBS, Role.PARTICIPANT)));
    }

    @Test
    @DisplayName("Set-role cannot make or unmake the facilitator, nor touch someone who is not in the room")
    void setRoleLimits() {
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(FAC, new Command.SetRole(ANNA, Role.FACILITATOR)));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.SetRole(FAC, Role.PARTICIPANT)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.SetRole("p-nobody", Role.CO_FACILITATOR)));
    }

    @Test
    @DisplayName("A participant made observer can no longer write")
    void demotedToObserver() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(FAC, new Command.SetRole(ANNA, Role.OBSERVER));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, edit(CHECKLIST, "joint", "Nog iets")));
    }

    @Test
    @DisplayName("Hand-over swaps the roles: the new facilitator promotes, the old one stays co-facilitator")
    void handOver() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.HandOver(BRAM));

      assertEquals(Role.FACILITATOR, r.participant(BRAM).role());
      assertEquals(Role.CO_FACILITATOR, r.participant(FAC).role());
      r.ok(BRAM, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(FAC, new Command.SetRole(CHRIS, Role.CO_FACILITATOR)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(FAC, new Command.HandOver(CHRIS)));
      r.ok(FAC, new Command.Next());
    }

    @Test
    @DisplayName("Hand-over to yourself, or by anyone but the facilitator, is refused")
    void handOverLimits() {
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(FAC, new Command.HandOver(FAC)));
      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.HandOver(ANNA)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.HandOver(BRAM)));
    }
  }

  @Nested
  @DisplayName("Removing a participant")
  class Removing {

    @Test
    @DisplayName("A removed participant's commands are refused; what they wrote stays; their role assignments go")
    void removedParticipant() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(ANNA, edit(CHECKLIST, "org:" + GOUDA, "Wij leveren de wijkdata"));
      r.ok(FAC, new Command.GoToStep(ROLES));
      r.ok(ANNA, new Command.TakeRole(ROLES, "project-lead", ANNA, true));
      r.ok(ANNA, new Command.TakeRole(ROLES, "data-steward", ANNA, true));
      r.ok(BRAM, new Command.TakeRole(ROLES, "project-lead", BRAM, true));
      r.ok(FAC, new Command.GoToStep(OPEN_CARDS));
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Ik verwacht veel"));

      r.ok(FAC, new Command.RemoveParticipant(ANNA));

      assertTrue(r.participant(ANNA).removed());
      assertEquals(ErrorCode.NOT_AUTHENTICATED, r.refused(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Nog eentje")));
      assertEquals("Wij leveren de wijkdata", r.content(CHECKLIST).texts.get("org:" + GOUDA).text());
      assertEquals(1, r.content(OPEN_CARDS).cards.size(), "her card stays");
      assertEquals(List.of(BRAM), r.content(ROLES).roleAssignments.get("project-lead"));
      assertFalse(r.content(ROLES).roleAssignments.containsKey("data-steward"));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.RemoveParticipant(ANNA)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR)));
    }

    @Test
    @DisplayName("Co-facilitators remove participants but not other co-facilitators; nobody removes the facilitator")
    void whoRemovesWhom() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      r.ok(FAC, new Command.SetRole(BRAM, Role.CO_FACILITATOR));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.RemoveParticipant(BRAM)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.RemoveParticipant(FAC)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(FAC, new Command.RemoveParticipant(FAC)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(CHRIS, new Command.RemoveParticipant(OBS)));
      r.ok(ANNA, new Command.RemoveParticipant(OBS));
      r.ok(FAC, new Command.RemoveParticipant(BRAM));
      assertTrue(r.participant(OBS).removed());
      assertTrue(r.participant(BRAM).removed());
    }
  }

  @Nested
  @DisplayName("Ending and reopening")
  class Ending {

    @Test
    @DisplayName("After the end every write and every flow change is refused with 'ended'")
    void endedRefusesWrites() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.tick(60_000);
      r.ok(FAC, new Command.End());

      assertEquals(RoomStatus.ENDED, r.s.status);
      assertEquals(1, r.s.endCount);
      assertEquals(r.now, r.s.endedAt);
      assertFalse(r.runtime(CHECKLIST).timer().running());
      assertEquals(60_000, r.runtime(CHECKLIST).timeSpentMs());
      assertEquals(ErrorCode.ENDED, r.refused(ANNA, edit(CHECKLIST, "joint", "Te laat")));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, edit(CHECKLIST, "joint", "Te laat")));
      assertEquals(ErrorCode.ENDED, r.refused(ANNA, new Command.SaveAgreement(null, CHECKLIST, "Nog een afspraak", null, null)));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.Next()));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.Lock(CHECKLIST, true)));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.Reveal(CHECKLIST)));
      assertEquals(ErrorCode.ENDED, r.refused(FAC, new Command.End()));
    }

    @Test
    @DisplayName("Reopen makes an ended session paused again; ending it again counts a second end")
    void reopen() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(FAC, new Command.End());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Reopen()));

      r.ok(FAC, new Command.Reopen());
      assertEquals(RoomStatus.PAUSED, r.s.status);
      assertEquals(ErrorCode.PAUSED, r.refused(ANNA, edit(CHECKLIST, "joint", "Aanvulling")));
      r.ok(FAC, new Command.Resume());
      r.ok(ANNA, edit(CHECKLIST, "joint", "Aanvulling"));

      r.ok(FAC, new Command.End());
      assertEquals(2, r.s.endCount);
      assertEquals(ErrorCode.INVALID_TRANSITION, TestRoom.running().refused(FAC, new Command.Reopen()));
    }

    @Test
    @DisplayName("Only the facilitator makes a projector link; a new one replaces the old, and no view carries it")
    void projectorLink() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.NewProjectorLink("hash-by-anna")));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.NewProjectorLink("hash-by-bram")));
      assertEquals(null, r.s.projectorTokenHash);
      r.ok(FAC, new Command.NewProjectorLink("first-projector-hash"));
      assertEquals("first-projector-hash", r.s.projectorTokenHash);
      r.ok(FAC, new Command.End());
      r.ok(FAC, new Command.NewProjectorLink("second-projector-hash"));
      assertEquals("second-projector-hash", r.s.projectorTokenHash, "a new link replaces the old one, also after the end");
      assertFalse(TestRoom.json(Room.view(r.s, FAC)).contains("projector-hash"), "never in a view, not even internally");
      assertFalse(r.viewOf(null).toString().contains("projector-hash"));
    }

    @Test
    @DisplayName("Only the facilitator reopens, not a co-facilitator")
    void onlyTheFacilitatorReopens() {
      TestRoom r = TestRoom.running();
      r.ok(FAC, new Command.SetRole(ANNA, Role.CO_FACILITATOR));
      r.ok(ANNA, new Command.End());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Reopen()));
    }

    @Test
    @DisplayName("A session ended before it started reopens in the lobby and can still start")
    void endFromLobby() {
      TestRoom r = TestRoom.lobby();
      r.ok(FAC, new Command.End());
      r.ok(FAC, new Command.Reopen());
      assertEquals(RoomStatus.LOBBY, r.s.status);
      r.ok(FAC, new Command.Start());
      assertEquals(RoomStatus.RUNNING, r.s.status);
      assertTrue(r.runtime(0).opened());
    }
  }

  @Nested
  @DisplayName("The server enforces every role")
  class Enforcement {

    /** Rooms in every situation a flow command could meet. */
    private List<Supplier<TestRoom>> situations() {
      return List.of(
          TestRoom::lobby,
          () -> withCardAndGroup(TestRoom.at(PRIVATE_CARDS)),
          () -> {
            TestRoom r = withCardAndGroup(TestRoom.at(PRIVATE_CARDS));
            r.ok(FAC, new Command.Pause());
            return r;
          },
          () -> {
            TestRoom r = withCardAndGroup(TestRoom.at(PRIVATE_CARDS));
            r.ok(FAC, new Command.Lock(PRIVATE_CARDS, true));
            return r;
          },
          () -> {
            TestRoom r = withCardAndGroup(TestRoom.at(PRIVATE_CARDS));
            r.ok(FAC, new Command.End());
            return r;
          });
    }

    private TestRoom withCardAndGroup(TestRoom r) {
      r.ok(CHRIS, new Command.AddCard(PRIVATE_CARDS, 0, "Open communicatie"));
      r.ok(FAC, new Command.SaveGroup(PRIVATE_CARDS, null, "Samenwerking"));
      return r;
    }

    private List<Command> flowCommands(TestRoom r) {
      String card = r.content(PRIVATE_CARDS).cards.keySet().stream().findFirst().orElse("c-1");
      String group = r.content(PRIVATE_CARDS).groups.keySet().stream().findFirst().orElse("g-1");
      return List.of(
          new Command.Start(), new Command.Next(), new Command.Previous(), new Command.GoToStep(CANVAS),
          new Command.UndoAdvance(), new Command.Pause(), new Command.Resume(),
          new Command.Lock(PRIVATE_CARDS, true), new Command.Lock(PRIVATE_CARDS, false), new Command.Reveal(PRIVATE_CARDS),
          new Command.SetTimer(60), new Command.ExtendTimer(60), new Command.ClearTimer(),
          new Command.SetRole(ANNA, Role.CO_FACILITATOR), new Command.SetRole(BRAM, Role.OBSERVER),
          new Command.HandOver(ANNA), new Command.HandOver(BRAM), new Command.HandOver(OBS),
          new Command.RemoveParticipant(BRAM), new Command.RemoveParticipant(FAC), new Command.RemoveParticipant(OBS),
          new Command.End(), new Command.Reopen(),
          new Command.SaveGroup(PRIVATE_CARDS, null, "Vertrouwen"), new Command.SaveGroup(PRIVATE_CARDS, group, "Anders"),
          new Command.MoveCard(PRIVATE_CARDS, card, group), new Command.MoveCard(PRIVATE_CARDS, card, null));
    }

    @Test
    @DisplayName("Participants and observers can never change the flow, whatever the state of the room")
    void participantsNeverSteer() {
      List<Executable> checks = new ArrayList<>();
      for (Supplier<TestRoom> situation : situations()) {
        TestRoom r = situation.get();
        for (String who : List.of(ANNA, OBS)) {
          for (Command c : flowCommands(r)) {
            checks.add(() -> assertEquals(ErrorCode.FORBIDDEN, r.refused(who, c),
                c + " by " + who + " in a " + r.s.status + " room"));
          }
        }
      }
      assertAll(checks);
    }

    @Test
    @DisplayName("Co-facilitators run the flow but cannot promote, hand over or reopen")
    void coFacilitatorLimits() {
      List<Executable> checks = new ArrayList<>();
      for (Supplier<TestRoom> situation : situations()) {
        TestRoom r = situation.get();
        r.ok(FAC, new Command.SetRole(CHRIS, Role.CO_FACILITATOR));
        for (Command c : List.of(new Command.SetRole(ANNA, Role.CO_FACILITATOR), new Command.HandOver(ANNA),
            new Command.Reopen())) {
          checks.add(() -> assertEquals(ErrorCode.FORBIDDEN, r.refused(CHRIS, c), c + " in a " + r.s.status + " room"));
        }
      }
      assertAll(checks);
      TestRoom r = TestRoom.lobby();
      r.ok(FAC, new Command.SetRole(CHRIS, Role.CO_FACILITATOR));
      r.ok(CHRIS, new Command.Start());
      r.ok(CHRIS, new Command.GoToStep(PRIVATE_CARDS));
      r.ok(CHRIS, new Command.SetTimer(300));
      r.ok(CHRIS, new Command.SaveGroup(PRIVATE_CARDS, null, "Thema"));
      r.ok(CHRIS, new Command.Reveal(PRIVATE_CARDS));
      r.ok(CHRIS, new Command.End());
    }

    @Test
    @DisplayName("Observers cannot write anything")
    void observersCannotWrite() {
      TestRoom r = TestRoom.running();
      for (int step = 1; step < TestRoom.agenda().size(); step++) {
        r.ok(FAC, new Command.GoToStep(step));
      }
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Zin in"));
      r.ok(CHRIS, new Command.SaveAgreement(null, AGREEMENTS, "Chris regelt de DPIA", "Chris", null));
      String card = r.content(OPEN_CARDS).cards.keySet().iterator().next();
      String agreement = r.s.agreements.keySet().iterator().next();
      List<Command> writes = List.of(
          edit(CHECKLIST, "joint", "Mening"), new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED),
          new Command.SaveAgreement(null, AGREEMENTS, "Olga kijkt mee", null, null),
          new Command.SaveAgreement(agreement, AGREEMENTS, "Anders", null, null), new Command.RemoveAgreement(agreement),
          new Command.AddCard(OPEN_CARDS, 0, "Hallo"), new Command.EditCard(OPEN_CARDS, card, "Anders"),
          new Command.RemoveCard(OPEN_CARDS, card), new Command.Vote(PRIVATE_CARDS, card, 1),
          new Command.Rate(TestRoom.COMPETENCES, "data-analysis", 4), new Command.TakeRole(ROLES, "project-lead", OBS, true),
          edit(CANVAS, "field:goal", "Doel"), new Command.Evaluate(EVALUATION, 9, "Goed"));
      assertAll(writes.stream().map(c -> (Executable) () -> assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, c), c.toString())));
    }

    @Test
    @DisplayName("Nobody joins as facilitator; the facilitator link works once and only with the right secret")
    void joiningRoles() {
      TestRoom r = TestRoom.lobby();
      assertEquals(ErrorCode.FORBIDDEN,
          r.refused(null, new Command.Join("p-x", "Xander", GOUDA, null, Role.FACILITATOR, "tok-x")));
      assertEquals(ErrorCode.FORBIDDEN,
          r.refused(null, new Command.Join("p-x", "Xander", GOUDA, null, Role.CO_FACILITATOR, "tok-x")));
      assertEquals(ErrorCode.FORBIDDEN,
          r.refused(null, new Command.ClaimFacilitator("p-x", "Xander", GOUDA, "tok-x", "a-guess")));
      assertEquals(ErrorCode.INVALID_TRANSITION,
          r.refused(null, new Command.ClaimFacilitator("p-x", "Xander", GOUDA, "tok-x", TestRoom.FACILITATOR_LINK_HASH)));
      assertEquals(ErrorCode.NOT_AUTHENTICATED, r.refused("p-stranger", new Command.Start()));
    }
  }
}

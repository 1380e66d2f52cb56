package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.OBS;
import static nl.werkplaats.room.TestRoom.PRIVATE_CARDS;
import static nl.werkplaats.room.TestRoom.UTRECHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A self-guided session: the group moves through the steps without a facilitator")
class SelfGuidedTest {

  /** A self-guided room in the lobby with Anna, Bram and Chris (in that order) and an observer; no facilitator. */
  static TestRoom selfGuided(SelfGuided.Guide guide) {
    TestRoom r = new TestRoom();
    r.s = Room.create("r-self", "Samen aan de slag", "test", 1, "nl", false, "QW3RT9", TestRoom.agenda(),
        TestRoom.FACILITATOR_LINK_HASH, "hash-of-the-organiser-key", TestRoom.T0);
    r.s.selfGuided = SelfGuided.of(guide);
    r.ok(null, new Command.Join(OBS, "Olga", "Rijksoverheid", null, Role.OBSERVER, "tok-obs"));
    r.ok(null, new Command.Join(ANNA, "Anna", GOUDA, "beleidsadviseur", Role.PARTICIPANT, "tok-anna"));
    r.ok(null, new Command.Join(BRAM, "Bram", GOUDA, "data-analist", Role.PARTICIPANT, "tok-bram"));
    r.ok(null, new Command.Join(CHRIS, "Chris", UTRECHT, "privacy officer", Role.PARTICIPANT, "tok-chris"));
    return r;
  }

  @Nested
  @DisplayName("Anyone moves")
  class Anyone {

    @Test
    @DisplayName("every participant starts, moves, times, reveals and ends; there is no chair")
    void everyParticipantMoves() {
      TestRoom r = selfGuided(SelfGuided.Guide.ANYONE);
      assertNull(r.s.selfGuided.chairId());

      r.ok(BRAM, new Command.Start());
      r.ok(CHRIS, new Command.Next(0));
      assertEquals(1, r.s.currentStep);
      r.ok(ANNA, new Command.Previous(1));
      r.ok(ANNA, new Command.GoToStep(PRIVATE_CARDS, 0));
      r.ok(BRAM, new Command.SetTimer(300));
      r.ok(CHRIS, new Command.ExtendTimer(60));
      assertEquals(360_000, r.runtime(PRIVATE_CARDS).timer().remainingAt(r.now));
      r.ok(ANNA, new Command.ClearTimer());
      r.ok(BRAM, new Command.Reveal(PRIVATE_CARDS));
      assertTrue(r.runtime(PRIVATE_CARDS).revealed());
      r.ok(CHRIS, new Command.End());

      assertEquals(RoomStatus.ENDED, r.s.status);
      assertEquals(CHRIS, r.s.selfGuided.endedBy(), "the room remembers who ended it");
    }

    @Test
    @DisplayName("two moves from the same view move once: the second is told the step changed")
    void twoMovesAtOnce() {
      TestRoom r = selfGuided(SelfGuided.Guide.ANYONE);
      r.ok(ANNA, new Command.Start());
      r.ok(ANNA, new Command.Next(0));
      assertEquals(ErrorCode.STEP_CHANGED, r.refused(BRAM, new Command.Next(0)));
      assertEquals(1, r.s.currentStep);
    }

    @Test
    @DisplayName("observers never move, and chair commands are refused")
    void observersAndChairCommands() {
      TestRoom r = selfGuided(SelfGuided.Guide.ANYONE);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, new Command.Start()));
      r.ok(ANNA, new Command.Start());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, new Command.Next(0)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, new Command.End()));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.PassChair(BRAM)));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.TakeChair(BRAM, false)));
    }
  }

  @Nested
  @DisplayName("One chair moves")
  class Chaired {

    @Test
    @DisplayName("the first participant to join chairs (not the observer who came earlier)")
    void firstParticipantChairs() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      assertEquals(ANNA, r.s.selfGuided.chairId());
    }

    @Test
    @DisplayName("only the chair moves: another participant is refused with forbidden and nothing changes")
    void onlyTheChairMoves() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.Start()));
      r.ok(ANNA, new Command.Start());
      for (Command move : new Command[] {new Command.Next(0), new Command.GoToStep(CHECKLIST, 0),
          new Command.SetTimer(60), new Command.Reveal(0), new Command.End()}) {
        assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, move), move.toString());
        assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, move), move.toString());
      }
      r.ok(ANNA, new Command.Next(0));
      assertEquals(1, r.s.currentStep);
    }

    @Test
    @DisplayName("everybody still writes answers; only moving is the chair's")
    void everybodyWrites() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      r.ok(ANNA, new Command.Start());
      r.ok(ANNA, new Command.GoToStep(CHECKLIST, 0));
      r.ok(CHRIS, Texts.typed(CHECKLIST, "org:" + UTRECHT, "Wij hebben een convenant."));
      assertEquals("Wij hebben een convenant.", r.content(CHECKLIST).texts.get("org:" + UTRECHT).text());
    }

    @Test
    @DisplayName("the chair passes the chair; from then on only the new chair moves")
    void passTheChair() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      r.ok(ANNA, new Command.Start());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.PassChair(CHRIS)), "only the chair passes it");
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.PassChair("p-nobody")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.PassChair(OBS)), "an observer cannot chair");
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.PassChair(ANNA)));

      r.ok(ANNA, new Command.PassChair(BRAM));

      assertEquals(BRAM, r.s.selfGuided.chairId());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Next(0)));
      r.ok(BRAM, new Command.Next(0));
    }

    @Test
    @DisplayName("nobody takes the chair while the chair is here")
    void noTakingFromAPresentChair() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.TakeChair(ANNA, true)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.TakeChair(ANNA)), "unknown presence counts as here");
      assertEquals(ErrorCode.FORBIDDEN, r.refused(OBS, new Command.TakeChair(ANNA, false)), "observers never chair");
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.TakeChair(ANNA, false)));
    }

    @Test
    @DisplayName("when the chair left, anyone takes it; a second taker who saw the old chair is refused")
    void takeWhenTheChairLeft() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      r.ok(ANNA, new Command.Start());

      r.ok(BRAM, new Command.TakeChair(ANNA, false));
      assertEquals(BRAM, r.s.selfGuided.chairId());
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(CHRIS, new Command.TakeChair(ANNA, false)),
          "two people cannot both become chair");
      assertEquals(ErrorCode.FORBIDDEN, r.refused(CHRIS, new Command.TakeChair(BRAM, true)));
      r.ok(BRAM, new Command.Next(0));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Next(1)), "the old chair, back, no longer moves");
    }

    @Test
    @DisplayName("a removed chair's chair is free; the chair ends the session and is recorded as who ended it")
    void removedChairAndEnd() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      r.ok(null, new Command.ClaimFacilitator(FAC, "Fenna", "Datawerkplaats", "tok-fac", TestRoom.FACILITATOR_LINK_HASH));
      r.ok(FAC, new Command.RemoveParticipant(ANNA));
      r.ok(CHRIS, new Command.TakeChair(ANNA, true));
      assertEquals(CHRIS, r.s.selfGuided.chairId());
      r.ok(CHRIS, new Command.Start());
      r.ok(CHRIS, new Command.End());
      assertEquals(CHRIS, r.s.selfGuided.endedBy());
    }
  }

  @Nested
  @DisplayName("Facilitator powers")
  class FacilitatorPowers {

    @Test
    @DisplayName("without a facilitator, nobody removes, hands over, sets roles, locks, pauses or makes projector links")
    void facilitatorOnlyStaysRefused() {
      for (SelfGuided.Guide guide : SelfGuided.Guide.values()) {
        TestRoom r = selfGuided(guide);
        r.ok(ANNA, new Command.Start());
        for (Command c : new Command[] {new Command.RemoveParticipant(BRAM), new Command.HandOver(BRAM),
            new Command.SetRole(BRAM, Role.CO_FACILITATOR), new Command.Lock(0, true), new Command.Pause(),
            new Command.NewProjectorLink("hash"), new Command.CallBack()}) {
          assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, c), guide + " " + c);
        }
      }
    }

    @Test
    @DisplayName("an organiser who takes over through the facilitator link moves too; the chair keeps moving")
    void facilitatorTakesOver() {
      TestRoom r = selfGuided(SelfGuided.Guide.CHAIR);
      r.ok(null, new Command.ClaimFacilitator(FAC, "Fenna", "Datawerkplaats", "tok-fac", TestRoom.FACILITATOR_LINK_HASH));
      r.ok(FAC, new Command.Start());
      r.ok(ANNA, new Command.Next(0));
      r.ok(FAC, new Command.Lock(1, true));
      assertEquals(ANNA, r.s.selfGuided.chairId(), "the facilitator does not take the chair");
    }

    @Test
    @DisplayName("a facilitator-led room is unchanged: participants do not move it and there is no chair")
    void facilitatorLedRoom() {
      TestRoom r = TestRoom.running();
      assertNull(r.s.selfGuided);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.Next(0)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.End()));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.PassChair(BRAM)));
      assertEquals(ErrorCode.INVALID_TRANSITION, r.refused(ANNA, new Command.TakeChair(FAC, false)));
      r.ok(FAC, new Command.End());
      assertNull(r.s.selfGuided, "no self-guided record appears");
    }
  }

  @Test
  @DisplayName("the organiser's choice at creation: defaults, both guides, and unknown values refused")
  void chosenAtCreation() {
    assertNull(SelfGuided.chosen(null, null));
    assertNull(SelfGuided.chosen("facilitator", null));
    assertEquals(SelfGuided.of(SelfGuided.Guide.ANYONE), SelfGuided.chosen("self-guided", null));
    assertEquals(SelfGuided.of(SelfGuided.Guide.CHAIR), SelfGuided.chosen("self-guided", "chair"));
    for (String[] bad : new String[][] {{"alone", null}, {"self-guided", "everybody"}, {"facilitator", "chair"},
        {"Self-Guided", null}, {null, "anyone"}}) {
      Rejected r = org.junit.jupiter.api.Assertions.assertThrows(Rejected.class, () -> SelfGuided.chosen(bad[0], bad[1]));
      assertEquals(ErrorCode.INVALID_VALUE, r.code());
    }
  }
}

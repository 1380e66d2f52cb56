package nl.werkplaats.room;

import static nl.werkplaats.room.TestRoom.AGREEMENTS;
import static nl.werkplaats.room.TestRoom.ANNA;
import static nl.werkplaats.room.TestRoom.BRAM;
import static nl.werkplaats.room.TestRoom.CANVAS;
import static nl.werkplaats.room.TestRoom.CHECKLIST;
import static nl.werkplaats.room.TestRoom.CHRIS;
import static nl.werkplaats.room.TestRoom.COMPETENCES;
import static nl.werkplaats.room.TestRoom.EVALUATION;
import static nl.werkplaats.room.TestRoom.FAC;
import static nl.werkplaats.room.TestRoom.GOUDA;
import static nl.werkplaats.room.TestRoom.INFO;
import static nl.werkplaats.room.TestRoom.OBS;
import static nl.werkplaats.room.TestRoom.OPEN_CARDS;
import static nl.werkplaats.room.TestRoom.PRIVATE_CARDS;
import static nl.werkplaats.room.TestRoom.ROLES;
import static nl.werkplaats.room.TestRoom.UTRECHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("What people can write in each kind of step")
class StepTypesTest {

  private static Command edit(int step, String key, String text) {
    return Texts.typed(step, key, text);
  }

  private static String text(TestRoom r, int step, String key) {
    SharedText t = r.content(step).texts.get(key);
    return t == null ? null : t.text();
  }

  private static String onlyCard(TestRoom r, int step, String author) {
    return r.content(step).cards.values().stream().filter(c -> c.authorId().equals(author)).findFirst().orElseThrow().id();
  }

  @Nested
  @DisplayName("Checklist question")
  class Checklist {

    @Test
    @DisplayName("A participant writes the answer of their own organisation, not another's")
    void ownOrganisationOnly() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(ANNA, edit(CHECKLIST, "org:" + GOUDA, "Gouda heeft een convenant"));
      assertEquals("Gouda heeft een convenant", text(r, CHECKLIST, "org:" + GOUDA));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, edit(CHECKLIST, "org:" + UTRECHT, "Utrecht ook")));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, edit(CHECKLIST, "org:Gemeente Nergenshuizen", "?")));
    }

    @Test
    @DisplayName("Colleagues of one organisation share its answer, however they spell the organisation's name")
    void organisationSpelling() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(BRAM, edit(CHECKLIST, "org:GEMEENTE GOUDA", "Ja"));
      assertEquals(GOUDA, r.participant(BRAM).organisation(), "Bram joined as 'gemeente gouda'");
      assertEquals("Ja", text(r, CHECKLIST, "org:" + GOUDA));
      r.ok(ANNA, Texts.replace(r.s, CHECKLIST, "org:" + GOUDA, "Ja, sinds 2023"));
      assertEquals("Ja, sinds 2023", text(r, CHECKLIST, "org:" + GOUDA));
    }

    @Test
    @DisplayName("Anyone who takes part writes the joint answer")
    void jointAnswer() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(ANNA, edit(CHECKLIST, "joint", "Wij delen wijkdata."));
      r.ok(CHRIS, Texts.replace(r.s, CHECKLIST, "joint", "Wij delen wijkdata. Utrecht levert kaarten."));
      assertEquals("Wij delen wijkdata. Utrecht levert kaarten.", text(r, CHECKLIST, "joint"));
      assertEquals(2, r.content(CHECKLIST).texts.get("joint").rev());
      assertEquals(CHRIS, r.content(CHECKLIST).texts.get("joint").updatedBy());
    }

    @Test
    @DisplayName("The facilitator may write any organisation's answer")
    void facilitatorAnyOrganisation() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(FAC, edit(CHECKLIST, "org:" + UTRECHT, "Genoteerd door de begeleider"));
      assertEquals("Genoteerd door de begeleider", text(r, CHECKLIST, "org:" + UTRECHT));
    }

    @Test
    @DisplayName("A key that is not joint or org:<organisation> is refused")
    void badKeys() {
      TestRoom r = TestRoom.at(CHECKLIST);
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, edit(CHECKLIST, "field:goal", "x")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, edit(CHECKLIST, "notes", "x")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, edit(CHECKLIST, null, "x")));
      assertEquals(ErrorCode.TEXT_OP_INVALID, r.refused(ANNA, new Command.EditText(CHECKLIST, "joint", 0, null, null)));
    }

    @Test
    @DisplayName("The status is open, agreed or not applicable; a participant cannot mark it agreed for all; setting it again changes nothing")
    void status() {
      TestRoom r = TestRoom.at(CHECKLIST);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED)));
      r.ok(FAC, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED));
      assertEquals(ChecklistStatus.AGREED, r.content(CHECKLIST).status);
      assertTrue(r.ok(FAC, new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED)).isEmpty());
      r.ok(CHRIS, new Command.SetStatus(CHECKLIST, ChecklistStatus.NOT_APPLICABLE));
      assertEquals(ChecklistStatus.NOT_APPLICABLE, r.content(CHECKLIST).status);
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.SetStatus(CHECKLIST, null)));
    }
  }

  @Nested
  @DisplayName("Cards")
  class Cards {

    @Test
    @DisplayName("Each participant adds at most the step's number of cards; others can still add theirs")
    void cardLimit() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      for (int i = 0; i < 3; i++) {
        r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, i % 2, "Kaart " + i));
      }
      assertEquals(ErrorCode.LIMIT_REACHED, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Nog een")));
      r.ok(BRAM, new Command.AddCard(PRIVATE_CARDS, 0, "Van Bram"));
      r.ok(ANNA, new Command.RemoveCard(PRIVATE_CARDS, onlyCard(r, PRIVATE_CARDS, ANNA)));
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Na het weghalen mag er weer een bij"));
    }

    @Test
    @DisplayName("A card answers one of the step's prompts")
    void promptMustExist() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, 2, "x")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, -1, "x")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "   ")));
    }

    @Test
    @DisplayName("Private cards: others (the facilitator too) see that a card exists, not its text; the author sees it")
    void privateUntilReveal() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      List<Event> events = r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Ik durf niet alles te zeggen"));
      String id = onlyCard(r, PRIVATE_CARDS, ANNA);

      for (String other : List.of(BRAM, FAC, OBS)) {
        Event.CardSaved seen = (Event.CardSaved) Room.redactFor(events.get(0), other);
        assertEquals("", seen.card().text(), "the event as " + other + " receives it");
        assertTrue(seen.card().hidden());
        JsonNode card = r.viewOf(other).at("/content/" + PRIVATE_CARDS + "/cards/" + id);
        assertEquals("", card.get("text").asText(), "the room as " + other + " sees it");
        assertTrue(card.get("hidden").asBoolean());
        assertFalse(TestRoom.publicTree(Room.view(r.s, other)).toString().contains("durf niet"));
      }
      Event.CardSaved own = (Event.CardSaved) Room.redactFor(events.get(0), ANNA);
      assertEquals("Ik durf niet alles te zeggen", own.card().text());
      assertEquals("Ik durf niet alles te zeggen",
          r.viewOf(ANNA).at("/content/" + PRIVATE_CARDS + "/cards/" + id + "/text").asText());
    }

    @Test
    @DisplayName("An edit of a private card stays private too")
    void privateEdit() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Eerste versie"));
      String id = onlyCard(r, PRIVATE_CARDS, ANNA);
      List<Event> events = r.ok(ANNA, new Command.EditCard(PRIVATE_CARDS, id, "Tweede versie"));
      assertEquals("", ((Event.CardSaved) Room.redactFor(events.get(0), BRAM)).card().text());
      assertEquals("Tweede versie", ((Event.CardSaved) Room.redactFor(events.get(0), ANNA)).card().text());
    }

    @Test
    @DisplayName("Reveal publishes every private card to everyone")
    void revealPublishes() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Meer overleg"));
      r.ok(BRAM, new Command.AddCard(PRIVATE_CARDS, 1, "Minder mail"));
      String annas = onlyCard(r, PRIVATE_CARDS, ANNA);

      List<Event> events = r.ok(FAC, new Command.Reveal(PRIVATE_CARDS));

      long published = events.stream().map(e -> Room.redactFor(e, CHRIS))
          .filter(e -> e instanceof Event.CardSaved c && !c.card().text().isEmpty()).count();
      assertEquals(2, published, "both cards reach Chris in full");
      JsonNode cards = r.viewOf(CHRIS).at("/content/" + PRIVATE_CARDS + "/cards");
      assertEquals("Meer overleg", cards.at("/" + annas + "/text").asText());
      assertFalse(cards.at("/" + annas + "/hidden").asBoolean());
      List<Event> later = r.ok(CHRIS, new Command.AddCard(PRIVATE_CARDS, 0, "Na de onthulling"));
      assertEquals("Na de onthulling", ((Event.CardSaved) Room.redactFor(later.get(0), BRAM)).card().text(),
          "a card added after reveal is public at once");
    }

    @Test
    @DisplayName("Only its author edits a card; nobody else finds another's private card")
    void onlyAuthorEdits() {
      TestRoom r = TestRoom.at(OPEN_CARDS);
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Zin in vandaag"));
      String id = onlyCard(r, OPEN_CARDS, ANNA);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.EditCard(OPEN_CARDS, id, "Van Bram")));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(FAC, new Command.EditCard(OPEN_CARDS, id, "Van de begeleider")));
      r.ok(ANNA, new Command.EditCard(OPEN_CARDS, id, "Veel zin in vandaag"));
      assertEquals("Veel zin in vandaag", r.content(OPEN_CARDS).cards.get(id).text());
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.EditCard(OPEN_CARDS, "c-999", "?")));

      r.ok(FAC, new Command.GoToStep(PRIVATE_CARDS));
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Geheim"));
      String secret = onlyCard(r, PRIVATE_CARDS, ANNA);
      assertEquals(ErrorCode.NOT_FOUND, r.refused(BRAM, new Command.EditCard(PRIVATE_CARDS, secret, "x")));
    }

    @Test
    @DisplayName("A card is removed by its author or a facilitator, with the dots on it")
    void removeCard() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Eén"));
      r.ok(BRAM, new Command.AddCard(PRIVATE_CARDS, 0, "Twee"));
      r.ok(FAC, new Command.Reveal(PRIVATE_CARDS));
      String annas = onlyCard(r, PRIVATE_CARDS, ANNA);
      String brams = onlyCard(r, PRIVATE_CARDS, BRAM);
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, annas, 1));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, brams, 1));

      assertEquals(ErrorCode.FORBIDDEN, r.refused(CHRIS, new Command.RemoveCard(PRIVATE_CARDS, annas)));
      r.ok(ANNA, new Command.RemoveCard(PRIVATE_CARDS, annas));
      assertEquals(Map.of(brams, 1), r.content(PRIVATE_CARDS).votes.get(CHRIS), "the dot on the removed card is returned");
      r.ok(FAC, new Command.RemoveCard(PRIVATE_CARDS, brams));
      assertTrue(r.content(PRIVATE_CARDS).cards.isEmpty());
      assertFalse(r.content(PRIVATE_CARDS).votes.containsKey(CHRIS));
      r.ok(CHRIS, new Command.AddCard(PRIVATE_CARDS, 0, "Drie"));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, onlyCard(r, PRIVATE_CARDS, CHRIS), 1));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, onlyCard(r, PRIVATE_CARDS, CHRIS), 1));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, onlyCard(r, PRIVATE_CARDS, CHRIS), 1));
    }

    @Test
    @DisplayName("The facilitator makes groups and moves cards into them; participants cannot")
    void groups() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Vertrouwen groeit"));
      String card = onlyCard(r, PRIVATE_CARDS, ANNA);
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.SaveGroup(PRIVATE_CARDS, null, "Thema")));

      r.ok(FAC, new Command.SaveGroup(PRIVATE_CARDS, null, "Vertrouwen"));
      String group = r.content(PRIVATE_CARDS).groups.keySet().iterator().next();
      r.ok(FAC, new Command.SaveGroup(PRIVATE_CARDS, group, "Vertrouwen en openheid"));
      assertEquals("Vertrouwen en openheid", r.content(PRIVATE_CARDS).groups.get(group).title());
      assertEquals(1, r.content(PRIVATE_CARDS).groups.size(), "renaming keeps one group");

      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.MoveCard(PRIVATE_CARDS, card, group)));
      List<Event> moved = r.ok(FAC, new Command.MoveCard(PRIVATE_CARDS, card, group));
      assertEquals(group, r.content(PRIVATE_CARDS).cards.get(card).groupId());
      assertEquals("Vertrouwen groeit", r.content(PRIVATE_CARDS).cards.get(card).text(), "moving keeps the text");
      assertEquals("", ((Event.CardSaved) Room.redactFor(moved.get(0), BRAM)).card().text(), "and keeps it private");
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.MoveCard(PRIVATE_CARDS, card, "g-999")));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.SaveGroup(PRIVATE_CARDS, "g-999", "Bestaat niet")));
      r.ok(FAC, new Command.MoveCard(PRIVATE_CARDS, card, null));
      assertNull(r.content(PRIVATE_CARDS).cards.get(card).groupId());
    }

    @Test
    @DisplayName("Dot voting: at most the step's number of dots in all, several on one card, taken back one by one")
    void dotVoting() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "A"));
      r.ok(BRAM, new Command.AddCard(PRIVATE_CARDS, 0, "B"));
      r.ok(FAC, new Command.Reveal(PRIVATE_CARDS));
      String a = onlyCard(r, PRIVATE_CARDS, ANNA);
      String b = onlyCard(r, PRIVATE_CARDS, BRAM);

      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, a, 1));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, a, 1));
      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, b, 1));
      assertEquals(Map.of(a, 2, b, 1), r.content(PRIVATE_CARDS).votes.get(CHRIS));
      assertEquals(ErrorCode.LIMIT_REACHED, r.refused(CHRIS, new Command.Vote(PRIVATE_CARDS, b, 1)));
      r.ok(ANNA, new Command.Vote(PRIVATE_CARDS, b, 1)); // Anna has her own three dots

      r.ok(CHRIS, new Command.Vote(PRIVATE_CARDS, b, -1));
      assertEquals(Map.of(a, 2), r.content(PRIVATE_CARDS).votes.get(CHRIS));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(CHRIS, new Command.Vote(PRIVATE_CARDS, b, -1)), "no dot to take back");
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(CHRIS, new Command.Vote(PRIVATE_CARDS, b, 2)));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(CHRIS, new Command.Vote(PRIVATE_CARDS, b, 0)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(CHRIS, new Command.Vote(PRIVATE_CARDS, "c-999", 1)));
    }

    @Test
    @DisplayName("Nobody votes on a card still hidden from them, nor in a step without voting")
    void noVotingOnHiddenCards() {
      TestRoom r = TestRoom.at(PRIVATE_CARDS);
      r.ok(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Nog geheim"));
      String hidden = onlyCard(r, PRIVATE_CARDS, ANNA);
      assertEquals(ErrorCode.NOT_FOUND, r.refused(BRAM, new Command.Vote(PRIVATE_CARDS, hidden, 1)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.Vote(PRIVATE_CARDS, hidden, 1)));

      r.ok(FAC, new Command.GoToStep(OPEN_CARDS));
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Open kaart"));
      assertEquals(ErrorCode.INVALID_VALUE,
          r.refused(BRAM, new Command.Vote(OPEN_CARDS, onlyCard(r, OPEN_CARDS, ANNA), 1)));
    }
  }

  @Nested
  @DisplayName("Competences")
  class Competences {

    @Test
    @DisplayName("Everybody rates each competence of the step for themselves from 1 to 5, and may clear a rating")
    void rating() {
      TestRoom r = TestRoom.at(COMPETENCES);
      r.ok(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 1));
      r.ok(ANNA, new Command.Rate(COMPETENCES, "privacy-and-law", 5));
      r.ok(BRAM, new Command.Rate(COMPETENCES, "data-analysis", 4));
      assertEquals(Map.of("data-analysis", 1, "privacy-and-law", 5), r.content(COMPETENCES).ratings.get(ANNA));
      assertEquals(Map.of("data-analysis", 4), r.content(COMPETENCES).ratings.get(BRAM));

      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 0)));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.Rate(COMPETENCES, "data-analysis", 6)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.Rate(COMPETENCES, "juggling", 3)));

      r.ok(ANNA, new Command.Rate(COMPETENCES, "privacy-and-law", null));
      assertEquals(Map.of("data-analysis", 1), r.content(COMPETENCES).ratings.get(ANNA));
      r.ok(BRAM, new Command.Rate(COMPETENCES, "data-analysis", null));
      assertFalse(r.content(COMPETENCES).ratings.containsKey(BRAM), "nothing rated, nothing kept");
    }
  }

  @Nested
  @DisplayName("Roles")
  class Roles {

    @Test
    @DisplayName("Participants take and drop roles for themselves; the facilitator assigns anyone")
    void takeRole() {
      TestRoom r = TestRoom.at(ROLES);
      r.ok(ANNA, new Command.TakeRole(ROLES, "project-lead", ANNA, true));
      r.ok(BRAM, new Command.TakeRole(ROLES, "project-lead", BRAM, true));
      assertEquals(List.of(ANNA, BRAM), r.content(ROLES).roleAssignments.get("project-lead"));
      assertTrue(r.ok(ANNA, new Command.TakeRole(ROLES, "project-lead", ANNA, true)).isEmpty(), "taking it twice changes nothing");

      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.TakeRole(ROLES, "data-steward", CHRIS, true)));
      assertEquals(ErrorCode.FORBIDDEN, r.refused(ANNA, new Command.TakeRole(ROLES, "project-lead", BRAM, false)));
      r.ok(FAC, new Command.TakeRole(ROLES, "data-steward", CHRIS, true));
      assertEquals(List.of(CHRIS), r.content(ROLES).roleAssignments.get("data-steward"));

      r.ok(ANNA, new Command.TakeRole(ROLES, "project-lead", ANNA, false));
      assertEquals(List.of(BRAM), r.content(ROLES).roleAssignments.get("project-lead"));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.TakeRole(ROLES, "astronaut", ANNA, true)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(FAC, new Command.TakeRole(ROLES, "project-lead", "p-nobody", true)));
    }
  }

  @Nested
  @DisplayName("Canvas")
  class Canvas {

    @Test
    @DisplayName("Canvas fields are written by key field:<id>; other keys are refused")
    void fieldKeys() {
      TestRoom r = TestRoom.at(CANVAS);
      r.ok(ANNA, edit(CANVAS, "field:goal", "Minder eenzaamheid"));
      r.ok(CHRIS, edit(CANVAS, "field:data-sources", "CBS, GGD-monitor"));
      assertEquals("Minder eenzaamheid", text(r, CANVAS, "field:goal"));
      assertEquals("CBS, GGD-monitor", text(r, CANVAS, "field:data-sources"));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, edit(CANVAS, "field:budget", "x")));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, edit(CANVAS, "joint", "x")));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, edit(CANVAS, "org:" + GOUDA, "x")));
    }

    @Test
    @DisplayName("Two people typing in one field at once both keep their words")
    void concurrentTyping() {
      TestRoom r = TestRoom.at(CANVAS);
      r.ok(ANNA, edit(CANVAS, "field:goal", "Minder eenzaamheid onder ouderen."));
      // Both start from revision 1; Bram's change reaches the room second and is transformed.
      String base = text(r, CANVAS, "field:goal");
      r.ok(ANNA, new Command.EditText(CANVAS, "field:goal", 1, TextOp.replace(base, "Aantoonbaar minder eenzaamheid onder ouderen."), null));
      r.ok(BRAM, new Command.EditText(CANVAS, "field:goal", 1, TextOp.replace(base, "Minder eenzaamheid onder ouderen in Gouda."), null));
      assertEquals("Aantoonbaar minder eenzaamheid onder ouderen in Gouda.", text(r, CANVAS, "field:goal"));
      assertEquals(3, r.content(CANVAS).texts.get("field:goal").rev());
    }
  }

  @Nested
  @DisplayName("Agreements")
  class Agreements {

    @Test
    @DisplayName("An agreement has what, who and an optional real due date")
    void dueDate() {
      TestRoom r = TestRoom.at(AGREEMENTS);
      r.ok(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "DPIA laten uitvoeren", "Chris", " 2026-03-31 "));
      Agreement a = r.s.agreements.values().iterator().next();
      assertEquals("2026-03-31", a.due());
      assertEquals(AGREEMENTS, a.step());
      assertEquals(ANNA, a.createdBy());
      for (String bad : List.of("2026-02-30", "31-03-2026", "morgen", "2026-13-01")) {
        assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "x", null, bad)), bad);
      }
      r.ok(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "Zonder datum", null, ""));
      assertEquals(2, r.s.agreements.size());
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "  ", null, null)));
    }

    @Test
    @DisplayName("Agreements can be made in any open step and edited later; the author stays the author")
    void anyStepAndEdit() {
      TestRoom r = TestRoom.at(CHECKLIST);
      r.ok(ANNA, new Command.SaveAgreement(null, CHECKLIST, "Convenant opstellen", null, null));
      String id = r.s.agreements.keySet().iterator().next();
      assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "Te vroeg", null, null)));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.SaveAgreement(null, 42, "Nergens", null, null)));

      r.ok(BRAM, new Command.SaveAgreement(id, CHECKLIST, "Convenant opstellen en laten tekenen", "Bram", "2026-06-01"));
      Agreement a = r.s.agreements.get(id);
      assertEquals("Convenant opstellen en laten tekenen", a.what());
      assertEquals(ANNA, a.createdBy());
      assertEquals(1, r.s.agreements.size());
      assertEquals(ErrorCode.NOT_FOUND, r.refused(BRAM, new Command.SaveAgreement("a-999", CHECKLIST, "x", null, null)));
    }

    @Test
    @DisplayName("An agreement is removed by its author or a facilitator only")
    void remove() {
      TestRoom r = TestRoom.at(AGREEMENTS);
      r.ok(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "Eén", null, null));
      r.ok(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "Twee", null, null));
      List<String> ids = List.copyOf(r.s.agreements.keySet());
      assertEquals(ErrorCode.FORBIDDEN, r.refused(BRAM, new Command.RemoveAgreement(ids.get(0))));
      r.ok(ANNA, new Command.RemoveAgreement(ids.get(0)));
      r.ok(FAC, new Command.RemoveAgreement(ids.get(1)));
      assertTrue(r.s.agreements.isEmpty());
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.RemoveAgreement(ids.get(0))));
    }

    @Test
    @DisplayName("A room holds at most 500 agreements")
    void limit() {
      TestRoom r = TestRoom.at(AGREEMENTS);
      for (int i = 0; i < Limits.AGREEMENTS; i++) {
        r.ok(i % 2 == 0 ? ANNA : CHRIS, new Command.SaveAgreement(null, AGREEMENTS, "Afspraak " + i, null, null));
      }
      assertEquals(ErrorCode.LIMIT_REACHED, r.refused(BRAM, new Command.SaveAgreement(null, AGREEMENTS, "Te veel", null, null)));
      String first = r.s.agreements.keySet().iterator().next();
      r.ok(ANNA, new Command.SaveAgreement(first, AGREEMENTS, "Bijwerken mag nog", null, null));
    }
  }

  @Nested
  @DisplayName("Evaluation")
  class Evaluations {

    @Test
    @DisplayName("A mark runs from 1 to 10")
    void markRange() {
      TestRoom r = TestRoom.at(EVALUATION);
      r.ok(ANNA, new Command.Evaluate(EVALUATION, 1, null));
      r.ok(BRAM, new Command.Evaluate(EVALUATION, 10, "Top"));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(CHRIS, new Command.Evaluate(EVALUATION, 0, "")));
      assertEquals(ErrorCode.INVALID_VALUE, r.refused(CHRIS, new Command.Evaluate(EVALUATION, 11, "")));
      r.ok(ANNA, new Command.Evaluate(EVALUATION, 7, "Bij nader inzien"));
      assertEquals(7, r.content(EVALUATION).evaluations.get(ANNA).mark());
    }

    @Test
    @DisplayName("Marks are hidden from others until reveal; then everyone sees them all and can take the average")
    void hiddenUntilReveal() {
      TestRoom r = TestRoom.at(EVALUATION);
      List<Event> events = r.ok(ANNA, new Command.Evaluate(EVALUATION, 8, "Meer pauzes"));
      r.ok(BRAM, new Command.Evaluate(EVALUATION, 6, "Kortere dag"));
      r.ok(CHRIS, new Command.Evaluate(EVALUATION, 7, ""));

      Event.EvaluationSaved seen = (Event.EvaluationSaved) Room.redactFor(events.get(0), BRAM);
      assertNull(seen.evaluation().mark());
      assertEquals("", seen.evaluation().tips());
      assertTrue(seen.evaluation().hidden());
      JsonNode before = r.viewOf(FAC).at("/content/" + EVALUATION + "/evaluations");
      assertTrue(before.at("/" + Anonymity.alias(r.s, ANNA) + "/mark").isNull(), "not even the facilitator sees a mark before reveal");
      assertTrue(before.path(ANNA).isMissingNode(), "others see a mark under an alias, never under the person's id");
      assertEquals(8, r.viewOf(ANNA).at("/content/" + EVALUATION + "/evaluations/" + ANNA + "/mark").asInt(), "own mark");
      assertTrue(r.viewOf(ANNA).at("/content/" + EVALUATION + "/evaluations/" + Anonymity.alias(r.s, BRAM) + "/mark").isNull());

      r.ok(FAC, new Command.Reveal(EVALUATION));

      JsonNode after = r.viewOf(OBS).at("/content/" + EVALUATION + "/evaluations");
      double sum = 0;
      for (JsonNode e : after) {
        assertFalse(e.get("hidden").asBoolean());
        sum += e.get("mark").asInt();
      }
      assertEquals(7.0, sum / after.size(), 1e-9, "the average of 8, 6 and 7");
      assertEquals("Meer pauzes", after.at("/" + Anonymity.alias(r.s, ANNA) + "/tips").asText());
      List<Event> late = r.ok(FAC, new Command.Evaluate(EVALUATION, 9, "Goede groep"));
      assertEquals(9, ((Event.EvaluationSaved) Room.redactFor(late.get(0), ANNA)).evaluation().mark(),
          "after reveal a new mark is public at once");
    }
  }

  @Nested
  @DisplayName("Rules for every step")
  class Common {

    @Test
    @DisplayName("A locked step refuses participants' answers of every kind")
    void lockedRefusesParticipants() {
      TestRoom r = TestRoom.running();
      for (int step = 1; step < TestRoom.agenda().size(); step++) {
        r.ok(FAC, new Command.GoToStep(step));
      }
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, "Voor het slot"));
      r.ok(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "Voor het slot", null, null));
      String card = onlyCard(r, OPEN_CARDS, ANNA);
      String agreement = r.s.agreements.keySet().iterator().next();
      for (int step = 0; step < TestRoom.agenda().size(); step++) {
        r.ok(FAC, new Command.Lock(step, true));
      }
      List<Command> writes = List.of(
          edit(CHECKLIST, "joint", "x"), new Command.SetStatus(CHECKLIST, ChecklistStatus.AGREED),
          new Command.AddCard(OPEN_CARDS, 0, "x"), new Command.EditCard(OPEN_CARDS, card, "x"),
          new Command.RemoveCard(OPEN_CARDS, card), new Command.Rate(COMPETENCES, "data-analysis", 3),
          new Command.TakeRole(ROLES, "project-lead", ANNA, true), edit(CANVAS, "field:goal", "x"),
          new Command.SaveAgreement(null, INFO, "x", null, null), new Command.SaveAgreement(agreement, AGREEMENTS, "x", null, null),
          new Command.RemoveAgreement(agreement), new Command.Evaluate(EVALUATION, 8, ""));
      for (Command c : writes) {
        assertEquals(ErrorCode.LOCKED, r.refused(ANNA, c), c.toString());
      }
      r.ok(FAC, new Command.SaveAgreement(null, INFO, "De begeleider mag wel", null, null));
    }

    @Test
    @DisplayName("A step that has not been opened yet takes no answers")
    void unopenedStep() {
      TestRoom r = TestRoom.running();
      assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(ANNA, edit(CHECKLIST, "joint", "Vooruitlopen")));
      assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(ANNA, new Command.AddCard(PRIVATE_CARDS, 0, "Vooruit")));
      assertEquals(ErrorCode.STEP_NOT_OPEN, r.refused(FAC, new Command.Evaluate(EVALUATION, 8, "")));
      TestRoom lobby = TestRoom.lobby();
      assertEquals(ErrorCode.NOT_STARTED, lobby.refused(ANNA, new Command.SaveAgreement(null, INFO, "Vooraf", null, null)));
    }

    @Test
    @DisplayName("A command for another kind of step is refused")
    void wrongStepType() {
      TestRoom r = TestRoom.running();
      for (int step = 1; step < TestRoom.agenda().size(); step++) {
        r.ok(FAC, new Command.GoToStep(step));
      }
      List<Command> misplaced = List.of(
          edit(INFO, "joint", "x"), edit(PRIVATE_CARDS, "joint", "x"), new Command.SetStatus(CANVAS, ChecklistStatus.AGREED),
          new Command.AddCard(CHECKLIST, 0, "x"), new Command.Vote(EVALUATION, "c-1", 1),
          new Command.Rate(ROLES, "project-lead", 3), new Command.TakeRole(COMPETENCES, "data-analysis", ANNA, true),
          new Command.Evaluate(AGREEMENTS, 8, ""), new Command.EditCard(CANVAS, "c-1", "x"),
          new Command.RemoveCard(INFO, "c-1"));
      for (Command c : misplaced) {
        assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(ANNA, c), c.toString());
      }
      assertEquals(ErrorCode.WRONG_STEP_TYPE, r.refused(FAC, new Command.SaveGroup(CHECKLIST, null, "x")));
      assertEquals(ErrorCode.NOT_FOUND, r.refused(ANNA, new Command.AddCard(99, 0, "x")));
    }

    @Test
    @DisplayName("Texts over their limit are refused with text_too_long; characters, not bytes, are counted")
    void textLimits() {
      TestRoom r = TestRoom.running();
      for (int step = 1; step < TestRoom.agenda().size(); step++) {
        r.ok(FAC, new Command.GoToStep(step));
      }
      String emoji = "\uD83D\uDE00"; // one character, two chars in Java
      assertEquals(ErrorCode.TEXT_TOO_LONG, r.refused(ANNA, edit(CHECKLIST, "joint", "x".repeat(Limits.SHARED_TEXT + 1))));
      r.ok(ANNA, edit(CHECKLIST, "joint", emoji.repeat(Limits.SHARED_TEXT)));
      assertEquals(ErrorCode.TEXT_TOO_LONG, r.refused(ANNA, new Command.AddCard(OPEN_CARDS, 0, "x".repeat(Limits.CARD + 1))));
      r.ok(ANNA, new Command.AddCard(OPEN_CARDS, 0, emoji.repeat(Limits.CARD)));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "x".repeat(Limits.AGREEMENT_WHAT + 1), null, null)));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(ANNA, new Command.SaveAgreement(null, AGREEMENTS, "x", "y".repeat(Limits.AGREEMENT_WHO + 1), null)));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(ANNA, new Command.Evaluate(EVALUATION, 8, "x".repeat(Limits.TIPS + 1))));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(FAC, new Command.SaveGroup(OPEN_CARDS, null, "x".repeat(Limits.GROUP_TITLE + 1))));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(null, new Command.Join("p-new", "x".repeat(Limits.NAME + 1), GOUDA, null, Role.PARTICIPANT, "t")));
      assertEquals(ErrorCode.TEXT_TOO_LONG,
          r.refused(null, new Command.Join("p-new", "Nina", "x".repeat(Limits.ORGANISATION + 1), null, Role.PARTICIPANT, "t")));
    }

    @Test
    @DisplayName("Concurrent insertions that together would grow a text past its limit: the later one is refused, the text stays")
    void mergedTextTooLong() {
      TestRoom r = TestRoom.at(CHECKLIST);
      String third = "a".repeat(Limits.SHARED_TEXT / 3);
      r.ok(ANNA, edit(CHECKLIST, "joint", third));
      int rev = Texts.rev(r.s, CHECKLIST, "joint");
      int length = third.length();
      r.ok(BRAM, new Command.EditText(CHECKLIST, "joint", rev, TextOp.insertAt(length, 0, "b".repeat(length), false), null));
      String current = text(r, CHECKLIST, "joint");
      assertEquals(ErrorCode.TEXT_TOO_LONG, r.refused(CHRIS,
          new Command.EditText(CHECKLIST, "joint", rev, TextOp.insertAt(length, 0, "c".repeat(length + 10), false), null)));
      assertEquals(current, text(r, CHECKLIST, "joint"));
    }
  }
}

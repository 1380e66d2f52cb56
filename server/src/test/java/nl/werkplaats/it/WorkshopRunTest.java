package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.Card;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both built-in templates run from start to end over the WebSocket protocol, with participants from three
 * organisations, every step type used as a facilitator would in a real session.
 */
@ExtendWith(VertxExtension.class)
class WorkshopRunTest {
  static Werkplaats node;
  static Vertx clients;

  @BeforeAll
  static void start(Vertx vertx) {
    clients = vertx;
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS);
  }

  record Session(String roomId, String organiserToken, TestClient facilitator, List<TestClient> people) {}

  Session open(String templateId) {
    JsonNode created = Nodes.createRoom(node, templateId, "Run of " + templateId);
    String roomId = created.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    JsonNode welcome = facilitator.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    assertTrue(welcome.path("template").toString().contains("facilitatorNotes"), "the facilitator gets the manual");
    String[][] people = {{"Anna", "Gemeente Gouda"}, {"Bram", "Provincie Zuid-Holland"}, {"Chris", "Universiteit Utrecht"},
        {"Dewi", "Provincie Zuid-Holland"}};
    List<TestClient> clientsInRoom = new java.util.ArrayList<>();
    for (String[] p : people) {
      TestClient c = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
      c.join(roomId, p[0], p[1]);
      clientsInRoom.add(c);
    }
    facilitator.command(Map.of("type", "start"));
    return new Session(roomId, created.path("organiserToken").asText(), facilitator, clientsInRoom);
  }

  @Test
  @DisplayName("a whole Data Team Start: check-in, canvas, competences, roles, private reflection with votes, agreements, evaluation")
  void dataTeamStart() {
    Session s = open("data-team-start");
    TestClient fac = s.facilitator();
    List<StepSpec> agenda = fac.replica.agenda;
    for (int step = 1; step < agenda.size(); step++) {
      fac.command(Map.of("type", "next"));
      StepSpec spec = agenda.get(step);
      switch (spec.type()) {
        case CARDS -> cards(s, step, spec);
        case CANVAS -> {
          for (int i = 0; i < s.people().size(); i++) {
            TestClient c = s.people().get(i);
            String key = "field:" + spec.fieldIds().get(i % spec.fieldIds().size());
            var current = c.replica.content.get(step).texts.getOrDefault(key, nl.werkplaats.room.SharedText.EMPTY);
            c.command(append(step, key, current.rev(), current.text().length(), " regel van " + i));
          }
        }
        case COMPETENCES -> {
          for (TestClient c : s.people()) {
            for (String competence : spec.competenceIds()) {
              c.command(Map.of("type", "rate", "step", step, "competenceId", competence, "value", 1 + Math.abs(competence.hashCode() + c.participantId.hashCode()) % 5));
            }
          }
          assertEquals("invalid_message", s.people().get(0).refused(Map.of("type", "rate", "step", step, "competenceId", spec.competenceIds().get(0), "value", 6)));
        }
        case ROLES -> {
          for (int i = 0; i < s.people().size(); i++) {
            TestClient c = s.people().get(i);
            c.command(Map.of("type", "take-role", "step", step, "roleId", spec.roleIds().get(i), "participantId", c.participantId, "taken", true));
          }
          TestClient anna = s.people().get(0);
          assertEquals("forbidden", anna.refused(Map.of("type", "take-role", "step", step, "roleId", spec.roleIds().get(0),
              "participantId", s.people().get(1).participantId, "taken", true)));
        }
        case AGREEMENTS -> {
          s.people().get(1).command(Map.of("type", "save-agreement", "step", step, "what", "Wekelijks datateamoverleg", "who", "Bram", "due", "2026-12-15"));
          s.people().get(2).command(Map.of("type", "save-agreement", "step", step, "what", "Privacytoets plannen", "who", "Chris"));
        }
        case EVALUATION -> evaluate(s, step);
        default -> { }
      }
    }
    long seq = fac.command(Map.of("type", "end"));
    for (TestClient c : s.people()) {
      c.awaitSeq(seq);
      assertEquals(fac.replicaJson().path("agreements"), c.replicaJson().path("agreements"));
      assertEquals(seenAlike(fac), seenAlike(c), "after reveal everyone sees the same");
    }
    assertEquals("ended", s.people().get(0).refused(Map.of("type", "save-agreement", "step", 1, "what", "te laat")));
    summaryDownloads(s);
  }

  private void cards(Session s, int step, StepSpec spec) {
    TestClient anna = s.people().get(0);
    TestClient bram = s.people().get(1);
    long seq = 0;
    for (TestClient c : s.people()) {
      seq = Math.max(seq, c.command(Map.of("type", "add-card", "step", step, "prompt", 0, "text", "Goed: " + c.participantId)));
      seq = Math.max(seq, c.command(Map.of("type", "add-card", "step", step, "prompt", 1, "text", "Beter: " + c.participantId)));
    }
    bram.awaitSeq(seq);
    for (Card card : bram.replica.content.get(step).cards.values()) {
      boolean mine = card.authorId().equals(bram.participantId);
      if (spec.privateUntilReveal() && !mine) {
        assertTrue(card.hidden() && card.text().isEmpty(), "others' cards stay hidden until reveal");
      } else {
        assertFalse(card.hidden());
      }
    }
    if (spec.privateUntilReveal()) {
      seq = s.facilitator().command(Map.of("type", "reveal", "step", step));
      bram.awaitSeq(seq);
      assertTrue(bram.replica.content.get(step).cards.values().stream().noneMatch(Card::hidden), "revealed");
    }
    s.facilitator().awaitSeq(s.facilitator().command(Map.of("type", "save-group", "step", step, "title", "Samenwerking")));
    anna.awaitSeq(s.facilitator().lastSeq);
    String groupId = s.facilitator().replica.content.get(step).groups.keySet().iterator().next();
    String cardId = anna.replica.content.get(step).cards.keySet().iterator().next();
    s.facilitator().command(Map.of("type", "move-card", "step", step, "cardId", cardId, "groupId", groupId));
    if (spec.votesPerParticipant() > 0) {
      for (int i = 0; i < spec.votesPerParticipant(); i++) {
        anna.command(Map.of("type", "vote", "step", step, "cardId", cardId, "delta", 1));
      }
      assertEquals("limit_reached", anna.refused(Map.of("type", "vote", "step", step, "cardId", cardId, "delta", 1)));
    }
  }

  private void evaluate(Session s, int step) {
    int mark = 6;
    long seq = 0;
    for (TestClient c : s.people()) {
      seq = c.command(Map.of("type", "evaluate", "step", step, "mark", mark++, "tips", "Meer tijd voor discussie"));
    }
    TestClient anna = s.people().get(0);
    anna.awaitSeq(seq);
    long hidden = anna.replica.content.get(step).evaluations.values().stream().filter(e -> e.mark() == null).count();
    assertEquals(s.people().size() - 1, hidden, "marks stay hidden until the facilitator reveals them");
    seq = s.facilitator().command(Map.of("type", "reveal", "step", step));
    anna.awaitSeq(seq);
    assertTrue(anna.replica.content.get(step).evaluations.values().stream().allMatch(e -> e.mark() != null));
  }

  private void summaryDownloads(Session s) {
    var list = Nodes.get(node, "/api/rooms/" + s.roomId() + "/summaries", s.organiserToken());
    assertEquals(200, list.statusCode(), list.body());
    var md = Nodes.get(node, "/api/rooms/" + s.roomId() + "/summaries/1.md", s.organiserToken());
    assertEquals(200, md.statusCode());
    assertTrue(md.body().contains("Wekelijks datateamoverleg"));
    try {
      JsonNode rooms = nl.werkplaats.room.DomainJson.MAPPER.readTree(Nodes.get(node, "/api/rooms", Nodes.ORGANISER_KEY).body());
      JsonNode mine = null;
      for (JsonNode r : rooms) {
        if (r.path("roomId").asText().equals(s.roomId())) {
          mine = r;
        }
      }
      assertEquals("ended", mine.path("status").asText(), mine.toString());
      assertEquals(1, mine.path("summaries").path(0).path("version").asInt(), "the organiser's list shows the frozen summary");
      assertEquals(64, mine.path("summaries").path(0).path("sha256").asText().length());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("a whole Checklist Samen Data Delen: answers per organisation, joint answers merged, statuses, tasks")
  void checklist() {
    Session s = open("checklist-samen-data-delen");
    TestClient fac = s.facilitator();
    List<StepSpec> agenda = fac.replica.agenda;
    for (int step = 1; step < agenda.size(); step++) {
      fac.command(Map.of("type", "next"));
      if (agenda.get(step).type() != StepType.CHECKLIST_QUESTION) {
        if (agenda.get(step).type() == StepType.EVALUATION) {
          evaluate(s, step);
        }
        continue;
      }
      Map<String, String> orgAnswer = new HashMap<>();
      for (TestClient c : s.people()) {
        String org = c.replica.participants.get(c.participantId).organisation();
        String key = "org:" + org;
        // Two people of one organisation type at the same time into the empty answer: both keep their words.
        c.command(append(step, key, 0, 0, "Inbreng " + c.participantId + ". "));
        orgAnswer.putIfAbsent(key, "");
      }
      TestClient anna = s.people().get(0);
      String otherOrg = "org:Provincie Zuid-Holland";
      assertEquals("forbidden", anna.refused(append(step, otherOrg, 0, 0, "x")));
      s.people().get(1).command(append(step, "joint", 0, 0, "Samen: eerst"));
      s.people().get(2).command(append(step, "joint", 0, 0, "Samen: tweede"));
      if (step % 2 == 0) {
        // Agreed when every organisation has assented to the joint answer (at revision 2: the two edits above).
        java.util.Set<String> assented = new java.util.HashSet<>();
        for (TestClient c : s.people()) {
          if (assented.add(c.replica.participants.get(c.participantId).organisation().toLowerCase(java.util.Locale.ROOT))) {
            c.command(Map.of("type", "assent-joint-answer", "step", step, "rev", 2));
          }
        }
      } else {
        s.people().get(1).command(Map.of("type", "set-status", "step", step, "status", "open"));
      }
      s.people().get(3).command(Map.of("type", "save-agreement", "step", step, "what", "Uitzoeken voor vraag " + step, "who", "Dewi", "due", "2027-01-31"));
      long seq = fac.command(Map.of("type", "lock", "step", step, "locked", true));
      assertEquals("locked", anna.refused(Map.of("type", "set-status", "step", step, "status", "open")));
      fac.awaitSeq(seq);
      var content = fac.replica.content.get(step);
      String pzh = content.texts.get(otherOrg).text();
      assertTrue(pzh.contains("Inbreng " + s.people().get(1).participantId) && pzh.contains("Inbreng " + s.people().get(3).participantId),
          "two concurrent edits of one organisation's answer are both kept: " + pzh);
      String joint = content.texts.get("joint").text();
      assertTrue(joint.contains("eerst") && joint.contains("tweede"), "neither joint edit is lost: " + joint);
      assertEquals(step % 2 == 0 ? ChecklistStatus.AGREED : ChecklistStatus.OPEN, content.status);
    }
    long seq = fac.command(Map.of("type", "end"));
    for (TestClient c : s.people()) {
      c.awaitSeq(seq);
      assertEquals(seenAlike(fac), seenAlike(c));
    }
    var summary = Nodes.get(node, "/api/rooms/" + s.roomId() + "/summaries/1.json", s.organiserToken());
    assertEquals(200, summary.statusCode());
    assertTrue(summary.body().contains("Uitzoeken voor vraag 1"));
  }

  /** A text-op that appends {@code add} to a text of {@code length} characters at revision {@code rev}. */
  private static Map<String, Object> append(int step, String key, int rev, int length, String add) {
    List<Object> op = length == 0 ? List.of(Map.of("i", add)) : List.of(length, Map.of("i", add));
    return Map.of("type", "text-op", "step", step, "key", key, "rev", rev, "op", op);
  }

  /**
   * The content as {@code c} holds it, with every step's marks as a sorted list: a mark reaches others under an
   * alias and its author under their own id, so the keys differ per person and the marks themselves must not.
   */
  private static com.fasterxml.jackson.databind.JsonNode seenAlike(TestClient c) {
    com.fasterxml.jackson.databind.node.ArrayNode content = c.replicaJson().path("content").deepCopy();
    for (com.fasterxml.jackson.databind.JsonNode step : content) {
      if (step.has("evaluations")) {
        List<String> marks = new java.util.ArrayList<>();
        step.path("evaluations").forEach(e -> marks.add(e.path("mark").asText() + "|" + e.path("tips").asText()));
        marks.sort(null);
        com.fasterxml.jackson.databind.node.ArrayNode sorted = ((com.fasterxml.jackson.databind.node.ObjectNode) step).putArray("evaluations");
        marks.forEach(sorted::add);
      }
    }
    return content;
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An anonymous session on one real node, real WebSocket clients: what one person rated reaches the others,
 * the facilitator included, without the person's id, so that no screen can add up a two-person organisation's
 * ratings; the minimum group size is checked when the room is made; the joint answer needs every organisation.
 */
class AnonymityTest extends OneNodeRoomTest {
  private static final int COMPETENCES = 3;

  @Override
  String roomTitle() {
    return "Anonymity test";
  }

  @Test
  @DisplayName("anonymous room: the facilitator's view and events carry no rater's id, so no breakdown for a two-person organisation")
  void facilitatorSeesNoBreakdown() {
    JsonNode created = Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "Anoniem",
        "anonymous", true, "minimumGroupSize", 3), Nodes.ORGANISER_KEY, 201);
    String room = created.path("roomId").asText();
    TestClient fac = client();
    fac.facilitate(room, created.path("facilitatorToken").asText(), "Fien", "Datawerkplaats");
    List<TestClient> raters = new ArrayList<>();
    List<String> small = new ArrayList<>();
    for (String[] who : new String[][] {{"Anna", "Gemeente Gouda"}, {"Bram", "Gemeente Gouda"}, {"Cas", "Gemeente Gouda"},
        {"Dirk", "Waterschap Rijnland"}, {"Eva", "Waterschap Rijnland"}}) {
      TestClient c = client();
      String id = c.join(room, who[0], who[1]).path("participantId").asText();
      if (who[1].equals("Waterschap Rijnland")) {
        small.add(id);
      }
      raters.add(c);
    }
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "go-to-step", "step", COMPETENCES));
    long last = 0;
    for (int i = 0; i < raters.size(); i++) {
      last = raters.get(i).command(Map.of("type", "rate", "step", COMPETENCES, "competenceId", "data-analysis",
          "value", i < 3 ? 5 : 1));
    }
    fac.awaitSeq(last);

    String events = fac.received().toString();
    JsonNode ratings = fac.replicaJson().path("content").path(COMPETENCES).path("ratings");
    assertEquals(5, ratings.size(), "the facilitator sees five people's ratings: " + ratings);
    for (String id : small) {
      assertFalse(ratings.has(id), "no rating under a Rijnland participant's id: " + ratings);
      assertFalse(events.contains("\"participantId\":\"" + id + "\",\"ratings\""), "no ratings event with their id");
    }
    // Somebody joining later (a welcome with the whole room) sees the same.
    JsonNode welcome = client().join(room, "Femke", "Gemeente Gouda");
    for (String id : small) {
      assertFalse(welcome.path("state").path("content").path(COMPETENCES).path("ratings").has(id));
    }
    // The rater sees their own under their own id.
    TestClient dirk = raters.get(3);
    assertTrue(dirk.replicaJson().path("content").path(COMPETENCES).path("ratings").has(small.get(0)));
  }

  @Test
  @DisplayName("a minimum group size below 2, above 50 or not a whole number is refused with invalid_group_size; no room is made")
  void minimumGroupSizeChecked() {
    for (Object bad : List.of(1, 0, -3, 51, "drie", 2.5)) {
      JsonNode answer = Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "Te klein",
          "anonymous", true, "minimumGroupSize", bad), Nodes.ORGANISER_KEY, 400);
      assertEquals("invalid_group_size", answer.path("error").asText(), bad + ": " + answer);
    }
  }

  @Test
  @DisplayName("a joint answer over the wire: each organisation assents; an assent to a stale version is refused; an edit asks again")
  void jointAnswerConsent() {
    JsonNode created = Nodes.createRoom(node, "checklist-samen-data-delen", "Instemming");
    String room = created.path("roomId").asText();
    TestClient fac = client();
    fac.facilitate(room, created.path("facilitatorToken").asText(), "Fien", "Datawerkplaats");
    TestClient anna = client();
    anna.join(room, "Anna", "Gemeente Gouda");
    TestClient chris = client();
    chris.join(room, "Chris", "Provincie Utrecht");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    anna.command(Map.of("type", "text-op", "step", 1, "key", "joint", "rev", 0, "op", List.of(Map.of("i", "Wij delen"))));
    assertEquals("forbidden", anna.refused(Map.of("type", "set-status", "step", 1, "status", "agreed")));
    anna.command(Map.of("type", "assent-joint-answer", "step", 1, "rev", 1));
    assertEquals("stale_version", chris.refused(Map.of("type", "assent-joint-answer", "step", 1, "rev", 0)));
    assertEquals("organisation_not_in_room", fac.refused(Map.of("type", "assent-joint-answer", "step", 1, "rev", 1)));
    long seq = chris.command(Map.of("type", "assent-joint-answer", "step", 1, "rev", 1));
    fac.awaitSeq(seq);
    assertEquals("agreed", fac.replicaJson().path("content").path(1).path("status").asText());
    seq = chris.command(Map.of("type", "text-op", "step", 1, "key", "joint", "rev", 1, "op", List.of(9, Map.of("i", "."))));
    fac.awaitSeq(seq);
    assertEquals("open", fac.replicaJson().path("content").path(1).path("status").asText(), "an edit asks again");

    // The poster of the checklist overview, next to the summaries: for the facilitator's token, not without one.
    var poster = Nodes.get(node, "/api/rooms/" + room + "/overview.pdf", created.path("facilitatorToken").asText());
    assertEquals(200, poster.statusCode());
    assertEquals("application/pdf", poster.headers().firstValue("Content-Type").orElse(""));
    assertTrue(poster.body().startsWith("%PDF"));
    assertEquals(401, Nodes.get(node, "/api/rooms/" + room + "/overview.pdf", null).statusCode());
    assertEquals(401, Nodes.get(node, "/api/rooms/" + room + "/overview.pdf", "not-the-token").statusCode());
  }
}

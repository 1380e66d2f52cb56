package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pre-work on a two-member cluster: steps opened at room creation for answering before the session, answered on
 * one member and seen live on the other; refused before its moment; bad pre-work refused at creation.
 */
@ExtendWith(VertxExtension.class)
class PreWorkClusterTest {
  static final String CHECKLIST = "checklist-samen-data-delen";
  static List<Werkplaats> nodes = new ArrayList<>();
  static Vertx clients;

  @BeforeAll
  static void startCluster(Vertx vertx) {
    clients = vertx;
    var db = TestStores.sharedDatabase("prework");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(Nodes::stop);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  private static JsonNode create(Werkplaats node, Object preWork, int status) {
    return Nodes.post(node, "/api/rooms", Map.of("templateId", CHECKLIST, "title", "Vooraf", "preWork", preWork),
        Nodes.ORGANISER_KEY, status);
  }

  private static Map<String, Object> typed(int step, String key, String text) {
    return Map.of("type", "text-op", "step", step, "key", key, "rev", 0, "op", List.of(Map.of("i", text)));
  }

  @Test
  @DisplayName("a participant answers pre-work on one member, another on the other member sees it live; before its moment it is refused")
  void answeredLiveAcrossTheCluster() {
    long inAnHour = System.currentTimeMillis() + 3_600_000L;
    JsonNode room = create(nodes.get(0), Map.of("steps", List.of(1, 2), "from", Instant.ofEpochMilli(inAnHour).toString()), 201);
    String roomId = room.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    JsonNode welcome = facilitator.facilitate(roomId, room.path("facilitatorToken").asText(), "Fenna", "Datawerkplaats");
    assertEquals(List.of(1, 2), List.of(welcome.path("state").path("preWork").path("steps").get(0).asInt(),
        welcome.path("state").path("preWork").path("steps").get(1).asInt()));
    TestClient anna = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    anna.join(roomId, "Anna", "Gemeente Gouda");
    TestClient chris = TestClient.connect(clients, nodes.get(1).port(), Nodes.ORIGIN);
    chris.join(roomId, "Chris", "Provincie Utrecht");

    assertEquals("pre_work_not_open", anna.refused(typed(1, "org:Gemeente Gouda", "te vroeg")));
    assertEquals("pre_work_not_open", anna.refused(typed(3, "org:Gemeente Gouda", "andere stap")));
    assertEquals("forbidden", anna.refused(Map.of("type", "open-pre-work", "steps", List.of(1),
        "from", System.currentTimeMillis())));

    // The facilitator moves the moment to now; from then on the pre-work steps take answers.
    facilitator.command(Map.of("type", "open-pre-work", "steps", List.of(1, 2), "from", System.currentTimeMillis() - 60_000));
    long seq = anna.command(typed(1, "org:Gemeente Gouda", "Wij delen op grond van een convenant."));
    chris.awaitSeq(seq);
    assertEquals("Wij delen op grond van een convenant.",
        chris.replicaJson().path("content").get(1).path("texts").path("org:Gemeente Gouda").path("text").asText());
    JsonNode answered = chris.replicaJson().path("preWork").path("answered").path("1");
    assertEquals(1, answered.size());
    assertEquals(anna.participantId, answered.get(0).asText());
    assertEquals("lobby", chris.replicaJson().path("status").asText());

    // The start ends pre-work; the answer is there in the session, per organisation.
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "go-to-step", "step", 1));
    long last = chris.command(typed(1, "org:Provincie Utrecht", "Wij ook."));
    anna.awaitSeq(last);
    JsonNode texts = anna.replicaJson().path("content").get(1).path("texts");
    assertEquals("Wij delen op grond van een convenant.", texts.path("org:Gemeente Gouda").path("text").asText());
    assertEquals("Wij ook.", texts.path("org:Provincie Utrecht").path("text").asText());
    assertEquals(1, anna.replicaJson().path("preWork").path("answered").path("1").size(), "live writing is not pre-work");
    facilitator.close();
    anna.close();
    chris.close();
  }

  @Test
  @DisplayName("bad pre-work at room creation is refused with a defined error: a step that cannot take it, no such step, an absurd date")
  void refusedAtCreation() {
    String now = Instant.now().toString();
    assertEquals("wrong_step_type", create(nodes.get(0), Map.of("steps", List.of(0), "from", now), 400).path("error").asText());
    assertEquals("invalid_value", create(nodes.get(0), Map.of("steps", List.of(99), "from", now), 400).path("error").asText());
    assertEquals("invalid_value", create(nodes.get(1), Map.of("steps", List.of(1), "from", "morgen"), 400).path("error").asText());
    assertEquals("invalid_value",
        create(nodes.get(1), Map.of("steps", List.of(1), "from", "2099-01-01T00:00:00Z"), 400).path("error").asText());
    assertEquals("invalid_value", create(nodes.get(1), Map.of("steps", "1", "from", now), 400).path("error").asText());
  }

  @Test
  @DisplayName("the node's clock is a parameter: a node a day behind (WERKPLAATS_CLOCK_OFFSET=-P1D) judges pre-work by its own time")
  void theClockIsAParameter() {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "test-clock-" + java.util.UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_CLOCK_OFFSET", "-P1D");
    Werkplaats dayBefore = Nodes.start(Config.fromEnv(env), TestStores.embedded());
    try {
      long tomorrowMorning = System.currentTimeMillis() - Duration.ofHours(12).toMillis(); // real time: it has passed
      JsonNode room = Nodes.post(dayBefore, "/api/rooms", Map.of("templateId", CHECKLIST, "title", "Gisteren",
          "preWork", Map.of("steps", List.of(1), "from", tomorrowMorning)), Nodes.ORGANISER_KEY, 201);
      TestClient anna = TestClient.connect(clients, dayBefore.port(), Nodes.ORIGIN);
      JsonNode welcome = anna.join(room.path("roomId").asText(), "Anna", "Gemeente Gouda");
      long serverTime = welcome.path("serverTime").asLong();
      assertTrue(Math.abs(System.currentTimeMillis() - Duration.ofDays(1).toMillis() - serverTime) < 60_000,
          "the welcome's serverTime comes from the node's clock");
      assertEquals("pre_work_not_open", anna.refused(typed(1, "org:Gemeente Gouda", "voor de datum van de node")));
      anna.close();
    } finally {
      Nodes.stop(dayBefore);
    }
  }
}

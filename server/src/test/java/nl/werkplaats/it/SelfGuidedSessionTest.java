package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A self-guided session on two members, no facilitator anywhere: the chair on one member moves the steps and a
 * participant on the other sees it; the chair changes hands by passing and by taking it after the chair left;
 * a non-chair is refused; the end freezes a summary that says so.
 */
@ExtendWith(VertxExtension.class)
class SelfGuidedSessionTest {
  List<Werkplaats> nodes = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    nodes.forEach(Nodes::stop);
  }

  @Test
  @DisplayName("a chaired session across two members: moves seen everywhere, non-chair refused, chair passed and taken, summary frozen")
  void chairedSessionOnTwoMembers(Vertx vertx) throws Exception {
    PostgresServer.Database db = TestStores.sharedDatabase("selfguided");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
    Werkplaats a = nodes.get(0);
    Werkplaats b = nodes.get(1);
    JsonNode bad = Nodes.post(a, "/api/rooms", Map.of("templateId", "checklist-samen-data-delen", "title", "Zelf",
        "facilitation", "alone"), Nodes.ORGANISER_KEY, 400);
    assertEquals("invalid_value", bad.path("error").asText(), bad.toString());
    Nodes.post(a, "/api/rooms", Map.of("templateId", "checklist-samen-data-delen", "title", "Zelf",
        "facilitation", "self-guided", "guide", "everybody"), Nodes.ORGANISER_KEY, 400);

    JsonNode room = Nodes.post(a, "/api/rooms", Map.of("templateId", "checklist-samen-data-delen",
        "title", "Zelf aan de slag", "facilitation", "self-guided", "guide", "chair"), Nodes.ORGANISER_KEY, 201);
    String roomId = room.path("roomId").asText();

    TestClient anna = TestClient.connect(vertx, a.port(), Nodes.ORIGIN);
    anna.join(roomId, "Anna", "Gemeente Gouda");
    TestClient bram = TestClient.connect(vertx, b.port(), Nodes.ORIGIN);
    JsonNode bramWelcome = bram.join(roomId, "Bram", "Provincie Utrecht");
    assertTrue(bramWelcome.path("template").toString().contains("facilitatorNotes"),
        "without a facilitator the group gets the facilitator's notes as its guidance");
    awaitChair(bram, anna.participantId); // the first to join chairs
    assertEquals(nl.werkplaats.room.SelfGuided.Guide.CHAIR, bram.replica.selfGuided.guide());

    assertEquals("forbidden", bram.refused(Map.of("type", "start")), "a non-chair does not move");
    anna.command(Map.of("type", "start"));
    anna.command(Map.of("type", "next", "fromStep", 0));
    awaitStep(bram, 1);
    assertEquals("forbidden", bram.refused(Map.of("type", "next", "fromStep", 1)));
    assertEquals("forbidden", bram.refused(Map.of("type", "take-chair", "from", anna.participantId)),
        "the chair is here: it is not taken from them");
    assertEquals("forbidden", bram.refused(Map.of("type", "set-role", "participantId", anna.participantId, "role", "co-facilitator")));
    assertEquals("not_found", anna.refused(Map.of("type", "pass-chair", "participantId", "p-nobody")));

    anna.command(Map.of("type", "pass-chair", "participantId", bram.participantId));
    awaitChair(anna, bram.participantId);
    bram.command(Map.of("type", "next", "fromStep", 1));
    awaitStep(anna, 2);
    assertEquals("forbidden", anna.refused(Map.of("type", "next", "fromStep", 2)), "the old chair no longer moves");

    // The chair leaves: once the room knows, someone else takes the chair.
    TestClient chris = TestClient.connect(vertx, a.port(), Nodes.ORIGIN);
    chris.join(roomId, "Chris", "Gemeente Woerden");
    bram.close();
    long deadline = System.currentTimeMillis() + 15_000;
    String code;
    do {
      TestClient.sleep(200);
      code = answer(chris, Map.of("type", "take-chair", "from", bram.participantId));
    } while (!"ack".equals(code) && System.currentTimeMillis() < deadline);
    assertEquals("ack", code, "the chair is free once the chair left");
    awaitChair(anna, chris.participantId);

    chris.command(Map.of("type", "end"));
    String token = anna.awaitType("results").path("token").asText();
    JsonNode summary = DomainJson.MAPPER.readTree(Nodes.get(b, "/api/rooms/" + roomId + "/summaries/1.json", token).body());
    assertEquals("chair", summary.path("selfGuided").path("guide").asText(), summary.toString());
    assertEquals("Chris", summary.path("selfGuided").path("endedBy").path("name").asText());
    assertEquals("Gemeente Woerden", summary.path("selfGuided").path("endedBy").path("organisation").asText());
    String markdown = Nodes.get(a, "/api/rooms/" + roomId + "/summaries/1.md", token).body();
    assertTrue(markdown.contains("Zonder begeleider: een voorzitter zette de stappen; afgerond door Chris (Gemeente Woerden)."),
        markdown);
    assertTrue(TestClient.SCHEMA_VIOLATIONS.isEmpty(), TestClient.SCHEMA_VIOLATIONS.toString());
  }

  private static void awaitStep(TestClient client, int step) {
    eventually(() -> client.replica.currentStep == step, client.participantId + " sees step " + step);
  }

  /** Waits until {@code client} has seen {@code chairId} become chair. */
  private static void awaitChair(TestClient client, String chairId) {
    eventually(() -> chairId.equals(client.replica.selfGuided.chairId()), client.participantId + " sees chair " + chairId);
  }

  /** "ack", or the error code the command was refused with. */
  private static String answer(TestClient client, Map<String, Object> command) {
    String commandId = java.util.UUID.randomUUID().toString();
    client.sendCommand(commandId, command);
    JsonNode m = client.await(x -> commandId.equals(x.path("commandId").asText()));
    return "ack".equals(m.path("type").asText()) ? "ack" : m.path("code").asText();
  }

  private static void eventually(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      TestClient.sleep(20);
    }
  }
}

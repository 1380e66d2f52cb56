package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Writes agreements as a browser does while nodes go away: one commandId per agreement, sent again until it
 * is acknowledged; a refusal may only be {@code unavailable} (the room is moving); a closed socket is replaced
 * by what {@code reconnect} makes of it (a resumed client).
 */
final class AgreementWriter {
  private AgreementWriter() {}

  /** A checklist room made through {@code port}, claimed by its facilitator and at step 1 (agreements). */
  static JsonNode roomAtAgreements(Vertx vertx, int port, String title) throws Exception {
    JsonNode room = ClusterRestartIT.post(port, "/api/rooms", Map.of("templateId", "checklist-samen-data-delen", "title", title));
    TestClient facilitator = TestClient.connect(vertx, port, Nodes.ORIGIN);
    facilitator.facilitate(room.path("roomId").asText(), room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    return room;
  }

  /** Writes {@code what} in step 1; answers the client that got the ack (another one after a reconnect). */
  static TestClient write(TestClient client, String what, Set<String> acked, UnaryOperator<TestClient> reconnect) {
    String commandId = UUID.randomUUID().toString();
    Map<String, Object> command = Map.of("type", "save-agreement", "step", 1, "what", what);
    for (int attempt = 0; attempt < 100; attempt++) {
      client.sendCommandQuietly(commandId, command);
      java.util.OptionalLong seq = client.awaitAck(commandId, Duration.ofSeconds(20));
      if (seq.isPresent()) {
        acked.add(what);
        return client;
      }
      if (!client.closed.isDone()) {
        String code = client.received().stream()
            .filter(m -> commandId.equals(m.path("commandId").asText())).map(m -> m.path("code").asText())
            .reduce((x, y) -> y).orElse("no answer");
        assertEquals("unavailable", code, "the only refusal while a node goes away, for " + what);
        TestClient.sleep(150); // again with the same commandId
        continue;
      }
      client = reconnect.apply(client);
    }
    throw new AssertionError("never acknowledged: " + what);
  }
}

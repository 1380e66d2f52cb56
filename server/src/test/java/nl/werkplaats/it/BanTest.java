package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Finding 16: a participant removed with a ban tries to come straight back. */
@ExtendWith(VertxExtension.class)
class BanTest {
  static Werkplaats node;

  @BeforeAll
  static void start() {
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  @Test
  @DisplayName("removed with a ban, the same person cannot rejoin the session, whatever the spelling or the join key; without a ban, they can")
  void bannedCannotRejoin(Vertx clients) {
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Ban");
    String roomId = created.path("roomId").asText();
    TestClient fac = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    TestClient troll = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    String trollId = troll.join(roomId, "Tom Trol", "Gemeente Woerden").path("participantId").asText();
    TestClient bram = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    String bramId = bram.join(roomId, "Bram", "Provincie Utrecht").path("participantId").asText();

    long seq = fac.command(Map.of("type", "remove-participant", "participantId", trollId, "ban", true));
    assertEquals(4003, troll.awaitClose());
    fac.awaitSeq(seq);
    JsonNode removed = fac.await(m -> m.toString().contains("participant-removed") && m.toString().contains(trollId));
    assertFalse(removed.toString().contains("Woerden"), "the ban list is not sent out");

    for (String[] again : new String[][] {{"Tom Trol", "Gemeente Woerden"}, {"tom  trol", "gemeente woerden"}, {"Tóm Trol", "Gemeente-Woerden"}}) {
      TestClient back = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
      back.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
          "auth", Map.of("kind", "join", "name", again[0], "organisation", again[1], "joinKey", "rejoin-attempt-" + again[0].length() + "-xxxxxxxx")));
      assertEquals("forbidden", back.awaitType("error").path("code").asText(), "rejoin as " + again[0] + " / " + again[1]);
      back.close();
    }

    fac.command(Map.of("type", "remove-participant", "participantId", bramId));
    assertEquals(4003, bram.awaitClose());
    TestClient bramBack = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    bramBack.join(roomId, "Bram", "Provincie Utrecht"); // removed without a ban: may come back (a new participant)
  }
}

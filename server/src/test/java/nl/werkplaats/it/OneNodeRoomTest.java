package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import nl.werkplaats.Werkplaats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One real node on the embedded store for a whole test class, real WebSocket clients, and a fresh data team
 * start room per test with its facilitator connected. Every server message any client received must match
 * src/protocol.
 */
@ExtendWith(VertxExtension.class)
abstract class OneNodeRoomTest {
  static Werkplaats node;
  static Vertx clients;
  String roomId;
  String facilitatorToken;
  String organiserToken;
  TestClient facilitator;

  @BeforeAll
  static void startNode(Vertx vertx) {
    clients = vertx;
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stopNode() {
    Nodes.stop(node);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  /** The title of the room each test gets. */
  abstract String roomTitle();

  @BeforeEach
  void newRoom() {
    JsonNode created = Nodes.createRoom(node, "data-team-start", roomTitle());
    roomId = created.path("roomId").asText();
    facilitatorToken = created.path("facilitatorToken").asText();
    organiserToken = created.path("organiserToken").asText();
    facilitator = client();
    facilitator.facilitate(roomId, facilitatorToken, "Fien", "Gemeente Gouda");
  }

  TestClient client() {
    return TestClient.connect(clients, node.port(), Nodes.ORIGIN);
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.store.Store;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deleting a room in a cluster on PostgreSQL while people on every member write into it; the results link across members. */
@ExtendWith(VertxExtension.class)
class ClusterDeletionTest {
  List<Werkplaats> nodes = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    nodes.forEach(Nodes::stop);
  }

  @Test
  @DisplayName("finding 1 in a cluster: a room deleted on one member while clients on both write stays deleted; every socket closes with 4004")
  void deletionSticksAcrossMembers(Vertx vertx) throws Exception {
    PostgresServer.Database db = TestStores.sharedDatabase("deletion");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
    JsonNode room = Nodes.createRoom(nodes.get(0), "data-team-start", "Verwijderen in het cluster");
    String roomId = room.path("roomId").asText();
    TestClient fac = TestClient.connect(vertx, nodes.get(0).port(), Nodes.ORIGIN);
    fac.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    List<TestClient> writers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestClient c = TestClient.connect(vertx, nodes.get(i % 2).port(), Nodes.ORIGIN);
      c.join(roomId, "Deelnemer " + i, "Gemeente Woerden");
      writers.add(c);
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (TestClient c : writers) {
      Thread t = new Thread(() -> {
        int k = 0;
        while (writing.get() && !c.closed.isDone()) {
          c.sendCommandQuietly(UUID.randomUUID().toString(), Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "k" + k++));
          TestClient.sleep(60); // under the 20 messages per second a connection may send
        }
      });
      t.start();
      threads.add(t);
    }
    TestClient.sleep(200);
    var res = DeletionTest.delete(nodes.get(1), "/api/rooms/" + roomId, Nodes.ORGANISER_KEY);
    TestClient.sleep(500);
    writing.set(false);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(200, res.statusCode(), res.body());
    assertEquals(4004, fac.awaitClose());
    for (TestClient c : writers) {
      assertEquals(4004, c.awaitClose(), "every member closes the deleted room's sockets");
    }
    try (Store check = TestStores.member(db)) {
      assertTrue(check.loadRoom(roomId).isEmpty(), "no racing write brought the room back");
    }
    for (Werkplaats n : nodes) {
      assertFalse(Nodes.get(n, "/api/rooms", Nodes.ORGANISER_KEY).body().contains(roomId));
      TestClient again = TestClient.connect(vertx, n.port(), Nodes.ORIGIN);
      again.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
          "auth", Map.of("kind", "facilitator", "token", room.path("facilitatorToken").asText(), "name", "Fien",
              "organisation", "Gemeente Gouda")));
      assertEquals("room_not_found", again.awaitType("error").path("code").asText());
    }
    assertFalse(nodes.get(0).node().joinCodes().containsKey(room.path("joinCode").asText()));
  }

  @Test
  @DisplayName("the results link: sent to participants on every member when the session ends, read on every member, nothing after deletion")
  void resultsLinkOnEveryMember(Vertx vertx) throws Exception {
    PostgresServer.Database db = TestStores.sharedDatabase("results");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
    JsonNode room = Nodes.createRoom(nodes.get(0), "data-team-start", "Resultaten in het cluster");
    String roomId = room.path("roomId").asText();
    TestClient fac = TestClient.connect(vertx, nodes.get(0).port(), Nodes.ORIGIN);
    fac.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    TestClient anna = TestClient.connect(vertx, nodes.get(1).port(), Nodes.ORIGIN);
    anna.join(roomId, "Anna", "Provincie Utrecht");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "end"));
    String token = anna.awaitType("results").path("token").asText();
    assertEquals(token, fac.awaitType("results").path("token").asText(), "the same link from both members");
    for (Werkplaats n : nodes) {
      var list = Nodes.get(n, "/api/rooms/" + roomId + "/summaries", token);
      assertEquals(200, list.statusCode(), list.body());
      assertEquals(200, Nodes.get(n, "/api/rooms/" + roomId + "/summaries/1.md", token).statusCode());
    }
    assertEquals(200, DeletionTest.delete(nodes.get(0), "/api/rooms/" + roomId, room.path("organiserToken").asText()).statusCode());
    for (Werkplaats n : nodes) {
      assertEquals(401, Nodes.get(n, "/api/rooms/" + roomId + "/summaries", token).statusCode(), "revoked with the room");
    }
  }
}

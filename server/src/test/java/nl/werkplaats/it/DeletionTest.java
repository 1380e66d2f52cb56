package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.cluster.RoomService;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deletion and retention as an attacker would try to undo them: a real node, a real store, real WebSocket
 * clients writing into the room while it is deleted or purged.
 */
@ExtendWith(VertxExtension.class)
class DeletionTest {
  Werkplaats node;
  Store store;

  @AfterEach
  void stop() {
    if (node != null) {
      Nodes.stop(node);
    }
  }

  static HttpResponse<String> delete(Werkplaats node, String path, String bearer) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .DELETE().header("Authorization", "Bearer " + bearer).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("finding 1: a room deleted while a participant writes into it stays deleted; its sockets close with 4004")
  void deletedRoomDoesNotComeBack(Vertx clients) throws Exception {
    store = H2Store.open(Nodes.tempDir(), 365);
    node = Nodes.single(store);
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Weg ermee");
    String roomId = created.path("roomId").asText();
    String joinCode = created.path("joinCode").asText();
    TestClient fac = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    TestClient anna = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    anna.join(roomId, "Anna", "Gemeente Woerden");
    anna.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "voor het verwijderen"));

    // Anna keeps writing while the organiser deletes the room.
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      int i = 0;
      while (writing.get() && !anna.closed.isDone()) {
        anna.sendCommandQuietly(UUID.randomUUID().toString(),
            Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "na " + i++));
        TestClient.sleep(60); // under the 20 messages per second a connection may send
      }
    });
    writer.start();
    TestClient.sleep(100);
    HttpResponse<String> res = delete(node, "/api/rooms/" + roomId, created.path("organiserToken").asText());
    TestClient.sleep(300);
    writing.set(false);
    writer.join();

    assertEquals(200, res.statusCode(), res.body());
    JsonNode receipt = DomainJson.MAPPER.readTree(res.body());
    assertEquals(roomId, receipt.path("roomId").asText(), "the organiser gets a receipt: " + receipt);
    assertEquals("organiser-token", receipt.path("by").asText());
    assertEquals("request", receipt.path("reason").asText());
    assertTrue(receipt.path("at").asLong() > 0);

    assertEquals(4004, anna.awaitClose(), "the participant's socket closes: no such room");
    assertEquals(4004, fac.awaitClose(), "the facilitator's socket closes: no such room");
    assertTrue(store.loadRoom(roomId).isEmpty(), "no write brought the room back into the store");
    assertFalse(Nodes.get(node, "/api/rooms", Nodes.ORGANISER_KEY).body().contains(roomId), "not listed again");
    assertFalse(node.node().joinCodes().containsKey(joinCode), "its join code is cleared");
    assertEquals(404, Nodes.get(node, "/api/join/" + joinCode, null).statusCode());

    TestClient again = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    again.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", "Anna", "organisation", "Gemeente Woerden")));
    assertEquals("room_not_found", again.awaitType("error").path("code").asText());
    assertTrue(store.loadRoom(roomId).isEmpty(), "a join after the deletion did not bring it back either");

    HttpResponse<String> audit = Nodes.get(node, "/api/deletions", Nodes.ORGANISER_KEY);
    assertEquals(200, audit.statusCode());
    assertEquals(roomId, DomainJson.MAPPER.readTree(audit.body()).get(0).path("roomId").asText(), audit.body());
    assertFalse(audit.body().contains("Anna") || audit.body().contains("Woerden"), "no personal data in the audit log");
    assertEquals(401, Nodes.get(node, "/api/deletions", created.path("organiserToken").asText()).statusCode(),
        "the audit log is the organiser key's");
    assertEquals(404, delete(node, "/api/rooms/" + roomId, Nodes.ORGANISER_KEY).statusCode());
  }

  @Test
  @DisplayName("finding 2: the retention purge reaches memory: no resume with purged answers, no reopen, no join code")
  void retentionReachesMemory(Vertx clients) throws Exception {
    store = H2Store.open(Nodes.tempDir(), 0); // retention 0 days: every room has expired at once
    node = Nodes.single(store);
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Bewaartermijn");
    String roomId = created.path("roomId").asText();
    String joinCode = created.path("joinCode").asText();
    TestClient fac = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    TestClient anna = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    JsonNode welcome = anna.join(roomId, "Anna", "Gemeente Woerden");
    anna.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "geheim antwoord"));
    fac.command(Map.of("type", "end"));

    assertEquals(1, TestClient.get(node.purgeExpired().toCompletionStage().toCompletableFuture()));

    assertEquals(4004, anna.awaitClose(), "the purged room's sockets close");
    assertEquals(4004, fac.awaitClose());
    TestClient back = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    back.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "lastSeq", 0,
        "auth", Map.of("kind", "resume", "participantId", welcome.path("participantId").asText(),
            "token", welcome.path("token").asText())));
    JsonNode refused = back.await(m -> "error".equals(m.path("type").asText()) || "welcome".equals(m.path("type").asText()));
    assertEquals("room_not_found", refused.path("code").asText(), "a resume gets no purged answers: " + refused);
    assertFalse(back.received().toString().contains("geheim antwoord"));

    TestClient fac2 = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac2.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "facilitator", "token", created.path("facilitatorToken").asText(), "name", "Fien",
            "organisation", "Gemeente Gouda")));
    assertEquals("room_not_found", fac2.awaitType("error").path("code").asText(), "no reopen of a purged room");
    assertTrue(store.loadRoom(roomId).isEmpty(), "nothing wrote the purged room back");
    assertTrue(store.listSummaries(roomId).isEmpty());
    assertFalse(node.node().joinCodes().containsKey(joinCode), "its join code is cleared");
    assertEquals("retention", store.deletions().get(0).reason());
  }

  @Test
  @DisplayName("ended rooms leave memory a while after they ended, and come back from the store when used")
  void endedRoomsLeaveMemory(Vertx clients) throws Exception {
    store = H2Store.open(Nodes.tempDir(), 365);
    node = Nodes.single(store);
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Afgelopen");
    String roomId = created.path("roomId").asText();
    TestClient fac = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "end"));
    RoomService rooms = new RoomService(node.node());
    long now = System.currentTimeMillis();
    assertEquals(0, TestClient.get(rooms.evictEnded(now, 3600_000L).toCompletionStage().toCompletableFuture()),
        "just ended: stays");
    assertTrue(node.node().rooms().localKeySet().contains(roomId));
    assertEquals(1, TestClient.get(rooms.evictEnded(now + 2 * 3600_000L, 3600_000L).toCompletionStage().toCompletableFuture()));
    assertFalse(node.node().rooms().localKeySet().contains(roomId), "out of memory");
    TestClient again = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    JsonNode welcome = again.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    assertEquals("ended", welcome.path("state").path("status").asText(), "read back from the store: " + welcome);
  }
}

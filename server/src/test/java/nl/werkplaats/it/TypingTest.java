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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who types where (docs/protocol.md, "Who is typing"): volatile notices relayed to the room on every member
 * of a two-member cluster, checked and bounded, expiring by themselves, never stored.
 */
@ExtendWith(VertxExtension.class)
class TypingTest {
  static List<Werkplaats> nodes = new ArrayList<>();
  static Vertx clients;

  @BeforeAll
  static void startCluster(Vertx vertx) {
    clients = vertx;
    var db = TestStores.sharedDatabase("typing");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(Nodes::stop);
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  /** The next typing list that satisfies {@code match}. */
  private static JsonNode typingList(TestClient c, java.util.function.Predicate<JsonNode> match) {
    return c.await(m -> "typing".equals(m.path("type").asText()) && match.test(m.path("typing"))).path("typing");
  }

  private static boolean lists(JsonNode list, String participantId, int step, String key) {
    for (JsonNode e : list) {
      if (participantId.equals(e.path("participantId").asText()) && e.path("step").asInt() == step
          && key.equals(e.path("key").asText())) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("typing on one member reaches the room on the other member, expires without renewal, and never enters the room's history")
  void typingCrossesTheClusterAndExpires() {
    JsonNode created = Nodes.createRoom(nodes.get(0), "checklist-samen-data-delen", "Typing");
    String roomId = created.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    facilitator.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    TestClient anouk = TestClient.connect(clients, nodes.get(1).port(), Nodes.ORIGIN);
    anouk.join(roomId, "Anouk", "Gemeente Woerden");
    long seq = anouk.command(Map.of("type", "text-op", "step", 1, "key", "joint", "rev", 0, "op", List.of(Map.of("i", "Ja"))));
    facilitator.awaitSeq(seq);

    long sent = System.nanoTime();
    anouk.send(Map.of("type", "typing", "step", 1, "key", "joint", "caret", 2));
    JsonNode list = typingList(facilitator, l -> lists(l, anouk.participantId, 1, "joint"));
    long reachedMs = (System.nanoTime() - sent) / 1_000_000;
    assertTrue(reachedMs < 1000, "typing reached the other member in " + reachedMs + " ms");
    assertEquals(2, list.get(0).path("caret").asInt());
    // The typist's own member lists it too.
    typingList(anouk, l -> lists(l, anouk.participantId, 1, "joint"));

    // Without renewal it expires by itself (after about 3 s), on both members.
    JsonNode empty = typingList(facilitator, l -> !lists(l, anouk.participantId, 1, "joint"));
    long expiredMs = (System.nanoTime() - sent) / 1_000_000;
    assertTrue(expiredMs >= 2500 && expiredMs < 6000, "expired after " + expiredMs + " ms");
    assertEquals(0, empty.size());

    // A stop ends it at once.
    anouk.send(Map.of("type", "typing", "step", 1, "key", "joint"));
    typingList(facilitator, l -> lists(l, anouk.participantId, 1, "joint"));
    long stopped = System.nanoTime();
    anouk.send(Map.of("type", "typing", "step", 1, "key", "joint", "stop", true));
    typingList(facilitator, l -> !lists(l, anouk.participantId, 1, "joint"));
    assertTrue((System.nanoTime() - stopped) / 1_000_000 < 1500, "a stop ends the notice at once");

    // Closing the connection ends it too.
    anouk.send(Map.of("type", "typing", "step", 1, "key", "joint"));
    typingList(facilitator, l -> lists(l, anouk.participantId, 1, "joint"));
    anouk.close();
    typingList(facilitator, l -> !lists(l, anouk.participantId, 1, "joint"));

    // Nothing of it entered the room's history: the room is still at the seq of the text operation.
    TestClient late = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    JsonNode welcome = late.join(roomId, "Bram", "Provincie Utrecht");
    assertEquals(seq + 1, welcome.path("seq").asLong(), "only Bram's join was added to the history");
    late.close();
    facilitator.close();
  }

  @Test
  @DisplayName("typing is checked: observers never type, a participant only in their own organisation's answer, bad messages get a clear error; the room carries on")
  void typingIsChecked() {
    JsonNode created = Nodes.createRoom(nodes.get(1), "checklist-samen-data-delen", "Typing checks");
    String roomId = created.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, nodes.get(1).port(), Nodes.ORIGIN);
    facilitator.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    TestClient observer = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    observer.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", "Olga", "organisation", "Rijksoverheid", "role", "observer")));
    observer.awaitType("welcome");
    observer.send(Map.of("type", "typing", "step", 1, "key", "joint"));
    assertEquals("forbidden", observer.awaitType("error").path("code").asText());

    TestClient bram = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    bram.join(roomId, "Bram", "Provincie Utrecht");
    bram.send(Map.of("type", "typing", "step", 1, "key", "org:Gemeente Gouda"));
    assertEquals("forbidden", bram.awaitType("error").path("code").asText());
    bram.send(Map.of("type", "typing", "step", 1, "key", "title"));
    JsonNode bad = bram.awaitType("error");
    assertEquals("invalid_message", bad.path("code").asText());
    assertTrue(bad.path("message").asText().contains("/key"), bad.toString());
    bram.send(Map.of("type", "typing", "step", 1, "key", "joint", "caret", -1));
    assertEquals("invalid_message", bram.awaitType("error").path("code").asText());
    bram.sendRaw("{\"type\":\"typing\",\"step\":0,\"key\":\"joint\",\"extra\":\"" + "x".repeat(1000) + "\"}");
    assertEquals("invalid_message", bram.awaitType("error").path("code").asText());

    // Renewals faster than the server relays are dropped quietly; the room carries on.
    for (int i = 0; i < 10; i++) {
      bram.send(Map.of("type", "typing", "step", 1, "key", "org:Provincie Utrecht", "caret", i));
    }
    JsonNode list = typingList(facilitator, l -> lists(l, bram.participantId, 1, "org:Provincie Utrecht"));
    assertEquals(1, list.size());
    assertEquals(0, list.get(0).path("caret").asInt(), "the renewals right after the first were dropped");
    long seq = bram.command(Map.of("type", "text-op", "step", 1, "key", "joint", "rev", 0, "op", List.of(Map.of("i", "Nee"))));
    facilitator.awaitSeq(seq);
    assertEquals("Nee", facilitator.replica.content.get(1).texts.get("joint").text());
    bram.close();
    observer.close();
    facilitator.close();
  }
}

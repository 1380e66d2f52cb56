package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.werkplaats.Werkplaats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A node whose gateway runs on three event loops (WERKPLAATS_GATEWAY_LOOPS), with the people of one room spread
 * over all three: everyone gets every change in seq order without gaps, and the same room; presence (the
 * welcome's list, then changes) agrees on every loop.
 */
class GatewayLoopsTest {
  static final int LOOPS = 3;
  static Werkplaats node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    System.setProperty("werkplaats.gateway-loops", String.valueOf(LOOPS));
    try {
      node = Nodes.single(TestStores.embedded());
    } finally {
      System.clearProperty("werkplaats.gateway-loops");
    }
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
    clients.close();
    assertEquals(List.of(), TestClient.SCHEMA_VIOLATIONS, "every server message matches src/protocol");
  }

  @Test
  @DisplayName("one room over three event loops: every change everywhere in order, one room, one presence list")
  void oneRoomOverSeveralLoops() throws Exception {
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Loops");
    String roomId = created.path("roomId").asText();
    TestClient facilitator = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    facilitator.facilitate(roomId, created.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    List<TestClient> people = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestClient p = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
      p.join(roomId, "Deelnemer " + i, "Gemeente " + i);
      people.add(p);
    }
    List<TestClient> everyone = new ArrayList<>(people);
    everyone.add(facilitator);

    Map<Integer, Integer> perLoop = socketsPerLoop(everyone.size());
    assertEquals(LOOPS, perLoop.size(), "every loop serves some of the sockets: " + perLoop);

    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    ExecutorService writers = Executors.newFixedThreadPool(people.size());
    List<Future<Long>> last = new ArrayList<>();
    for (TestClient p : people) {
      last.add(writers.submit(() -> {
        long seq = 0;
        for (int n = 0; n < 5; n++) {
          seq = Math.max(seq, p.command(Map.of("type", "add-card", "step", 1, "prompt", 0,
              "text", p.participantId + " kaart " + n)));
        }
        return seq;
      }));
    }
    long latest = 0;
    for (Future<Long> f : last) {
      latest = Math.max(latest, f.get());
    }
    writers.shutdown();
    for (TestClient c : everyone) {
      c.awaitSeq(latest); // a gap or a change out of order stops a client's replica (TestClient)
    }
    // Compared once everyone (the facilitator too) has every change, not while the facilitator may still lag.
    for (TestClient c : everyone) {
      assertEquals(facilitator.replicaJson(), c.replicaJson(), "client " + c.participantId + " has the same room");
    }
    assertEquals(40, facilitator.replicaJson().path("content").path(1).path("cards").size(), "every card, once");

    Set<String> ids = new TreeSet<>();
    everyone.forEach(c -> ids.add(c.participantId));
    for (TestClient c : everyone) {
      assertEquals(ids, c.awaitOnline(ids.size()), "presence as seen by " + c.participantId);
    }
    for (TestClient gone : people.subList(0, 4)) {
      gone.close();
      ids.remove(gone.participantId);
    }
    for (TestClient c : everyone.subList(4, everyone.size())) {
      assertEquals(ids, c.awaitOnline(ids.size()), "those who left went offline for " + c.participantId);
    }
    everyone.subList(4, everyone.size()).forEach(TestClient::close);
  }

  private static final Pattern LOOP_GAUGE = Pattern.compile("werkplaats_gateway_connections\\{loop=\"(\\d+)\",?\\} (\\S+)");

  /** The WebSockets per gateway loop, from /metrics, once the samplers count {@code expected} in all. */
  private static Map<Integer, Integer> socketsPerLoop(int expected) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Map<Integer, Integer> perLoop = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      perLoop.clear();
      Matcher m = LOOP_GAUGE.matcher(Nodes.get(node, "/metrics", Nodes.ORGANISER_KEY).body());
      while (m.find()) {
        int open = (int) Double.parseDouble(m.group(2));
        if (open > 0) {
          perLoop.put(Integer.valueOf(m.group(1)), open);
        }
      }
      if (perLoop.values().stream().mapToInt(Integer::intValue).sum() >= expected) {
        return perLoop;
      }
      TestClient.sleep(200);
    }
    assertTrue(false, "the loops' gauges never counted " + expected + " sockets: " + perLoop);
    return perLoop;
  }
}

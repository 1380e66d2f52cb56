package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.Agreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three clustered members in this JVM (TCP-IP on 127.0.0.1, multicast off, a random cluster name). Clients
 * on different members write to one room at the same time; then one member crashes mid-stream.
 */
@ExtendWith(VertxExtension.class)
class ClusterTest {
  static final int WRITERS = 6;
  static final int WRITES_EACH = 24;
  static final int CRASH_AFTER = 8;

  List<Werkplaats> nodes = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    nodes.forEach(Nodes::stop);
  }

  @Test
  @DisplayName("concurrent writes on three members all survive the crash of one member, and every client converges")
  void writesSurviveACrash(Vertx vertx) throws Exception {
    var db = TestStores.sharedDatabase("cluster");
    nodes = new ArrayList<>(Nodes.cluster(3, i -> TestStores.member(db)));
    assertEquals(3, nodes.get(0).node().members());
    JsonNode room = Nodes.createRoom(nodes.get(0), "data-team-start", "Cluster");
    String roomId = room.path("roomId").asText();
    TestClient facilitator = TestClient.connect(vertx, nodes.get(0).port(), Nodes.ORIGIN);
    facilitator.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));

    String[] organisations = {"Gemeente Gouda", "Provincie Zuid-Holland", "Universiteit Utrecht"};
    Werkplaats doomed = nodes.get(2);
    // Someone on the doomed member who will not come back: presence must forget them when it dies.
    TestClient idle = TestClient.connect(vertx, doomed.port(), Nodes.ORIGIN);
    idle.join(roomId, "Ivo", "Gemeente Woerden");
    eventually(() -> lastOnline(facilitator).contains(idle.participantId), "the idle participant shows as present");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<String> unexpectedCloses = java.util.Collections.synchronizedList(new ArrayList<>());
    List<TestClient> finalClients = new ArrayList<>();
    CountDownLatch readyToCrash = new CountDownLatch(WRITERS);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<TestClient>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> {
        int home = writer % 3;
        TestClient client = TestClient.connect(vertx, nodes.get(home).port(), Nodes.ORIGIN);
        client.join(roomId, "Deelnemer " + writer, organisations[writer % 3]);
        for (int k = 0; k < WRITES_EACH; k++) {
          if (k == CRASH_AFTER) {
            readyToCrash.countDown();
          }
          String what = "afspraak " + writer + "-" + k;
          String commandId = UUID.randomUUID().toString();
          Map<String, Object> command = Map.of("type", "save-agreement", "step", 1, "what", what, "who", "team");
          while (true) {
            client.sendCommandQuietly(commandId, command);
            OptionalLong seq = client.awaitAck(commandId, Duration.ofSeconds(20));
            if (seq.isPresent()) {
              acknowledged.add(what);
              break;
            }
            if (!client.closed.isDone()) {
              TestClient.sleep(200); // refused (e.g. internal while the cluster fails over): back off, as a browser does
            } else {
              // The member died: carry on through a surviving one, from the last seq, and send it again.
              if (client.port != doomed.port()) {
                unexpectedCloses.add("a connection to a surviving member closed with " + client.closed.getNow(null));
              }
              int other = (home == 2) ? writer % 2 : home;
              TestClient again = TestClient.connect(vertx, nodes.get(other).port(), Nodes.ORIGIN);
              again.adopt(client);
              again.resume(roomId, client.participantId, client.token, client.lastSeq);
              client = again;
            }
          }
        }
        return client;
      }));
    }
    assertTrue(readyToCrash.await(60, TimeUnit.SECONDS), "writers got going");
    Nodes.crash(doomed);
    nodes.remove(doomed);
    for (Future<TestClient> f : writers) {
      finalClients.add(f.get(180, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertEquals(List.of(), unexpectedCloses, "only the crashed member's connections drop");
    assertEquals(WRITERS * WRITES_EACH, acknowledged.size());
    // A fresh reading of the room from a surviving member has every acknowledged write.
    TestClient observer = TestClient.connect(vertx, nodes.get(1).port(), Nodes.ORIGIN);
    observer.join(roomId, "Olga", "Gemeente Gouda");
    Set<String> stored = observer.replica.agreements.values().stream().map(Agreement::what).collect(Collectors.toSet());
    assertTrue(stored.containsAll(acknowledged), "missing: " + acknowledged.stream().filter(a -> !stored.contains(a)).toList());
    assertEquals(acknowledged.size(), stored.size(), "each write applied once");

    eventually(() -> !lastOnline(facilitator).contains(idle.participantId),
        "presence forgets the connections of a member that left the cluster");
    assertTrue(lastOnline(facilitator).contains(facilitator.participantId));

    // Every client converges on the same room.
    long latest = observer.lastSeq;
    facilitator.awaitSeq(latest);
    for (TestClient c : finalClients) {
      c.awaitSeq(latest);
      assertEquals(agreementsOf(facilitator), agreementsOf(c), "client " + c.participantId + " converged");
      assertEquals(facilitator.replicaJson().path("participants"), c.replicaJson().path("participants"));
    }
  }

  private static java.util.Set<String> lastOnline(TestClient c) {
    return c.online();
  }

  private static void eventually(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      TestClient.sleep(50);
    }
  }

  private static JsonNode agreementsOf(TestClient c) {
    return c.replicaJson().path("agreements");
  }
}

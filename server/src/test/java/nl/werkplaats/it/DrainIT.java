package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import nl.werkplaats.room.Agreement;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM to one member of a two-member cluster while participants write: it stops being ready, closes its
 * WebSockets with 1001 spread over the configured seconds, answers what it received first, and leaves; the
 * participants move to the other member and nothing acknowledged is lost.
 */
@ExtendWith(VertxExtension.class)
class DrainIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int WRITERS = 6;
  private static final long PACE_MS = 200;
  /** A room holds at most 500 agreements. */
  private static final int MAX_PER_WRITER = 80;
  private final List<JarProcess> members = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (JarProcess p : members) {
      p.close();
    }
  }

  @Test
  @DisplayName("SIGTERM drains a member: not ready, 1001 spread over seconds, every ack kept, clients on the other member")
  void sigtermDrains(Vertx vertx) throws Exception {
    PostgresServer.Database db = PostgresServer.get().createDatabase("drain");
    int[] http = {Nodes.freePort(), Nodes.freePort()};
    int[] cluster = {Nodes.freePort(), Nodes.freePort()};
    Map<String, String> common = new HashMap<>();
    common.put("WERKPLAATS_STORE", "postgres");
    common.put("WERKPLAATS_DB_URL", db.url());
    common.put("WERKPLAATS_DB_USER", db.user());
    common.put("WERKPLAATS_DB_PASSWORD", db.password());
    common.put("WERKPLAATS_CLUSTER_NAME", "drain-" + UUID.randomUUID());
    common.put("WERKPLAATS_CLUSTER_MEMBERS", "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1]);
    common.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
    common.put("WERKPLAATS_PUBLIC_URL", Nodes.ORIGIN);
    common.put("WERKPLAATS_DATA_DIR", Nodes.tempDir().toString());
    common.put("WERKPLAATS_DRAIN_WAIT_SECONDS", "2"); // room for a slow poll of /ready on a busy machine
    common.put("WERKPLAATS_DRAIN_SECONDS", "3");
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = new HashMap<>(common);
      env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(cluster[i]));
      members.add(JarProcess.start(http[i], env));
    }
    JarProcess leaving = members.get(0);
    int stays = http[1];
    awaitStatus(stays, "/ready", 200, 60);

    JsonNode room = AgreementWriter.roomAtAgreements(vertx, stays, "Afbouw");
    String roomId = room.path("roomId").asText();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<Short> closeCodes = new CopyOnWriteArrayList<>();
    List<Long> closedAt = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<TestClient>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      TestClient first = TestClient.connect(vertx, http[0], Nodes.ORIGIN);
      first.join(roomId, "Schrijver " + w, "Gemeente Gouda");
      int id = w;
      writers.add(pool.submit(() -> {
        TestClient client = first;
        for (int n = 0; writing.get() && n < MAX_PER_WRITER; n++) {
          client = AgreementWriter.write(client, "w" + id + "-" + n, acknowledged, gone -> {
            closedAt.add(System.nanoTime());
            closeCodes.add(gone.closed.join());
            TestClient again = TestClient.connect(vertx, stays, Nodes.ORIGIN);
            again.adopt(gone);
            again.resume(roomId, gone.participantId, gone.token, gone.lastSeq);
            return again;
          });
          TestClient.sleep(PACE_MS);
        }
        return client;
      }));
    }
    TestClient.sleep(1500);
    int before = acknowledged.size();
    long sigterm = System.nanoTime();
    leaving.terminate();
    // Readiness goes DOWN before any socket is closed (the load balancer's cue), while the node still answers.
    awaitStatus(http[0], "/ready", 503, 5);
    assertTrue(closeCodes.isEmpty(), "a socket was closed before /ready went down: " + closeCodes);
    TestClient late = TestClient.connect(vertx, http[0], Nodes.ORIGIN);
    assertEquals((short) 1001, late.awaitClose(), "a new WebSocket on a draining member is told to move at once");
    long readyDownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
    assertTrue(leaving.awaitExit(60), "the member did not stop after SIGTERM:\n" + leaving.output());
    System.out.println("DrainIT: /ready down after " + readyDownMs + " ms, the member stopped after "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm) + " ms, " + acknowledged.size() + " acknowledged");
    System.out.println(leaving.output());
    TestClient.sleep(1000); // the moved writers go on writing on the other member
    writing.set(false);
    List<TestClient> moved = new ArrayList<>();
    for (Future<TestClient> f : writers) {
      moved.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertEquals(WRITERS, closeCodes.size(), "every writer on the leaving member was told to move: " + closeCodes);
    assertTrue(closeCodes.stream().allMatch(c -> c == 1001), "close codes " + closeCodes);
    long spreadMs = TimeUnit.NANOSECONDS.toMillis(closedAt.stream().mapToLong(Long::longValue).max().orElseThrow()
        - closedAt.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertTrue(spreadMs >= 1500, "the closes were spread over the drain's 3 s, not at once: " + spreadMs + " ms");
    long firstCloseMs = TimeUnit.NANOSECONDS.toMillis(closedAt.stream().mapToLong(Long::longValue).min().orElseThrow() - sigterm);
    assertTrue(firstCloseMs >= 1900, "the first socket closed after the drain's wait: " + firstCloseMs + " ms");
    assertTrue(moved.stream().allMatch(c -> c.port == stays), "every writer is on the member that stayed");
    assertTrue(acknowledged.size() > before, "writes went on during and after the drain");
    assertTrue(leaving.output().contains("draining"), leaving.output());

    TestClient reader = TestClient.connect(vertx, stays, Nodes.ORIGIN);
    reader.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    Set<String> stored = reader.replica.agreements.values().stream().map(Agreement::what).collect(Collectors.toSet());
    assertTrue(stored.containsAll(acknowledged), "lost: " + acknowledged.stream().filter(a -> !stored.contains(a)).toList());
  }

  /** Polls {@code path} until it answers {@code status}. */
  static void awaitStatus(int port, String path, int status, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == status) {
          return;
        }
        last = res.statusCode() + " " + res.body();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      TestClient.sleep(50);
    }
    throw new AssertionError(path + " on " + port + " never answered " + status + "; last: " + last);
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import nl.werkplaats.room.Agreement;
import nl.werkplaats.testsupport.Haproxy;
import nl.werkplaats.testsupport.PostgresServer;
import nl.werkplaats.testsupport.Recipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One address for users: deploy/compose.yaml's three members (separate processes, the compose file's
 * settings) behind a real HAProxy with deploy/haproxy.cfg.
 * Participants connect through the proxy only; one member is killed with SIGKILL while they write; its
 * participants are back through the same address within 5 s and nothing acknowledged is lost.
 */
@ExtendWith(VertxExtension.class)
class HaproxyFailoverIT {
  private static final int WRITERS = 6;
  private static final int MAX_PER_WRITER = 70; // a room holds at most 500 agreements
  private static final long BACK_WITHIN_MS = 5_000;
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  @DisplayName("kill -9 of one of three members behind HAProxy: its participants are back through the same address within 5 s, nothing lost")
  void failoverThroughTheProxy(Vertx vertx) throws Exception {
    PostgresServer.Database db = PostgresServer.get().createDatabase("haproxy");
    int[] http = {Nodes.freePort(), Nodes.freePort(), Nodes.freePort()};
    int[] cluster = {Nodes.freePort(), Nodes.freePort(), Nodes.freePort()};
    // deploy/compose.yaml's nodes as plain processes: each node's environment from there, with only the
    // addresses, the database, the key and the public URL of this machine instead.
    Map<String, String> local = new HashMap<>();
    local.put("WERKPLAATS_DB_URL", db.url());
    local.put("WERKPLAATS_DB_USER", db.user());
    local.put("WERKPLAATS_DB_PASSWORD", db.password());
    local.put("WERKPLAATS_CLUSTER_NAME", "haproxy-" + UUID.randomUUID());
    local.put("WERKPLAATS_CLUSTER_MEMBERS", "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2]);
    local.put("WERKPLAATS_CLUSTER_HOST", "127.0.0.1");
    local.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
    local.put("WERKPLAATS_PUBLIC_URL", Nodes.ORIGIN);
    local.put("WERKPLAATS_TRUSTED_PROXIES", "127.0.0.1");
    local.put("WERKPLAATS_METRICS_HOST", "127.0.0.1");
    local.put("WERKPLAATS_DATA_DIR", Nodes.tempDir().toString());
    List<JarProcess> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = new HashMap<>(Recipes.environment("node" + (i + 1)));
      env.putAll(local);
      env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(cluster[i]));
      env.put("WERKPLAATS_METRICS_PORT", String.valueOf(Nodes.freePort()));
      assertTrue(env.values().stream().noneMatch(v -> v.contains("${")), "every compose variable replaced: " + env);
      JarProcess p = JarProcess.start(http[i], env);
      members.add(p);
      running.add(p);
    }
    for (int port : http) {
      DrainIT.awaitStatus(port, "/ready", 200, 60);
    }
    Haproxy proxy = Haproxy.start(Nodes.freePort(), List.of("127.0.0.1:" + http[0], "127.0.0.1:" + http[1], "127.0.0.1:" + http[2]));
    running.add(proxy);
    int lb = proxy.port;

    JsonNode room = AgreementWriter.roomAtAgreements(vertx, lb, "Eén adres");
    String roomId = room.path("roomId").asText();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<Long> backAfterMs = new CopyOnWriteArrayList<>();
    AtomicLong killedAt = new AtomicLong();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      TestClient first = TestClient.connect(vertx, lb, Nodes.ORIGIN);
      first.join(roomId, "Schrijver " + w, "Gemeente Gouda");
      int id = w;
      writers.add(pool.submit(() -> {
        TestClient client = first;
        int n = 0;
        for (; writing.get() && n < MAX_PER_WRITER; n++) {
          client = AgreementWriter.write(client, "w" + id + "-" + n, acknowledged, gone -> {
            TestClient back = reconnect(vertx, gone, roomId, lb);
            backAfterMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt.get()));
            return back;
          });
          TestClient.sleep(150);
        }
        return n;
      }));
    }
    TestClient.sleep(2000);
    killedAt.set(System.nanoTime());
    members.get(1).crash();
    TestClient.sleep(8000); // the other writers go on meanwhile, and the moved ones after their return
    writing.set(false);
    for (Future<Integer> f : writers) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    System.out.println("HaproxyFailoverIT: " + backAfterMs.size() + " participant(s) moved, back after " + backAfterMs
        + " ms; " + acknowledged.size() + " acknowledged");
    assertTrue(!backAfterMs.isEmpty(), "round-robin put participants on the killed member");
    for (long ms : backAfterMs) {
      assertTrue(ms < BACK_WITHIN_MS, "a participant was back only after " + ms + " ms: " + backAfterMs);
    }
    TestClient reader = TestClient.connect(vertx, lb, Nodes.ORIGIN);
    reader.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    Set<String> stored = reader.replica.agreements.values().stream().map(Agreement::what).collect(Collectors.toSet());
    assertTrue(stored.containsAll(acknowledged), "lost: " + acknowledged.stream().filter(a -> !stored.contains(a)).toList());
    for (int i : new int[] {0, 2}) {
      List<String> severe = members.get(i).output().lines().filter(l -> l.contains("SEVERE")).toList();
      assertEquals(List.of(), severe, "member " + i + " logged SEVERE");
    }
  }

  @Test
  @DisplayName("behind HAProxy the per-address limits see each user's address, not the proxy's, and a forged X-Forwarded-For is ignored")
  void limitsSeeTheClientBehindTheProxy(Vertx vertx) throws Exception {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "xff-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_TRUSTED_PROXIES", "127.0.0.1");
    env.put("WERKPLAATS_JOIN_BURST_PER_ADDRESS", "1");
    nl.werkplaats.Werkplaats node = Nodes.start(nl.werkplaats.Config.fromEnv(env), TestStores.embedded());
    running.add(() -> Nodes.stop(node));
    String backend = "127.0.0.1:" + node.port();
    Haproxy proxy = Haproxy.start(Nodes.freePort(), List.of(backend, backend, backend));
    running.add(proxy);
    JsonNode room = Nodes.createRoom(node, "data-team-start", "Adressen");
    String roomId = room.path("roomId").asText();

    // The join-code look-up: 10 at once per address, then one every 5 s.
    String code = "/api/join/" + room.path("joinCode").asText();
    for (int i = 0; i < 10; i++) {
      assertEquals(200, status(vertx, proxy.port, code, "127.0.0.2", Map.of()));
    }
    assertEquals(429, status(vertx, proxy.port, code, "127.0.0.2", Map.of()), "127.0.0.2 used its look-ups");
    assertEquals(200, status(vertx, proxy.port, code, "127.0.0.3", Map.of()), "another user behind the same proxy");
    assertEquals(200, status(vertx, proxy.port, code, "127.0.0.4", Map.of("X-Forwarded-For", "127.0.0.3")),
        "a forged header does not make 127.0.0.4 someone else");

    // Joins over the WebSocket: one at once per address here.
    TestClient first = TestClient.connect(vertx, proxy.port, Nodes.ORIGIN, "127.0.0.2", Map.of());
    first.join(roomId, "Ada", "Gemeente Gouda");
    TestClient second = TestClient.connect(vertx, proxy.port, Nodes.ORIGIN, "127.0.0.2", Map.of());
    second.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", "Bert", "organisation", "Gemeente Gouda")));
    second.awaitError("rate_limited");
    assertEquals((short) 4008, second.awaitClose());
    TestClient other = TestClient.connect(vertx, proxy.port, Nodes.ORIGIN, "127.0.0.3", Map.of("X-Forwarded-For", "127.0.0.2"));
    other.join(roomId, "Cees", "Provincie Utrecht");
  }

  private static int status(Vertx vertx, int port, String path, String from, Map<String, String> headers) {
    io.vertx.core.http.HttpClient http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setLocalAddress(from));
    try {
      return TestClient.get(http.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", path)
          .compose(req -> {
            headers.forEach(req::putHeader);
            return req.send();
          })
          .map(io.vertx.core.http.HttpClientResponse::statusCode)
          .toCompletionStage().toCompletableFuture());
    } finally {
      http.close();
    }
  }

  /** Through the proxy again until welcomed: 250 ms, then doubling up to 2 s, between attempts. */
  static TestClient reconnect(Vertx vertx, TestClient gone, String roomId, int lb) {
    long backoff = 250;
    for (int attempt = 0; attempt < 40; attempt++) {
      TestClient.sleep(backoff);
      backoff = Math.min(2000, backoff * 2);
      TestClient again;
      try {
        again = TestClient.connect(vertx, lb, Nodes.ORIGIN);
      } catch (RuntimeException refused) {
        continue;
      }
      again.adopt(gone);
      again.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "lastSeq", gone.lastSeq,
          "auth", Map.of("kind", "resume", "participantId", gone.participantId, "token", gone.token)));
      JsonNode answer = again.await(m -> m.path("type").asText().equals("welcome") || m.path("type").asText().equals("error"));
      if ("welcome".equals(answer.path("type").asText())) {
        return again;
      }
      again.close();
    }
    throw new AssertionError("not back through the proxy");
  }
}

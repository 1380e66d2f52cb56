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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health, /ready and /metrics of a real node (docs/operations.md). */
@ExtendWith(VertxExtension.class)
class OperationsEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("/health and /ready answer UP on a started node, with the checks that make readiness")
  void healthAndReady() throws Exception {
    Werkplaats node = Nodes.single(TestStores.embedded());
    try {
      HttpResponse<String> health = Nodes.get(node, "/health", null);
      assertEquals(200, health.statusCode(), health.body());
      JsonNode h = DomainJson.MAPPER.readTree(health.body());
      assertEquals("UP", h.path("status").asText());
      assertEquals(1, h.path("members").asInt());

      HttpResponse<String> ready = Nodes.get(node, "/ready", null);
      assertEquals(200, ready.statusCode(), ready.body());
      JsonNode r = DomainJson.MAPPER.readTree(ready.body());
      assertEquals("UP", r.path("status").asText());
      assertEquals(java.util.Set.of("started", "draining", "cluster", "store"),
          java.util.Set.copyOf(r.path("checks").findValuesAsText("id")));
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("/ready is 503 while the cluster has fewer members than configured, and once the node drains")
  void notReadyBelowTheClusterSizeAndWhileDraining() throws Exception {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "ready-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_MIN_CLUSTER_SIZE", "2");
    Werkplaats alone = Nodes.start(Config.fromEnv(env), TestStores.embedded());
    try {
      HttpResponse<String> ready = Nodes.get(alone, "/ready", null);
      assertEquals(503, ready.statusCode(), ready.body());
      JsonNode cluster = check(ready, "cluster");
      assertEquals("DOWN", cluster.path("status").asText());
      assertEquals(2, cluster.path("data").path("required").asInt());
      assertEquals(200, Nodes.get(alone, "/health", null).statusCode(), "alive all the same");
    } finally {
      Nodes.stop(alone);
    }

    Werkplaats node = Nodes.single(TestStores.embedded());
    try {
      assertEquals(200, Nodes.get(node, "/ready", null).statusCode());
      node.health().draining();
      HttpResponse<String> ready = Nodes.get(node, "/ready", null);
      assertEquals(503, ready.statusCode());
      assertEquals("DOWN", check(ready, "draining").path("status").asText());
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("/ready is 503 when the node has no store")
  void notReadyWithoutAStore() throws Exception {
    Werkplaats node = Nodes.single(null);
    try {
      HttpResponse<String> ready = Nodes.get(node, "/ready", null);
      assertEquals(503, ready.statusCode(), ready.body());
      assertEquals("DOWN", check(ready, "store").path("status").asText());
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("/ready is 503 while the node's PostgreSQL refuses connections, and UP again once it is back")
  void notReadyWhileTheStoreIsGone() throws Exception {
    nl.werkplaats.testsupport.PostgresServer.Database db = TestStores.sharedDatabase("ready");
    Werkplaats node = Nodes.single(TestStores.member(db));
    String admin = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "postgres";
    try {
      assertEquals(200, Nodes.get(node, "/ready", null).statusCode());
      sql(admin, db, "ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false",
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
      HttpResponse<String> ready = awaitReady(node, 503);
      assertEquals("DOWN", check(ready, "store").path("status").asText(), ready.body());
      assertEquals(200, Nodes.get(node, "/health", null).statusCode(), "alive all the same: no restart");
      sql(admin, db, "ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
      awaitReady(node, 200);
    } finally {
      sql(admin, db, "ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
      Nodes.stop(node);
    }
  }

  private static void sql(String url, nl.werkplaats.testsupport.PostgresServer.Database db, String... statements)
      throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, db.user(), db.password());
         java.sql.Statement st = c.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    }
  }

  private static HttpResponse<String> awaitReady(Werkplaats node, int status) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> res = Nodes.get(node, "/ready", null);
    while (res.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      res = Nodes.get(node, "/ready", null);
    }
    assertEquals(status, res.statusCode(), res.body());
    return res;
  }

  @Test
  @DisplayName("/metrics needs the organiser key on the main port, and counts each command by type and outcome")
  void metricsCountCommands(Vertx vertx) throws Exception {
    Werkplaats node = Nodes.single(TestStores.embedded());
    try {
      assertEquals(401, Nodes.get(node, "/metrics", null).statusCode());
      assertEquals(401, Nodes.get(node, "/metrics", "not-the-organiser-key").statusCode());
      String before = Nodes.get(node, "/metrics", Nodes.ORGANISER_KEY).body();
      assertEquals(0.0, value(before, "werkplaats_commands_total", "outcome=\"applied\",type=\"start\""));

      JsonNode room = Nodes.createRoom(node, "data-team-start", "Metingen");
      TestClient fien = TestClient.connect(vertx, node.port(), Nodes.ORIGIN);
      fien.facilitate(room.path("roomId").asText(), room.path("facilitatorToken").asText(), "Fien", "Datalab");
      fien.command(Map.of("type", "start"));
      assertEquals("invalid_transition", fien.refused(Map.of("type", "start")));

      HttpResponse<String> res = Nodes.get(node, "/metrics", Nodes.ORGANISER_KEY);
      assertEquals(200, res.statusCode());
      assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      String after = res.body();
      assertEquals(1.0, value(after, "werkplaats_commands_total", "outcome=\"applied\",type=\"start\""), after);
      assertEquals(1.0, value(after, "werkplaats_commands_total", "outcome=\"rejected\",type=\"start\""), after);
      assertEquals(2.0, value(after, "werkplaats_command_ack_seconds_count", ""), after);
      assertEquals(1.0, value(after, "werkplaats_connections", ""), after);
      assertEquals(1.0, value(after, "werkplaats_cluster_members", ""), after);
      assertEquals(1.0, value(after, "werkplaats_rooms_in_memory", ""), after);
      assertTrue(value(after, "werkplaats_store_batch_changes_sum", "") >= 2.0,
          "the room's creation and its start were written to the store in counted batches:\n" + after);
      assertTrue(value(after, "werkplaats_store_batch_seconds_count", "") >= 1.0, after);
      for (String family : List.of("werkplaats_event_loop_delay_seconds_count", "werkplaats_partition_migrations_total",
          "werkplaats_fanout_backlog_events", "werkplaats_store_batch_seconds_count", "jvm_memory_used_bytes",
          "vertx_http_server_requests_total")) {
        assertTrue(after.contains(family), family + " missing:\n" + after);
      }
      fien.close();
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("a management port serves /metrics, /health and /ready without a key")
  void managementPort() throws Exception {
    int port = Nodes.freePort();
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "mgmt-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_METRICS_PORT", String.valueOf(port));
    Werkplaats node = Nodes.start(Config.fromEnv(env), TestStores.embedded());
    try {
      for (String path : List.of("/metrics", "/health", "/ready")) {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        assertEquals(HttpClient.Version.HTTP_1_1, res.version(),
            path + ": a client offering the h2c upgrade (the JDK's does) gets HTTP/1.1, as on the main port");
      }
      assertEquals(401, Nodes.get(node, "/metrics", null).statusCode(), "still guarded on the main port");
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("a member configured for Kubernetes discovery (DNS of a headless Service) starts and is ready")
  void kubernetesDiscoveryStarts() throws Exception {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "dns-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    env.remove("WERKPLAATS_CLUSTER_MEMBERS");
    env.put(Config.KUBERNETES_SERVICE_DNS, "localhost"); // resolves here to this member only
    Werkplaats node = Nodes.start(Config.fromEnv(env), TestStores.embedded());
    try {
      assertTrue(node.node().hazelcast().getConfig().getAdvancedNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
      HttpResponse<String> ready = Nodes.get(node, "/ready", null);
      assertEquals(200, ready.statusCode(), ready.body());
    } finally {
      Nodes.stop(node);
    }
  }

  @Test
  @DisplayName("a management port that is taken stops the start with that reason")
  void managementPortTaken() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> env = Nodes.env(Nodes.tempDir(), "taken-" + UUID.randomUUID(), Nodes.freePort(), List.of());
      env.put("WERKPLAATS_METRICS_PORT", String.valueOf(taken.getLocalPort()));
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> Nodes.start(Config.fromEnv(env), TestStores.embedded()));
      assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("address already in use"), String.valueOf(e));
    }
  }

  private static JsonNode check(HttpResponse<String> res, String id) throws Exception {
    for (JsonNode c : DomainJson.MAPPER.readTree(res.body()).path("checks")) {
      if (id.equals(c.path("id").asText())) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + res.body());
  }

  /** The value of one sample in the Prometheus text format (0 when absent). */
  static double value(String exposition, String name, String labels) {
    Pattern p = Pattern.compile("^" + Pattern.quote(name) + (labels.isEmpty() ? "(\\{[^}]*\\})?" : "\\{" + Pattern.quote(labels) + "[^}]*\\}")
        + " (\\S+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(labels.isEmpty() ? 2 : 1)) : 0.0;
  }
}

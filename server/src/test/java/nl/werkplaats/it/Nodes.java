package nl.werkplaats.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.store.Store;

/** Starts real Werkplaats nodes for tests: one, or a cluster on 127.0.0.1 (TCP-IP join, multicast off). */
public final class Nodes {
  public static final String ORIGIN = "http://werkplaats.test";
  public static final String ORGANISER_KEY = "organiser-key-for-tests";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Nodes() {}

  public static Map<String, String> env(Path dataDir, String clusterName, int clusterPort, List<String> members) {
    Map<String, String> env = new HashMap<>();
    env.put("WERKPLAATS_PORT", "0");
    env.put("WERKPLAATS_HOST", "127.0.0.1");
    env.put("WERKPLAATS_PUBLIC_URL", ORIGIN);
    env.put("WERKPLAATS_DATA_DIR", dataDir.toString());
    env.put("WERKPLAATS_CLUSTER_NAME", clusterName);
    env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("WERKPLAATS_CLUSTER_MEMBERS", String.join(",", members));
    env.put("WERKPLAATS_FAILURE_DETECTION_SECONDS", "5");
    env.put("WERKPLAATS_ORGANISER_KEY", ORGANISER_KEY);
    env.put("WERKPLAATS_DEMO_ROOM", "false");
    return env;
  }

  public static Werkplaats single(Store store) {
    Path dir = tempDir();
    return start(Config.fromEnv(env(dir, "test-" + UUID.randomUUID(), freePort(), List.of())), store);
  }

  /** A cluster of {@code size} members; {@code stores} gives each member its store (or null). */
  public static List<Werkplaats> cluster(int size, java.util.function.IntFunction<Store> stores) {
    String name = "test-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<Werkplaats> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(start(Config.fromEnv(env(tempDir(), name, ports.get(i), members)), stores.apply(i)));
    }
    return nodes;
  }

  public static Werkplaats start(Config config, Store store) {
    return TestClient.get(Werkplaats.start(config, store).toCompletionStage().toCompletableFuture());
  }

  public static void stop(Werkplaats node) {
    try {
      node.stop().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // already stopped or crashed on purpose
    }
  }

  /** Crashes a member: Hazelcast terminated without handing anything over, its sockets dropped. */
  public static void crash(Werkplaats node) {
    node.node().hazelcast().getLifecycleService().terminate();
    stop(node);
  }

  /** A room from a built-in template: answers roomId, joinCode, facilitatorToken, organiserToken. */
  public static JsonNode createRoom(Werkplaats node, String templateId, String title) {
    return post(node, "/api/rooms", Map.of("templateId", templateId, "title", title), ORGANISER_KEY, 201);
  }

  public static JsonNode post(Werkplaats node, String path, Object body, String bearer, int expectedStatus) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
          .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : DomainJson.MAPPER.writeValueAsString(body)))
          .header("Content-Type", "application/json");
      if (bearer != null) {
        req.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != expectedStatus) {
        throw new AssertionError("POST " + path + " answered " + res.statusCode() + ": " + res.body());
      }
      return DomainJson.MAPPER.readTree(res.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(Werkplaats node, String path, String bearer) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).GET();
      if (bearer != null) {
        req.header("Authorization", "Bearer " + bearer);
      }
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("werkplaats-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

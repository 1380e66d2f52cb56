package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.werkplaats.room.Agreement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The default single node with its embedded store, killed with SIGKILL right after acknowledging. */
@ExtendWith(VertxExtension.class)
class SingleNodeCrashIT {

  @Test
  @DisplayName("kill -9 of a single node right after an ack loses nothing: the embedded store has it")
  void acknowledgedSurvivesACrash(Vertx vertx) throws Exception {
    Path data = Nodes.tempDir();
    int port = Nodes.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("WERKPLAATS_DATA_DIR", data.toString());
    env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(Nodes.freePort()));
    env.put("WERKPLAATS_CLUSTER_NAME", "crash-" + port);
    env.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
    env.put("WERKPLAATS_PUBLIC_URL", Nodes.ORIGIN);
    env.put("WERKPLAATS_DEMO_ROOM", "false");
    Set<String> acknowledged = new HashSet<>();
    String roomId;
    String facilitatorToken;
    try (JarProcess node = JarProcess.start(port, env)) {
      JsonNode room = ClusterRestartIT.post(port, "/api/rooms", Map.of("templateId", "data-team-start", "title", "Crash"));
      roomId = room.path("roomId").asText();
      facilitatorToken = room.path("facilitatorToken").asText();
      TestClient fien = TestClient.connect(vertx, port, Nodes.ORIGIN);
      fien.facilitate(roomId, facilitatorToken, "Fien", "Datalab");
      fien.command(Map.of("type", "start"));
      for (int i = 0; i < 25; i++) {
        String what = "afspraak " + i;
        fien.command(Map.of("type", "save-agreement", "step", 0, "what", what));
        acknowledged.add(what);
      }
      node.crash(); // at once after the last ack: no shutdown hook, nothing flushed on purpose
    }
    try (JarProcess again = JarProcess.start(port, env)) {
      TestClient reader = TestClient.connect(vertx, port, Nodes.ORIGIN);
      reader.facilitate(roomId, facilitatorToken, "Fien", "Datalab");
      Set<String> stored = reader.replica.agreements.values().stream().map(Agreement::what).collect(Collectors.toSet());
      assertTrue(stored.containsAll(acknowledged), "lost: " + acknowledged.stream().filter(a -> !stored.contains(a)).toList());
      assertEquals(acknowledged.size(), stored.size());
    }
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starts the built jar as its own process, as the README says, and joins the demo room it prints. */
@ExtendWith(VertxExtension.class)
class JarLaunchIT {

  @Test
  @DisplayName("java -jar starts a single node with a demo room that a participant can join over WebSocket")
  void demoRoomFromTheJar(Vertx vertx) throws Exception {
    Path jar = Path.of("target", "werkplaats.jar");
    assertTrue(Files.exists(jar), "the jar is built before integration tests: " + jar.toAbsolutePath());
    int port = Nodes.freePort();
    Path data = Files.createTempDirectory("werkplaats-jar");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).redirectErrorStream(true);
    pb.environment().put("WERKPLAATS_PORT", String.valueOf(port));
    pb.environment().put("WERKPLAATS_DATA_DIR", data.toString());
    pb.environment().put("WERKPLAATS_CLUSTER_PORT", String.valueOf(Nodes.freePort()));
    pb.environment().put("WERKPLAATS_CLUSTER_NAME", "jar-" + port);
    Process server = pb.start();
    try {
      String participantUrl = null;
      String code = null;
      StringBuilder output = new StringBuilder();
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.currentTimeMillis() + 90_000;
      Pattern link = Pattern.compile("participants join here: (\\S+)");
      Pattern codeLine = Pattern.compile("or with the code:\\s+(\\S+)");
      String line;
      while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = link.matcher(line);
        if (m.find()) {
          participantUrl = m.group(1);
        }
        Matcher c = codeLine.matcher(line);
        if (c.find()) {
          code = c.group(1);
          break;
        }
      }
      assertNotNull(participantUrl, "the demo room's link is printed:\n" + output);
      assertTrue(participantUrl.startsWith("http://localhost:" + port + "/j/r-"), participantUrl);
      String roomId = participantUrl.substring(participantUrl.lastIndexOf('/') + 1);

      TestClient participant = TestClient.connect(vertx, port, "http://localhost:" + port);
      JsonNode welcome = participant.join(roomId, "Sanne", "Gemeente Almere");
      assertEquals("participant", welcome.path("role").asText());
      assertEquals("Demo: Data Team Start", welcome.path("state").path("title").asText());
      assertNotNull(code);
      var resolved = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/api/join/" + code)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, resolved.statusCode());
      assertTrue(resolved.body().contains(roomId));
      participant.close();
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}

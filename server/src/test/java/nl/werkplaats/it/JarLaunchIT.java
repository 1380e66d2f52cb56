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
  @DisplayName("java -jar starts a single node with a demo room that a participant can join, and a first-run link that makes the first organiser account, who has the demo room")
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
      Pattern firstRun = Pattern.compile("make the first one here .*: (\\S+)");
      String firstAccountLink = null;
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
        }
        Matcher f = firstRun.matcher(line);
        if (f.find()) {
          firstAccountLink = f.group(1);
        }
        if (line.contains("Organiser page:")) {
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

      // The first-run link makes the first organiser account, which then has the demo room.
      assertNotNull(firstAccountLink, "a first start prints the first-run link:\n" + output);
      assertTrue(firstAccountLink.startsWith("http://localhost:" + port + "/o#setup="), firstAccountLink);
      String setup = firstAccountLink.substring(firstAccountLink.indexOf("#setup=") + "#setup=".length());
      var http = java.net.http.HttpClient.newHttpClient();
      var made = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/organisers"))
          .header("Authorization", "Bearer " + setup).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"email\":\"beheer@almere.example\",\"displayName\":\"Beheer\",\"password\":\"een lang wachtwoord\"}"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(201, made.statusCode(), made.body());
      var signedIn = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/session"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"email\":\"beheer@almere.example\",\"password\":\"een lang wachtwoord\"}"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, signedIn.statusCode(), signedIn.body());
      String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      var mine = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/rooms"))
          .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, mine.statusCode(), mine.body());
      assertTrue(mine.body().contains(roomId), "the first account has the demo room: " + mine.body());
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}

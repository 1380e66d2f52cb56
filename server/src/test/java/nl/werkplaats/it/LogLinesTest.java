package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.gateway.WebSocketGateway;
import nl.werkplaats.ops.Logs;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the server logs, as JSON lines ({@code WERKPLAATS_LOG_FORMAT=json}) and as text: parseable, no secrets. */
@ExtendWith(VertxExtension.class)
class LogLinesTest {
  private static final String PASSWORD = "s3cret-Pa55word";

  @Test
  @DisplayName("a connection reset by the other side is logged at FINE, not SEVERE; any other error of a connection stays SEVERE")
  void resetConnectionsAreNotSevere() {
    Logs.configure(true);
    Logger connections = Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");
    List<LogRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLoggerName() != null && r.getLoggerName().equals(connections.getName())) {
          seen.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    Level before = connections.getLevel();
    connections.setLevel(Level.ALL);
    connections.addHandler(capture);
    try {
      // As Vert.x logs an unhandled socket error: the exception's message, and the exception.
      connections.log(Level.SEVERE, "Connection reset", new java.net.SocketException("Connection reset"));
      connections.log(Level.SEVERE, "Broken pipe", new java.io.IOException("Broken pipe"));
      connections.log(Level.SEVERE, "decoder failed", new IllegalStateException("decoder failed"));
      assertEquals(List.of("FINE", "FINE", "SEVERE"), seen.stream().map(r -> r.getLevel().getName()).toList());
      assertTrue(seen.get(0).getMessage().contains("Connection reset"));
    } finally {
      connections.removeHandler(capture);
      connections.setLevel(before);
    }
  }

  @Test
  @DisplayName("a JSON line is one object with time, level, logger and message; passwords and tokens are taken out")
  void jsonLinesWithoutSecrets() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "cannot reach jdbc:postgresql://werkplaats:" + PASSWORD
        + "@db:5432/werkplaats?password=" + PASSWORD + " with Authorization: Bearer tok-" + PASSWORD + "\n\"next\"");
    r.setLoggerName("nl.werkplaats.store.Stores");
    r.setThrown(new IllegalStateException("jdbc:postgresql://db/werkplaats?user=w&password=" + PASSWORD));
    for (String line : List.of(new Logs.JsonLines().format(r), new Logs.RedactedText().format(r))) {
      assertFalse(line.contains(PASSWORD), line);
    }
    String json = new Logs.JsonLines().format(r);
    assertTrue(json.endsWith("}\n") && json.indexOf('\n') == json.length() - 1, "one line: " + json);
    JsonNode node = DomainJson.MAPPER.readTree(json);
    assertEquals("WARNING", node.path("level").asText());
    assertEquals("nl.werkplaats.store.Stores", node.path("logger").asText());
    assertTrue(node.path("message").asText().contains("\"next\""));
    assertTrue(node.path("error").asText().contains("IllegalStateException"));
    assertTrue(node.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
  }

  @Test
  @DisplayName("a node's lines about a command carry its request id; no token or key of a session is ever logged")
  void requestIdsAndNoSessionSecrets(Vertx vertx) throws Exception {
    Logger gateway = Logger.getLogger(WebSocketGateway.class.getName());
    Level before = gateway.getLevel();
    gateway.setLevel(Level.FINE);
    try (LogCapture logs = LogCapture.start()) {
      Werkplaats node = Nodes.single(TestStores.embedded());
      JsonNode room;
      String participantToken;
      try {
        room = Nodes.createRoom(node, "data-team-start", "Logregels");
        TestClient fien = TestClient.connect(vertx, node.port(), Nodes.ORIGIN);
        fien.facilitate(room.path("roomId").asText(), room.path("facilitatorToken").asText(), "Fien", "Datalab");
        fien.command(Map.of("type", "start"));
        TestClient ada = TestClient.connect(vertx, node.port(), Nodes.ORIGIN);
        ada.join(room.path("roomId").asText(), "Ada", "Gemeente Gouda");
        participantToken = ada.token;
        ada.command(Map.of("type", "save-agreement", "step", 0, "what", "elke week"));
        Nodes.get(node, "/api/rooms", "wrong-organiser-key-" + PASSWORD);
      } finally {
        Nodes.stop(node);
      }
      List<JsonNode> commandLines = logs.records.stream()
          .map(r -> new Logs.JsonLines().format(r))
          .map(LogLinesTest::parse)
          .filter(n -> n.has("requestId"))
          .toList();
      assertTrue(commandLines.size() >= 2, "lines about the two commands: " + commandLines);
      for (JsonNode line : commandLines) {
        assertTrue(line.path("requestId").asText().matches("c-[A-Za-z0-9_-]+\\.\\d+"), line.toString());
        assertTrue(line.path("message").asText().contains("(request " + line.path("requestId").asText() + ")"));
      }
      assertEquals(commandLines.size(), commandLines.stream().map(n -> n.path("requestId").asText()).distinct().count(),
          "one request id per command");
      List<String> secrets = List.of(Nodes.ORGANISER_KEY, room.path("facilitatorToken").asText(),
          room.path("organiserToken").asText(), participantToken, PASSWORD);
      for (LogRecord r : logs.records) {
        String json = new Logs.JsonLines().format(r);
        String text = new Logs.RedactedText().format(r);
        for (String secret : secrets) {
          assertFalse(json.contains(secret) || text.contains(secret), "a secret in the log: " + json);
        }
      }
    } finally {
      gateway.setLevel(before);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return DomainJson.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}

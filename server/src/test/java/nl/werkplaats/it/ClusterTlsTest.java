package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two members whose event bus runs with mutual TLS: room events still reach people on the other member. */
@ExtendWith(VertxExtension.class)
class ClusterTlsTest {
  final List<Werkplaats> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(Nodes::stop);
  }

  static Path keystore(String password) throws Exception {
    Path store = Nodes.tempDir().resolve("member.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "member", "-keyalg", "EC", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", password, "-keypass", password, "-dname", "CN=werkplaats-member")
        .redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    return store;
  }

  @Test
  @DisplayName("with a key store configured, the event bus between members uses TLS and a room's events cross members")
  void eventBusWithTls(Vertx clients) throws Exception {
    String password = "store-pass-" + UUID.randomUUID();
    Path store = keystore(password);
    var db = TestStores.sharedDatabase("tls");
    String name = "tls-" + UUID.randomUUID();
    int[] ports = {Nodes.freePort(), Nodes.freePort()};
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    for (int port : ports) {
      Map<String, String> env = Nodes.env(Nodes.tempDir(), name, port, members);
      env.put(ClusterNode.TLS_KEYSTORE, store.toString());
      env.put(ClusterNode.TLS_PASSWORD, password);
      nodes.add(Nodes.start(Config.fromEnv(env), TestStores.member(db)));
    }
    assertEquals(2, nodes.get(0).node().members());
    assertTrue(nodes.get(0).node().vertx().isClustered());
    JsonNode room = Nodes.createRoom(nodes.get(0), "data-team-start", "TLS");
    String roomId = room.path("roomId").asText();
    TestClient fac = TestClient.connect(clients, nodes.get(0).port(), Nodes.ORIGIN);
    fac.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Gouda");
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    TestClient anna = TestClient.connect(clients, nodes.get(1).port(), Nodes.ORIGIN);
    anna.join(roomId, "Anna", "Gemeente Woerden");
    long seq = anna.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "over TLS"));
    fac.awaitSeq(seq);
    assertTrue(fac.replicaJson().toString().contains("over TLS"), "the event crossed the members over TLS");
  }
}

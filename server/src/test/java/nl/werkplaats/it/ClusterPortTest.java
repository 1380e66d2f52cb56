package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.net.InetSocketAddress;
import java.util.List;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.cluster.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Finding 5: the member port, attacked with a plain Hazelcast client that knows the cluster name. */
class ClusterPortTest {
  static Werkplaats node;

  @BeforeAll
  static void start() {
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
  }

  @Test
  @DisplayName("a Hazelcast client with the cluster name cannot connect to the member port, so it reads no room and no join code")
  void noClientOnTheMemberPort() {
    JsonNode room = Nodes.createRoom(node, "data-team-start", "Geheim");
    HazelcastInstance hz = node.node().hazelcast();
    InetSocketAddress member = (InetSocketAddress) hz.getCluster().getLocalMember().getSocketAddress();
    assertEquals("127.0.0.1", member.getAddress().getHostAddress(), "the member is bound to the configured address");
    ClientConfig client = new ClientConfig().setClusterName(hz.getConfig().getClusterName());
    client.getNetworkConfig().setAddresses(List.of("127.0.0.1:" + member.getPort()));
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(4_000);
    client.setProperty("hazelcast.logging.type", "jdk");
    HazelcastInstance[] connected = new HazelcastInstance[1];
    try {
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> {
        connected[0] = HazelcastClient.newHazelcastClient(client);
        // Reached only on an open member port: what an attacker would do next.
        connected[0].getMap(ClusterNode.JOIN_CODES).put("STOLEN", room.path("roomId").asText());
        connected[0].getMap(ClusterNode.ROOMS).get(room.path("roomId").asText());
      });
      assertTrue(refused.getMessage().contains("Unable to connect"), refused.getMessage());
    } finally {
      if (connected[0] != null) {
        connected[0].shutdown();
      }
    }
    assertTrue(!node.node().joinCodes().containsKey("STOLEN"));
  }
}

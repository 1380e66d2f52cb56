package nl.werkplaats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static int quorum(String members) {
    return Config.fromEnv(members == null ? Map.of() : Map.of("WERKPLAATS_CLUSTER_MEMBERS", members)).minimumClusterSize();
  }

  @Test
  @DisplayName("rooms need a majority of the members from three members on; one or two members serve alone")
  void defaultQuorum() {
    assertEquals(1, quorum(null));
    assertEquals(1, quorum("127.0.0.1:5701,127.0.0.1:5702"));
    assertEquals(2, quorum("127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"));
    assertEquals(3, quorum("a:1,b:1,c:1,d:1,e:1"));
    assertEquals(2, Config.fromEnv(Map.of("WERKPLAATS_CLUSTER_MEMBERS", "a:1,b:1", "WERKPLAATS_MIN_CLUSTER_SIZE", "2"))
        .minimumClusterSize());
  }

  @Test
  @DisplayName("operations settings: drain times, management port, log format, Kubernetes discovery makes a cluster")
  void operationsSettings() {
    Config defaults = Config.fromEnv(Map.of());
    assertEquals(2, defaults.drainWaitSeconds());
    assertEquals(5, defaults.drainSeconds());
    assertEquals(null, defaults.metricsPort());
    assertEquals("127.0.0.1", defaults.metricsHost());
    assertFalse(defaults.jsonLogs());
    assertTrue(defaults.demoRoom());
    Config set = Config.fromEnv(Map.of("WERKPLAATS_DRAIN_WAIT_SECONDS", "0", "WERKPLAATS_DRAIN_SECONDS", "10",
        "WERKPLAATS_METRICS_PORT", "9180", "WERKPLAATS_LOG_FORMAT", "JSON"));
    assertEquals(0, set.drainWaitSeconds());
    assertEquals(10, set.drainSeconds());
    assertEquals(9180, set.metricsPort());
    assertTrue(set.jsonLogs());
    assertThrows(IllegalArgumentException.class,
        () -> Config.fromEnv(Map.of("WERKPLAATS_DRAIN_SECONDS", "-1")).drainSeconds());
    Config kubernetes = Config.fromEnv(Map.of(Config.KUBERNETES_SERVICE_DNS, "werkplaats-members.ns.svc.cluster.local"));
    assertTrue(kubernetes.clustered(), "members from DNS: a cluster, with a shared store");
    assertFalse(kubernetes.demoRoom());
  }

  @Test
  @DisplayName("the node's clock: system UTC by default, moved by WERKPLAATS_CLOCK_OFFSET, an unreadable offset refused")
  void clock() {
    long now = System.currentTimeMillis();
    assertTrue(Math.abs(Config.fromEnv(Map.of()).clock().millis() - now) < 5_000);
    long dayBefore = Config.fromEnv(Map.of("WERKPLAATS_CLOCK_OFFSET", "-P1D")).clock().millis();
    assertTrue(Math.abs(dayBefore - (now - 86_400_000L)) < 5_000, "a day back");
    assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of("WERKPLAATS_CLOCK_OFFSET", "gisteren")).clock());
  }
}

package nl.werkplaats;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

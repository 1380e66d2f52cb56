package nl.werkplaats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.store.StoreConfig;
import nl.werkplaats.store.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** From the security review: a generated key in the banner; a database password in the start-up log. */
class StartupSecretsTest {
  @Test
  @DisplayName("15: a password in the JDBC URL of an unreachable database is not in the line logged at start")
  void jdbcPasswordNotLogged() {
    for (String url : List.of("jdbc:postgresql://127.0.0.1:1/werkplaats?user=wp&password=hunter2-secret",
        "jdbc:postgresql://wp:hunter2-secret@127.0.0.1:1/werkplaats")) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> Stores.open(StoreConfig.postgres(url, null, null, 365), false));
      String logged = Main.startFailure(e);
      assertFalse(logged.contains("hunter2"), logged);
      assertTrue(logged.contains("127.0.0.1"), "still says which database: " + logged);
    }
  }

  @Test
  @DisplayName("9: the start-up banner says where the generated organiser key is, never the key")
  void bannerWithoutKey() throws Exception {
    Path dir = Files.createTempDirectory("werkplaats-banner");
    Map<String, String> env = new HashMap<>();
    env.put("WERKPLAATS_PORT", "0");
    env.put("WERKPLAATS_HOST", "127.0.0.1");
    env.put("WERKPLAATS_DATA_DIR", dir.resolve("data").toString());
    env.put("WERKPLAATS_CLUSTER_NAME", "banner-" + System.nanoTime());
    env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(nl.werkplaats.it.Nodes.freePort()));
    env.put("WERKPLAATS_DEMO_ROOM", "false");
    Config config = Config.fromEnv(env);
    Werkplaats w = Werkplaats.start(config, null).toCompletionStage().toCompletableFuture()
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
    try {
      assertNotNull(w.organiserKey());
      String banner = Main.banner(config, w);
      assertFalse(banner.contains(w.organiserKey()), banner);
      assertTrue(banner.contains("organiser-key.txt"), banner);
    } finally {
      w.stop().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}

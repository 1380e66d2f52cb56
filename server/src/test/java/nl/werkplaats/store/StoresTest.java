package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("configuration from the environment: defaults, postgres, bad values")
  void fromEnv() {
    StoreConfig def = StoreConfig.fromEnv(Map.of());
    assertEquals(StoreConfig.Kind.H2, def.kind());
    assertEquals(Path.of("data"), def.dataDir());
    assertEquals(365, def.retentionDays());
    StoreConfig pg = StoreConfig.fromEnv(Map.of("WERKPLAATS_STORE", "postgres", "WERKPLAATS_DB_URL",
        "jdbc:postgresql://db:5432/werkplaats", "WERKPLAATS_DB_USER", "wp", "WERKPLAATS_DB_PASSWORD", "secret",
        "WERKPLAATS_RETENTION_DAYS", "30", "WERKPLAATS_DATA_DIR", "/var/lib/werkplaats"));
    assertEquals(StoreConfig.Kind.POSTGRES, pg.kind());
    assertEquals(30, pg.retentionDays());
    assertFalse(pg.toString().contains("secret"), "the password never appears in logs");
    assertThrows(IllegalArgumentException.class, () -> StoreConfig.fromEnv(Map.of("WERKPLAATS_STORE", "postgres")));
    assertThrows(IllegalArgumentException.class, () -> StoreConfig.fromEnv(Map.of("WERKPLAATS_STORE", "mysql")));
    assertThrows(IllegalArgumentException.class, () -> StoreConfig.fromEnv(Map.of("WERKPLAATS_RETENTION_DAYS", "a year")));
    assertThrows(IllegalArgumentException.class, () -> StoreConfig.fromEnv(Map.of("WERKPLAATS_RETENTION_DAYS", "0")));
  }

  @Test
  @DisplayName("a cluster with the embedded store is refused before anything is opened, with a message that says what to set")
  void clusterNeedsPostgres() {
    Path data = dir.resolve("data");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Stores.open(StoreConfig.h2(data, 365), true));
    assertTrue(e.getMessage().contains("an embedded store cannot be shared by a cluster"));
    assertTrue(e.getMessage().contains("WERKPLAATS_STORE=postgres") && e.getMessage().contains("WERKPLAATS_DB_URL"));
    assertFalse(Files.exists(data), "nothing was created");
    try (Store single = Stores.open(StoreConfig.h2(data, 365), false)) {
      assertFalse(single.shareable());
    }
  }

  @Test
  @DisplayName("a cluster with PostgreSQL opens")
  void clusterWithPostgres() {
    PostgresServer.Database db = PostgresServer.get().createDatabase("stores");
    try (Store shared = Stores.open(StoreConfig.postgres(db.url(), db.user(), db.password(), 365), true)) {
      assertTrue(shared.shareable());
    }
  }
}

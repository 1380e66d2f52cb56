package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContract {
  @TempDir
  Path base;
  private Path dir;
  private int n;

  @Override
  protected Store newStore() {
    dir = base.resolve("data-" + (++n));
    return H2Store.open(dir, 365);
  }

  @Override
  protected Store reopen() {
    return H2Store.open(dir, 365);
  }

  @Test
  @DisplayName("the embedded store is one file under the data directory and cannot be shared by a cluster")
  void fileAndNotShareable() {
    assertFalse(store.shareable());
    assertTrue(Files.exists(dir.resolve(H2Store.FILE_NAME + ".mv.db")));
  }

  @Test
  @DisplayName("an online backup restores to the same rooms")
  void backup() throws Exception {
    nl.werkplaats.testsupport.Sessions.Driver d = nl.werkplaats.testsupport.Sessions.checklist("room-bak", store::saveRoom);
    Path zip = base.resolve("backup.zip");
    ((H2Store) store).backupTo(zip);
    Path restored = base.resolve("restored");
    Files.createDirectories(restored);
    try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Files.copy(in, restored.resolve(e.getName()));
      }
    }
    try (Store back = H2Store.open(restored, 365)) {
      assertEquals(json(d.state()), json(back.loadRoom("room-bak").orElseThrow().state));
    }
  }
}

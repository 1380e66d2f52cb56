package nl.werkplaats.store;

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
}

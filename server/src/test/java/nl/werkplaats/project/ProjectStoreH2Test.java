package nl.werkplaats.project;

import java.nio.file.Path;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

class ProjectStoreH2Test extends ProjectStoreContract {
  @TempDir
  Path base;
  private Path dir;
  private int n;

  @Override
  protected JdbcStore newStore() {
    dir = base.resolve("data-" + (++n));
    return reopen();
  }

  @Override
  protected JdbcStore reopen() {
    return H2Store.open(dir, 365);
  }
}

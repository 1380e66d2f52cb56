package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (see {@link PostgresServer}); a fresh database per test. */
class PostgresStoreTest extends StoreContract {
  private PostgresServer.Database db;

  @Override
  protected Store newStore() {
    db = PostgresServer.get().createDatabase("store_contract");
    return reopen();
  }

  @Override
  protected Store reopen() {
    return PostgresStore.open(db.url(), db.user(), db.password(), 365);
  }

  @Test
  @DisplayName("PostgreSQL can be shared by a cluster")
  void shareable() {
    assertTrue(store.shareable());
  }
}

package nl.werkplaats.it;

import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.PostgresStore;
import nl.werkplaats.store.Store;
import nl.werkplaats.testsupport.PostgresServer;

/** The stores tests run nodes with: real ones. */
final class TestStores {
  private TestStores() {}

  /** The single-node default: an embedded store in a fresh directory. */
  static Store embedded() {
    return H2Store.open(Nodes.tempDir(), 365);
  }

  /** A fresh database on the real PostgreSQL server that the tests run. */
  static PostgresServer.Database sharedDatabase(String prefix) {
    return PostgresServer.get().createDatabase(prefix);
  }

  /** One member's connection to a shared database. */
  static Store member(PostgresServer.Database db) {
    return PostgresStore.open(db.url(), db.user(), db.password(), 365);
  }
}

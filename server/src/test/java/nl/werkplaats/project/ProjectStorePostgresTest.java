package nl.werkplaats.project;

import nl.werkplaats.store.JdbcStore;
import nl.werkplaats.store.PostgresStore;
import nl.werkplaats.testsupport.PostgresServer;

/** The project store on a real PostgreSQL server (see {@link PostgresServer}); a fresh database per test. */
class ProjectStorePostgresTest extends ProjectStoreContract {
  private PostgresServer.Database db;

  @Override
  protected JdbcStore newStore() {
    db = PostgresServer.get().createDatabase("project_store");
    return reopen();
  }

  @Override
  protected JdbcStore reopen() {
    return PostgresStore.open(db.url(), db.user(), db.password(), 365);
  }
}

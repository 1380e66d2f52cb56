package nl.werkplaats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** PostgreSQL: the store a cluster shares. Every member connects to the same database. */
public final class PostgresStore extends JdbcStore {

  private PostgresStore(HikariDataSource ds, int retentionDays) {
    super(ds, "postgresql", retentionDays);
  }

  public static PostgresStore open(String url, String user, String password, int retentionDays) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    // A group commit's inserts go as one JDBC batch; PgJDBC sends it as multi-row INSERTs (one statement for
    // many rows) instead of one INSERT per row. A duplicate (room, seq) still fails the statement.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMaximumPoolSize(8);
    config.setPoolName("werkplaats-postgres");
    config.setConnectionTimeout(10_000);
    try {
      return new PostgresStore(new HikariDataSource(config), retentionDays);
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new StoreException("cannot connect to PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }


  @Override
  public boolean shareable() {
    return true;
  }
}

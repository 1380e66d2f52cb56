package nl.werkplaats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;

/**
 * The single-node default: an embedded H2 database in one file, {@code <dataDir>/werkplaats.mv.db}. Zero
 * set-up; cannot be shared by a cluster (see {@link Stores#open}).
 */
public final class H2Store extends JdbcStore {
  public static final String FILE_NAME = "werkplaats";

  private H2Store(HikariDataSource ds, int retentionDays) {
    super(ds, "h2", retentionDays);
  }

  public static H2Store open(Path dataDir, int retentionDays) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
    }
    HikariConfig config = new HikariConfig();
    // FILE_LOCK=FILE (the default) keeps a second process off the same file. No AUTO_SERVER: not shareable.
    config.setJdbcUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("werkplaats-h2");
    return new H2Store(new HikariDataSource(config), retentionDays);
  }


  /**
   * An online, consistent backup of the whole database as a zip file (H2's {@code BACKUP TO}), taken while
   * the server runs. Restore: stop the server, unzip it into the data directory.
   */
  public void backupTo(java.nio.file.Path zip) {
    inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("BACKUP TO ?")) {
        ps.setString(1, zip.toAbsolutePath().toString());
        ps.execute();
      }
      return null;
    }, "back up to " + zip);
  }

  @Override
  public boolean shareable() {
    return false;
  }

  @Override
  public void close() {
    try (var c = dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("CHECKPOINT SYNC");
    } catch (Exception ignored) {
      // closing anyway; H2 recovers from its log at the next start
    }
    super.close();
  }
}

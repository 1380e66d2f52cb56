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

  private H2Store(HikariDataSource ds, int retentionDays, String schemaVersion) {
    super(ds, "h2", retentionDays, schemaVersion);
  }

  public static H2Store open(Path dataDir, int retentionDays) {
    return open(dataDir, retentionDays, null);
  }

  /** For tests: a database migrated only up to {@code schemaVersion} (null: the latest), as an earlier release left it. */
  static H2Store open(Path dataDir, int retentionDays, String schemaVersion) {
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
    return new H2Store(new HikariDataSource(config), retentionDays, schemaVersion);
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

  /** Rooms were deleted since the start: their text may still sit in free pages of the file. */
  private volatile boolean deleted;

  /**
   * After a deletion: H2 keeps the deleted rows' bytes in free pages of the file until they are reused, so a
   * deleted room's text could be read from the file for a long time. The file is rewritten from its live data
   * at once ({@code SHUTDOWN COMPACT}, with no transaction in flight; the next connection opens it again), and
   * again at the stop. Transactions wait meanwhile: a fraction of a second for a workshop-sized database.
   */
  @Override
  protected void afterDeletion() {
    deleted = true;
    exclusively(() -> {
      try (var c = dataSource().getConnection(); var st = c.createStatement()) {
        st.execute("SHUTDOWN COMPACT");
      } catch (java.sql.SQLException e) {
        if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
            && e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
          java.util.logging.Logger.getLogger(H2Store.class.getName()).log(java.util.logging.Level.WARNING,
              "could not compact the database file after a deletion (the deleted text leaves it at the stop): " + e);
        }
      } finally {
        dataSource().getHikariPoolMXBean().softEvictConnections();
      }
    });
  }

  /**
   * Stops the database. After a deletion, H2 rewrites the file from its live data ({@code SHUTDOWN COMPACT}):
   * a deleted room's text is otherwise left in free pages of the file until they are reused.
   */
  @Override
  public void close() {
    try (var c = dataSource().getConnection(); var st = c.createStatement()) {
      st.execute(deleted ? "SHUTDOWN COMPACT" : "CHECKPOINT SYNC");
    } catch (Exception ignored) {
      // closing anyway; H2 recovers from its log at the next start
    }
    super.close();
  }
}

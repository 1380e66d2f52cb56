package nl.werkplaats.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how the server keeps its data. Read from the environment:
 * <ul>
 *   <li>{@code WERKPLAATS_STORE}: {@code h2} (default; an embedded file database, single node only) or
 *       {@code postgres} (required for a cluster);</li>
 *   <li>{@code WERKPLAATS_DATA_DIR}: where the H2 file lives (default {@code ./data});</li>
 *   <li>{@code WERKPLAATS_DB_URL}, {@code WERKPLAATS_DB_USER}, {@code WERKPLAATS_DB_PASSWORD}: the PostgreSQL
 *       database ({@code jdbc:postgresql://host:5432/werkplaats});</li>
 *   <li>{@code WERKPLAATS_RETENTION_DAYS}: how long ended rooms and their summaries are kept (default 365).</li>
 * </ul>
 */
public record StoreConfig(Kind kind, Path dataDir, String dbUrl, String dbUser, String dbPassword, int retentionDays) {

  public enum Kind { H2, POSTGRES }

  public static final int DEFAULT_RETENTION_DAYS = 365;

  public StoreConfig {
    if (kind == null) {
      throw new IllegalArgumentException("store kind is missing");
    }
    if (retentionDays < 1) {
      throw new IllegalArgumentException("WERKPLAATS_RETENTION_DAYS must be at least 1, not " + retentionDays);
    }
    if (kind == Kind.POSTGRES && (dbUrl == null || dbUrl.isBlank())) {
      throw new IllegalArgumentException("WERKPLAATS_STORE=postgres needs WERKPLAATS_DB_URL "
          + "(e.g. jdbc:postgresql://db.example:5432/werkplaats)");
    }
    if (dataDir == null) {
      dataDir = Path.of("data");
    }
  }

  public static StoreConfig h2(Path dataDir, int retentionDays) {
    return new StoreConfig(Kind.H2, dataDir, null, null, null, retentionDays);
  }

  public static StoreConfig postgres(String url, String user, String password, int retentionDays) {
    return new StoreConfig(Kind.POSTGRES, null, url, user, password, retentionDays);
  }

  public static StoreConfig fromEnv(Map<String, String> env) {
    String store = env.getOrDefault("WERKPLAATS_STORE", "h2").strip().toLowerCase(Locale.ROOT);
    Kind kind = switch (store) {
      case "", "h2" -> Kind.H2;
      case "postgres", "postgresql" -> Kind.POSTGRES;
      default -> throw new IllegalArgumentException("WERKPLAATS_STORE must be h2 or postgres, not " + store);
    };
    String days = env.getOrDefault("WERKPLAATS_RETENTION_DAYS", "").strip();
    int retention;
    try {
      retention = days.isEmpty() ? DEFAULT_RETENTION_DAYS : Integer.parseInt(days);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("WERKPLAATS_RETENTION_DAYS must be a whole number of days, not " + days, e);
    }
    String dir = env.getOrDefault("WERKPLAATS_DATA_DIR", "").strip();
    return new StoreConfig(kind, Path.of(dir.isEmpty() ? "data" : dir), blankToNull(env.get("WERKPLAATS_DB_URL")),
        blankToNull(env.get("WERKPLAATS_DB_USER")), env.get("WERKPLAATS_DB_PASSWORD"), retention);
  }

  public long retentionMs() {
    return retentionDays * 24L * 3600 * 1000;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "StoreConfig[" + kind + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
        + ", retentionDays=" + retentionDays + "]"; // never the password
  }
}

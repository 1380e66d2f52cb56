package nl.werkplaats.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests. Uses {@code WERKPLAATS_TEST_PG_URL} (a JDBC URL of a database whose
 * user may create databases, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) when set;
 * otherwise starts a private server from the Debian binaries ({@code /usr/lib/postgresql/<v>/bin}) in a
 * temporary directory on a free port of 127.0.0.1, once per JVM, and stops it when the JVM exits. As root,
 * initdb and pg_ctl run as the {@code postgres} user. Without binaries and without the variable this fails
 * with a message that says what to install: PostgreSQL tests are never skipped silently.
 */
public final class PostgresServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static volatile PostgresServer instance;

  private final String adminUrl; // a JDBC URL to a database where CREATE DATABASE may run
  private final String baseUrl;  // jdbc:postgresql://host:port/
  private final String user;
  private final String password;
  private final int port;          // -1 for a server given by WERKPLAATS_TEST_PG_URL
  private volatile Runnable stopper; // stops a private server once; null when nothing is to be stopped

  private PostgresServer(String adminUrl, String baseUrl, String user, String password) {
    this(adminUrl, baseUrl, user, password, -1);
  }

  private PostgresServer(String adminUrl, String baseUrl, String user, String password, int port) {
    this.adminUrl = adminUrl;
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.port = port;
  }

  /** The server, started on first use. */
  public static PostgresServer get() {
    PostgresServer s = instance;
    if (s == null) {
      synchronized (PostgresServer.class) {
        s = instance;
        if (s == null) {
          s = start();
          instance = s;
        }
      }
    }
    return s;
  }

  /** A new, empty database (name {@code prefix_<n>_<pid>}) and the JDBC URL to it. */
  public Database createDatabase(String prefix) {
    String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet()
        + "_" + ProcessHandle.current().pid());
    try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + " on " + adminUrl + ": " + e.getMessage(), e);
    }
    return new Database(name, baseUrl + name, user, password);
  }

  public record Database(String name, String url, String user, String password) {}

  /**
   * A separate private server from the Debian binaries (never the shared one, never WERKPLAATS_TEST_PG_URL),
   * listening on 127.0.0.1 and on {@code extraListenAddresses} (which must exist already), and accepting
   * password (scram) logins from {@code allowedCidrs} besides the loopback. For tests whose server processes
   * run elsewhere than on 127.0.0.1 (network namespaces). The caller stops it with {@link #close()}; a
   * shutdown hook stops it too when the JVM exits first.
   */
  public static PostgresServer startPrivate(List<String> extraListenAddresses, List<String> allowedCidrs) {
    Path bin = findBinaries();
    try {
      return startPrivate(bin, extraListenAddresses, allowedCidrs);
    } catch (IOException e) {
      throw new IllegalStateException("could not start a private PostgreSQL from " + bin + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  /** The JDBC URL of {@code database} when the server is reached on {@code host} (one of its listen addresses). */
  public String url(String host, Database database) {
    if (port < 0) {
      throw new IllegalStateException("the port of a server given by WERKPLAATS_TEST_PG_URL is not known here");
    }
    return "jdbc:postgresql://" + host + ":" + port + "/" + database.name();
  }

  /** Stops a server started by {@link #startPrivate(List, List)} (idempotent). The shared server stops at JVM exit. */
  @Override
  public void close() {
    Runnable s = stopper;
    if (s != null && this != instance) {
      stopper = null;
      s.run();
    }
  }

  // ------------------------------------------------------------------------------------------ start

  private static PostgresServer start() {
    String given = System.getenv("WERKPLAATS_TEST_PG_URL");
    if (given != null && !given.isBlank()) {
      return external(given.strip());
    }
    Path bin = findBinaries();
    try {
      return startPrivate(bin, List.of(), List.of());
    } catch (IOException e) {
      throw new IllegalStateException("could not start a private PostgreSQL from " + bin + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  private static PostgresServer external(String url) {
    // jdbc:postgresql://host:port/db?user=..&password=..  -> base jdbc:postgresql://host:port/
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
      throw new IllegalStateException("WERKPLAATS_TEST_PG_URL must look like jdbc:postgresql://host:5432/postgres, not " + url);
    }
    String user = System.getenv().getOrDefault("WERKPLAATS_TEST_PG_USER", "postgres");
    String password = System.getenv().getOrDefault("WERKPLAATS_TEST_PG_PASSWORD", "");
    return new PostgresServer(url, url.substring(0, slash + 1), user, password);
  }

  static Path findBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found = versions
            .map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        if (found.isPresent()) {
          return found.get();
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot look for PostgreSQL in " + root, e);
      }
    }
    throw new IllegalStateException("The PostgreSQL tests need a real PostgreSQL server, and none was found: no "
        + "/usr/lib/postgresql/<version>/bin/initdb and pg_ctl, and WERKPLAATS_TEST_PG_URL is not set. Install it "
        + "(Debian/Ubuntu: apt-get install -y postgresql) or point WERKPLAATS_TEST_PG_URL at a server "
        + "(jdbc:postgresql://127.0.0.1:5432/postgres, with WERKPLAATS_TEST_PG_USER/WERKPLAATS_TEST_PG_PASSWORD).");
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static PostgresServer startPrivate(Path bin, List<String> extraListen, List<String> allowedCidrs)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("werkplaats-pg-");
    Path data = dir.resolve("data");
    Path log = dir.resolve("postgres.log");
    boolean root = isRoot();
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, "chown the temporary directory");
    }
    Path pwFile = dir.resolve("pw");
    Files.writeString(pwFile, "werkplaats\n");
    if (root) {
      run(List.of("chown", "postgres:postgres", pwFile.toString()), dir, "chown the password file");
    }
    run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "scram-sha-256",
        "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C", "--no-sync"), dir, "initdb");
    if (!allowedCidrs.isEmpty()) {
      StringBuilder hba = new StringBuilder("\n# test networks\n");
      for (String cidr : allowedCidrs) {
        hba.append("host all all ").append(cidr).append(" scram-sha-256\n");
      }
      Files.writeString(data.resolve("pg_hba.conf"), hba, java.nio.file.StandardOpenOption.APPEND);
    }
    int port = freePort();
    String listen = String.join(",", Stream.concat(Stream.of("127.0.0.1"), extraListen.stream()).toList());
    String opts = "-p " + port + " -h " + listen + " -k " + dir + " -c fsync=off -c synchronous_commit=off"
        + " -c full_page_writes=off -c max_connections=100";
    run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
        "-t", "60", "-o", opts, "start"), dir, "pg_ctl start");
    java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable stop = () -> {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      try {
        run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
            dir, "pg_ctl stop");
      } catch (Exception ignored) {
        // the JVM is going away or the server is gone already; nothing more to do
      }
      deleteQuietly(dir);
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "postgres-test-server-stop"));
    String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
    PostgresServer server = new PostgresServer(base + "postgres", base, "postgres", "werkplaats", port);
    server.stopper = stop;
    return server;
  }

  private static List<String> asPostgres(boolean root, String... command) {
    List<String> out = new ArrayList<>();
    if (root) {
      out.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    out.addAll(List.of(command));
    return out;
  }

  private static void run(List<String> command, Path dir, String what) throws IOException, InterruptedException {
    Path out = Files.createTempFile("werkplaats-pg-cmd-", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(what + " did not finish within 120 s");
      }
      if (p.exitValue() != 0) {
        String log = Files.readString(out, StandardCharsets.UTF_8);
        Path serverLog = dir.resolve("postgres.log");
        if (Files.isReadable(serverLog)) {
          log += "\n--- postgres.log ---\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
        }
        throw new IOException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + log);
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}

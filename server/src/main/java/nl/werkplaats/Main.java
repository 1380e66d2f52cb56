package nl.werkplaats;

import java.util.concurrent.CountDownLatch;
import nl.werkplaats.ops.Logs;
import nl.werkplaats.store.Store;
import nl.werkplaats.store.StoreConfig;
import nl.werkplaats.store.Stores;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts a Werkplaats node from environment variables and prints how to get in. */
public final class Main {
  static {
    // Before the first logger: keep logging through the shutdown hook (the drain's lines), see Logs.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", Logs.KeptLogManager.class.getName());
    }
  }

  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  /** Held here so that the level set on them stays (loggers are weakly referenced). */
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
  /**
   * vertx-micrometer-metrics registers its connection gauges again for every new connection, which Micrometer
   * answers once with a WARNING ("This Gauge has been already registered"); nothing is wrong, nothing is lost.
   */
  private static final Logger METER_REGISTRY = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.logging.config.file") == null) {
      HAZELCAST.setLevel(Level.WARNING);
      METER_REGISTRY.setLevel(Level.SEVERE);
    }
    Config config = Config.fromEnv(System.getenv());
    Logs.configure(config.jsonLogs());
    Store store;
    try {
      DataDir.secure(config.dataDir()); // 700 before the store creates anything in it
      store = Stores.open(StoreConfig.fromEnv(System.getenv()), config.clustered());
    } catch (RuntimeException | java.io.IOException e) {
      LOG.severe(startFailure(e));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Werkplaats.start(config, store).onComplete(ar -> {
      if (ar.failed()) {
        LOG.severe(startFailure(ar.cause()));
        System.exit(1);
      }
      Werkplaats w = ar.result();
      System.out.println(banner(config, w));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          // SIGTERM: drain (not ready, sockets closed with 1001 once their commands are answered), then leave.
          w.drain().toCompletionStage().toCompletableFuture()
              .get(w.drainMillis() + 40_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          LOG.log(Level.WARNING, "stop did not finish cleanly", e);
        }
        LOG.info("stopped");
        Logs.resetAtLast();
        stopped.countDown();
      }, "werkplaats-stop"));
    });
    stopped.await();
  }

  /** What a start prints: where to go, never a key (only where it is kept). */
  static String banner(Config config, Werkplaats w) {
    StringBuilder out = new StringBuilder();
    out.append("\nWerkplaats is running on ").append(config.publicUrl())
        .append(" (port ").append(w.port()).append(", ").append(w.node().members()).append(" cluster member(s))\n");
    if (w.demoRoom() != null) {
      out.append("  Demo room, participants join here: ").append(w.demoRoom().participantUrl()).append('\n')
          .append("  ... or with the code:            ").append(w.demoRoom().joinCode()).append('\n')
          .append(w.demoRoom().facilitatorUrl() != null
              ? "  Facilitator link (keep secret; shown this once, kept nowhere): " + w.demoRoom().facilitatorUrl()
              : "  Facilitator link: shown when the demo room was made; or make a room on the organiser page")
          .append('\n');
    }
    if (w.firstAccountLink() != null) {
      out.append("  No organiser account yet: make the first one here (works until one exists): ")
          .append(w.firstAccountLink()).append('\n');
    }
    out.append("  Organiser page: ").append(config.publicUrl()).append("/o  (administrator's organiser key: ")
        .append(config.organiserKey() == null
            ? "in " + Werkplaats.keyFile(config).toAbsolutePath() + ", readable by this user only"
            : "as configured in WERKPLAATS_ORGANISER_KEY")
        .append(")\n");
    return out.toString();
  }

  /** The line logged when a node does not start: without passwords from a database URL. */
  static String startFailure(Throwable e) {
    return "Werkplaats did not start: " + Redact.secrets(e.getMessage());
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.testsupport.PostgresServer;

/**
 * Real server processes (the jar) forming one cluster on a fresh PostgreSQL database, for the browser tests,
 * and the running of one of the web client's end-to-end scripts against them (node:test in Chromium).
 */
final class BrowserNodes implements AutoCloseable {

  final int[] http;
  final JarProcess[] nodes;
  /** Each node's environment, as it was last started with. */
  private final List<Map<String, String>> envs = new java.util.ArrayList<>();
  /** What a script may ask for while it runs (see {@link #runScript}), by name. */
  private final Map<String, Signal> signals = new java.util.concurrent.ConcurrentHashMap<>();

  /** Something the Java side does for a running script, e.g. restarting the nodes. */
  interface Signal {
    void run() throws Exception;
  }

  private BrowserNodes(int[] http, JarProcess[] nodes) {
    this.http = http;
    this.nodes = nodes;
  }

  /** Starts {@code count} nodes that accept each other's origin, on a new database named {@code database}. */
  static BrowserNodes start(int count, String database) throws Exception {
    return start(count, database, Map.of());
  }

  /** The same, each node's environment with {@code extra} besides (e.g. a clock offset). */
  static BrowserNodes start(int count, String database, Map<String, String> extra) throws Exception {
    PostgresServer.Database db = PostgresServer.get().createDatabase(database);
    int[] http = new int[count];
    int[] cluster = new int[count];
    StringBuilder members = new StringBuilder();
    StringBuilder origins = new StringBuilder();
    for (int i = 0; i < count; i++) {
      http[i] = Nodes.freePort();
      cluster[i] = Nodes.freePort();
      members.append(i > 0 ? "," : "").append("127.0.0.1:").append(cluster[i]);
      origins.append(i > 0 ? "," : "").append("http://127.0.0.1:").append(http[i]);
    }
    String clusterName = database + "-" + UUID.randomUUID();
    JarProcess[] nodes = new JarProcess[count];
    BrowserNodes started = new BrowserNodes(http, nodes);
    try {
      for (int i = 0; i < count; i++) {
        Map<String, String> env = new HashMap<>();
        env.put("WERKPLAATS_STORE", "postgres");
        env.put("WERKPLAATS_DB_URL", db.url());
        env.put("WERKPLAATS_DB_USER", db.user());
        env.put("WERKPLAATS_DB_PASSWORD", db.password());
        env.put("WERKPLAATS_CLUSTER_NAME", clusterName);
        env.put("WERKPLAATS_CLUSTER_MEMBERS", members.toString());
        env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(cluster[i]));
        env.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
        env.put("WERKPLAATS_PUBLIC_URL", "http://127.0.0.1:" + http[i]);
        env.put("WERKPLAATS_ALLOWED_ORIGINS", origins.toString());
        env.put("WERKPLAATS_FAILURE_DETECTION_SECONDS", "5");
        env.put("WERKPLAATS_DATA_DIR", Nodes.tempDir().toString());
        env.putAll(extra);
        started.envs.add(env);
        nodes[i] = JarProcess.start(http[i], env);
      }
      return started;
    } catch (Exception | Error e) {
      started.close();
      throw e;
    }
  }

  /**
   * Stops every node and starts it again on the same ports and database with {@code changes} to its environment
   * (an empty value removes the variable): what the rooms hold comes back from the database.
   */
  void restart(Map<String, String> changes) throws Exception {
    long began = System.nanoTime();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.length);
    try {
      List<java.util.concurrent.Future<Object>> stopped = new java.util.ArrayList<>();
      for (JarProcess n : nodes) {
        stopped.add(pool.submit(() -> {
          n.close();
          return null;
        }));
      }
      for (java.util.concurrent.Future<Object> f : stopped) {
        f.get(2, TimeUnit.MINUTES);
      }
      List<java.util.concurrent.Future<JarProcess>> started = new java.util.ArrayList<>();
      for (int i = 0; i < nodes.length; i++) {
        Map<String, String> env = envs.get(i);
        changes.forEach((k, v) -> {
          if (v.isEmpty()) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
        int port = http[i];
        started.add(pool.submit(() -> JarProcess.start(port, env)));
      }
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = started.get(i).get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("[e2e] nodes restarted in " + (System.nanoTime() - began) / 1_000_000 + " ms");
  }

  /**
   * Lets a script ask for {@code signal} while it runs: it writes {@code <name>.request} into the directory in
   * WERKPLAATS_E2E_SIGNALS and waits for {@code <name>.done} (or {@code <name>.failed}).
   */
  BrowserNodes on(String name, Signal signal) {
    signals.put(name, signal);
    return this;
  }

  /** Answers the script's requests (files named {@code <name>.request} in {@code dir}) until interrupted. */
  private Thread answerSignals(Path dir) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          for (Map.Entry<String, Signal> s : signals.entrySet()) {
            Path request = dir.resolve(s.getKey() + ".request");
            if (Files.exists(request)) {
              Files.delete(request);
              String outcome = "done";
              try {
                System.out.println("[e2e] the script asks for " + s.getKey());
                s.getValue().run();
              } catch (Exception e) {
                e.printStackTrace();
                outcome = "failed";
              }
              Files.writeString(dir.resolve(s.getKey() + "." + outcome), outcome);
            }
          }
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "e2e-signals");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Runs {@code web-client/<script>} with node's test runner: node i's URL and process id as
   * WERKPLAATS_E2E_NODE{i+1}(_PID), the organiser key, screenshots into server/target/e2e-artifacts. Fails
   * unless every test ran and passed.
   */
  void runScript(String script) throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    Path artifacts = Path.of("target", "e2e-artifacts").toAbsolutePath();
    Files.createDirectories(artifacts);
    ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", script)
        .directory(webClient.toFile()).redirectErrorStream(true);
    for (int i = 0; i < nodes.length; i++) {
      pb.environment().put("WERKPLAATS_E2E_NODE" + (i + 1), "http://127.0.0.1:" + http[i]);
      pb.environment().put("WERKPLAATS_E2E_NODE" + (i + 1) + "_PID", String.valueOf(nodes[i].pid()));
    }
    pb.environment().put("WERKPLAATS_E2E_ORGANISER_KEY", Nodes.ORGANISER_KEY);
    pb.environment().put("WERKPLAATS_E2E_ARTIFACTS", artifacts.toString());
    Path signalDir = Files.createTempDirectory("werkplaats-e2e-signals");
    pb.environment().put("WERKPLAATS_E2E_SIGNALS", signalDir.toString());
    Thread signalAnswers = signals.isEmpty() ? null : answerSignals(signalDir);
    Process browser = pb.start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        System.out.println("[e2e] " + line);
        out.append(line).append('\n');
      }
    }
    assertTrue(browser.waitFor(10, TimeUnit.MINUTES), "the browser test finished");
    if (signalAnswers != null) {
      signalAnswers.interrupt();
    }
    StringBuilder logs = new StringBuilder();
    for (int i = 0; i < nodes.length; i++) {
      logs.append("\nnode ").append(i + 1).append(" said:\n").append(nodes[i].output());
    }
    assertEquals(0, browser.exitValue(), "browser tests failed:\n" + out + logs);
    java.util.regex.Matcher passed = java.util.regex.Pattern.compile("ℹ pass (\\d+)").matcher(out);
    assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "the browser tests ran:\n" + out);
    assertTrue(out.toString().contains("ℹ skipped 0"), "no browser test was skipped:\n" + out);
  }

  @Override
  public void close() throws InterruptedException {
    for (JarProcess n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }
}

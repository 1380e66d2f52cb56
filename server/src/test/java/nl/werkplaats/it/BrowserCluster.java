package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.testsupport.PostgresServer;

/**
 * Real server processes in one cluster on a PostgreSQL database of their own, for a browser test script under
 * web-client/e2e (run with node:test, driving Debian's Chromium). Screenshots land in server/target/e2e-artifacts.
 */
final class BrowserCluster implements AutoCloseable {
  private final JarProcess[] nodes;

  private BrowserCluster(JarProcess[] nodes) {
    this.nodes = nodes;
  }

  static BrowserCluster start(String name, int size) throws Exception {
    PostgresServer.Database db = PostgresServer.get().createDatabase(name);
    int[] http = new int[size];
    int[] cluster = new int[size];
    StringBuilder members = new StringBuilder();
    StringBuilder origins = new StringBuilder();
    for (int i = 0; i < size; i++) {
      http[i] = Nodes.freePort();
      cluster[i] = Nodes.freePort();
      members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(cluster[i]);
      origins.append(i == 0 ? "" : ",").append("http://127.0.0.1:").append(http[i]);
    }
    String clusterName = name + "-" + UUID.randomUUID();
    JarProcess[] nodes = new JarProcess[size];
    BrowserCluster started = new BrowserCluster(nodes);
    try {
      for (int i = 0; i < size; i++) {
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
        nodes[i] = JarProcess.start(http[i], env);
      }
      return started;
    } catch (Exception | Error e) {
      started.close();
      throw e;
    }
  }

  /**
   * Runs {@code script} (relative to web-client) with the nodes' addresses (WERKPLAATS_E2E_NODE1, _NODE2, …),
   * their process ids (_NODE1_PID, …), the organiser key and the artifacts directory in its environment;
   * fails unless every test in it passed and none was skipped. Answers what it printed.
   */
  String run(String script) throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    Path artifacts = Path.of("target", "e2e-artifacts").toAbsolutePath();
    Files.createDirectories(artifacts);
    ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", script)
        .directory(webClient.toFile()).redirectErrorStream(true);
    for (int i = 0; i < nodes.length; i++) {
      pb.environment().put("WERKPLAATS_E2E_NODE" + (i + 1), "http://127.0.0.1:" + nodes[i].port);
      pb.environment().put("WERKPLAATS_E2E_NODE" + (i + 1) + "_PID", String.valueOf(nodes[i].pid()));
    }
    pb.environment().put("WERKPLAATS_E2E_ORGANISER_KEY", Nodes.ORGANISER_KEY);
    pb.environment().put("WERKPLAATS_E2E_ARTIFACTS", artifacts.toString());
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
    StringBuilder said = new StringBuilder();
    for (int i = 0; i < nodes.length; i++) {
      said.append("\nnode ").append(i + 1).append(" said:\n").append(nodes[i].output());
    }
    assertEquals(0, browser.exitValue(), "browser tests failed:\n" + out + said);
    java.util.regex.Matcher passed = java.util.regex.Pattern.compile("ℹ pass (\\d+)").matcher(out);
    assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "the browser tests ran:\n" + out);
    assertTrue(out.toString().contains("ℹ skipped 0"), "no browser test was skipped:\n" + out);
    return out.toString();
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

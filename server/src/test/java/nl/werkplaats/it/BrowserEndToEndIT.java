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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The browser client in Debian's Chromium (driven by playwright-core, web-client/e2e/run.mjs) against a
 * two-node cluster of real server processes on PostgreSQL. Screenshots land in server/target/e2e-artifacts.
 */
class BrowserEndToEndIT {

  @Test
  @DisplayName("a facilitator and two participants on two nodes run three steps in Chromium; a node dies, nothing is lost")
  void browserSession() throws Exception {
    PostgresServer.Database db = PostgresServer.get().createDatabase("e2e");
    int[] http = {Nodes.freePort(), Nodes.freePort()};
    int[] cluster = {Nodes.freePort(), Nodes.freePort()};
    String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
    String origins = "http://127.0.0.1:" + http[0] + ",http://127.0.0.1:" + http[1];
    String clusterName = "e2e-" + UUID.randomUUID();
    JarProcess[] nodes = new JarProcess[2];
    try {
      for (int i = 0; i < 2; i++) {
        Map<String, String> env = new HashMap<>();
        env.put("WERKPLAATS_STORE", "postgres");
        env.put("WERKPLAATS_DB_URL", db.url());
        env.put("WERKPLAATS_DB_USER", db.user());
        env.put("WERKPLAATS_DB_PASSWORD", db.password());
        env.put("WERKPLAATS_CLUSTER_NAME", clusterName);
        env.put("WERKPLAATS_CLUSTER_MEMBERS", members);
        env.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(cluster[i]));
        env.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
        env.put("WERKPLAATS_PUBLIC_URL", "http://127.0.0.1:" + http[i]);
        env.put("WERKPLAATS_ALLOWED_ORIGINS", origins);
        env.put("WERKPLAATS_FAILURE_DETECTION_SECONDS", "5");
        env.put("WERKPLAATS_DATA_DIR", Nodes.tempDir().toString());
        nodes[i] = JarProcess.start(http[i], env);
      }
      Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
      Path artifacts = Path.of("target", "e2e-artifacts").toAbsolutePath();
      Files.createDirectories(artifacts);
      ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "e2e/run.mjs")
          .directory(webClient.toFile()).redirectErrorStream(true);
      pb.environment().put("WERKPLAATS_E2E_NODE1", "http://127.0.0.1:" + http[0]);
      pb.environment().put("WERKPLAATS_E2E_NODE2", "http://127.0.0.1:" + http[1]);
      pb.environment().put("WERKPLAATS_E2E_NODE1_PID", String.valueOf(nodes[0].pid()));
      pb.environment().put("WERKPLAATS_E2E_NODE2_PID", String.valueOf(nodes[1].pid()));
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
      assertEquals(0, browser.exitValue(), "browser tests failed:\n" + out
          + "\nnode 1 said:\n" + nodes[0].output() + "\nnode 2 said:\n" + nodes[1].output());
      java.util.regex.Matcher passed = java.util.regex.Pattern.compile("ℹ pass (\\d+)").matcher(out);
      assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "the browser tests ran:\n" + out);
      assertTrue(out.toString().contains("ℹ skipped 0"), "no browser test was skipped:\n" + out);
    } finally {
      for (JarProcess n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }
}

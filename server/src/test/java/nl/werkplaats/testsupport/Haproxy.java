package nl.werkplaats.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's HAProxy on 127.0.0.1 with deploy/haproxy.cfg, the file deploy/compose.yaml uses, its addresses
 * given through the same environment variables (WERKPLAATS_LB_BIND, WERKPLAATS_NODE1..3).
 */
public final class Haproxy implements AutoCloseable {
  /** deploy/haproxy.cfg, from the server module's directory (where Maven runs the tests). */
  public static final Path CONFIG = Path.of("..", "deploy", "haproxy.cfg");
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  public final int port;

  private Haproxy(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // stopped
      }
    }, "haproxy-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static Path binary() {
    for (String p : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException("haproxy is not installed: run .ci/install-test-deps.sh (apt-get install haproxy)");
  }

  /** Starts HAProxy on 127.0.0.1:{@code port} in front of the three {@code nodes} (host:port) and waits until it sends to one. */
  public static Haproxy start(int port, List<String> nodes) throws Exception {
    if (nodes.size() != 3) {
      throw new IllegalArgumentException("deploy/haproxy.cfg has three nodes");
    }
    ProcessBuilder pb = new ProcessBuilder(binary().toString(), "-db", "-f", CONFIG.toAbsolutePath().toString())
        .redirectErrorStream(true);
    pb.environment().put("WERKPLAATS_LB_BIND", "127.0.0.1:" + port);
    for (int i = 0; i < 3; i++) {
      pb.environment().put("WERKPLAATS_NODE" + (i + 1), nodes.get(i));
    }
    Haproxy h = new Haproxy(pb.start(), port);
    h.awaitReady(60);
    return h;
  }

  /** Waits until /ready through the proxy answers 200 (a backend is up). */
  public void awaitReady(int seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy stopped:\n" + output);
      }
      try {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("haproxy sends to no backend:\n" + output);
  }

  public String output() {
    return output.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

package nl.werkplaats.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The built server jar as a separate process: started as the README says, crashed with SIGKILL. */
public final class JarProcess implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private final Thread reader;
  public final int port;

  private JarProcess(Process process, int port) {
    this(process, port, String.valueOf(port));
  }

  private JarProcess(Process process, int port, String label) {
    this.process = process;
    this.port = port;
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.append(line).append('\n');
          if (line.startsWith("Werkplaats is running")) {
            running.complete(null);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
      running.completeExceptionally(new IllegalStateException("the server stopped:\n" + output));
    }, "jar-output-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  public static Path jar() {
    return Path.of("target", "werkplaats.jar");
  }

  /** Starts the jar with {@code env} (and WERKPLAATS_PORT = port) and waits until it accepts connections. */
  public static JarProcess start(int port, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar().toString()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("WERKPLAATS_PORT", String.valueOf(port));
    JarProcess p = new JarProcess(pb.start(), port);
    p.running.get(120, TimeUnit.SECONDS);
    return p;
  }

  /**
   * Starts the jar behind {@code commandPrefix} (e.g. {@code ip netns exec NS}, which execs java in place, so
   * that {@link #pid()}, {@link #crash()} and {@link #close()} reach java itself) with {@code jvmArgs} before
   * {@code -jar}, {@code env} and WERKPLAATS_PORT = port, and waits until it accepts connections.
   * {@code label} names the process in thread names and messages.
   */
  public static JarProcess start(List<String> commandPrefix, List<String> jvmArgs, String label, int port,
      Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("WERKPLAATS_PORT", String.valueOf(port));
    JarProcess p = new JarProcess(pb.start(), port, label);
    try {
      p.running.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.crash();
      throw new IllegalStateException(label + " did not start: " + e.getMessage() + "\n" + p.output(), e);
    }
    return p;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    return output.toString();
  }

  /** SIGTERM, as an orchestrator stops a node: the node drains and stops by itself; does not wait. */
  public void terminate() {
    process.toHandle().destroy(); // not Process.destroy(): that also closes our end of its output
  }

  /** Waits for the process to end; true when it did within {@code seconds}. */
  public boolean awaitExit(long seconds) throws InterruptedException {
    boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
    if (exited) {
      reader.join(5_000); // its last lines read
    }
    return exited;
  }

  /** kill -9: no shutdown hook, no graceful leave, nothing flushed. */
  public void crash() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}

package nl.werkplaats.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM the benchmark starts (a Werkplaats node from the jar, or the baseline relay) and measures
 * from the outside: CPU time from {@code /proc/<pid>/stat}, heap with {@code jcmd}. Every process started
 * is killed when the benchmark's JVM exits, however it exits.
 */
final class ServerProcess implements AutoCloseable {
  private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
  private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "bench-kill-servers"));
  }

  final String name;
  final int port;
  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final StringBuffer tail = new StringBuffer();

  private ServerProcess(String name, int port, Process process, String readyPrefix, Path log) throws IOException {
    this.name = name;
    this.port = port;
    this.process = process;
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          if (tail.length() < 20_000) {
            tail.append(line).append('\n');
          }
          if (line.startsWith(readyPrefix)) {
            ready.complete(null);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      } finally {
        out.close();
      }
      ready.completeExceptionally(new IllegalStateException(name + " stopped before it was ready:\n" + tail));
    }, "bench-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} and waits for a line starting with {@code readyPrefix} on its output. */
  static ServerProcess start(String name, int port, List<String> command, Map<String, String> env, String readyPrefix,
      Path logDir) throws Exception {
    Files.createDirectories(logDir);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    STARTED.add(p);
    ServerProcess s = new ServerProcess(name, port, p, readyPrefix, logDir.resolve(name + ".log"));
    try {
      s.ready.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
    }
    return s;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String jcmd() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** User + system CPU time of the process so far, in milliseconds (from /proc/<pid>/stat). */
  long cpuMillis() {
    return cpuMillis(process.pid());
  }

  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static final Pattern THREAD_CPU = Pattern.compile("^\"([^\"]+)\".*? cpu=([0-9.]+)ms", Pattern.MULTILINE);

  /**
   * CPU milliseconds per thread group of a process ({@code jcmd <pid> Thread.print}, whose thread lines
   * carry {@code cpu=}; numbers and Hazelcast's instance name taken out of the names): where the CPU went.
   * Threads that ended meanwhile are missing.
   */
  static java.util.Map<String, Long> cpuMillisByThreadGroup(long pid) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    try {
      Matcher m = THREAD_CPU.matcher(run(List.of(jcmd(), String.valueOf(pid), "Thread.print")));
      while (m.find()) {
        out.merge(group(m.group(1)), (long) Double.parseDouble(m.group(2)), Long::sum);
      }
    } catch (Exception e) {
      // the process ended
    }
    return out;
  }

  static String group(String thread) {
    if (thread.startsWith("hz.")) {
      String rest = thread.substring(3);
      int dot = rest.indexOf('.');
      thread = "hz." + (dot >= 0 ? rest.substring(dot + 1) : rest); // hz.<instance>.partition-op... (truncated)
    }
    return thread.replaceAll("[0-9]+", "N").replaceAll("[-.]$", "");
  }

  /** Resident set size in KiB (from /proc/<pid>/status), or -1. */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** Heap in use after a full GC, in KiB ({@code jcmd GC.run}, then {@code jcmd GC.heap_info}); -1 if unknown. */
  static long heapAfterGcKib(long pid) {
    try {
      run(List.of(jcmd(), String.valueOf(pid), "GC.run"));
      Thread.sleep(500);
      run(List.of(jcmd(), String.valueOf(pid), "GC.run")); // twice: finalizers and soft references settle
      String info = run(List.of(jcmd(), String.valueOf(pid), "GC.heap_info"));
      Matcher m = HEAP_USED.matcher(info);
      return m.find() ? Long.parseLong(m.group(2)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static long ticksPerSecond() {
    try {
      return Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
    } catch (Exception e) {
      return 100;
    }
  }

  String output() {
    return tail.toString();
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      STARTED.remove(process);
    }
  }

  static List<Long> pids(List<ServerProcess> servers) {
    List<Long> out = new ArrayList<>();
    servers.forEach(s -> out.add(s.pid()));
    return out;
  }
}

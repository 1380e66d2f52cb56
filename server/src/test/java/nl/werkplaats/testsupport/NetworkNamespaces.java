package nl.werkplaats.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux network namespaces on one bridge, for tests that cut the network between processes of one machine.
 *
 * <p>The bridge {@code <prefix>br} in the root namespace has the address {@code <subnet>.1/24}; namespace
 * {@code i} (from 1) is {@code <prefix>-n<i>} with {@code eth0 = <subnet>.(10+i)/24}, joined to the bridge by
 * the veth {@code <prefix>v<i>}. Traffic between the root namespace and a namespace (a PostgreSQL server or a
 * test client on the bridge address) always flows; {@link #isolate} drops what the bridge forwards between one
 * namespace and the others, both ways, with an nftables table of the bridge family ({@code <prefix>_cut}),
 * and {@link #heal} deletes that table. Nothing is sent anywhere but the bridge's /24.
 *
 * <p>Needs root, {@code ip} (iproute2) and {@code nft} (nftables). {@link #requireTools()} fails with a message
 * that says what is missing. Everything carrying the prefix is removed at {@link #create} (leftovers of a run
 * that crashed) and at {@link #close}.
 */
public final class NetworkNamespaces implements AutoCloseable {
  private final String prefix;
  private final String subnet; // e.g. "10.201.77"
  private final int count;
  private final String ip;
  private final String nft;
  private volatile boolean cut;

  private NetworkNamespaces(String prefix, String subnet, int count, String ip, String nft) {
    this.prefix = prefix;
    this.subnet = subnet;
    this.count = count;
    this.ip = ip;
    this.nft = nft;
  }

  /**
   * Checks root, ip and nft, removes leftovers with this prefix and creates the bridge and {@code count}
   * namespaces. {@code prefix}: 2–8 lower-case letters (interface names are at most 15 characters).
   */
  public static NetworkNamespaces create(String prefix, String subnet, int count) {
    if (!prefix.matches("[a-z]{2,8}") || !subnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || count < 1 || count > 9) {
      throw new IllegalArgumentException("bad prefix, subnet or count: " + prefix + " " + subnet + " " + count);
    }
    String[] tools = requireTools();
    NetworkNamespaces n = new NetworkNamespaces(prefix, subnet, count, tools[0], tools[1]);
    n.removeLeftovers();
    try {
      n.build();
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  /** Answers {ip, nft} as absolute paths, or fails saying what this test needs. */
  public static String[] requireTools() {
    List<String> missing = new ArrayList<>();
    if (!isRoot()) {
      missing.add("root (network namespaces and nftables rules need CAP_NET_ADMIN; run `mvn verify` as root, as CI does)");
    }
    String ip = which("ip");
    if (ip == null) {
      missing.add("the `ip` command (Debian: apt-get install -y iproute2)");
    }
    String nft = which("nft");
    if (nft == null) {
      missing.add("the `nft` command (Debian: apt-get install -y nftables; .ci/install-test-deps.sh installs it)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The network-partition test needs " + String.join(", ", missing)
          + ". It is not skipped: install what is missing and run it as root.");
    }
    return new String[] {ip, nft};
  }

  public String namespace(int i) {
    check(i);
    return prefix + "-n" + i;
  }

  /** The address of namespace {@code i} (1-based) on the bridge. */
  public String address(int i) {
    check(i);
    return subnet + "." + (10 + i);
  }

  /** The root namespace's address on the bridge (where a server of the host is reached from the namespaces). */
  public String hostAddress() {
    return subnet + ".1";
  }

  public String cidr() {
    return subnet + ".0/24";
  }

  /** The command prefix that runs a program inside namespace {@code i}. */
  public List<String> exec(int i) {
    return List.of(ip, "netns", "exec", namespace(i));
  }

  /** Drops all forwarding between namespace {@code i} and every other namespace, both ways, until {@link #heal}. */
  public synchronized void isolate(int i) {
    check(i);
    StringBuilder others = new StringBuilder();
    for (int j = 1; j <= count; j++) {
      if (j != i) {
        others.append(others.length() == 0 ? "" : ", ").append(address(j));
      }
    }
    String rules = "table bridge " + table() + " {\n"
        + "  chain cut {\n"
        + "    type filter hook forward priority 0; policy accept;\n"
        + "    ip saddr " + address(i) + " ip daddr { " + others + " } drop\n"
        + "    ip saddr { " + others + " } ip daddr " + address(i) + " drop\n"
        + "  }\n"
        + "}\n";
    heal();
    run(List.of(nft, "-f", "-"), rules);
    cut = true;
  }

  /** Removes the cut (idempotent). */
  public synchronized void heal() {
    runQuietly(List.of(nft, "delete", "table", "bridge", table()));
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  /** Everything this instance (or an earlier run with the same prefix) created: the cut, namespaces, links. */
  @Override
  public void close() {
    removeLeftovers();
  }

  // ------------------------------------------------------------------------------------------ internals

  private String table() {
    return prefix + "_cut";
  }

  private String bridge() {
    return prefix + "br";
  }

  private void check(int i) {
    if (i < 1 || i > count) {
      throw new IllegalArgumentException("no namespace " + i + " (1.." + count + ")");
    }
  }

  private void build() {
    run(List.of(ip, "link", "add", bridge(), "type", "bridge"), null);
    run(List.of(ip, "addr", "add", hostAddress() + "/24", "dev", bridge()), null);
    run(List.of(ip, "link", "set", bridge(), "up"), null);
    for (int i = 1; i <= count; i++) {
      String ns = namespace(i);
      String veth = prefix + "v" + i;
      run(List.of(ip, "netns", "add", ns), null);
      run(List.of(ip, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns), null);
      run(List.of(ip, "link", "set", veth, "master", bridge(), "up"), null);
      run(List.of(ip, "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0"), null);
      run(List.of(ip, "-n", ns, "link", "set", "eth0", "up"), null);
      run(List.of(ip, "-n", ns, "link", "set", "lo", "up"), null);
    }
    // The bridge forwards only once its ports are up; wait until every namespace answers on the bridge.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int i = 1; i <= count; i++) {
      while (!reachable(address(i))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("namespace " + namespace(i) + " (" + address(i) + ") is not reachable on "
              + bridge() + "; links:\n" + runQuietly(List.of(ip, "-br", "link")));
        }
        sleep(200);
      }
    }
  }

  private boolean reachable(String address) {
    try {
      return java.net.InetAddress.getByName(address).isReachable(500);
    } catch (IOException e) {
      return false;
    }
  }

  private void removeLeftovers() {
    runQuietly(List.of(nft, "delete", "table", "bridge", table()));
    cut = false;
    for (String line : runQuietly(List.of(ip, "netns", "list")).split("\n")) {
      String ns = line.strip().split("\\s+")[0];
      if (ns.startsWith(prefix + "-n")) {
        // Processes an earlier run of this harness left in its namespace (the test kills its own at the end).
        for (String pid : runQuietly(List.of(ip, "netns", "pids", ns)).split("\\s+")) {
          if (pid.matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        runQuietly(List.of(ip, "netns", "delete", ns));
      }
    }
    for (String line : runQuietly(List.of(ip, "-o", "link", "show")).split("\n")) {
      // "7: wppv1@if2: <BROADCAST,...>"
      String[] parts = line.split(":\\s*", 3);
      if (parts.length < 2) {
        continue;
      }
      String name = parts[1].split("@")[0].strip();
      if (name.startsWith(prefix + "v") || name.equals(bridge())) {
        runQuietly(List.of(ip, "link", "delete", name));
      }
    }
  }

  private static String run(List<String> command, String stdin) {
    Result r = exec(command, stdin);
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exit + "): " + r.output
          + (stdin == null ? "" : "\ninput:\n" + stdin));
    }
    return r.output;
  }

  private static String runQuietly(List<String> command) {
    Result r = exec(command, null);
    return r.exit == 0 ? r.output : "";
  }

  private record Result(int exit, String output) {}

  private static Result exec(List<String> command, String stdin) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return "0".equals(line.substring(4).strip().split("\\s+")[1]); // the effective uid
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private static String which(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, tool);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

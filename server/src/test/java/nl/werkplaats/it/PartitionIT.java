package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.testsupport.NetworkNamespaces;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost when the cluster network partitions.
 *
 * <p>Three members (the built jar) run in their own Linux network namespaces on one bridge
 * ({@link NetworkNamespaces}) and share one PostgreSQL server that listens on the bridge. Four rooms of seven
 * participants (spread over the three members, each also connected to by its facilitator) write about two
 * commands a second each: agreements with unique texts, and answers (their organisation's text of a checklist
 * question, to which every command appends a unique word). Three phases cut the cluster link: a member that is
 * not the oldest for 30 s, then the oldest member (the first started) for 30 s, then a flapping link (3 s down,
 * 3 s up, for 30 s). The link to PostgreSQL and to the member's own clients stays up all the time.
 *
 * <p>Clients behave like the browser client of docs/protocol.md: a command without an answer within
 * {@value #ACK_TIMEOUT_MS} ms, or whose socket closed, is sent again with the same commandId after a reconnect
 * (the same member first, another after a time-out) that resumes with the last applied seq (and history hash,
 * {@code lastChain}, when the server gives one); refused commands are retried after a back-off; gaps and
 * heartbeats ahead of the client are repaired with {@code resync}, a heartbeat at the client's seq with another
 * {@code chain} with {@code resync} from 0 (docs/protocol.md, "Healing a forked history").
 *
 * <p>What must hold (collected over all phases, reported together):
 * <ul>
 *   <li>every acknowledged command's event is in {@code room_events} exactly once, at its acknowledged seq
 *       (command_key {@code <participantId>:<commandId>});</li>
 *   <li>no seq is acknowledged for two different commands of a room, and a repeated ack names the same seq;</li>
 *   <li>every acknowledged agreement and answer word is in the final room (a fresh client's welcome) and in
 *       the frozen JSON summary;</li>
 *   <li>after every phase the three members serve the same room, and every client's view (seq, agreements,
 *       answers) equals it, within {@value #CONVERGE_BOUND_S} s after the cluster has three members again and
 *       the writers stopped; the cluster has three members again within {@value #MERGE_BOUND_S} s of the heal.</li>
 * </ul>
 * Figures (per phase: acknowledged and refused writes, longest stall on each side, time to split, to merge and
 * to converge) are printed and written to {@code target/partition-it/figures.txt}, next to the members' logs.
 *
 * <p>Needs root, iproute2 and nftables (.ci/install-test-deps.sh installs the tools; CI runs as root) and the
 * PostgreSQL binaries; without them it fails and says so. Uses only 10.201.77.0/24 and 127.0.0.1.
 */
class PartitionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static final String PREFIX = "wppart";
  private static final String SUBNET = "10.201.77";
  private static final int NODES = 3;
  private static final int ROOMS = 4;
  private static final int PEOPLE = 7;
  private static final int HTTP_PORT = 8080;   // every member has its own network stack: the same ports for all
  private static final int CLUSTER_PORT = 5701;
  private static final int WRITE_STEP = 1;     // the first checklist question of checklist-samen-data-delen
  private static final long PERIOD_MS = 500;   // about two commands a second per participant
  private static final int AGREEMENTS_EACH = 50; // a room holds at most 500 agreements
  private static final long ACK_TIMEOUT_MS = 8_000;
  private static final long BEFORE_CUT_MS = 5_000;
  private static final long CUT_MS = 30_000;
  private static final long FLAP_MS = 3_000;
  private static final long AFTER_MERGE_MS = 5_000;
  private static final long RETRY_WINDOW_MS = 20_000; // how long a command pending when writing stops is retried
  private static final long MERGE_BOUND_S = 45;
  private static final long CONVERGE_BOUND_S = 20;
  private static final Set<String> PERMANENT = Set.of("forbidden", "invalid_message", "invalid_value", "not_found",
      "limit_reached", "text_too_long", "ended", "wrong_step_type", "bad_json", "unknown_type", "not_started",
      "step_not_open", "locked", "wrong_room", "room_not_found", "text_op_invalid", "text_revision_gone", "too_large");

  private final long t0 = System.nanoTime();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<Peer> peers = new ArrayList<>();
  private final List<RoomInfo> rooms = new ArrayList<>();
  private final List<PhaseResult> results = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();
  private Vertx vertx;
  private NetworkNamespaces net;

  @Test
  @DisplayName("a partitioned member, the oldest member partitioned, a flapping link: nothing acknowledged is lost,"
      + " nothing acknowledged twice, every client converges")
  void partitions() throws Exception {
    NetworkNamespaces.requireTools(); // fails with what is missing: never skipped
    Path out = Path.of("target", "partition-it");
    Files.createDirectories(out);
    JarProcess[] members = new JarProcess[NODES];
    PostgresServer pg = null;
    // Should the test JVM be stopped from outside (a build time-out), still end the members and the network.
    Thread cleanup = new Thread(() -> {
      for (JarProcess m : members) {
        if (m != null) {
          try {
            m.crash();
          } catch (Exception ignored) {
            // going away anyway
          }
        }
      }
      if (net != null) {
        net.close();
      }
    }, "partition-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Throwable failure = null;
    try {
      net = NetworkNamespaces.create(PREFIX, SUBNET, NODES);
      for (int i = 1; i <= NODES; i++) {
        hosts.add(net.address(i));
      }
      pg = PostgresServer.startPrivate(List.of(net.hostAddress()), List.of(net.cidr()));
      PostgresServer.Database db = pg.createDatabase("partition");
      log("network " + net.cidr() + " (bridge " + net.hostAddress() + "), members " + hosts + ", PostgreSQL " + db.url());

      Map<String, String> common = new HashMap<>();
      common.put("WERKPLAATS_STORE", "postgres");
      common.put("WERKPLAATS_DB_URL", pg.url(net.hostAddress(), db));
      common.put("WERKPLAATS_DB_USER", db.user());
      common.put("WERKPLAATS_DB_PASSWORD", db.password());
      common.put("WERKPLAATS_CLUSTER_NAME", "partition-" + UUID.randomUUID());
      common.put("WERKPLAATS_CLUSTER_PORT", String.valueOf(CLUSTER_PORT));
      common.put("WERKPLAATS_CLUSTER_MEMBERS", String.join(",", hosts.stream().map(h -> h + ":" + CLUSTER_PORT).toList()));
      common.put("WERKPLAATS_ORGANISER_KEY", Nodes.ORGANISER_KEY);
      common.put("WERKPLAATS_PUBLIC_URL", Nodes.ORIGIN);
      common.put("WERKPLAATS_FAILURE_DETECTION_SECONDS", "5");
      common.put("WERKPLAATS_DEMO_ROOM", "false");
      // The oldest member is started first, alone; the other two together.
      members[0] = startMember(0, common);
      List<Thread> starting = new ArrayList<>();
      List<Exception> startFailures = new CopyOnWriteArrayList<>();
      for (int i = 1; i < NODES; i++) {
        int idx = i;
        Thread t = new Thread(() -> {
          try {
            members[idx] = startMember(idx, common);
          } catch (Exception e) {
            startFailures.add(e);
          }
        }, "start-member-" + (i + 1));
        t.start();
        starting.add(t);
      }
      for (Thread t : starting) {
        t.join();
      }
      if (!startFailures.isEmpty()) {
        throw startFailures.get(0);
      }
      long formed = awaitMembers(NODES, 90);
      assertTrue(formed >= 0, "the three members did not form one cluster within 90 s");
      log("cluster of " + NODES + " formed");

      vertx = Vertx.vertx();
      setUpRooms();

      PhaseResult p1 = runPhase("1: member 3 cut 30 s", 2, false);
      if (p1.merged()) {
        PhaseResult p2 = runPhase("2: oldest (member 1) cut 30 s", 0, false);
        if (p2.merged()) {
          runPhase("3: member 2 flapping 3 s/3 s for 30 s", 1, true);
        }
      }
      if (results.stream().anyMatch(r -> !r.merged())) {
        problems.add("the cluster did not have three members again within " + MERGE_BOUND_S
            + " s of a heal; the remaining phases were not run");
      }

      finalChecks(db);
    } catch (Throwable t) {
      failure = t;
      problems.add("the test stopped early: " + t);
    } finally {
      String figures = figures();
      System.out.println(figures);
      quietly(() -> Files.writeString(out.resolve("figures.txt"),
          figures + "\nproblems:\n" + String.join("\n", problems) + "\n"));
      for (int i = 0; i < NODES; i++) {
        JarProcess m = members[i];
        if (m != null) {
          int n = i + 1;
          quietly(m::crash);
          quietly(() -> Files.writeString(out.resolve("member-" + n + ".log"), m.output()));
        }
      }
      for (Peer p : peers) {
        quietly(p::close);
      }
      if (vertx != null) {
        quietly(() -> vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
      }
      if (net != null) {
        quietly(net::close);
      }
      if (pg != null) {
        quietly(pg::close);
      }
      quietly(() -> Runtime.getRuntime().removeShutdownHook(cleanup));
    }
    if (!problems.isEmpty()) {
      List<String> shown = problems.size() > 40 ? problems.subList(0, 40) : problems;
      throw new AssertionError(problems.size() + " problem(s) after the partitions (figures and member logs in "
          + out.toAbsolutePath() + "):\n  " + String.join("\n  ", shown)
          + (problems.size() > 40 ? "\n  … and " + (problems.size() - 40) + " more" : ""), failure);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      System.out.println("[partition] clean-up step failed: " + e);
    }
  }

  // ------------------------------------------------------------------------------------------ members

  private JarProcess startMember(int i, Map<String, String> common) throws Exception {
    Map<String, String> env = new HashMap<>(common);
    env.put("WERKPLAATS_CLUSTER_HOST", net.address(i + 1));
    env.put("WERKPLAATS_DATA_DIR", Nodes.tempDir().toString());
    List<String> jvm = new ArrayList<>(List.of("-Djava.net.preferIPv4Stack=true"));
    // For diagnosis only (e.g. trying Hazelcast settings against a member): extra JVM arguments, space-separated.
    String extra = System.getProperty("werkplaats.partition.memberJvmArgs", "").strip();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    JarProcess p = JarProcess.start(net.exec(i + 1), jvm, "member-" + (i + 1), HTTP_PORT, env);
    log("member " + (i + 1) + " started in " + net.namespace(i + 1) + " (pid " + p.pid() + ")");
    return p;
  }

  /** The members count each member reports, or -1 for a member that does not answer. */
  private int[] memberCounts() {
    int[] counts = new int[NODES];
    for (int i = 0; i < NODES; i++) {
      counts[i] = -1;
      try {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hosts.get(i) + ":" + HTTP_PORT
            + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          counts[i] = JSON.readTree(res.body()).path("members").asInt(-1);
        }
      } catch (Exception e) {
        // not answering now
      }
    }
    return counts;
  }

  /** Waits until every member reports {@code n} members; answers the time that took in ms, or -1. */
  private long awaitMembers(int n, long seconds) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      int[] counts = memberCounts();
      if (java.util.Arrays.stream(counts).allMatch(c -> c == n)) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      sleep(250);
    }
    log("members still report " + java.util.Arrays.toString(memberCounts()));
    return -1;
  }

  // ------------------------------------------------------------------------------------------ rooms

  private record RoomInfo(int index, String roomId, String facilitatorToken, String organiserToken, Peer facilitator) {}

  private void setUpRooms() throws Exception {
    for (int r = 0; r < ROOMS; r++) {
      int node = r % NODES;
      JsonNode created = post(node, "/api/rooms",
          Map.of("templateId", "checklist-samen-data-delen", "title", "Partitie " + (r + 1)));
      String roomId = created.path("roomId").asText();
      String facToken = created.path("facilitatorToken").asText();
      Peer fac = new Peer(this, "r" + r + "-fac", r, roomId, node, "Fien " + r, "Gemeente Gouda", facToken);
      peers.add(fac);
      if (!fac.reconnect(false)) {
        throw new IllegalStateException("facilitator of room " + r + " could not connect");
      }
      for (String type : List.of("start", "next")) {
        Sent s = fac.flow(type);
        if (s.seq < 0) {
          throw new IllegalStateException("room " + r + ": " + type + " was not acknowledged: " + s.errors);
        }
      }
      rooms.add(new RoomInfo(r, roomId, facToken, created.path("organiserToken").asText(), fac));
      for (int p = 0; p < PEOPLE; p++) {
        Peer peer = new Peer(this, "r" + r + "-p" + p, r, roomId, (r + p) % NODES, "Deelnemer " + r + "-" + p,
            "Organisatie " + r + "-" + p, null);
        peers.add(peer);
        if (!peer.reconnect(false)) {
          throw new IllegalStateException(peer.label + " could not join");
        }
      }
    }
    log(ROOMS + " rooms with " + PEOPLE + " participants each, at step " + WRITE_STEP);
  }

  // ------------------------------------------------------------------------------------------ phases

  private static final class PhaseResult {
    static final PhaseResult NONE = new PhaseResult("setup", -1);
    final String name;
    final int cutNode;
    volatile long startMs;
    volatile long cutMs;
    volatile long healMs;
    volatile long splitSeenMs = -1;   // after the cut, when the cut member first reported fewer members
    volatile long membersMs = -1;     // after the heal, when all reported three members again
    volatile long stopMs;             // writing stopped
    volatile long writersDoneMs;
    volatile long convergedMs = -1;   // after the heal
    final Map<Peer, Integer> sideAtCut = new HashMap<>();

    PhaseResult(String name, int cutNode) {
      this.name = name;
      this.cutNode = cutNode;
    }

    boolean merged() {
      return membersMs >= 0;
    }
  }

  private PhaseResult runPhase(String name, int cutNode, boolean flapping) throws Exception {
    PhaseResult r = new PhaseResult(name, cutNode);
    results.add(r);
    r.startMs = now();
    log("phase " + name + ": writing");
    List<Peer> writers = peers.stream().filter(p -> p.facilitatorToken == null).toList();
    java.util.concurrent.atomic.AtomicLong stopAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    List<Thread> threads = new ArrayList<>();
    for (Peer p : writers) {
      Thread t = new Thread(() -> p.writeUntil(r, stopAt), "writer-" + p.label);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    sleep(BEFORE_CUT_MS);
    for (Peer p : peers) {
      r.sideAtCut.put(p, p.node);
    }
    r.cutMs = now();
    Thread watcher = new Thread(() -> {
      while (r.healMs == 0) {
        int[] counts = memberCounts();
        if (counts[cutNode] > 0 && counts[cutNode] < NODES) {
          r.splitSeenMs = now() - r.cutMs;
          log("member " + (cutNode + 1) + " reports " + counts[cutNode] + " member(s), " + r.splitSeenMs + " ms after the cut");
          return;
        }
        sleep(250);
      }
    }, "split-watcher");
    watcher.setDaemon(true);
    watcher.start();
    if (flapping) {
      for (long end = now() + CUT_MS; now() < end; ) {
        net.isolate(cutNode + 1);
        sleep(FLAP_MS);
        net.heal();
        sleep(FLAP_MS);
      }
      log("flapping ended");
    } else {
      net.isolate(cutNode + 1);
      log("member " + (cutNode + 1) + "'s cluster link is cut");
      sleep(CUT_MS);
      net.heal();
      log("healed");
    }
    r.healMs = now();
    long merge = awaitMembers(NODES, MERGE_BOUND_S);
    if (merge >= 0) {
      r.membersMs = merge;
      log("three members again " + merge + " ms after the heal");
      sleep(AFTER_MERGE_MS);
    } else {
      log("NOT three members within " + MERGE_BOUND_S + " s of the heal");
    }
    r.stopMs = now();
    stopAt.set(r.stopMs);
    for (Thread t : threads) {
      t.join(RETRY_WINDOW_MS + ACK_TIMEOUT_MS + 15_000);
    }
    r.writersDoneMs = now();
    log("writers stopped; " + sent.stream().filter(s -> s.phase == r && s.seq >= 0).count() + " acknowledged this phase");
    long converged = awaitConvergence(r.writersDoneMs + CONVERGE_BOUND_S * 1000, r.name);
    if (converged >= 0) {
      r.convergedMs = converged - r.healMs;
      log("every client converged " + r.convergedMs + " ms after the heal");
    }
    return r;
  }

  /**
   * Waits until, for every room, the three members serve the same room and every client's view equals it.
   * Answers the time (test clock, ms) it did, or -1 after adding what differed to the problems.
   */
  private long awaitConvergence(long deadlineMs, String phase) {
    List<String> last = List.of();
    while (true) {
      for (Peer p : peers) {
        if (!p.isOpen()) {
          p.reconnect(false);
        }
      }
      List<String> diffs = new ArrayList<>();
      for (RoomInfo room : rooms) {
        View[] refs = new View[NODES];
        for (int n = 0; n < NODES; n++) {
          refs[n] = freshView(room, n);
          if (refs[n] == null) {
            diffs.add("room " + room.index + ": member " + (n + 1) + " gave no welcome");
          } else if (n > 0 && refs[0] != null && !refs[0].equals(refs[n])) {
            diffs.add("room " + room.index + ": member " + (n + 1) + " serves " + refs[n].describeDiff(refs[0]) + " vs member 1");
          }
        }
        View ref = refs[0] != null ? refs[0] : refs[1] != null ? refs[1] : refs[2];
        if (ref == null) {
          continue;
        }
        for (Peer p : peers) {
          if (p.room == room.index) {
            View v = p.view();
            if (!v.equals(ref)) {
              diffs.add(p.label + " (on member " + (p.node + 1) + (p.isOpen() ? "" : ", disconnected") + "): "
                  + v.describeDiff(ref));
            }
          }
        }
      }
      if (diffs.isEmpty()) {
        return now();
      }
      last = diffs;
      if (now() > deadlineMs) {
        problems.add("phase " + phase + ": not converged within " + CONVERGE_BOUND_S + " s after writing stopped ("
            + diffs.size() + " differences), e.g.: " + String.join("; ", last.subList(0, Math.min(6, last.size()))));
        return -1;
      }
      sleep(1000);
    }
  }

  /** The room as a new client gets it from member {@code n}: a facilitator welcome without lastSeq. */
  private View freshView(RoomInfo room, int n) {
    Peer probe = new Peer(this, "probe", room.index, room.roomId, n, "Fien " + room.index, "Gemeente Gouda",
        room.facilitatorToken);
    try {
      return probe.connectTo(n, 5_000) ? probe.view() : null;
    } finally {
      probe.close();
    }
  }

  // ------------------------------------------------------------------------------------------ final checks

  private void finalChecks(PostgresServer.Database db) throws Exception {
    log("final checks");
    // Every command of this test is valid: a refusal for good is a fault, not a partition's price.
    for (Sent s : sent) {
      if (s.seq < 0 && s.rejected()) {
        problems.add(s.describe() + " was refused for good: " + s.errors);
      }
    }
    // Writing works again after every merge: each participant has an ack after the cluster had three members.
    for (PhaseResult r : results) {
      if (!r.merged()) {
        continue;
      }
      long mergedAt = r.healMs + r.membersMs;
      for (Peer p : peers) {
        if (p.facilitatorToken == null
            && sent.stream().noneMatch(s -> s.peer == p && s.phase == r && s.seq >= 0 && s.ackMs >= mergedAt)) {
          problems.add("phase " + r.name + ": " + p.label + " had no write acknowledged after the merge");
        }
      }
    }
    // Acks: at most one seq per command, at most one command per seq and room.
    Map<String, Map<Long, String>> bySeq = new HashMap<>();
    for (Sent s : sent) {
      if (s.seq < 0) {
        continue;
      }
      if (s.ackSeqs.stream().distinct().count() > 1) {
        problems.add(s.describe() + " was acknowledged with different seqs " + s.ackSeqs);
      }
      String earlier = bySeq.computeIfAbsent(s.peer.roomId, k -> new HashMap<>()).putIfAbsent(s.seq, s.key());
      if (earlier != null && !earlier.equals(s.key())) {
        problems.add("room " + s.peer.room + " seq " + s.seq + " acknowledged twice: to " + earlier + " and to " + s.describe());
      }
    }

    // The store: every acknowledged command exactly once at its seq.
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      for (RoomInfo room : rooms) {
        Map<String, List<Long>> byKey = new HashMap<>();
        Map<Long, String> keyAt = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, command_key FROM room_events WHERE room_id = ?")) {
          ps.setString(1, room.roomId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String key = rs.getString(2);
              keyAt.put(rs.getLong(1), key);
              if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getLong(1));
              }
            }
          }
        }
        for (Sent s : sent) {
          if (s.peer.room != room.index || s.seq < 0) {
            continue;
          }
          String stored = keyAt.get(s.seq);
          if (!s.key().equals(stored)) {
            problems.add(s.describe() + ": the store holds " + (stored == null ? "nothing" : stored) + " at seq " + s.seq);
          }
          if (s.writer && byKey.getOrDefault(s.key(), List.of()).size() != 1) {
            problems.add(s.describe() + " is stored " + byKey.getOrDefault(s.key(), List.of()).size() + " times, at "
                + byKey.getOrDefault(s.key(), List.of()));
          }
        }
      }
    }

    // End every room: the final room and its frozen summary hold everything acknowledged.
    for (RoomInfo room : rooms) {
      Sent end = room.facilitator.flow("end");
      if (end.seq < 0) {
        problems.add("room " + room.index + ": end was not acknowledged: " + end.errors);
      }
      View fin = null;
      for (int n = 0; n < NODES && fin == null; n++) {
        fin = freshView(room, n);
      }
      if (fin == null) {
        problems.add("room " + room.index + ": no member gave a welcome after the end");
        continue;
      }
      String summary = latestSummary(room);
      int missingRoom = 0;
      int missingSummary = 0;
      for (Sent s : sent) {
        if (s.peer.room != room.index || s.seq < 0 || !s.writer) {
          continue;
        }
        boolean inRoom = s.agreement ? fin.agreements.containsValue(s.content)
            : fin.texts.getOrDefault("org:" + s.peer.organisation, "").contains(s.content);
        if (!inRoom) {
          missingRoom++;
          if (missingRoom <= 10) {
            problems.add(s.describe() + " (\"" + s.content + "\") is not in the final room");
          }
        }
        if (summary != null && !summary.contains(s.content)) {
          missingSummary++;
          if (missingSummary <= 10) {
            problems.add(s.describe() + " (\"" + s.content + "\") is not in the frozen summary");
          }
        }
      }
      if (missingRoom > 10 || missingSummary > 10) {
        problems.add("room " + room.index + ": " + missingRoom + " acknowledged writes missing from the final room, "
            + missingSummary + " from the summary");
      }
    }
  }

  private String latestSummary(RoomInfo room) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      int node = attempt % NODES;
      try {
        HttpResponse<String> list = get(node, "/api/rooms/" + room.roomId + "/summaries", room.organiserToken);
        if (list.statusCode() == 200 && JSON.readTree(list.body()).size() > 0) {
          int version = 0;
          for (JsonNode v : JSON.readTree(list.body())) {
            version = Math.max(version, v.path("version").asInt());
          }
          HttpResponse<String> json = get(node, "/api/rooms/" + room.roomId + "/summaries/" + version + ".json",
              room.organiserToken);
          if (json.statusCode() == 200) {
            return json.body();
          }
        }
      } catch (Exception e) {
        // another member, a moment later
      }
      sleep(1000);
    }
    problems.add("room " + room.index + ": no frozen summary could be downloaded");
    return null;
  }

  // ------------------------------------------------------------------------------------------ figures

  private String figures() {
    StringBuilder b = new StringBuilder();
    b.append("\nPartition test figures (").append(ROOMS).append(" rooms x ").append(PEOPLE)
        .append(" participants, ~").append(1000 / PERIOD_MS).append(" commands/s each; failure detection 5 s; ms)\n");
    String head = String.format(Locale.ROOT, "%-38s %6s %7s %8s %7s %9s %10s %6s %6s %8s %9s %5s %5s%n", "phase",
        "acked", "refused", "timeouts", "unacked", "stall-cut", "stall-rest", "split", "merge", "converge", "conv-stop",
        "forks", "snaps");
    b.append(head);
    for (PhaseResult r : results) {
      long acked = sent.stream().filter(s -> s.phase == r && s.writer && s.seq >= 0).count();
      long refused = sent.stream().filter(s -> s.phase == r && s.writer).mapToLong(s -> s.errors.size()).sum();
      long timeouts = sent.stream().filter(s -> s.phase == r && s.writer).mapToLong(s -> s.timeouts).sum();
      long unacked = sent.stream().filter(s -> s.phase == r && s.writer && s.seq < 0).count();
      long forks = peers.stream().mapToLong(p -> p.forks.getOrDefault(r, 0)).sum();
      long snaps = peers.stream().mapToLong(p -> p.snapshots.getOrDefault(r, 0)).sum();
      b.append(String.format(Locale.ROOT, "%-38s %6d %7d %8d %7d %9s %10s %6s %6s %8s %9s %5d %5d%n", r.name,
          acked, refused, timeouts, unacked, ms(longestStall(r, true)), ms(longestStall(r, false)), ms(r.splitSeenMs),
          ms(r.membersMs), ms(r.convergedMs), ms(r.convergedMs < 0 ? -1 : r.convergedMs - (r.writersDoneMs - r.healMs)),
          forks, snaps));
    }
    Map<String, Integer> codes = new TreeMap<>();
    for (Sent s : sent) {
      for (String e : s.errors) {
        codes.merge(e, 1, Integer::sum);
      }
    }
    b.append("refusals by code: ").append(codes).append('\n');
    b.append("stall-cut / stall-rest: the longest time without an ack for a participant connected (at the cut) to the"
        + " cut member / to the others, from the cut until writing stopped\n");
    b.append("split: cut until the cut member reported fewer members; merge: heal until all reported three;"
        + " converge: heal until every client's view equalled the room on all members (writing goes on until "
        + AFTER_MERGE_MS + " ms after the merge); conv-stop: the same from when the last writer stopped; forks: heartbeats at a"
        + " client's seq with another history hash; snaps: snapshots clients received\n");
    return b.toString();
  }

  private static String ms(long v) {
    return v < 0 ? "-" : String.valueOf(v);
  }

  /** The longest time between consecutive acks (from the cut to the end of writing) on one side. */
  private long longestStall(PhaseResult r, boolean cutSide) {
    if (r.cutMs == 0 || r.stopMs == 0) {
      return -1;
    }
    long worst = -1;
    for (Peer p : peers) {
      Integer side = r.sideAtCut.get(p);
      if (p.facilitatorToken != null || side == null || (side == r.cutNode) != cutSide) {
        continue;
      }
      List<Long> times = new ArrayList<>();
      times.add(r.cutMs);
      for (Sent s : sent) {
        if (s.peer == p && s.seq >= 0 && s.ackMs > r.cutMs && s.ackMs <= r.stopMs) {
          times.add(s.ackMs);
        }
      }
      times.add(r.stopMs);
      Collections.sort(times);
      for (int i = 1; i < times.size(); i++) {
        worst = Math.max(worst, times.get(i) - times.get(i - 1));
      }
    }
    return worst;
  }

  // ------------------------------------------------------------------------------------------ commands

  /** One command a client sent, and what became of it. */
  static final class Sent {
    final Peer peer;
    final PhaseResult phase;
    final String commandId = UUID.randomUUID().toString();
    final ObjectNode message;
    final boolean writer;
    final boolean agreement;
    final String content; // the agreement's text or the answer's new word
    final List<Long> ackSeqs = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    volatile long seq = -1;
    volatile long ackMs;
    volatile int ackNode = -1;
    volatile int timeouts;
    volatile int attempts;

    Sent(Peer peer, PhaseResult phase, ObjectNode message, boolean writer, boolean agreement, String content) {
      this.peer = peer;
      this.phase = phase;
      this.message = message.put("commandId", commandId);
      this.writer = writer;
      this.agreement = agreement;
      this.content = content;
    }

    String key() {
      return peer.participantId + ":" + commandId;
    }

    boolean rejected() {
      return !errors.isEmpty() && PERMANENT.contains(errors.get(errors.size() - 1));
    }

    String describe() {
      String when = seq < 0 ? "" : String.format(Locale.ROOT, " at %.1f s", ackMs / 1000.0);
      if (seq >= 0 && phase != null && phase.cutMs > 0) {
        when += String.format(Locale.ROOT, ", %+.1f s from the cut", (ackMs - phase.cutMs) / 1000.0);
      }
      return peer.label + " " + message.path("type").asText() + " " + commandId.substring(0, 8) + " (acked seq " + seq
          + when + (phase == null ? "" : ", phase " + phase.name.substring(0, 1)) + ", via member " + (ackNode + 1) + ")";
    }
  }

  /** What a client tracks of a room: its seq, the agreements (id → text) and the texts of the writing step. */
  record View(long seq, Map<String, String> agreements, Map<String, String> texts) {
    String describeDiff(View ref) {
      List<String> d = new ArrayList<>();
      if (seq != ref.seq) {
        d.add("seq " + seq + " instead of " + ref.seq);
      }
      long missing = ref.agreements.keySet().stream().filter(k -> !agreements.containsKey(k)).count();
      long extra = agreements.keySet().stream().filter(k -> !ref.agreements.containsKey(k)).count();
      if (missing + extra > 0) {
        d.add(missing + " agreements missing, " + extra + " extra");
      }
      long textDiffs = java.util.stream.Stream.concat(texts.keySet().stream(), ref.texts.keySet().stream()).distinct()
          .filter(k -> !java.util.Objects.equals(texts.get(k), ref.texts.get(k))).count();
      if (textDiffs > 0) {
        d.add(textDiffs + " answers differ");
      }
      return d.isEmpty() ? "equal" : String.join(", ", d);
    }
  }

  /**
   * A WebSocket client speaking docs/protocol.md to the members' bridge addresses: keeps a view of the room
   * (seq, agreements, the writing step's texts) fed by welcome, events and snapshots, reconnects and resumes,
   * and resends unacknowledged commands with their commandId.
   */
  static final class Peer {
    final PartitionIT test;
    final String label;
    final int room;
    final String roomId;
    final String name;
    final String organisation;
    final String facilitatorToken; // null for participants
    volatile int node;
    volatile String participantId;
    volatile String token;
    final Map<PhaseResult, Integer> forks = new ConcurrentHashMap<>();     // chain mismatches this client noticed
    final Map<PhaseResult, Integer> snapshots = new ConcurrentHashMap<>(); // snapshots it received
    volatile PhaseResult currentPhase;

    private WebSocketClient client;
    private volatile WebSocket ws;
    private volatile boolean open;
    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    private java.util.concurrent.CompletableFuture<JsonNode> welcome;
    // the view
    private boolean hasState;
    private long seq;
    private String chain; // the room's history hash at seq, when the server gives one (docs/protocol.md)
    private final Map<String, String> agreements = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, Long> revs = new HashMap<>();
    private long lastResyncAt;
    private long lastResyncFrom = -1;
    // writing
    private int counter;
    private int agreementsSent;

    Peer(PartitionIT test, String label, int room, String roomId, int node, String name, String organisation,
        String facilitatorToken) {
      this.test = test;
      this.label = label;
      this.room = room;
      this.roomId = roomId;
      this.node = node;
      this.name = name;
      this.organisation = organisation;
      this.facilitatorToken = facilitatorToken;
    }

    boolean isOpen() {
      return open;
    }

    synchronized View view() {
      return new View(seq, new TreeMap<>(agreements), new TreeMap<>(texts));
    }

    /** Connects to the current member (or, with {@code moveOn}, first to the others) and says hello. */
    boolean reconnect(boolean moveOn) {
      for (int i = 0; i < NODES; i++) {
        int target = (node + (moveOn ? 1 : 0) + i) % NODES;
        if (connectTo(target, 6_000)) {
          node = target;
          return true;
        }
        sleep(200);
      }
      return false;
    }

    /** Opens a socket to member {@code n}, sends the hello and waits for the welcome. */
    boolean connectTo(int n, long timeoutMs) {
      closeSocket();
      if (client == null) {
        client = test.vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxFrameSize(1024 * 1024).setMaxMessageSize(8 * 1024 * 1024).setConnectTimeout(3_000));
      }
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(test.hosts.get(n)).setPort(HTTP_PORT)
          .setURI("/ws").addHeader("Origin", Nodes.ORIGIN);
      java.util.concurrent.CompletableFuture<JsonNode> w = new java.util.concurrent.CompletableFuture<>();
      synchronized (this) {
        welcome = w;
      }
      Future<WebSocket> f = client.connect(options);
      WebSocket socket;
      try {
        socket = f.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        f.onSuccess(late -> late.close()); // a connection that comes too late is not used
        return false;
      }
      ws = socket;
      open = true;
      socket.textMessageHandler(text -> onMessage(socket, text));
      socket.closeHandler(v -> {
        if (ws == socket) {
          open = false;
          synchronized (this) {
            notifyAll();
          }
        }
      });
      ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("protocol", 1).put("roomId", roomId);
      ObjectNode auth = hello.putObject("auth");
      synchronized (this) {
        if (hasState) {
          hello.put("lastSeq", seq);
          if (chain != null) {
            hello.put("lastChain", chain);
          }
        }
      }
      if (facilitatorToken != null) {
        auth.put("kind", "facilitator").put("token", facilitatorToken).put("name", name).put("organisation", organisation);
      } else if (participantId == null) {
        auth.put("kind", "join").put("name", name).put("organisation", organisation).put("joinKey", joinKey());
      } else {
        auth.put("kind", "resume").put("participantId", participantId).put("token", token);
      }
      send(hello);
      try {
        JsonNode answer = w.get(timeoutMs, TimeUnit.MILLISECONDS);
        if ("welcome".equals(answer.path("type").asText())) {
          return true;
        }
      } catch (Exception e) {
        // no welcome in time
      }
      closeSocket();
      return false;
    }

    private String joinKey() {
      return ("jk-" + roomId + "-" + label).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private void send(JsonNode message) {
      WebSocket socket = ws;
      if (socket == null || !open) {
        return;
      }
      socket.writeTextMessage(message.toString()).onFailure(e -> {
        if (ws == socket) {
          open = false;
        }
      });
    }

    private void onMessage(WebSocket socket, String text) {
      if (socket != ws) {
        return; // an earlier connection
      }
      JsonNode m;
      try {
        m = JSON.readTree(text);
      } catch (Exception e) {
        return;
      }
      synchronized (this) {
        switch (m.path("type").asText()) {
          case "welcome" -> {
            participantId = m.path("participantId").asText();
            if (m.hasNonNull("token")) {
              token = m.path("token").asText();
            }
            if (m.hasNonNull("state")) {
              load(m.path("seq").asLong(), m.path("state"), m.path("chain").asText(null));
            }
            applyEvents(m.path("events"));
            if (seq == m.path("seq").asLong() && m.hasNonNull("chain")) {
              chain = m.path("chain").asText();
            }
            if (hasState && m.path("seq").asLong() > seq) {
              resync(seq);
            }
            if (welcome != null) {
              welcome.complete(m);
            }
          }
          case "events" -> applyEvents(m.path("events"));
          case "snapshot" -> {
            snapshots.merge(phaseKey(), 1, Integer::sum);
            load(m.path("seq").asLong(), m.path("state"), m.path("chain").asText(null));
          }
          case "heartbeat" -> {
            long latest = m.path("seq").asLong();
            String theirs = m.path("chain").asText(null);
            if (latest > seq) {
              resync(seq);
            } else if (latest == seq && hasState && theirs != null && chain != null && !theirs.equals(chain)) {
              // Same seq, another history: this client applied an event the room does not have. Ask for it all.
              forks.merge(phaseKey(), 1, Integer::sum);
              resync(0);
            }
          }
          case "ack" -> answers.put(m.path("commandId").asText(), m);
          case "error" -> {
            if (m.hasNonNull("commandId")) {
              answers.put(m.path("commandId").asText(), m);
            } else if (welcome != null && !welcome.isDone()) {
              welcome.complete(m);
            }
          }
          default -> { }
        }
        notifyAll();
      }
    }

    /** Applies a text operation (docs/protocol.md, Shared texts): keep n, delete -n, insert {"i"}. */
    private static String applyOp(JsonNode op, String text) {
      StringBuilder out = new StringBuilder();
      int at = 0;
      for (JsonNode c : op) {
        if (c.isObject()) {
          out.append(c.path("i").asText());
        } else if (c.asInt() > 0) {
          out.append(text, at, Math.min(text.length(), at + c.asInt()));
          at += c.asInt();
        } else {
          at -= c.asInt();
        }
      }
      if (at < text.length()) {
        out.append(text.substring(at)); // cannot happen with a valid operation; keeps the view readable
      }
      return out.toString();
    }

    private PhaseResult phaseKey() {
      return currentPhase == null ? PhaseResult.NONE : currentPhase;
    }

    /** Asks for what follows {@code from} (0: the whole room), at most once a second for the same seq. */
    private void resync(long from) {
      long t = System.nanoTime();
      if (from == lastResyncFrom && lastResyncAt != 0 && t - lastResyncAt < TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      lastResyncAt = t;
      lastResyncFrom = from;
      send(JSON.createObjectNode().put("type", "resync").put("fromSeq", from));
    }

    private void load(long at, JsonNode state, String chainThere) {
      hasState = true;
      seq = at;
      chain = chainThere;
      agreements.clear();
      texts.clear();
      revs.clear();
      state.path("agreements").fields().forEachRemaining(e -> agreements.put(e.getKey(), e.getValue().path("what").asText()));
      state.path("content").path(WRITE_STEP).path("texts").fields()
          .forEachRemaining(e -> {
            texts.put(e.getKey(), e.getValue().path("text").asText());
            revs.put(e.getKey(), e.getValue().path("rev").asLong());
          });
    }

    private void applyEvents(JsonNode events) {
      for (JsonNode e : events) {
        long s = e.path("seq").asLong();
        if (s <= seq) {
          continue;
        }
        if (s != seq + 1) {
          resync(seq);
          return;
        }
        JsonNode ev = e.path("event");
        switch (ev.path("type").asText()) {
          case "agreement-saved" -> agreements.put(ev.path("agreement").path("id").asText(),
              ev.path("agreement").path("what").asText());
          case "agreement-removed" -> agreements.remove(ev.path("agreementId").asText());
          case "text-changed" -> {
            if (ev.path("step").asInt() == WRITE_STEP) {
              texts.put(ev.path("key").asText(), ev.path("text").path("text").asText());
              revs.put(ev.path("key").asText(), ev.path("text").path("rev").asLong());
            }
          }
          case "text-op" -> {
            if (ev.path("step").asInt() == WRITE_STEP) {
              String key = ev.path("key").asText();
              texts.put(key, applyOp(ev.path("op"), texts.getOrDefault(key, "")));
              revs.put(key, ev.path("rev").asLong());
            }
          }
          default -> { }
        }
        seq = s;
        chain = e.path("chain").asText(null);
      }
    }

    // -------------------------------------------------------------------------------------- commands

    /** A facilitator's flow command, retried until acknowledged (or 60 s). */
    Sent flow(String type) {
      Sent s = new Sent(this, null, JSON.createObjectNode().put("type", type), false, false, type);
      test.sent.add(s);
      deliver(s, test.now() + 60_000);
      return s;
    }

    /** Writes every {@value #PERIOD_MS} ms until {@code stopAt}; a pending command is retried a while longer. */
    void writeUntil(PhaseResult phase, java.util.concurrent.atomic.AtomicLong stopAt) {
      currentPhase = phase;
      try {
        while (test.now() < stopAt.get()) {
          long started = test.now();
          Sent s = next(phase);
          test.sent.add(s);
          while (s.seq < 0 && s.errors.size() < 1000) {
            long giveUp = stopAt.get() == Long.MAX_VALUE ? Long.MAX_VALUE : stopAt.get() + RETRY_WINDOW_MS;
            if (deliver(s, Math.min(giveUp, test.now() + 10_000)) || test.now() >= giveUp || s.rejected()) {
              break;
            }
          }
          long wait = started + PERIOD_MS - test.now();
          if (wait > 0) {
            sleep(wait);
          }
        }
      } catch (RuntimeException e) {
        test.problems.add(label + ": the writer failed: " + e);
      }
    }

    private Sent next(PhaseResult phase) {
      counter++;
      String tag = "t" + room + "p" + label.substring(label.indexOf("-p") + 2) + "n" + counter + "e";
      if (counter % 3 == 0 && agreementsSent < AGREEMENTS_EACH) {
        agreementsSent++;
        String what = "afspraak " + tag;
        return new Sent(this, phase, JSON.createObjectNode().put("type", "save-agreement").put("step", WRITE_STEP)
            .put("what", what), true, true, what);
      }
      String key = "org:" + organisation;
      String base;
      long rev;
      synchronized (this) {
        // An operation on the text as this client has it (the room transforms it over what came after rev).
        base = texts.getOrDefault(key, "");
        rev = revs.getOrDefault(key, 0L);
      }
      ObjectNode message = JSON.createObjectNode().put("type", "text-op").put("step", WRITE_STEP).put("key", key)
          .put("rev", rev).put("opId", "o-" + tag);
      var op = message.putArray("op");
      if (!base.isEmpty()) {
        op.add(base.length());
      }
      op.addObject().put("i", base.isEmpty() ? tag : " " + tag);
      return new Sent(this, phase, message, true, false, tag);
    }

    /**
     * Sends {@code s} (again, with its commandId) until it is acknowledged or refused for good, reconnecting
     * when the socket closed or no answer came; answers whether it was acknowledged.
     */
    boolean deliver(Sent s, long giveUpMs) {
      long backoff = 250;
      boolean moveOn = false;
      while (test.now() < giveUpMs) {
        if (!open && !reconnect(moveOn)) {
          sleep(backoff);
          backoff = Math.min(2_000, backoff * 2);
          continue;
        }
        moveOn = false;
        answers.remove(s.commandId);
        s.attempts++;
        send(s.message);
        JsonNode a = awaitAnswer(s.commandId, Math.min(ACK_TIMEOUT_MS, Math.max(0, giveUpMs - test.now())));
        if (a == null) {
          if (open) {
            s.timeouts++;
            closeSocket(); // no answer: try another member
            moveOn = true;
          }
          continue;
        }
        if ("ack".equals(a.path("type").asText())) {
          s.ackSeqs.add(a.path("seq").asLong());
          if (s.seq < 0) {
            s.seq = a.path("seq").asLong();
            s.ackMs = test.now();
            s.ackNode = node;
          }
          return true;
        }
        String code = a.path("code").asText();
        s.errors.add(code);
        if (PERMANENT.contains(code)) {
          return false;
        }
        sleep(backoff);
        backoff = Math.min(2_000, backoff * 2);
      }
      return false;
    }

    private JsonNode awaitAnswer(String commandId, long timeoutMs) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      synchronized (this) {
        while (true) {
          JsonNode a = answers.remove(commandId);
          if (a != null) {
            return a;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || !open) {
            return null;
          }
          try {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
      }
    }

    private void closeSocket() {
      WebSocket socket = ws;
      open = false;
      ws = null;
      if (socket != null) {
        socket.close();
      }
    }

    void close() {
      closeSocket();
      if (client != null) {
        client.close();
      }
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  long now() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void log(String message) {
    System.out.printf(Locale.ROOT, "[partition %6.1f s %s] %s%n", now() / 1000.0,
        java.time.LocalTime.now().withNano(0), message);
  }

  private JsonNode post(int node, String path, Object body) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hosts.get(node) + ":"
            + HTTP_PORT + path)).timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + Nodes.ORGANISER_KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() == 201) {
          return JSON.readTree(res.body());
        }
        last = new IllegalStateException(res.statusCode() + " " + res.body());
      } catch (Exception e) {
        last = e;
      }
      sleep(1000);
    }
    throw new IllegalStateException("POST " + path + " on member " + (node + 1) + " failed", last);
  }

  private HttpResponse<String> get(int node, String path, String bearer) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hosts.get(node) + ":" + HTTP_PORT + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + bearer).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package nl.werkplaats.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;
import nl.werkplaats.room.TextOp;
import nl.werkplaats.testsupport.Sessions;

/**
 * One load run against one set of servers (Werkplaats nodes, or the baseline relay): creates the rooms,
 * joins the participants spread over the servers, lets every participant make a change at a set rate while
 * the facilitator moves the room from step to step, and checks every delivery.
 *
 * <p>How deliveries are checked: every change carries a unique id and its send time in its text (agreement
 * text, card text, the participant's own line of a shared text); votes and ratings carry the sender's
 * participant id. The sender learns the change's {@code seq} from its ack; every client checks that the seqs
 * of the events it receives are contiguous (a seq it has is a duplicate, a jump is out of order), and that the
 * event at an acknowledged seq is that change, exactly once. A client never asks for a resync, so a gap
 * stays visible. All clients run in this JVM, so one {@link System#nanoTime()} clock times send and receipt.
 */
final class LoadRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ORGANISATIONS = {
      "Gemeente Gouda", "Provincie Utrecht", "Universiteit Utrecht", "Rijkswaterstaat"};
  private static final Set<String> CONTENT_EVENTS = Set.of(
      "text-op", "agreement-saved", "card-saved", "votes-changed", "ratings-changed");
  private static final Set<String> CONTENT_COMMANDS = Set.of(
      "edit-text", "text-op", "save-agreement", "add-card", "edit-card", "vote", "rate");
  private static final AtomicLong UIDS = new AtomicLong();
  private static final String PAD = "-".repeat(400);
  private static final Map<String, Integer> BASELINE_PAD = Map.of(
      "save-agreement", 86, "add-card", 91, "edit-card", 91, "edit-text", 41, "vote", 16, "rate", 150,
      "text-op", 80);
  /** Typing: a text longer than this makes its typists move on to the room's next text (the limit is 10,000). */
  private static final int TEXT_FULL = 8_000;
  /** The identity of a relayed vote or rating: nothing to check but its seq. */
  private static final String UNCHECKED = new String("");

  enum Mode { WERKPLAATS, BASELINE }

  /** What to run. */
  static final class Settings {
    Mode mode = Mode.WERKPLAATS;
    List<Integer> ports = List.of();
    String organiserKey;
    String origin;              // Origin header for the WebSockets, or null for none (a non-browser client)
    int rooms = 3;
    int participants = 4;       // per room, the facilitator included
    double intervalSeconds = 5; // each participant makes one change this often
    int warmupSeconds = 5;
    int seconds = 10;
    int advanceEverySeconds = 30;
    /**
     * Typing (scenario 6) when above 0: this many participants of every room (1..typists; the facilitator
     * watches) type at once into one shared text, a keystroke every {@code intervalSeconds} on average; the
     * others only watch. Nobody makes other changes and the facilitator stays on the first step.
     */
    int typists;
    boolean idle;               // connect and join only: no changes (heap per participant)
    int localAddresses = 1;     // clients bind 127.0.0.1 .. 127.0.0.<n>
    boolean deflate;            // offer permessage-deflate, as browsers do
    int connectConcurrency = 200;
    String template = "mixed";  // mixed (even rooms checklist, odd rooms data-team-start), checklist or team
    long seed = 42;
    List<Long> serverPids = List.of();
    int drainSeconds = 120;
    java.io.PrintStream log = System.out;
  }

  /** What a run measured. */
  static final class Result {
    Mode mode;
    Metrics metrics;
    int connections;
    double measuredSeconds;
    double serverCpuCores = -1;   // average cores busy in the server processes while measuring
    double clientCpuCores = -1;   // the same for this JVM (the load generator)
    long heapBeforeKib = -1;
    long heapAfterKib = -1;       // after a full GC, with every participant still connected
    long rssAfterKib = -1;
    double joinSeconds;
    double avgEventsMessageBytes;
    long closedUnexpectedly;
    /** Cores busy per server thread group while measuring (all server processes together). */
    final Map<String, Double> serverThreadCores = new java.util.TreeMap<>();
  }

  private final Settings s;
  private final Metrics m = new Metrics();
  private volatile boolean measuring;
  private volatile boolean generating;
  private volatile long lastActivity = System.nanoTime();
  private final long t0 = System.nanoTime();
  private final List<Room> rooms = new ArrayList<>();
  private final AtomicLong closedUnexpectedly = new AtomicLong();
  private Vertx vertx;
  private final List<Shard> shards = new CopyOnWriteArrayList<>();

  LoadRun(Settings settings) {
    this.s = settings;
  }

  // ================================================================================================ the run

  Result run() throws Exception {
    Result r = new Result();
    r.mode = s.mode;
    r.metrics = m;
    int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    try {
      vertx.deployVerticle(() -> {
        Shard shard = new Shard();
        shards.add(shard);
        return shard;
      }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

      createRooms();
      if (s.idle && !s.serverPids.isEmpty()) {
        r.heapBeforeKib = heapAfterGc();
      }
      long joinStart = System.nanoTime();
      join(r);
      r.joinSeconds = (System.nanoTime() - joinStart) / 1e9;
      r.connections = rooms.stream().mapToInt(room -> room.members.size()).sum();
      s.log.printf("  %d participants in %d rooms joined in %.1f s%n", r.connections, rooms.size(), r.joinSeconds);

      if (s.idle) {
        sleep(5_000); // heartbeats and presence settle
        if (!s.serverPids.isEmpty()) {
          r.heapAfterKib = heapAfterGc();
          r.rssAfterKib = s.serverPids.stream().mapToLong(ServerProcess::rssKib).sum();
        }
        r.closedUnexpectedly = closedUnexpectedly.get();
        return r;
      }

      generating = true;
      for (Room room : rooms) {
        room.shard.context.runOnContext(v -> room.startLoad());
      }
      s.log.printf("  warming up for %d s, then measuring for %d s%n", s.warmupSeconds, s.seconds);
      sleep(s.warmupSeconds * 1000L);
      long cpu0 = serverCpu();
      Map<String, Long> threads0 = serverThreads();
      long client0 = clientCpu();
      long w0 = System.nanoTime();
      measuring = true;
      sleep(s.seconds * 1000L);
      measuring = false;
      long w1 = System.nanoTime();
      long cpu1 = serverCpu();
      Map<String, Long> threads1 = serverThreads();
      long client1 = clientCpu();
      generating = false;
      r.measuredSeconds = (w1 - w0) / 1e9;
      if (cpu0 >= 0 && cpu1 >= 0) {
        r.serverCpuCores = (cpu1 - cpu0) / 1000.0 / r.measuredSeconds;
      }
      r.clientCpuCores = (client1 - client0) / 1e9 / r.measuredSeconds;
      for (Map.Entry<String, Long> e : threads1.entrySet()) {
        double cores = (e.getValue() - threads0.getOrDefault(e.getKey(), 0L)) / 1000.0 / r.measuredSeconds;
        if (cores >= 0.01) {
          r.serverThreadCores.put(e.getKey(), cores);
        }
      }
      boolean quiet = drain();
      finalChecks(quiet);
      if (s.typists > 0 && s.mode == Mode.WERKPLAATS) {
        verifyTexts();
      }
      r.avgEventsMessageBytes = m.eventsMessagesMeasured == 0 ? 0
          : (double) m.eventsBytesMeasured / m.eventsMessagesMeasured;
      if (!s.serverPids.isEmpty()) {
        r.heapAfterKib = heapAfterGc();
        r.rssAfterKib = s.serverPids.stream().mapToLong(ServerProcess::rssKib).sum();
      }
      r.closedUnexpectedly = closedUnexpectedly.get();
      return r;
    } finally {
      generating = false;
      for (Room room : rooms) {
        for (Client c : room.members) {
          if (c.ws != null) {
            room.shard.context.runOnContext(v -> {
              c.closing = true;
              c.ws.close();
            });
          }
        }
      }
      sleep(500);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private long serverCpu() {
    long sum = 0;
    if (s.serverPids.isEmpty()) {
      return -1;
    }
    for (long pid : s.serverPids) {
      long c = ServerProcess.cpuMillis(pid);
      if (c < 0) {
        return -1;
      }
      sum += c;
    }
    return sum;
  }

  private Map<String, Long> serverThreads() {
    Map<String, Long> sum = new java.util.TreeMap<>();
    for (long pid : s.serverPids) {
      ServerProcess.cpuMillisByThreadGroup(pid).forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return sum;
  }

  private static long clientCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private long heapAfterGc() {
    long sum = 0;
    for (long pid : s.serverPids) {
      long h = ServerProcess.heapAfterGcKib(pid);
      if (h < 0) {
        return -1;
      }
      sum += h;
    }
    return sum;
  }

  /** One event loop of the load generator; each room lives on one, so a room's clients never race. */
  private final class Shard extends VerticleBase {
    Context context;
    final List<WebSocketClient> clients = new ArrayList<>();

    @Override
    public Future<?> start() {
      this.context = super.context;
      for (int i = 0; i < Math.max(1, s.localAddresses); i++) {
        WebSocketClientOptions o = new WebSocketClientOptions()
            .setMaxFrameSize(4 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024)
            .setMaxConnections(1_000_000).setConnectTimeout(60_000)
            .setTryUsePerMessageCompression(s.deflate);
        if (s.localAddresses > 1) {
          o.setLocalAddress("127.0.0." + (1 + i));
        }
        clients.add(vertx.createWebSocketClient(o));
      }
      return Future.succeededFuture();
    }
  }

  // ================================================================================================ set-up

  private void createRooms() throws Exception {
    Random random = new Random(s.seed);
    for (int i = 0; i < s.rooms; i++) {
      String template = switch (s.template) {
        case "checklist" -> "checklist-samen-data-delen";
        case "team" -> "data-team-start";
        default -> i % 2 == 0 ? "checklist-samen-data-delen" : "data-team-start";
      };
      Room room = new Room(i, template, shards.get(i % shards.size()), new Random(random.nextLong()));
      rooms.add(room);
    }
    if (s.mode == Mode.BASELINE) {
      for (Room room : rooms) {
        room.roomId = "b-" + room.index;
        room.facilitatorToken = "baseline";
      }
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    for (int from = 0; from < rooms.size(); from += 20) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (Room room : rooms.subList(from, Math.min(rooms.size(), from + 20))) {
        int port = s.ports.get(room.index % s.ports.size());
        String body = JSON.writeValueAsString(Map.of("templateId", room.templateId, "title", "Benchmark " + room.index));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rooms"))
            .header("Authorization", "Bearer " + s.organiserKey).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        batch.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenAccept(res -> {
          if (res.statusCode() != 201) {
            throw new IllegalStateException("POST /api/rooms answered " + res.statusCode() + ": " + res.body());
          }
          try {
            JsonNode created = JSON.readTree(res.body());
            room.roomId = created.path("roomId").asText();
            room.facilitatorToken = created.path("facilitatorToken").asText();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
  }

  private void join(Result r) throws Exception {
    // Facilitators first: each claims its room and opens the steps the participants will write in.
    List<Client> facilitators = new ArrayList<>();
    for (Room room : rooms) {
      facilitators.add(room.addMember(0));
    }
    inWaves(facilitators, c -> c.room.setUp(c));
    List<Client> participants = new ArrayList<>();
    for (int i = 1; i < s.participants; i++) {
      for (Room room : rooms) {
        participants.add(room.addMember(i));
      }
    }
    inWaves(participants, c -> c.connect());
  }

  /** Runs {@code start} for every client, at most {@code connectConcurrency} at a time, waiting for all. */
  private void inWaves(List<Client> clients, java.util.function.Function<Client, Future<?>> start) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= clients.size()) {
        return;
      }
      Client c = clients.get(i);
      c.room.shard.context.runOnContext(v -> start.apply(c).onComplete(ar -> {
        if (ar.failed()) {
          failures.add(ar.cause());
        }
        if (done.incrementAndGet() == clients.size()) {
          all.complete(null);
        } else {
          launch[0].run();
        }
      }));
    };
    if (clients.isEmpty()) {
      return;
    }
    for (int i = 0; i < Math.min(s.connectConcurrency, clients.size()); i++) {
      launch[0].run();
    }
    all.get(Math.max(300, clients.size() / 10), TimeUnit.SECONDS);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " of " + clients.size() + " clients could not join; first: "
          + failures.get(0), failures.get(0));
    }
  }

  // ================================================================================================ ending

  /**
   * Waits until every change is answered and delivered everywhere; answers false when it gave up first:
   * after {@code drainSeconds}, while messages were still arriving (an overloaded server working off its
   * backlog). Nothing arriving for 10 s while something is missing means it is lost.
   */
  private boolean drain() {
    long deadline = System.nanoTime() + s.drainSeconds * 1_000_000_000L;
    while (true) {
      if (System.nanoTime() - lastActivity > 10_000_000_000L) {
        return true; // quiet: whatever is missing now is lost
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      CompletableFuture<Boolean> settled = new CompletableFuture<>();
      AtomicInteger left = new AtomicInteger(rooms.size());
      AtomicInteger busy = new AtomicInteger();
      for (Room room : rooms) {
        room.shard.context.runOnContext(v -> {
          if (!room.settled()) {
            busy.incrementAndGet();
          }
          if (left.decrementAndGet() == 0) {
            settled.complete(busy.get() == 0);
          }
        });
      }
      try {
        if (settled.get(10, TimeUnit.SECONDS)) {
          sleep(300); // anything still on the wire (a duplicate would arrive now)
          return true;
        }
      } catch (Exception e) {
        // try again
      }
      sleep(100);
    }
  }

  private void finalChecks(boolean quiet) throws Exception {
    CountDownLatch done = new CountDownLatch(rooms.size());
    for (Room room : rooms) {
      room.shard.context.runOnContext(v -> {
        room.finalCheck(quiet);
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS);
  }

  /**
   * Typing: a fresh client joins every room and compares the room's texts in its welcome with every
   * client's copy, and with what every typist typed.
   */
  private void verifyTexts() throws Exception {
    CountDownLatch done = new CountDownLatch(rooms.size());
    for (Room room : rooms) {
      room.shard.context.runOnContext(v -> {
        Client checker = new Client(room, s.participants);
        checker.connect().onComplete(ar -> {
          if (ar.succeeded()) {
            room.checkTexts(checker.welcomeState);
          } else {
            m.add(Metrics.Counter.CHECK_FAILED, 1);
          }
          checker.closing = true;
          if (checker.ws != null) {
            checker.ws.close();
          }
          done.countDown();
        });
      });
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      m.add(Metrics.Counter.CHECK_FAILED, done.getCount());
    }
  }

  /** Whether {@code part}'s characters all occur in {@code whole}, in the same order. */
  static boolean subsequence(CharSequence part, String whole) {
    int at = 0;
    for (int i = 0; i < part.length(); i++) {
      char ch = part.charAt(i);
      while (at < whole.length() && whole.charAt(at) != ch) {
        at++;
      }
      if (at == whole.length()) {
        return false;
      }
      at++;
    }
    return true;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ================================================================================================ a room

  /** One change a participant made, until every participant of the room has it. */
  private static final class Change {
    final String uid;
    final Client sender;
    final String type;
    final long sentNanos;
    final boolean measured;
    final boolean carriesUid;
    long seq = -1;
    int remaining;          // other participants that have not received it yet
    boolean senderGot;
    boolean fanOutRecorded;
    final BitSet got = new BitSet();
    Runnable onAck;
    Runnable onRefused;
    String refusedCode;
    long firstKeyNanos = -1;   // typing: the oldest keystroke in this operation

    Change(String uid, Client sender, String type, long sentNanos, boolean measured, boolean carriesUid) {
      this.uid = uid;
      this.sender = sender;
      this.type = type;
      this.sentNanos = sentNanos;
      this.measured = measured;
      this.carriesUid = carriesUid;
    }
  }

  private record Receipt(Client client, long nanos, String identity) {}

  private final class Room {
    final int index;
    final String templateId;
    final Shard shard;
    final Random random;
    final List<StepSpec> agenda;
    final List<Integer> contentSteps = new ArrayList<>();   // the steps the facilitator opens and cycles through
    final List<Integer> questionSteps = new ArrayList<>();
    int canvasStep = -1;
    int ratingStep = -1;
    int agreementStep = -1;
    int checkInStep = -1;
    int votingStep = -1;
    String roomId;
    String facilitatorToken;
    final List<Client> members = new ArrayList<>();
    final Map<Long, Change> bySeq = new HashMap<>();
    final Map<Long, List<Receipt>> early = new HashMap<>();
    final LinkedHashSet<String> votingCards = new LinkedHashSet<>();
    int agreements;
    int cursor;                  // index in contentSteps of the current step
    /** Typing: the texts typists write in, in order (they move on when one is nearly full). */
    final List<String[]> typingTexts = new ArrayList<>();
    /** Typing: per text, the last operation applied {base, op node, result, op}, shared by the room's clients. */
    final Map<String, Object[]> applied = new HashMap<>();
    final Map<String, JsonNode> parsed = new LinkedHashMap<>(32, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
        return size() > 32;
      }
    };

    Room(int index, String templateId, Shard shard, Random random) {
      this.index = index;
      this.templateId = templateId;
      this.shard = shard;
      this.random = random;
      this.agenda = Sessions.agenda(Sessions.template(templateId));
      for (int i = 0; i < agenda.size(); i++) {
        StepSpec step = agenda.get(i);
        switch (step.type()) {
          case CHECKLIST_QUESTION -> {
            questionSteps.add(i);
            contentSteps.add(i);
          }
          case CANVAS -> {
            canvasStep = i;
            contentSteps.add(i);
          }
          case COMPETENCES -> {
            ratingStep = i;
            contentSteps.add(i);
          }
          case AGREEMENTS -> {
            agreementStep = i;
            contentSteps.add(i);
          }
          case CARDS -> {
            if (step.votesPerParticipant() > 0) {
              votingStep = i;
            } else {
              checkInStep = i;
            }
            contentSteps.add(i);
          }
          default -> { }
        }
      }
      if (!questionSteps.isEmpty()) {
        for (int q : questionSteps) {
          typingTexts.add(new String[] {String.valueOf(q), "joint"});
        }
      } else if (canvasStep >= 0) {
        for (String field : agenda.get(canvasStep).fieldIds()) {
          typingTexts.add(new String[] {String.valueOf(canvasStep), "field:" + field});
        }
      }
    }

    /**
     * {@code op} applied to {@code base}: the result of the client before, when it applied the same event to
     * the same text (the same objects), otherwise computed. Twenty copies of one text in one JVM would
     * otherwise cost the load generator twenty string copies per keystroke.
     */
    String applyShared(String mapKey, String base, JsonNode opNode, TextOp op) {
      Object[] e = applied.get(mapKey);
      if (e != null && e[0] == base && e[1] == opNode) {
        return (String) e[2];
      }
      String result = op.apply(base);
      applied.put(mapKey, new Object[] {base, opNode, result, op});
      return result;
    }

    /** Typing: every copy of every text against the room's (a fresh client's welcome), and what was typed. */
    void checkTexts(JsonNode state) {
      // the texts typed in (every client has a copy of those), and the first typing text in any case
      Set<String> keys = new LinkedHashSet<>();
      keys.add(typingTexts.get(0)[0] + "|" + typingTexts.get(0)[1]);
      for (Client c : members) {
        keys.addAll(c.syncs.keySet());
      }
      for (String key : keys) {
        int bar = key.indexOf('|');
        JsonNode t = state.path("content").path(Integer.parseInt(key.substring(0, bar))).path("texts")
            .path(key.substring(bar + 1));
        String text = t.path("text").asText("");
        int rev = t.path("rev").asInt(0);
        m.add(Metrics.Counter.TEXTS_CHECKED, 1);
        long typedLength = 0;
        for (Client c : members) {
          TypingSync y = c.syncs.get(key);
          m.add(Metrics.Counter.COPIES_CHECKED, 1);
          boolean same = y == null ? text.isEmpty() && rev == 0
              : y.doc.equals(text) && y.server.equals(text) && y.rev == rev;
          if (!same) {
            m.add(Metrics.Counter.COPIES_DIVERGED, 1);
          }
          if (y != null && y.unsaved()) {
            m.add(Metrics.Counter.UNSENT_AT_END, 1);
          }
          StringBuilder typed = c.typed.get(key);
          if (typed != null) {
            typedLength += typed.length();
            m.add(Metrics.Counter.TYPED_CHECKED, 1);
            if (!subsequence(typed, text)) {
              m.add(Metrics.Counter.TYPED_MISSING, 1);
            }
            for (String word : c.words.getOrDefault(key, List.of())) {
              m.add(Metrics.Counter.WORDS_TYPED, 1);
              if (text.contains(word)) {
                m.add(Metrics.Counter.WORDS_WHOLE, 1);
              }
            }
          }
        }
        if (typedLength != text.length()) {
          m.add(Metrics.Counter.LENGTH_MISMATCHES, 1);
        }
      }
    }

    boolean checklist() {
      return !questionSteps.isEmpty();
    }

    Client addMember(int i) {
      Client c = new Client(this, i);
      members.add(c);
      return c;
    }

    /** The facilitator connects, claims the room, starts it and opens every step people will write in. */
    Future<?> setUp(Client facilitator) {
      return facilitator.connect().compose(v -> {
        List<ObjectNode> commands = new ArrayList<>();
        commands.add(command("start"));
        for (int step : contentSteps) {
          commands.add(command("go-to-step").put("step", step));
          if (step == votingStep) {
            commands.add(command("reveal").put("step", step)); // cards and dots visible to all from now on
          }
        }
        commands.add(command("go-to-step").put("step", contentSteps.get(0)));
        Future<?> chain = Future.succeededFuture();
        for (ObjectNode c : commands) {
          chain = chain.compose(x -> facilitator.flow(c));
        }
        return chain;
      });
    }

    void startLoad() {
      if (s.typists > 0) {
        for (int i = 1; i <= Math.min(s.typists, members.size() - 1); i++) {
          members.get(i).startTyping();
        }
        return;
      }
      for (Client c : members) {
        c.scheduleFirst();
      }
      long phase = (long) (random.nextDouble() * s.advanceEverySeconds * 1000);
      vertx.setTimer(Math.max(1, phase), id -> advance());
    }

    private void advance() {
      if (!generating) {
        return;
      }
      cursor = (cursor + 1) % contentSteps.size();
      members.get(0).flow(command("go-to-step").put("step", contentSteps.get(cursor)));
      vertx.setTimer(s.advanceEverySeconds * 1000L, id -> advance());
    }

    /** A message arrived at {@code client}: parsed once per room (every participant gets the same text). */
    JsonNode parse(String text) throws Exception {
      JsonNode node = parsed.get(text);
      if (node == null) {
        node = JSON.readTree(text);
        parsed.put(text, node);
      }
      return node;
    }

    void acked(Change c, long seq, long now) {
      c.seq = seq;
      c.remaining = members.size() - 1;
      bySeq.put(seq, c);
      List<Receipt> before = early.remove(seq);
      if (before != null) {
        for (Receipt r : before) {
          deliver(c, r.client(), r.nanos(), r.identity());
        }
      }
    }

    void received(Client client, long seq, String identity, long now) {
      Change c = bySeq.get(seq);
      if (c == null) {
        early.computeIfAbsent(seq, k -> new ArrayList<>(4)).add(new Receipt(client, now, identity));
        return;
      }
      deliver(c, client, now, identity);
    }

    private void deliver(Change c, Client client, long now, String identity) {
      boolean same = c.carriesUid ? identity.contains(c.uid)
          : identity == UNCHECKED || identity.equals(c.sender.participantId);
      if (!same) {
        m.add(Metrics.Counter.MISMATCHED, 1);
      }
      if (client == c.sender) {
        if (c.senderGot) {
          m.add(Metrics.Counter.DUPLICATED, 1);
        }
        c.senderGot = true;
      } else if (c.got.get(client.index)) {
        m.add(Metrics.Counter.DUPLICATED, 1);
      } else {
        c.got.set(client.index);
        c.remaining--;
        if (c.measured) {
          m.recordDelivery((now - c.sentNanos) / 1000);
        }
        if (c.remaining == 0 && c.measured) {
          m.recordFanOut((now - c.sentNanos) / 1000);
          if (c.firstKeyNanos > 0) {
            m.recordKeyToScreen((now - c.firstKeyNanos) / 1000);
          }
        }
      }
      if (c.remaining == 0 && c.senderGot) {
        bySeq.remove(c.seq);
      }
    }

    boolean settled() {
      if (!bySeq.isEmpty()) {
        return false;
      }
      for (Client c : members) {
        if (!c.pending.isEmpty()) {
          return false;
        }
        for (TypingSync t : c.syncs.values()) {
          if (t.unsaved() && t.held == null) {
            return false;
          }
        }
      }
      return true;
    }

    void finalCheck(boolean quiet) {
      for (Change c : bySeq.values()) {
        m.add(quiet ? Metrics.Counter.LOST : Metrics.Counter.BACKLOG, c.remaining + (c.senderGot ? 0 : 1));
      }
      if (quiet) {
        // content events whose change was never acknowledged (with a backlog, the acks may still come)
        for (List<Receipt> r : early.values()) {
          m.add(Metrics.Counter.UNMATCHED, r.size());
        }
      }
      long last = 0;
      for (Client c : members) {
        last = Math.max(last, c.lastSeq);
        m.add(quiet ? Metrics.Counter.UNANSWERED : Metrics.Counter.BACKLOG_UNANSWERED,
            c.pending.values().stream().filter(p -> p.change != null).count());
      }
      for (Client c : members) {
        if (c.lastSeq < last) {
          m.add(quiet ? Metrics.Counter.BEHIND : Metrics.Counter.BACKLOG_BEHIND, 1);
        }
      }
    }
  }

  private static ObjectNode command(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  // ================================================================================================ a participant

  /** A command sent and not yet answered. */
  private record Pending(Change change, CompletableFuture<Long> answer) {}

  private final class Client {
    final Room room;
    final int index;
    final String name;
    final String organisation;
    final String line;
    WebSocket ws;
    boolean closing;
    String participantId;
    long lastSeq;
    boolean welcomed;
    CompletableFuture<Void> welcome;
    final Map<String, Pending> pending = new HashMap<>();
    Change inFlight;
    long commandNo;
    // what this participant knows and has done, to make only changes the room accepts
    final List<String[]> homeTexts = new ArrayList<>(); // {step, key}
    final Map<String, String> texts = new HashMap<>();
    final Map<String, Integer> revs = new HashMap<>();   // "step|key" -> its revision as last received   // "step|key" -> the text as last received
    final Map<Integer, Integer> cardCount = new HashMap<>();
    final Map<Integer, List<String>> cardIds = new HashMap<>();
    final Map<String, Integer> votes = new HashMap<>();
    int votesUsed;
    int agreementsMade;
    final List<String> agreementIds = new ArrayList<>();
    long nextDue;
    // typing (scenario 6)
    final Map<String, TypingSync> syncs = new HashMap<>();          // "step|key" -> this client's copy
    final Map<String, StringBuilder> typed = new HashMap<>();       // what this typist typed there (backspaces applied)
    final Map<String, List<String>> words = new HashMap<>();        // the words it finished there
    int typingText;
    String word;
    int wordPos;
    int wordNo;
    boolean typo;
    long opNo;
    long lastTypingMessage;
    String typingAnnounced;
    JsonNode welcomeState;

    Client(Room room, int index) {
      this.room = room;
      this.index = index;
      this.name = index == 0 ? "Facilitator " + room.index : "Deelnemer " + index;
      this.organisation = ORGANISATIONS[index % ORGANISATIONS.length];
      this.line = "P" + index + ":";
      if (room.checklist()) {
        int step = room.questionSteps.get((index / 5) % room.questionSteps.size());
        homeTexts.add(new String[] {String.valueOf(step), "joint"});
        // An organisation's answer exists for the participants' organisations; the facilitator (who may write
        // any of them) takes the first participant's.
        String org = index == 0 ? ORGANISATIONS[1 % ORGANISATIONS.length] : organisation;
        homeTexts.add(new String[] {String.valueOf(step), "org:" + org});
      } else {
        StepSpec canvas = room.agenda.get(room.canvasStep);
        homeTexts.add(new String[] {String.valueOf(room.canvasStep),
            "field:" + canvas.fieldIds().get(index % canvas.fieldIds().size())});
      }
    }

    Future<Void> connect() {
      welcome = new CompletableFuture<>();
      int global = room.index * s.participants + index;
      Shard shard = room.shard;
      WebSocketClient client = shard.clients.get(global % shard.clients.size());
      int port = s.ports.get(index % s.ports.size());
      WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
          .setAllowOriginHeader(false).setTimeout(60_000);
      if (s.origin != null) {
        o.addHeader("Origin", s.origin);
      }
      return client.connect(o).compose(socket -> {
        ws = socket;
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> {
          if (!closing) {
            closedUnexpectedly.incrementAndGet();
          }
          welcome.completeExceptionally(new IllegalStateException("closed " + ws.closeStatusCode() + " "
              + ws.closeReason()));
        });
        ObjectNode auth = JSON.createObjectNode();
        if (index == 0) {
          auth.put("kind", "facilitator").put("token", room.facilitatorToken);
        } else {
          auth.put("kind", "join");
        }
        auth.put("name", name).put("organisation", organisation);
        ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("protocol", 1).put("roomId", room.roomId);
        hello.set("auth", auth);
        ws.writeTextMessage(hello.toString());
        return Future.fromCompletionStage(welcome, room.shard.context);
      });
    }

    /** Sends a flow command and completes with its seq. */
    Future<Long> flow(ObjectNode command) {
      String id = nextCommandId();
      command.put("commandId", id);
      CompletableFuture<Long> answer = new CompletableFuture<>();
      pending.put(id, new Pending(null, answer));
      m.add(Metrics.Counter.FLOW, 1);
      ws.writeTextMessage(command.toString());
      return Future.fromCompletionStage(answer, room.shard.context);
    }

    private String nextCommandId() {
      return "b" + room.index + "-" + index + "-" + (++commandNo);
    }

    void scheduleFirst() {
      long interval = (long) (s.intervalSeconds * 1000);
      nextDue = System.nanoTime() / 1_000_000 + (long) (room.random.nextDouble() * interval);
      vertx.setTimer(Math.max(1, nextDue - System.nanoTime() / 1_000_000), id -> tick());
    }

    private void tick() {
      if (!generating) {
        return;
      }
      if (inFlight != null) {
        m.add(Metrics.Counter.SKIPPED, 1);
      } else {
        change();
      }
      long interval = (long) (s.intervalSeconds * 1000);
      nextDue += interval;
      long now = System.nanoTime() / 1_000_000;
      if (nextDue < now) {
        nextDue = now; // fell behind: do not burst to catch up
      }
      vertx.setTimer(Math.max(1, nextDue - now), id -> tick());
    }

    // -------------------------------------------------------------------------------------------- changes

    private void change() {
      String uid = "u" + Long.toString(UIDS.incrementAndGet(), 36) + "x" + room.index;
      String marker = "[bench " + uid + " t=" + (System.nanoTime() - t0) / 1000 + "]";
      double r = room.random.nextDouble();
      if (room.checklist()) {
        if (r < 0.45) {
          editText(homeTexts.get(0), uid, marker);
        } else if (r < 0.65) {
          editText(homeTexts.get(1), uid, marker);
        } else {
          agreement(uid, marker);
        }
      } else if (r < 0.20) {
        card(room.random.nextBoolean() ? room.checkInStep : room.votingStep, uid, marker);
      } else if (r < 0.45) {
        editText(homeTexts.get(0), uid, marker);
      } else if (r < 0.65) {
        vote(uid, marker);
      } else if (r < 0.80) {
        StepSpec competences = room.agenda.get(room.ratingStep);
        ObjectNode c = command("rate").put("step", room.ratingStep)
            .put("competenceId", competences.competenceIds().get(room.random.nextInt(competences.competenceIds().size())))
            .put("value", 1 + room.random.nextInt(5));
        send(c, uid, false, null, null);
      } else {
        agreement(uid, marker);
      }
    }

    private void editText(String[] home, String uid, String marker) {
      String key = home[0] + "|" + home[1];
      String base = texts.getOrDefault(key, "");
      String mine = line + " " + marker + " " + name;
      if (s.mode == Mode.WERKPLAATS) {
        // This participant's line replaced (or added) as one operation on the revision last received.
        int at = -1;
        int end = -1;
        int offset = 0;
        for (String l : base.split("\n", -1)) {
          if (at < 0 && l.startsWith(line + " ")) {
            at = offset;
            end = offset + l.length();
          }
          offset += l.length() + 1;
        }
        TextOp op = at >= 0
            ? new TextOp.Builder().retain(at).insert(mine, false).delete(end - at).retain(base.length() - end).build()
            : TextOp.insertAt(base.length(), base.length(), (base.isEmpty() ? "" : "\n") + mine, false);
        ObjectNode c = command("text-op").put("step", Integer.parseInt(home[0])).put("key", home[1])
            .put("rev", revs.getOrDefault(key, 0));
        c.set("op", JSON.valueToTree(op.toJson()));
        send(c, uid, true, null, null);
        return;
      }
      StringBuilder text = new StringBuilder();
      boolean replaced = false;
      if (!base.isEmpty()) {
        for (String l : base.split("\n", -1)) {
          if (text.length() > 0) {
            text.append('\n');
          }
          if (!replaced && l.startsWith(line + " ")) {
            text.append(mine);
            replaced = true;
          } else {
            text.append(l);
          }
        }
      }
      if (!replaced) {
        text.append(text.length() > 0 ? "\n" : "").append(mine);
      }
      ObjectNode c = command("edit-text").put("step", Integer.parseInt(home[0])).put("key", home[1]);
      c.put("text", text.toString());
      send(c, uid, true, null, null);
    }

    private void agreement(String uid, String marker) {
      ObjectNode c = command("save-agreement").put("step", room.agreementStep)
          .put("what", "Afspraak " + marker + " van " + name).put("who", name).put("due", "2026-06-30");
      if (agreementsMade < 2 && room.agreements < 450) {
        agreementsMade++;
        room.agreements++;
        send(c, uid, true, () -> {
          if (s.mode == Mode.BASELINE) {
            agreementIds.add("a-" + uid);
          }
        }, () -> {
          agreementsMade--;
          room.agreements--;
        });
      } else if (!agreementIds.isEmpty()) {
        c.put("agreementId", agreementIds.get(room.random.nextInt(agreementIds.size())));
        send(c, uid, true, null, null);
      } else {
        editText(homeTexts.get(0), uid, marker);
      }
    }

    private void card(int step, String uid, String marker) {
      StepSpec spec = room.agenda.get(step);
      int count = cardCount.getOrDefault(step, 0);
      List<String> ids = cardIds.computeIfAbsent(step, k -> new ArrayList<>());
      if (count < spec.maxCardsPerParticipant()) {
        cardCount.put(step, count + 1);
        ObjectNode c = command("add-card").put("step", step).put("prompt", room.random.nextInt(Math.max(1, spec.prompts())))
            .put("text", "Kaart " + marker);
        send(c, uid, true, () -> {
          if (s.mode == Mode.BASELINE) {
            ids.add("c-" + uid);
            if (step == room.votingStep) {
              room.votingCards.add("c-" + uid);
            }
          }
        }, () -> cardCount.merge(step, -1, Integer::sum));
      } else if (!ids.isEmpty()) {
        ObjectNode c = command("edit-card").put("step", step).put("cardId", ids.get(room.random.nextInt(ids.size())))
            .put("text", "Kaart " + marker);
        send(c, uid, true, null, null);
      } else {
        editText(homeTexts.get(0), uid, marker);
      }
    }

    private void vote(String uid, String marker) {
      int max = room.agenda.get(room.votingStep).votesPerParticipant();
      String card;
      int delta;
      if (votesUsed < max && !room.votingCards.isEmpty()) {
        List<String> cards = new ArrayList<>(room.votingCards);
        card = cards.get(room.random.nextInt(cards.size()));
        delta = 1;
      } else if (votesUsed > 0) {
        List<String> mine = new ArrayList<>(votes.keySet());
        card = mine.get(room.random.nextInt(mine.size()));
        delta = -1;
      } else {
        card(room.votingStep, uid, marker);
        return;
      }
      votesUsed += delta;
      votes.merge(card, delta, Integer::sum);
      votes.remove(card, 0);
      String votedCard = card;
      int d = delta;
      send(command("vote").put("step", room.votingStep).put("cardId", card).put("delta", delta), uid, false, null, () -> {
        votesUsed -= d;
        votes.merge(votedCard, -d, Integer::sum);
        votes.remove(votedCard, 0);
      });
    }

    private Change send(ObjectNode command, String uid, boolean carriesUid, Runnable onAck, Runnable onRefused) {
      String id = nextCommandId();
      command.put("commandId", id);
      if (s.mode == Mode.BASELINE) {
        // Werkplaats' event for a change carries more than the command (ids, author, times): the baseline
        // relays the command as it is, so it is padded to about the size of Werkplaats' event.
        command.put("pad", PAD.substring(0, BASELINE_PAD.getOrDefault(command.path("type").asText(), 0)));
      }
      String text = command.toString();
      long now = System.nanoTime();
      Change c = new Change(uid, this, command.path("type").asText(), now, measuring, carriesUid);
      c.onAck = onAck;
      c.onRefused = onRefused;
      inFlight = c;
      pending.put(id, new Pending(c, null));
      m.add(Metrics.Counter.SENT, 1);
      ws.writeTextMessage(text);
      return c;
    }

    // -------------------------------------------------------------------------------------------- typing

    TypingSync sync(int step, String key) {
      return syncs.computeIfAbsent(step + "|" + key, k -> new TypingSync(step, key, s.mode == Mode.WERKPLAATS,
          () -> "o" + room.index + "-" + index + "-" + (++opNo) + "z"));
    }

    void startTyping() {
      nextWord();
      long first = (long) (room.random.nextDouble() * s.intervalSeconds * 1000);
      vertx.setTimer(Math.max(1, first), id -> keystroke());
    }

    private void nextWord() {
      word = "t" + index + "w" + (++wordNo) + " ";
      wordPos = 0;
    }

    /**
     * One keystroke in the room's current typing text, at this typist's caret: the next character of its
     * words ({@code t3w17 }: typist 3's 17th word), now and then a wrong character, taken back with
     * backspace at the next keystroke. Keystrokes come every {@code intervalSeconds} on average (50–150%).
     */
    private void keystroke() {
      if (!generating) {
        return;
      }
      String[] where = room.typingTexts.get(typingText);
      TypingSync t = sync(Integer.parseInt(where[0]), where[1]);
      if (t.doc.length() > TEXT_FULL && wordPos == 0 && !typo && typingText + 1 < room.typingTexts.size()) {
        typingText++;
        where = room.typingTexts.get(typingText);
        t = sync(Integer.parseInt(where[0]), where[1]);
      }
      long now = System.nanoTime();
      StringBuilder mine = typed.get(t.mapKey);
      if (mine == null) {
        // starting in this text: the caret at its end, as someone who clicks below what is there
        mine = new StringBuilder();
        typed.put(t.mapKey, mine);
        t.caret = t.doc.length();
        t.runEnd = -1;
      }
      if (typo) {
        typo = false;
        if (t.caret > 0 && t.doc.charAt(t.caret - 1) == 'q') {
          t.backspace(now);
          mine.setLength(mine.length() - 1);
        } else {
          m.error("bench-caret-moved"); // the harness lost its caret: the typo stays, and is expected to
        }
      } else if (wordPos > 0 && room.random.nextDouble() < 0.04) {
        t.type("q", now);
        mine.append('q');
        typo = true;
      } else {
        char ch = word.charAt(wordPos++);
        t.type(String.valueOf(ch), now);
        mine.append(ch);
        if (wordPos == word.length()) {
          words.computeIfAbsent(t.mapKey, k -> new ArrayList<>()).add(word);
          nextWord();
        }
      }
      m.add(Metrics.Counter.KEYSTROKES_TOTAL, 1);
      if (measuring) {
        m.add(Metrics.Counter.KEYSTROKES, 1);
      }
      long ms = now / 1_000_000;
      if (!t.mapKey.equals(typingAnnounced) || ms - lastTypingMessage >= 1000) {
        // who is typing where (docs/protocol.md): at once for a new text, then at most once a second
        typingAnnounced = t.mapKey;
        lastTypingMessage = ms;
        ws.writeTextMessage(JSON.createObjectNode().put("type", "typing").put("step", t.step).put("key", t.key)
            .put("caret", Math.min(t.caret, 10_000)).toString());
      }
      maybeSend(t);
      long next = (long) (s.intervalSeconds * 1000 * (0.5 + room.random.nextDouble()));
      vertx.setTimer(Math.max(1, next), id -> keystroke());
    }

    /** Sends the text's operation in flight when it may go: at most one per 100 ms, one in flight. */
    private void maybeSend(TypingSync t) {
      if (t.scheduled || !t.ready()) {
        return;
      }
      long wait = t.lastSentMillis + 100 - System.nanoTime() / 1_000_000;
      if (wait <= 0) {
        flushText(t);
        return;
      }
      t.scheduled = true;
      vertx.setTimer(wait, id -> {
        t.scheduled = false;
        flushText(t);
      });
    }

    private void flushText(TypingSync t) {
      if (!t.ready()) {
        return;
      }
      t.inflightSent = true;
      t.lastSentMillis = System.nanoTime() / 1_000_000;
      String opId = t.inflightId;
      ObjectNode c = command("text-op").put("step", t.step).put("key", t.key).put("rev", t.rev);
      c.set("op", JSON.valueToTree(t.inflight.toJson()));
      c.put("opId", opId);
      Change change = send(c, opId, true, null, null);
      change.firstKeyNanos = t.inflightFirstKey;
      change.onRefused = () -> {
        String what = t.refused(opId, change.refusedCode);
        if (what.equals("retry")) {
          vertx.setTimer(1000, id -> maybeSend(t));
        } else if (what.equals("rebased")) {
          maybeSend(t);
        }
      };
    }

    /** A text-op event (Werkplaats) or a relayed text-op command (baseline): into this client's copy. */
    private String typedEvent(JsonNode event) {
      String opId = event.path("opId").asText("");
      TypingSync t = sync(event.path("step").asInt(), event.path("key").asText());
      if (s.mode == Mode.BASELINE) {
        t.receive(0, null, opId, null);
      } else {
        String mapKey = t.mapKey;
        JsonNode opNode = event.path("op");
        Object[] hit = room.applied.get(mapKey);
        TextOp op = hit != null && hit[1] == opNode ? (TextOp) hit[3] : JSON.convertValue(opNode, TextOp.class);
        if (!t.receive(event.path("rev").asInt(), op, opId, (base, o) -> room.applyShared(mapKey, base, opNode, o))) {
          m.add(Metrics.Counter.TEXT_GAPS, 1);
        }
      }
      if (t.ready()) {
        maybeSend(t);
      }
      return opId;
    }

    // -------------------------------------------------------------------------------------------- receiving

    private void onText(String text) {
      long now = System.nanoTime();
      boolean measure = measuring;
      if (measure) {
        m.add(Metrics.Counter.MESSAGES, 1);
        m.add(Metrics.Counter.BYTES, text.length());
        if (text.startsWith("{\"type\":\"events\"")) {
          m.add(Metrics.Counter.EVENTS_MESSAGES, 1);
          m.add(Metrics.Counter.EVENTS_BYTES, text.length());
        }
      }
      if (text.startsWith("{\"type\":\"presence") || text.startsWith("{\"type\":\"heartbeat\"")
          || text.startsWith("{\"type\":\"pong\"")) {
        return; // volatile traffic: not checked here
      }
      lastActivity = now;
      JsonNode msg;
      try {
        msg = room.parse(text);
      } catch (Exception e) {
        m.error("client-unreadable");
        return;
      }
      switch (msg.path("type").asText()) {
        case "events" -> events(msg.path("events"), now, measure);
        case "ack" -> answered(msg, now, true);
        case "error" -> answered(msg, now, false);
        case "welcome" -> {
          participantId = msg.path("participantId").asText();
          lastSeq = msg.path("seq").asLong();
          welcomed = true;
          if (index >= s.participants) {
            welcomeState = msg.path("state"); // the checker at the end of a typing run
          }
          welcome.complete(null);
        }
        case "snapshot" -> {
          m.add(Metrics.Counter.SNAPSHOTS, 1);
          lastSeq = Math.max(lastSeq, msg.path("seq").asLong());
        }
        default -> { }
      }
    }

    private void answered(JsonNode msg, long now, boolean ack) {
      String commandId = msg.path("commandId").asText(null);
      Pending p = commandId == null ? null : pending.remove(commandId);
      if (p == null) {
        if (!ack) {
          m.error(msg.path("code").asText("?"));
        }
        return;
      }
      if (!ack) {
        m.error(msg.path("code").asText("?"));
      }
      if (p.answer() != null) {
        if (ack) {
          p.answer().complete(msg.path("seq").asLong());
        } else {
          p.answer().completeExceptionally(new IllegalStateException("refused: " + msg));
        }
        return;
      }
      Change c = p.change();
      if (inFlight == c) {
        inFlight = null;
      }
      if (!ack) {
        c.refusedCode = msg.path("code").asText("?");
        if (c.onRefused != null) {
          c.onRefused.run();
        }
        return;
      }
      if (msg.path("duplicate").asBoolean(false)) {
        m.add(Metrics.Counter.DUPLICATE_ACK, 1);
      }
      m.add(Metrics.Counter.ACKED, 1);
      if (c.measured) {
        m.add(Metrics.Counter.MEASURED, 1);
        m.recordAck((now - c.sentNanos) / 1000);
      }
      if (c.onAck != null) {
        c.onAck.run();
      }
      room.acked(c, msg.path("seq").asLong(), now);
    }

    private void events(JsonNode events, long now, boolean measure) {
      for (JsonNode e : events) {
        long seq = e.path("seq").asLong();
        m.add(Metrics.Counter.EVENTS, 1);
        if (seq <= lastSeq) {
          m.add(Metrics.Counter.DUPLICATED, 1);
          continue;
        }
        if (seq != lastSeq + 1) {
          m.add(Metrics.Counter.OUT_OF_ORDER, 1);
        }
        lastSeq = seq;
        JsonNode event = e.path("event");
        String type = event.path("type").asText();
        String identity = s.mode == Mode.WERKPLAATS ? learn(type, event) : learnRelayed(type, event);
        if (identity == null) {
          continue; // not a participant's change (joins, flow)
        }
        if (measure) {
          m.add(Metrics.Counter.DELIVERIES, 1);
        }
        room.received(this, seq, identity, now);
      }
    }

    /** Keeps what this participant needs from a Werkplaats event; answers the change's identity, or null. */
    private String learn(String type, JsonNode event) {
      if (!CONTENT_EVENTS.contains(type)) {
        return null;
      }
      switch (type) {
        case "text-op" -> {
          if (s.typists > 0) {
            return typedEvent(event);
          }
          String key = event.path("step").asInt() + "|" + event.path("key").asText();
          TextOp op = JSON.convertValue(event.path("op"), TextOp.class);
          for (String[] home : homeTexts) {
            if (key.equals(home[0] + "|" + home[1])) {
              texts.put(key, op.apply(texts.getOrDefault(key, "")));
              revs.put(key, event.path("rev").asInt());
            }
          }
          StringBuilder inserted = new StringBuilder();
          for (TextOp.Component part : op.components()) {
            if (part instanceof TextOp.Insert insert) {
              inserted.append(insert.text());
            }
          }
          return inserted.toString();
        }
        case "agreement-saved" -> {
          JsonNode a = event.path("agreement");
          if (participantId.equals(a.path("createdBy").asText()) && !agreementIds.contains(a.path("id").asText())) {
            agreementIds.add(a.path("id").asText());
          }
          return a.path("what").asText();
        }
        case "card-saved" -> {
          JsonNode card = event.path("card");
          int step = event.path("step").asInt();
          String id = card.path("id").asText();
          if (participantId.equals(card.path("authorId").asText())) {
            List<String> ids = cardIds.computeIfAbsent(step, k -> new ArrayList<>());
            if (!ids.contains(id)) {
              ids.add(id);
            }
          }
          if (index == 0 && step == room.votingStep) {
            room.votingCards.add(id);
          }
          return card.path("text").asText();
        }
        default -> {
          return event.path("participantId").asText(); // votes-changed, ratings-changed
        }
      }
    }

    /** The same for the baseline, whose events are the commands as they were sent. */
    private String learnRelayed(String type, JsonNode event) {
      if (!CONTENT_COMMANDS.contains(type)) {
        return null;
      }
      return switch (type) {
        case "text-op" -> typedEvent(event);
        case "edit-text" -> {
          String key = event.path("step").asInt() + "|" + event.path("key").asText();
          String text = event.path("text").asText();
          for (String[] home : homeTexts) {
            if (key.equals(home[0] + "|" + home[1])) {
              texts.put(key, text);
            }
          }
          yield text;
        }
        case "save-agreement" -> event.path("what").asText();
        case "add-card", "edit-card" -> event.path("text").asText();
        default -> UNCHECKED; // votes and ratings relayed carry no sender: matched by seq only
      };
    }
  }
}

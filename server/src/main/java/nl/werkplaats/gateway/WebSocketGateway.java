package nl.werkplaats.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.vertx.core.Promise;
import nl.werkplaats.cluster.Outcome;
import nl.werkplaats.ops.NodeMetrics;
import nl.werkplaats.cluster.ReadRoom;
import nl.werkplaats.cluster.RoomService;
import nl.werkplaats.protocol.SchemaCheck;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.ErrorCode;
import nl.werkplaats.room.Role;
import nl.werkplaats.template.Template;
import nl.werkplaats.template.TemplateRegistry;

/**
 * The WebSocket side of a node: the handshake, validation of every client message, rate limits, commands
 * applied through the cluster and acknowledged only once applied, backed up and stored. A node runs one
 * gateway per event loop ({@link #eventLoops()}); each holds the sockets that loop accepted, and its own
 * {@link RoomHub} delivers their rooms' events to them. What they share is in {@link Shared}.
 */
public final class WebSocketGateway {
  private static final Logger LOG = Logger.getLogger(WebSocketGateway.class.getName());
  /** A message's limit in UTF-8 bytes as sent (there is no compression: permessage-deflate is off). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;
  /** The largest single frame the transport reads at all (larger: the transport closes with 1009). */
  public static final int MAX_TRANSPORT_BYTES = 256 * 1024;
  /** One JSON value per message: anything after it is refused as bad_json. */
  private static final ObjectReader READER =
      DomainJson.MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final long HELLO_TIMEOUT_MS = 10_000;
  static final int FLOOD_CLOSE_AFTER = 200;
  
  private final Vertx vertx;
  private final RoomService rooms;
  private final TemplateRegistry templates;
  private final RoomHub hub;
  /** This gateway's number among the node's event loops (0, 1, …), and how many there are. */
  private final int loop;
  private final int loops;
  private final SchemaCheck schema = SchemaCheck.fromClasspath("protocol/client-message.schema.json");
  private final Set<String> knownTypes;
  private final RoomEndings endings;
  private final io.vertx.core.Context context;
  private final AddressLimits limits;
  private final NodeMetrics metrics;
  /** Every open WebSocket of this node, welcomed or not (drain closes them all). */
  private final Set<Connection> open = new java.util.LinkedHashSet<>();
  private long samplerTimer = -1;
  /** Set when the node drains: a new WebSocket is told to move at once. */
  private boolean draining;

  /** The participants' read-only summary links (null without a store: no summaries to read). */
  private final SummaryReaders readers;

  /** Told when a command ended a session, to freeze its summary. */
  public interface RoomEndings {
    void ended(String roomId);
  }

  /**
   * What the gateways of one node share: the limits per client address (counted for the node, whichever
   * event loop a socket landed on), the broadcasts read from the event bus, and which one of them clears
   * presence when a member leaves the cluster.
   */
  public static final class Shared {
    final AddressLimits limits;
    final RoomHub.BroadcastReader broadcasts = new RoomHub.BroadcastReader();
    private final java.util.concurrent.atomic.AtomicBoolean presenceCleaner =
        new java.util.concurrent.atomic.AtomicBoolean();

    public Shared(nl.werkplaats.Config config) {
      this.limits = new AddressLimits(config.maxConnectionsPerAddress(), config.joinBurstPerAddress(),
          AddressLimits.JOINS_PER_SECOND, new ClientAddress(config.trustedProxies()));
    }

    private final java.util.concurrent.atomic.AtomicInteger nextLoop = new java.util.concurrent.atomic.AtomicInteger();
    /** How many gateways (event loops) the node runs. */
    final int loops = eventLoops();

    /** True for the first gateway that asks, false for the others. */
    boolean cleansPresence() {
      return presenceCleaner.compareAndSet(false, true);
    }

    /** How many gateways (event loops) the node runs ({@link #eventLoops()}, read once). */
    public int loops() {
      return loops;
    }

    /** The next gateway's number (0, 1, …): its event loop's name in the metrics. */
    int nextLoop() {
      return nextLoop.getAndIncrement();
    }
  }

  /**
   * How many event loops serve HTTP and WebSockets: {@code WERKPLAATS_GATEWAY_LOOPS} (or the system property
   * {@code werkplaats.gateway-loops}), by default one (docs/operations.md): with several, a member that
   * survives another's crash behind a load balancer was seen to log a reset client connection as SEVERE
   * (HaproxyFailoverIT), which is not understood yet; several loops stay an opt-in until it is.
   */
  public static int eventLoops() {
    String configured = System.getProperty("werkplaats.gateway-loops", System.getenv("WERKPLAATS_GATEWAY_LOOPS"));
    int loops = 1;
    if (configured != null && !configured.isBlank()) {
      try {
        loops = Integer.parseInt(configured.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("WERKPLAATS_GATEWAY_LOOPS must be a whole number, not " + configured);
      }
    }
    return Math.max(1, Math.min(loops, 64));
  }

  public WebSocketGateway(Vertx vertx, RoomService rooms, TemplateRegistry templates, RoomEndings endings,
      Shared shared, NodeMetrics metrics, SummaryReaders readers) {
    this.vertx = vertx;
    this.readers = readers;
    this.metrics = metrics;
    this.limits = shared.limits;
    this.loop = shared.nextLoop();
    this.loops = shared.loops;
    this.rooms = rooms;
    this.templates = templates;
    this.endings = endings;
    this.hub = new RoomHub(vertx, rooms, templates, shared.broadcasts, shared.cleansPresence(), readers);
    this.context = vertx.getOrCreateContext();
    JsonNode types = readSchemaTypes();
    this.knownTypes = new java.util.HashSet<>();
    types.forEach(t -> knownTypes.add(t.asText()));
    sample(System.nanoTime());
  }

  /** How often the sampler looks at the event loop's delay; every {@link #SAMPLES_PER_FAN_OUT}th time at the rooms. */
  static final long SAMPLE_MS = 250;
  static final int SAMPLES_PER_FAN_OUT = 4;
  private int samples;

  /** A timer on the gateway's event loop: how late it fires is the loop's delay; now and then the fan-out. */
  private void sample(long scheduledNanos) {
    samplerTimer = vertx.setTimer(SAMPLE_MS, id -> {
      long now = System.nanoTime();
      metrics.eventLoopDelay(now - scheduledNanos - SAMPLE_MS * 1_000_000L);
      if (++samples % SAMPLES_PER_FAN_OUT == 0) {
        hub.sample(metrics);
        metrics.loopConnections(loop, open.size());
      }
      sample(now);
    });
  }

  private static JsonNode readSchemaTypes() {
    try (var in = WebSocketGateway.class.getClassLoader().getResourceAsStream("protocol/client-message.schema.json")) {
      return DomainJson.MAPPER.readTree(in).path("properties").path("type").path("enum");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closes every connection (1001) on the gateway's own event loop. */
  public Future<Void> stop() {
    return Future.future(p -> context.runOnContext(v -> {
      vertx.cancelTimer(samplerTimer);
      hub.stop();
      p.complete();
    }));
  }

  /** From now on a new WebSocket is closed with 1001 at once (the node drains; the balancer sends it elsewhere). */
  public void refuseNewConnections() {
    context.runOnContext(v -> draining = true);
  }

  /**
   * Tells every client to move to another node: the open WebSockets are closed with 1001, spread over
   * {@code spreadMs} so that the other nodes are not hit by every reconnect at once. A connection with commands
   * still being applied is closed once they are answered; commands that arrive after it was told to move are
   * answered {@code unavailable} (the client sends them again after reconnecting, with the same commandId).
   * Completes when every socket is closed, or {@code graceMs} after the spread at the latest.
   */
  public Future<Void> drain(long spreadMs, long graceMs) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      draining = true;
      List<Connection> all = new java.util.ArrayList<>(open);
      java.util.Collections.shuffle(all);
      LOG.info("draining " + all.size() + " connection(s) over " + spreadMs + " ms");
      for (int i = 0; i < all.size(); i++) {
        Connection c = all.get(i);
        // The node's loops take turns (this loop's i-th socket after the i-th of the loops before it), so
        // that the node's closes are spread evenly however few sockets each loop has.
        long slot = (long) i * loops + loop;
        vertx.setTimer(1 + spreadMs * slot / ((long) all.size() * loops), id -> {
          c.moving = true;
          closeIfMoving(c);
        });
      }
      long deadline = vertx.setTimer(spreadMs + graceMs, id -> {
        List.copyOf(open).forEach(c -> c.close(1001, "server shutting down"));
        done.tryComplete();
      });
      awaitClosed(done, deadline);
    });
    return done.future();
  }

  static final long DRAIN_POLL_MS = 100;

  private void awaitClosed(Promise<Void> done, long deadline) {
    if (open.isEmpty()) {
      vertx.cancelTimer(deadline);
      done.tryComplete();
    } else if (!done.future().isComplete()) {
      vertx.setTimer(DRAIN_POLL_MS, id -> awaitClosed(done, deadline));
    }
  }

  /** A connection told to move closes (1001) once nothing it sent is still being applied. */
  private static void closeIfMoving(Connection c) {
    if (c.moving && c.inFlight == 0 && !c.handshaking) {
      c.close(1001, "server shutting down");
    }
  }

  public void handle(ServerWebSocket ws) {
    if (draining) {
      ws.close((short) 1001, "server shutting down");
      return;
    }
    String address = limits.clientAddress(ws);
    if (!limits.opened(address)) {
      ws.exceptionHandler(e -> LOG.log(Level.FINE, "websocket error", e));
      String refusal = Connection.json(Messages.error(ErrorCode.RATE_LIMITED,
          "too many connections from your address; at most " + limits.maxConnections, null));
      ws.writeTextMessage(refusal);
      ws.close((short) 4008, "too many connections from your address");
      return;
    }
    Connection c = new Connection(ws, address, System.nanoTime());
    open.add(c);
    metrics.connectionOpened();
    long helloTimer = vertx.setTimer(HELLO_TIMEOUT_MS, id -> {
      if (!c.welcomed && !c.handshaking) {
        c.close(4002, "no hello in time");
      }
    });
    ws.frameHandler(frame -> onFrame(c, frame));
    ws.exceptionHandler(e -> {
      if (e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException bad) {
        // A frame the transport refuses (over MAX_TRANSPORT_BYTES, or broken): say so with its close code.
        int code = bad.closeStatus().code();
        c.close(code, code == 1009 ? "message too big" : "bad frame");
      }
      LOG.log(Level.FINE, "websocket error", e);
    });
    ws.closeHandler(v -> {
      c.closed = true;
      open.remove(c);
      metrics.connectionClosed();
      limits.closed(address);
      vertx.cancelTimer(helloTimer);
      if (c.roomId != null) {
        hub.detach(c);
      }
    });
  }

  /**
   * Collects a message's frames, counting bytes as they arrive: past {@link #MAX_MESSAGE_BYTES} the connection
   * is answered too_large and closed with 1009 at once, without collecting more.
   */
  private void onFrame(Connection c, WebSocketFrame frame) {
    if (c.closed) {
      return;
    }
    if (frame.isText() || frame.isBinary()) {
      c.partial = null;
      c.partialBinary = frame.isBinary();
      c.partialBytes = 0;
    } else if (!frame.isContinuation()) {
      return; // ping, pong and close are the transport's
    }
    Buffer data = frame.binaryData();
    c.partialBytes += data.length();
    if (c.partialBytes > MAX_MESSAGE_BYTES) {
      c.partial = null;
      c.send(Messages.error(ErrorCode.TOO_LARGE, "a message is at most 64 KiB (in UTF-8 bytes)", null));
      c.close(1009, "message too big");
      return;
    }
    if (!frame.isFinal()) {
      if (c.partial == null) {
        c.partial = Buffer.buffer(Math.max(256, data.length() * 2));
      }
      c.partial.appendBuffer(data);
      return;
    }
    Buffer whole = c.partial == null ? data : c.partial.appendBuffer(data);
    c.partial = null;
    c.partialBytes = 0;
    if (c.partialBinary) {
      if (admit(c)) {
        c.send(Messages.error(ErrorCode.INVALID_MESSAGE, "send JSON text frames", null));
      }
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(whole.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      text = null;
    }
    onText(c, text);
  }

  /** The connection's message rate limit: false (answered, or closed when flooding) when over it. */
  private static boolean admit(Connection c) {
    if (c.bucket.take(System.nanoTime())) {
      return true;
    }
    if (++c.refused > FLOOD_CLOSE_AFTER) {
      c.close(4008, "flooding");
    } else {
      c.send(Messages.error(ErrorCode.RATE_LIMITED, "too many messages; at most 20 per second", null));
    }
    return false;
  }

  /** A whole text message; null when its bytes are not UTF-8. */
  private void onText(Connection c, String text) {
    if (c.closed || !admit(c)) {
      return;
    }
    JsonNode node;
    try {
      node = text == null ? null : READER.readTree(text);
    } catch (Exception e) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      c.send(Messages.error(ErrorCode.BAD_JSON, "the message is not one valid JSON value in UTF-8", null));
      return;
    }
    if (!node.isObject()) {
      c.send(Messages.error(ErrorCode.INVALID_MESSAGE, "a message is a JSON object with a type", null));
      return;
    }
    String outOfRange = nonFiniteNumber(node, "");
    if (outOfRange != null) {
      c.send(Messages.error(ErrorCode.INVALID_MESSAGE,
          (outOfRange.isEmpty() ? "" : outOfRange + ": ") + "a number out of range", commandIdOf(node)));
      return;
    }
    String type = node.path("type").asText("");
    String commandId = node.path("commandId").isTextual() ? node.path("commandId").asText() : null;
    if (!knownTypes.contains(type)) {
      c.send(Messages.error(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + abbreviate(type) + "'", commandId));
      return;
    }
    List<SchemaCheck.Problem> problems = schema.check(node);
    if (!problems.isEmpty()) {
      SchemaCheck.Problem p = problems.get(0);
      c.send(Messages.error(ErrorCode.INVALID_MESSAGE,
          (p.path().isEmpty() ? "" : p.path() + ": ") + p.message(), commandId));
      return;
    }
    switch (type) {
      case "hello" -> onHello(c, node);
      case "ping" -> c.send(Messages.of("pong", "t", node.get("t"), "serverTime", rooms.node().clock().millis()));
      case "resync" -> onResync(c, node.path("fromSeq").asLong());
      case "typing" -> onTyping(c, node);
      default -> onCommand(c, node, commandId);
    }
  }

  // ---------------------------------------------------------------------------------------- handshake

  private void onHello(Connection c, JsonNode hello) {
    if (c.welcomed || c.handshaking) {
      c.send(Messages.error(ErrorCode.INVALID_MESSAGE, "hello only once per connection", null));
      return;
    }
    if (hello.path("protocol").asInt() != Messages.PROTOCOL) {
      c.close(4000, "unsupported protocol version; this server speaks " + Messages.PROTOCOL);
      return;
    }
    if ("join".equals(hello.path("auth").path("kind").asText()) && !limits.join(c.address, System.nanoTime())) {
      c.send(Messages.error(ErrorCode.RATE_LIMITED,
          "too many people joined from your address just now; try again in a minute", null));
      c.close(4008, "too many joins from your address");
      return;
    }
    c.handshaking = true;
    c.roomId = hello.path("roomId").asText();
    long lastSeq = hello.path("lastSeq").asLong(0);
    String lastChain = hello.path("lastChain").isTextual() ? hello.path("lastChain").asText() : null;
    JsonNode auth = hello.path("auth");
    hub.attach(c);
    Future<Welcome> welcome = switch (auth.path("kind").asText()) {
      case "join" -> join(c, auth);
      case "resume" -> rooms.read(c.roomId, auth.path("participantId").asText(), ReadRoom.Credential.PARTICIPANT_TOKEN,
          Secrets.sha256(auth.path("token").asText()), lastSeq, lastChain).map(r -> new Welcome(r, null));
      case "projector" -> projector(c, auth, lastSeq, lastChain);
      default -> facilitator(c, auth, lastSeq, lastChain);
    };
    welcome.onComplete(ar -> {
      c.handshaking = false;
      if (c.closed) {
        return;
      }
      handshakeDone(c, ar);
      closeIfMoving(c);
    });
  }

  private void handshakeDone(Connection c, io.vertx.core.AsyncResult<Welcome> ar) {
    if (ar.succeeded()) {
      welcome(c, ar.result());
    } else if (ar.cause() instanceof HandshakeRefused refused) {
      hub.detach(c);
      c.send(Messages.error(refused.code, refused.getMessage(), null));
      if (refused.closeCode > 0) {
        c.close(refused.closeCode, refused.getMessage());
      }
    } else {
      LOG.log(Level.WARNING, "handshake failed", ar.cause());
      hub.detach(c);
      c.send(Messages.error(ErrorCode.INTERNAL, "the server could not let you in; try again", null));
    }
  }

  private record Welcome(ReadRoom.Reading reading, String token) {}

  private static final class HandshakeRefused extends RuntimeException {
    final ErrorCode code;
    final int closeCode;

    HandshakeRefused(ErrorCode code, int closeCode, String message) {
      super(message, null, false, false);
      this.code = code;
      this.closeCode = closeCode;
    }
  }

  private Future<Welcome> join(Connection c, JsonNode auth) {
    // With a joinKey, a repeated hello (its welcome lost) maps to the same participant.
    String participantId = auth.path("joinKey").isTextual()
        ? "p-" + Secrets.sha256(c.roomId + ":" + auth.path("joinKey").asText()).substring(0, 22)
        : Secrets.id("p");
    String token = Secrets.token(24);
    Role role = "observer".equals(auth.path("role").asText()) ? Role.OBSERVER : Role.PARTICIPANT;
    Command.Join join = new Command.Join(participantId, auth.path("name").asText(), auth.path("organisation").asText(),
        auth.path("function").isTextual() ? auth.path("function").asText() : null, role, Secrets.sha256(token));
    return rooms.apply(c.roomId, null, "join-" + participantId + "-" + join.tokenHash().substring(0, 12), join)
        .compose(outcome -> {
          refuseUnlessApplied(outcome);
          hub.publishEvents(c.roomId, outcome.events());
          return rooms.read(c.roomId, participantId, ReadRoom.Credential.NONE, null, 0);
        })
        .map(r -> new Welcome(r, token));
  }

  private Future<Welcome> facilitator(Connection c, JsonNode auth, long lastSeq, String lastChain) {
    String tokenHash = Secrets.sha256(auth.path("token").asText());
    return rooms.read(c.roomId, null, ReadRoom.Credential.FACILITATOR_TOKEN, tokenHash, lastSeq, lastChain).compose(r -> {
      if (!"unclaimed".equals(r.status())) {
        return Future.succeededFuture(new Welcome(r, null));
      }
      if (!auth.path("name").isTextual() || !auth.path("organisation").isTextual()) {
        throw new HandshakeRefused(ErrorCode.INVALID_MESSAGE, 0,
            "first use of the facilitator link: send name and organisation");
      }
      Command.ClaimFacilitator claim = new Command.ClaimFacilitator(Secrets.id("p"), auth.path("name").asText(),
          auth.path("organisation").asText(), null, tokenHash);
      return rooms.apply(c.roomId, null, "claim", claim).compose(outcome -> {
        if (outcome.kind() == Outcome.Kind.APPLIED) {
          hub.publishEvents(c.roomId, outcome.events());
        } else if (outcome.kind() != Outcome.Kind.DUPLICATE && outcome.code() != ErrorCode.INVALID_TRANSITION) {
          refuseUnlessApplied(outcome);
        }
        return rooms.read(c.roomId, null, ReadRoom.Credential.FACILITATOR_TOKEN, tokenHash, 0);
      }).map(again -> new Welcome(again, null));
    });
  }

  /** The projector link: reads the room as someone outside it would see it; sends nothing but pings and resyncs. */
  private Future<Welcome> projector(Connection c, JsonNode auth, long lastSeq, String lastChain) {
    c.projector = true;
    c.projectorTokenHash = Secrets.sha256(auth.path("token").asText());
    return rooms.read(c.roomId, null, ReadRoom.Credential.PROJECTOR_TOKEN, c.projectorTokenHash, lastSeq, lastChain)
        .map(r -> new Welcome(r, null));
  }

  private static void refuseUnlessApplied(Outcome outcome) {
    switch (outcome.kind()) {
      case APPLIED, DUPLICATE -> { }
      case NO_ROOM -> throw new HandshakeRefused(ErrorCode.ROOM_NOT_FOUND, 4004, "no such room");
      default -> throw new HandshakeRefused(outcome.code(), 0, outcome.message());
    }
  }

  private void welcome(Connection c, Welcome w) {
    ReadRoom.Reading r = w.reading();
    switch (r.status()) {
      case "ok" -> { }
      case "no_room" -> {
        refuse(c, ErrorCode.ROOM_NOT_FOUND, 4004, "no such room");
        return;
      }
      case "removed" -> {
        refuse(c, ErrorCode.FORBIDDEN, 4003, "you were removed from this room");
        return;
      }
      default -> {
        refuse(c, ErrorCode.NOT_AUTHENTICATED, 4001, "unknown participant or wrong token");
        return;
      }
    }
    if (c.projector) {
      c.seesNames = !r.anonymous(); // as a participant sees the others
    } else {
      c.participantId = r.participant().id();
      c.role = r.participant().role();
      c.organisation = r.participant().organisation();
      c.seesNames = r.seesNames();
    }
    c.templateId = r.templateId();
    c.templateVersion = r.templateVersion();
    c.selfGuided = r.state() != null && r.state().selfGuided != null;
    boolean notes = !c.projector && (c.role.runsFlow() || c.selfGuided);
    Object template = templateJson(r.templateId(), r.templateVersion(), notes);
    c.send(Messages.of("welcome",
        "protocol", Messages.PROTOCOL,
        "roomId", c.roomId,
        "participantId", c.participantId,
        "role", c.projector ? "projector" : c.role,
        "token", w.token(),
        "serverTime", rooms.node().clock().millis(),
        "seq", r.seq(),
        "chain", r.chain(),
        "state", r.state(),
        "events", r.events(),
        "template", template,
        "online", hub.online(c),
        "resultsToken", resultsToken(c, r)));
    hub.welcomed(c, r.seq(), r.chain());
  }

  /** An ended room's summary reader token for the people in it (never for a projector, which is nobody). */
  private String resultsToken(Connection c, ReadRoom.Reading r) {
    boolean ended = r.state() != null && r.state().status == nl.werkplaats.room.RoomStatus.ENDED;
    return ended && !c.projector && readers != null ? readers.token(c.roomId) : null;
  }

  /** Templates as welcomes carry them, written to JSON once per template, version and audience. */
  private final java.util.Map<String, com.fasterxml.jackson.databind.util.RawValue> templateJson = new java.util.HashMap<>();

  /**
   * A pinned template as a welcome carries it (with the facilitator's notes or without), or null when it is
   * not known: written once and kept (a template version never changes), not copied and written per welcome.
   */
  private Object templateJson(String id, int version, boolean notes) {
    String key = id + "/" + version + (notes ? "/notes" : "");
    com.fasterxml.jackson.databind.util.RawValue known = templateJson.get(key);
    if (known != null) {
      return known;
    }
    Template template = templates.find(id, version).orElse(null);
    if (template == null) {
      return null;
    }
    String written = Connection.json(notes ? template.json() : template.forParticipants());
    if (written == null) {
      return null;
    }
    com.fasterxml.jackson.databind.util.RawValue raw = new com.fasterxml.jackson.databind.util.RawValue(written);
    if (templateJson.size() < MAX_TEMPLATES_KEPT) {
      templateJson.put(key, raw);
    }
    return raw;
  }

  /** Template versions whose JSON a gateway keeps (a node serves a few; uploads add versions slowly). */
  static final int MAX_TEMPLATES_KEPT = 256;

  private void refuse(Connection c, ErrorCode code, int closeCode, String message) {
    hub.detach(c);
    c.send(Messages.error(code, message, null));
    c.close(closeCode, message);
  }

  // ---------------------------------------------------------------------------------------- after the handshake

  private void onResync(Connection c, long fromSeq) {
    if (!c.welcomed) {
      c.send(Messages.error(ErrorCode.NOT_AUTHENTICATED, "say hello first", null));
      return;
    }
    // The client is behind: rewind this connection to what the client has, and catch up from there.
    if (fromSeq < c.lastSeq) {
      c.lastSeq = fromSeq;
      c.chain = null; // not known at that seq: the events from the log carry it again
      c.parked.clear();
    }
    hub.catchUp(c);
  }

  /**
   * Who types where: volatile, relayed to the room on every node, never stored and never part of the room's
   * history (docs/protocol.md, "Who is typing"). A renewal of the same text within
   * {@link RoomHub#TYPING_MIN_INTERVAL_MS} is dropped; a stop always goes through.
   */
  private void onTyping(Connection c, JsonNode node) {
    if (!c.welcomed) {
      c.send(Messages.error(ErrorCode.NOT_AUTHENTICATED, "say hello first", null));
      return;
    }
    int step = node.path("step").asInt();
    String key = node.path("key").asText();
    boolean stop = node.path("stop").asBoolean(false);
    if (c.projector) {
      c.send(Messages.error(ErrorCode.READ_ONLY, "a projector shows the room; it does not type", null));
      return;
    }
    if (stop) {
      hub.typing(c, step, key, null, true);
      return;
    }
    if (c.role == Role.OBSERVER) {
      c.send(Messages.error(ErrorCode.FORBIDDEN, "observers do not type in shared texts", null));
      return;
    }
    String text = key.replaceFirst("^g[1-9][0-9]?/", ""); // a breakout group's text: g<group>/<key>
    if (text.startsWith("org:") && !c.role.runsFlow() && !text.substring(4).equals(c.organisation)) {
      c.send(Messages.error(ErrorCode.FORBIDDEN, "you write the answer of your own organisation only", null));
      return;
    }
    String where = step + "/" + key;
    long now = System.nanoTime();
    if (where.equals(c.typingIn) && now - c.typingAtNanos < RoomHub.TYPING_MIN_INTERVAL_MS * 1_000_000L) {
      return; // renewed again too soon: the one before still holds
    }
    c.typingIn = where;
    c.typingAtNanos = now;
    hub.typing(c, step, key, node.path("caret").isInt() ? node.path("caret").asInt() : null, false);
  }

  private void onCommand(Connection c, JsonNode node, String commandId) {
    if (!c.welcomed) {
      c.send(Messages.error(ErrorCode.NOT_AUTHENTICATED, "say hello first and wait for the welcome", commandId));
      return;
    }
    if (c.projector) {
      c.send(Messages.error(ErrorCode.READ_ONLY, "a projector shows the room; it cannot change it", commandId));
      return;
    }
    if (node.has("roomId") && !c.roomId.equals(node.path("roomId").asText())) {
      c.send(Messages.error(ErrorCode.WRONG_ROOM, "this connection belongs to another room", commandId));
      return;
    }
    Command command;
    try {
      command = DomainJson.MAPPER.treeToValue(node, Command.class);
    } catch (Exception e) {
      c.send(Messages.error(ErrorCode.INVALID_MESSAGE, "the command could not be read", commandId));
      return;
    }
    if (command instanceof Command.Join || command instanceof Command.ClaimFacilitator) {
      c.send(Messages.error(ErrorCode.UNKNOWN_TYPE, "unknown message type", commandId));
      return;
    }
    String type = node.path("type").asText();
    long received = System.nanoTime();
    String requestId = c.id + "." + (++c.commands);
    nl.werkplaats.ops.Logs.aboutCommand(LOG, Level.FINE, requestId, type + " in room " + c.roomId);
    if (c.moving) {
      metrics.command(type, "unavailable", received);
      c.send(Messages.error(ErrorCode.UNAVAILABLE,
          "this server is shutting down; send it again with the same commandId once reconnected", commandId));
      return;
    }
    // A projector link's token is made here, never by a client: the room keeps only its hash, and the
    // facilitator receives the token once, in the ack.
    String projectorToken = command instanceof Command.NewProjectorLink ? Secrets.token(24) : null;
    if (projectorToken != null) {
      command = new Command.NewProjectorLink(Secrets.sha256(projectorToken));
    }
    c.inFlight++;
    Future<Command> ready = Future.succeededFuture(command);
    if (command instanceof Command.TakeChair take) {
      // Whether the chair is still here is the server's to say: who is connected to the room now, across the
      // cluster (this node's presence view may not yet know of somebody who just joined on another member).
      ready = rooms.online(c.roomId).map(online -> new Command.TakeChair(take.from(), online.contains(take.from())));
    }
    Command asked = command;
    ready.onComplete(r -> {
      Command applied = r.succeeded() ? r.result() : asked;
      Future<Outcome> outcome = r.succeeded()
          ? rooms.apply(c.roomId, c.participantId, commandId, applied)
          : Future.failedFuture(r.cause());
      outcome.onComplete(ar -> {
        c.inFlight--;
        metrics.command(type, answer(c, applied, commandId, requestId, projectorToken, ar), received);
        closeIfMoving(c);
      });
    });
  }

  /** Answers a command that the cluster applied (ack) or did not (error); says which outcome it was. */
  private String answer(Connection c, Command command, String commandId, String requestId,
      String projectorToken, io.vertx.core.AsyncResult<Outcome> ar) {
    if (ar.failed()) {
      // A member left, or this side of a network partition lost its quorum: an expected condition, logged
      // without a stack trace. The client sends the command again with the same id (applied once).
      nl.werkplaats.ops.Logs.aboutCommand(LOG, Level.INFO, requestId,
          "command in room " + c.roomId + " not confirmed by the cluster: " + ar.cause());
      c.send(Messages.error(ErrorCode.UNAVAILABLE,
          "the room could not confirm this now; send it again with the same commandId", commandId));
      return "unavailable";
    }
    Outcome o = ar.result();
    switch (o.kind()) {
      case APPLIED -> {
        c.send(projectorToken == null ? Messages.ack(commandId, o.seq(), false)
            : Messages.of("ack", "commandId", commandId, "seq", o.seq(), "projectorToken", projectorToken));
        hub.publishEvents(c.roomId, o.events());
        if (command instanceof Command.End && !o.events().isEmpty()) {
          endings.ended(c.roomId);
        }
        return "applied";
      }
      case DUPLICATE -> {
        c.send(Messages.ack(commandId, o.seq(), true));
        return "duplicate";
      }
      default -> {
        c.send(Messages.error(o.code(), o.message(), commandId));
        return "rejected";
      }
    }
  }

  private static String commandIdOf(JsonNode node) {
    return node.path("commandId").isTextual() ? node.path("commandId").asText() : null;
  }

  /** The JSON Pointer of a number that does not fit a double (such as 1e400), or null when there is none. */
  static String nonFiniteNumber(JsonNode node, String path) {
    if (node.isNumber()) {
      return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? path : null;
    }
    if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var f = fields.next();
        String found = nonFiniteNumber(f.getValue(), path + "/" + f.getKey().replace("~", "~0").replace("/", "~1"));
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = nonFiniteNumber(node.get(i), path + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}

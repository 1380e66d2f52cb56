package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;

/**
 * A real WebSocket client that behaves like the browser client: keeps a replica of the room fed by welcome,
 * events and snapshots (applied in seq order with the domain's own evolve), remembers acks and errors.
 * Tests call it from their own thread and wait with timeouts.
 */
public final class TestClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final nl.werkplaats.protocol.SchemaCheck SERVER_MESSAGES =
      nl.werkplaats.protocol.SchemaCheck.fromClasspath("protocol/server-message.schema.json");
  /** Every server message that did not match src/protocol/server-message.schema.json. */
  private final java.util.Set<String> online = new java.util.TreeSet<>();
  public static final List<String> SCHEMA_VIOLATIONS = java.util.Collections.synchronizedList(new ArrayList<>());

  private final WebSocketClient client;
  private final WebSocket ws;
  private final LinkedBlockingDeque<JsonNode> inbox = new LinkedBlockingDeque<>();
  private final List<JsonNode> all = new ArrayList<>();
  final Map<String, Long> acks = new ConcurrentHashMap<>();
  final CompletableFuture<Short> closed = new CompletableFuture<>();
  volatile RoomState replica;
  volatile long lastSeq;
  volatile String participantId;
  volatile String token;
  volatile String role;

  /** The node port this client is connected to. */
  final int port;

  private TestClient(WebSocketClient client, WebSocket ws, int port) {
    this.client = client;
    this.ws = ws;
    this.port = port;
    ws.textMessageHandler(text -> {
      try {
        JsonNode node = DomainJson.MAPPER.readTree(text);
        var problems = SERVER_MESSAGES.check(node);
        if (!problems.isEmpty()) {
          SCHEMA_VIOLATIONS.add(problems + " in " + text.substring(0, Math.min(300, text.length())));
        }
        synchronized (this) {
          all.add(node);
          apply(node);
        }
        inbox.add(node);
      } catch (Exception e) {
        inbox.add(DomainJson.MAPPER.createObjectNode().put("type", "client-error").put("message", e.toString()));
      }
    });
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  public static TestClient connect(Vertx vertx, int port, String origin) {
    return connect(vertx, port, origin, null, Map.of());
  }

  /** From {@code localAddress} (e.g. 127.0.0.2, null: any), with extra upgrade {@code headers}. */
  public static TestClient connect(Vertx vertx, int port, String origin, String localAddress, Map<String, String> headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1024 * 1024).setMaxMessageSize(4 * 1024 * 1024).setLocalAddress(localAddress));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    headers.forEach(options::addHeader);
    WebSocket ws = get(client.connect(options).toCompletionStage().toCompletableFuture());
    return new TestClient(client, ws, port);
  }

  public static TestClient connect(Vertx vertx, int port) {
    return connect(vertx, port, "http://localhost:" + port);
  }

  /** Takes over another client's replica, as a browser keeps its state across a reconnect. */
  public synchronized void adopt(TestClient earlier) {
    replica = DomainJson.MAPPER.convertValue(earlier.replica, RoomState.class);
    lastSeq = earlier.lastSeq;
    participantId = earlier.participantId;
    token = earlier.token;
  }

  // ---------------------------------------------------------------------------------------- handshake helpers

  public JsonNode join(String roomId, String name, String organisation) {
    send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", name, "organisation", organisation)));
    return awaitType("welcome");
  }

  public JsonNode facilitate(String roomId, String facilitatorToken, String name, String organisation) {
    send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "facilitator", "token", facilitatorToken, "name", name, "organisation", organisation)));
    return awaitType("welcome");
  }

  public JsonNode resume(String roomId, String participantId, String token, long lastSeq) {
    send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "lastSeq", lastSeq,
        "auth", Map.of("kind", "resume", "participantId", participantId, "token", token)));
    return awaitType("welcome");
  }

  /** Sends a command and waits for its ack; answers the seq. */
  public long command(Map<String, Object> fields) {
    String commandId = UUID.randomUUID().toString();
    sendCommand(commandId, fields);
    JsonNode answer = await(m -> commandId.equals(m.path("commandId").asText()));
    if (!"ack".equals(answer.path("type").asText())) {
      fail("command " + fields + " was refused: " + answer);
    }
    return answer.path("seq").asLong();
  }

  /** Sends a command that must be refused; answers the error code. */
  public String refused(Map<String, Object> fields) {
    String commandId = UUID.randomUUID().toString();
    sendCommand(commandId, fields);
    JsonNode answer = await(m -> commandId.equals(m.path("commandId").asText()));
    assertEquals("error", answer.path("type").asText(), "expected a refusal of " + fields + " but got " + answer);
    return answer.path("code").asText();
  }

  public void sendCommand(String commandId, Map<String, Object> fields) {
    ObjectNode node = DomainJson.MAPPER.valueToTree(fields);
    node.put("commandId", commandId);
    pace();
    sendRaw(node.toString());
  }

  /** Sending rate kept below the documented 20 messages per second (burst 40), as a well-behaved client does. */
  private static final double PACE_PER_SECOND = 18;
  private static final double PACE_BURST = 30;
  private double allowance = PACE_BURST;
  private long allowanceAt = System.nanoTime();

  /**
   * Waits, when needed, so that commands and messages sent with {@link #sendCommand} and {@link #send} stay
   * within the connection's rate limit (docs/protocol.md); {@link #sendRaw} does not wait (floods use it).
   */
  private synchronized void pace() {
    long now = System.nanoTime();
    allowance = Math.min(PACE_BURST, allowance + (now - allowanceAt) / 1e9 * PACE_PER_SECOND);
    allowanceAt = now;
    if (allowance < 1) {
      long waitNanos = (long) ((1 - allowance) / PACE_PER_SECOND * 1e9);
      java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
      allowance = 1;
      allowanceAt = System.nanoTime();
    }
    allowance -= 1;
  }

  /** Sends a command; a connection that dropped meanwhile is noticed by the caller through {@link #closed}. */
  public void sendCommandQuietly(String commandId, Map<String, Object> fields) {
    try {
      sendCommand(commandId, fields);
    } catch (IllegalStateException dropped) {
      // the caller sees closed and reconnects
    }
  }

  public void send(Object message) {
    try {
      pace();
      sendRaw(DomainJson.MAPPER.writeValueAsString(message));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void sendRaw(String text) {
    get(ws.writeTextMessage(text).toCompletionStage().toCompletableFuture());
  }

  /** Waits for the answer to a command: its seq when acknowledged, empty when refused or the connection dropped. */
  public java.util.OptionalLong awaitAck(String commandId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Long seq = acks.get(commandId);
      if (seq != null) {
        return java.util.OptionalLong.of(seq);
      }
      if (closed.isDone()) {
        return java.util.OptionalLong.empty();
      }
      synchronized (this) {
        for (JsonNode m : all) {
          if ("error".equals(m.path("type").asText()) && commandId.equals(m.path("commandId").asText())) {
            return java.util.OptionalLong.empty();
          }
        }
      }
      sleep(10);
    }
    return java.util.OptionalLong.empty();
  }

  // ---------------------------------------------------------------------------------------- waiting

  public JsonNode awaitType(String type) {
    return await(m -> type.equals(m.path("type").asText()));
  }

  public JsonNode awaitError(String code) {
    return await(m -> "error".equals(m.path("type").asText()) && code.equals(m.path("code").asText()));
  }

  /** The next message (from now on, earlier ones are kept in the inbox too) that matches. */
  public JsonNode await(Predicate<JsonNode> match) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<JsonNode> skipped = new ArrayList<>();
    try {
      while (System.nanoTime() < deadline) {
        JsonNode next = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        if (match.test(next)) {
          for (int i = skipped.size() - 1; i >= 0; i--) {
            inbox.addFirst(skipped.get(i));
          }
          return next;
        }
        skipped.add(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail("no matching message within " + WAIT + "; got " + skipped);
    return null;
  }

  /** Waits until the replica has applied everything up to {@code seq}. */
  public void awaitSeq(long seq) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (lastSeq < seq && System.nanoTime() < deadline) {
      sleep(20);
    }
    assertTrue(lastSeq >= seq, "client " + participantId + " stuck at seq " + lastSeq + ", expected " + seq);
  }

  public short awaitClose() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      fail("connection not closed in time");
      return 0;
    }
  }

  public synchronized List<JsonNode> received() {
    return List.copyOf(all);
  }

  /** Who is online as this client knows it: its welcome's list with the presence changes since applied. */
  public synchronized java.util.SortedSet<String> online() {
    return new java.util.TreeSet<>(online);
  }

  /** Waits until this client knows {@code count} participants online; answers them. */
  public java.util.SortedSet<String> awaitOnline(int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (online().size() != count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " online, have " + online());
      }
      sleep(20);
    }
    return online();
  }

  // ---------------------------------------------------------------------------------------- the replica

  private void apply(JsonNode m) throws Exception {
    switch (m.path("type").asText()) {
      case "welcome" -> {
        participantId = m.path("participantId").asText();
        role = m.path("role").asText();
        if (m.hasNonNull("token")) {
          token = m.path("token").asText(); // a resume keeps the token it had
        }
        if (m.hasNonNull("state")) {
          replica = DomainJson.MAPPER.treeToValue(m.path("state"), RoomState.class);
          lastSeq = m.path("seq").asLong();
        }
        applyEvents(m.path("events"));
        online.clear();
        m.path("online").forEach(id -> online.add(id.asText()));
      }
      case "presence-changed" -> {
        m.path("offline").forEach(id -> online.remove(id.asText()));
        m.path("online").forEach(id -> online.add(id.asText()));
      }
      case "snapshot" -> {
        replica = DomainJson.MAPPER.treeToValue(m.path("state"), RoomState.class);
        lastSeq = m.path("seq").asLong();
      }
      case "events" -> applyEvents(m.path("events"));
      case "ack" -> acks.put(m.path("commandId").asText(), m.path("seq").asLong());
      default -> { }
    }
  }

  private void applyEvents(JsonNode events) throws Exception {
    for (JsonNode e : events) {
      long seq = e.path("seq").asLong();
      if (seq <= lastSeq) {
        continue;
      }
      if (seq != lastSeq + 1) {
        throw new IllegalStateException("gap: had " + lastSeq + ", got " + seq);
      }
      Room.evolve(replica, DomainJson.MAPPER.treeToValue(e.path("event"), Event.class));
      lastSeq = seq;
    }
  }

  public JsonNode replicaJson() {
    return DomainJson.MAPPER.valueToTree(replica);
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }

  static <T> T get(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package nl.werkplaats.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.cluster.PresenceChange;
import nl.werkplaats.cluster.RoomService;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.room.HistoryChain;
import nl.werkplaats.template.TemplateRegistry;

/**
 * The rooms this node has connections in. Events of a room reach every node over the clustered event bus
 * (address {@code room.<id>}, at most once); each node hands them to its own connections in seq order, fills
 * gaps from the room's log, and sends heartbeats with the room's latest seq. Presence is kept cluster-wide
 * in a volatile map and announced over the same address (the whole list, with its version); each node tells its
 * connections what changed. Who is typing where travels over the same address
 * too; each node keeps what it heard for {@link #TYPING_TTL_MS} (never stored, never in the room's history).
 * Each of a node's event loops has its own hub for the sockets it serves (each listening to the rooms of its
 * sockets), and uses it on that loop only.
 */
final class RoomHub {
  private static final Logger LOG = Logger.getLogger(RoomHub.class.getName());
  static final long HEARTBEAT_MS = 5_000;
  static final long GAP_WAIT_MS = 150;
  /** Events held per connection before its welcome or beyond a gap; more are fetched from the log instead. */
  static final int MAX_BUFFERED = 2000;

  private final Vertx vertx;
  private final RoomService rooms;
  private final TemplateRegistry templates;
  /** The participants' read-only summary links; null without a store. */
  private final SummaryReaders readers;
  private final Map<String, LocalRoom> local = new HashMap<>();
  private final long heartbeatTimer;
  private final long typingTimer;

  /** A typing notice holds this long without renewal (the web client renews it every second while typing). */
  static final long TYPING_TTL_MS = 3_000;
  /** Renewals of the same text from one connection closer together than this are dropped. */
  static final long TYPING_MIN_INTERVAL_MS = 400;
  /** At most this many people are listed as typing in one room (more are not announced). */
  static final int MAX_TYPING = 200;

  /** One connection typing in one text (or stopping). */
  record Typing(String connectionId, String participantId, int step, String key, Integer caret, boolean stop) {}

  private record Typist(Typing typing, long expiresNanos) {}

  private static final class LocalRoom {
    final Set<Connection> connections = new LinkedHashSet<>();
    MessageConsumer<String> consumer;
    /** Who is online as last heard (newest version), and as this node last told the room's connections. */
    List<String> online = List.of();
    List<String> onlineSent = List.of();
    long onlineVersion;
    boolean presenceScheduled;
    /** Who types where, by connection id, as heard over the event bus. */
    final Map<String, Typist> typing = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> typingSent = List.of();
    boolean typingScheduled;
  }

  /** Presence lists sent within this window are sent once, the newest: joining a plenary stays cheap. */
  static final long PRESENCE_COALESCE_MS = 100;

  /** What travels between nodes on a room's address; read-only once read (the node's hubs share it). */
  record Broadcast(String kind, List<SequencedEvent> events, List<String> online, long version, Typing typing) {}

  /**
   * Broadcasts as read from their JSON, shared by a node's hubs: every hub with sockets in a room gets each of
   * its messages, and reads it here once for the node instead of once per event loop. Keeps the last few.
   */
  static final class BroadcastReader {
    static final int KEPT = 128;
    private final Map<String, Broadcast> recent = new java.util.LinkedHashMap<>(KEPT * 2, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Broadcast> eldest) {
        return size() > KEPT;
      }
    };

    Broadcast read(String body) throws JsonProcessingException {
      synchronized (recent) {
        Broadcast known = recent.get(body);
        if (known != null) {
          return known;
        }
      }
      Broadcast b = DomainJson.MAPPER.readValue(body, Broadcast.class);
      synchronized (recent) {
        recent.put(body, b);
      }
      return b;
    }
  }

  private final BroadcastReader readBroadcasts;

  /**
   * {@code cleansPresence}: this hub clears a member's connections from presence when it leaves the cluster
   * (one hub per node does, on the oldest member).
   */
  RoomHub(Vertx vertx, RoomService rooms, TemplateRegistry templates, BroadcastReader readBroadcasts,
      boolean cleansPresence, SummaryReaders readers) {
    this.vertx = vertx;
    this.readers = readers;
    this.readBroadcasts = readBroadcasts;
    this.rooms = rooms;
    this.templates = templates;
    this.heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
    this.typingTimer = vertx.setPeriodic(TYPING_TTL_MS / 6, id -> expireTyping());
    // A room deleted anywhere in the cluster (by request or by retention): its sockets here close with 4004.
    vertx.eventBus().<String>consumer(RoomService.DELETED_ADDRESS, msg -> closeDeleted(msg.body()));
    if (cleansPresence) {
      io.vertx.core.Context context = vertx.getOrCreateContext();
      rooms.node().hazelcast().getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
        @Override
        public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {}

        @Override
        public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
          context.runOnContext(v -> dropMember(event.getMember().getUuid().toString()));
        }
      });
    }
  }

  /** Tells {@code metrics} the rooms with connections here, the events held for them, and the slow sockets. */
  void sample(nl.werkplaats.ops.NodeMetrics metrics) {
    long held = 0;
    int slow = 0;
    for (LocalRoom room : local.values()) {
      for (Connection c : room.connections) {
        held += c.parked.size() + c.early.size();
        if (slow(c)) {
          slow++;
        }
      }
    }
    metrics.fanOut(this, local.size(), held, slow);
  }

  /** A connection whose write queue is full; a socket closing meanwhile is not slow (and must not throw here). */
  private static boolean slow(Connection c) {
    try {
      return !c.closed && !c.ws.isClosed() && c.ws.writeQueueFull();
    } catch (IllegalStateException closing) {
      return false;
    }
  }

  /** Stops heartbeats and closes every connection with 1001, so that clients move to another node at once. */
  void stop() {
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(typingTimer);
    for (LocalRoom room : List.copyOf(local.values())) {
      for (Connection c : List.copyOf(room.connections)) {
        c.close(1001, "server shutting down");
      }
    }
  }

  /** Closes this node's sockets of a room that was deleted (4004: no such room); they do not reconnect. */
  private void closeDeleted(String roomId) {
    LocalRoom room = local.get(roomId);
    if (room == null) {
      return;
    }
    for (Connection c : List.copyOf(room.connections)) {
      c.close(4004, "the room was deleted");
    }
  }

  /** Starts listening to a connection's room (before it is welcomed, so that nothing slips between). */
  void attach(Connection c) {
    LocalRoom room = local.computeIfAbsent(c.roomId, id -> {
      LocalRoom r = new LocalRoom();
      r.consumer = vertx.eventBus().consumer(address(id), msg -> receive(id, msg.body()));
      return r;
    });
    room.connections.add(c);
  }

  void detach(Connection c) {
    LocalRoom room = local.get(c.roomId);
    if (room == null || !room.connections.remove(c)) {
      return;
    }
    if (room.connections.isEmpty()) {
      room.consumer.unregister();
      local.remove(c.roomId);
    }
    if (c.typingIn != null) {
      typing(c, 0, "", null, true);
    }
    if (c.welcomed && !c.projector) {
      rooms.presence(c.roomId, PresenceChange.disconnected(c.id))
          .onSuccess(online -> publishPresence(c.roomId, online))
          .onFailure(e -> LOG.log(Level.FINE, "presence update failed (member stopping?)", e));
    }
  }

  /**
   * After the welcome (which carried {@link #online}): hand over what arrived meanwhile, and say the
   * participant is here.
   */
  void welcomed(Connection c, long seq, String chain) {
    c.welcomed = true;
    c.lastSeq = seq;
    c.chain = chain;
    List<SequencedEvent> early = new ArrayList<>(c.early);
    c.early.clear();
    deliver(c, early);
    if (c.earlyOverflowed) {
      c.earlyOverflowed = false;
      catchUp(c);
    }
    LocalRoom room = local.get(c.roomId);
    if (!c.projector) { // a projector is nobody in the room: it is not "online"
      rooms.presence(c.roomId, PresenceChange.connected(c.id, c.participantId, rooms.node().memberUuid()))
          .onSuccess(online -> publishPresence(c.roomId, online))
          .onFailure(e -> LOG.log(Level.WARNING, "presence update failed", e));
    }
    if (room != null && !room.typingSent.isEmpty()) {
      c.send(Messages.of("typing", "typing", room.typingSent));
    }
  }

  /** A connection types in a text (or stopped): every node with people in the room hears it. */
  void typing(Connection c, int step, String key, Integer caret, boolean stop) {
    if (stop) {
      c.typingIn = null;
    }
    publish(c.roomId, new Broadcast("typing", null, null, 0,
        new Typing(c.id, c.participantId, step, key, caret, stop)));
  }

  void publishEvents(String roomId, List<SequencedEvent> events) {
    if (!events.isEmpty()) {
      publish(roomId, new Broadcast("events", events, null, 0, null));
    }
  }

  private void publishPresence(String roomId, PresenceChange.Online online) {
    publish(roomId, new Broadcast("presence", null, online.participantIds(), online.version(), null));
  }

  private void publish(String roomId, Broadcast b) {
    String body;
    try {
      body = DomainJson.MAPPER.writeValueAsString(b);
    } catch (JsonProcessingException e) {
      LOG.log(Level.SEVERE, "cannot publish to room", e);
      return;
    }
    try {
      vertx.eventBus().publish(address(roomId), body);
    } catch (RuntimeException e) {
      // The clustered event bus may throw while its connection to a member that just died closes
      // ("Promise already completed"). The command is stored and acknowledged; the other nodes' clients
      // notice the gap at the next event or heartbeat and catch up from the room (docs/operations.md).
      LOG.warning("room " + roomId + ": a " + b.kind() + " broadcast did not reach every member: " + e);
    }
  }

  private void receive(String roomId, String body) {
    LocalRoom room = local.get(roomId);
    if (room == null) {
      return;
    }
    Broadcast b;
    try {
      b = readBroadcasts.read(body);
    } catch (JsonProcessingException e) {
      LOG.log(Level.SEVERE, "unreadable broadcast", e);
      return;
    }
    if ("presence".equals(b.kind())) {
      if (b.version() <= room.onlineVersion) {
        return; // an older list, overtaken on the way
      }
      room.online = b.online();
      room.onlineVersion = b.version();
      if (!room.presenceScheduled) {
        room.presenceScheduled = true;
        vertx.setTimer(PRESENCE_COALESCE_MS, id -> {
          room.presenceScheduled = false;
          sendPresenceChange(room);
        });
      }
      return;
    }
    if ("typing".equals(b.kind())) {
      Typing t = b.typing();
      if (t == null) {
        return;
      }
      if (t.stop()) {
        room.typing.remove(t.connectionId());
      } else if (room.typing.size() < MAX_TYPING || room.typing.containsKey(t.connectionId())) {
        room.typing.put(t.connectionId(), new Typist(t, System.nanoTime() + TYPING_TTL_MS * 1_000_000L));
      }
      scheduleTyping(room);
      return;
    }
    // Most connections get exactly these events: their message is written to JSON once, not once per connection.
    byte[][] shared = new byte[1][];
    for (Connection c : List.copyOf(room.connections)) {
      deliver(c, b.events(), shared);
    }
  }

  /**
   * Tells the room's welcomed connections here who came online and who went offline since what they were told
   * (their welcome's list, then these changes): a few ids, not the whole list, on every change.
   */
  private static void sendPresenceChange(LocalRoom room) {
    Set<String> now = new LinkedHashSet<>(room.online);
    Set<String> before = new LinkedHashSet<>(room.onlineSent);
    List<String> cameOnline = now.stream().filter(id -> !before.contains(id)).toList();
    List<String> wentOffline = before.stream().filter(id -> !now.contains(id)).toList();
    room.onlineSent = room.online;
    if (cameOnline.isEmpty() && wentOffline.isEmpty()) {
      return;
    }
    byte[] msg = Connection.utf8(Messages.of("presence-changed", "online", cameOnline, "offline", wentOffline));
    room.connections.stream().filter(c -> c.welcomed).forEach(c -> c.sendShared(msg));
  }

  /**
   * Who is online in a connection's room as its welcome says: what this node told the room's other
   * connections so far, so that the changes they get next apply to it as well.
   */
  List<String> online(Connection c) {
    LocalRoom room = local.get(c.roomId);
    return room == null ? List.of() : room.onlineSent;
  }

  /** Who types where in a room now: one entry per person and text. */
  private static List<Map<String, Object>> typingList(LocalRoom room) {
    Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
    for (Typist t : room.typing.values()) {
      Typing ty = t.typing();
      Map<String, Object> entry = new java.util.LinkedHashMap<>();
      entry.put("participantId", ty.participantId());
      entry.put("step", ty.step());
      entry.put("key", ty.key());
      if (ty.caret() != null) {
        entry.put("caret", ty.caret());
      }
      out.putIfAbsent(ty.participantId() + " " + ty.step() + "/" + ty.key(), entry);
    }
    return new ArrayList<>(out.values());
  }

  /** Tells the room's connections on this node who types where, once per coalescing window, when it changed. */
  private void scheduleTyping(LocalRoom room) {
    if (room.typingScheduled) {
      return;
    }
    room.typingScheduled = true;
    vertx.setTimer(PRESENCE_COALESCE_MS, id -> {
      room.typingScheduled = false;
      List<Map<String, Object>> now = typingList(room);
      if (now.equals(room.typingSent)) {
        return;
      }
      room.typingSent = now;
      byte[] msg = Connection.utf8(Messages.of("typing", "typing", now));
      room.connections.stream().filter(c -> c.welcomed).forEach(c -> c.sendShared(msg));
    });
  }

  /** Forgets typing notices that were not renewed in time (their connection stopped typing, or its node died). */
  private void expireTyping() {
    long now = System.nanoTime();
    for (LocalRoom room : local.values()) {
      if (!room.typing.isEmpty() && room.typing.values().removeIf(t -> now - t.expiresNanos() >= 0)) {
        scheduleTyping(room);
      }
    }
  }

  /** Sends a connection the events it has not had yet, in order, redacted for it. */
  void deliver(Connection c, List<SequencedEvent> events) {
    deliver(c, events, null);
  }

  /**
   * The same; {@code shared} (when not null) holds the JSON of the events message for connections that get
   * {@code events} exactly as they are (same seqs, nothing redacted), made by the first one that needs it.
   */
  private void deliver(Connection c, List<SequencedEvent> events, byte[][] shared) {
    if (c.closed) {
      return;
    }
    if (!c.welcomed) {
      if (c.early.size() + events.size() > MAX_BUFFERED) {
        c.early.clear(); // bounded: the welcome's catch-up fetches them from the room's log instead
        c.earlyOverflowed = true;
      } else {
        c.early.addAll(events);
      }
      return;
    }
    for (SequencedEvent e : events) {
      if (e.seq() > c.lastSeq) {
        c.parked.put(e.seq(), e.withEvent(Room.redactFor(e.event(), c.participantId, c.seesNames)));
      }
    }
    if (c.parked.size() > MAX_BUFFERED && c.parked.firstKey() != c.lastSeq + 1) {
      // Bounded: far behind a gap, drop what waits and fetch the run from the room's log instead.
      c.parked.clear();
      catchUp(c);
      return;
    }
    List<SequencedEvent> ready = new ArrayList<>();
    boolean removed = false;
    boolean revoked = false;
    boolean ended = false;
    while (!c.parked.isEmpty() && c.parked.firstKey() == c.lastSeq + 1) {
      SequencedEvent e = c.parked.pollFirstEntry().getValue();
      if (!continues(c.chain, e)) {
        // This event does not follow the history the client holds: the client applied an event at an earlier
        // seq that the room does not have (two sides of a network partition). Send what is ready, then the
        // whole room.
        send(c, ready, events, shared);
        forked(c);
        return;
      }
      c.lastSeq++;
      c.chain = e.chain() != null ? e.chain() : null;
      ready.add(e);
      removed |= sideEffects(c, e.event());
      revoked |= c.projector && e.event() instanceof Event.ProjectorLinkRenewed;
      ended |= e.event() instanceof Event.FlowChanged f && f.status() == nl.werkplaats.room.RoomStatus.ENDED;
    }
    send(c, ready, events, shared);
    if (ended && !c.projector && readers != null) {
      // The session ended: everyone in it gets the link to its frozen summary (docs/protocol.md, "results").
      c.send(Messages.of("results", "roomId", c.roomId, "token", readers.token(c.roomId)));
    }
    if (removed) {
      c.close(4003, "removed from the room");
      return;
    }
    if (revoked) {
      c.close(4001, "the projector link was renewed; open the new one");
      return;
    }
    if (!c.parked.isEmpty() && !c.catchUpScheduled) {
      c.catchUpScheduled = true;
      vertx.setTimer(GAP_WAIT_MS, id -> {
        c.catchUpScheduled = false;
        if (!c.parked.isEmpty()) {
          catchUp(c);
        }
      });
    }
  }

  private static void send(Connection c, List<SequencedEvent> ready, List<SequencedEvent> events, byte[][] shared) {
    if (ready.isEmpty()) {
      return;
    }
    if (shared != null && same(ready, events)) {
      if (shared[0] == null) {
        shared[0] = Connection.utf8(Messages.events(ready));
      }
      c.sendShared(shared[0]);
    } else {
      c.send(Messages.events(ready));
    }
  }

  /** Whether {@code e} follows a history whose hash is {@code chain} (unknown hashes follow anything). */
  private static boolean continues(String chain, SequencedEvent e) {
    return chain == null || e.id() == null || e.chain() == null || HistoryChain.next(chain, e.id()).equals(e.chain());
  }

  /**
   * The client holds a history the room does not have: it gets the whole room (the client keeps what its
   * person typed and has not sent; see docs/protocol.md, "Healing a forked history").
   */
  private void forked(Connection c) {
    LOG.log(Level.INFO, "a client in room " + c.roomId + " holds a history the room does not have; sending it the room");
    c.parked.clear();
    c.lastSeq = 0;
    c.chain = null;
    resend(c);
  }

  /** The same seqs with the very same (so not redacted) events. */
  private static boolean same(List<SequencedEvent> ready, List<SequencedEvent> events) {
    if (ready.size() != events.size()) {
      return false;
    }
    for (int i = 0; i < ready.size(); i++) {
      if (ready.get(i).seq() != events.get(i).seq() || ready.get(i).event() != events.get(i).event()) {
        return false;
      }
    }
    return true;
  }

  /** Role changes and removals of this connection's participant; answers whether it was removed. */
  private boolean sideEffects(Connection c, Event e) {
    if (e instanceof Event.ParticipantRoleChanged rc && rc.participantId().equals(c.participantId)) {
      boolean notesBefore = c.role.runsFlow() || c.selfGuided;
      c.role = rc.role();
      if (notesBefore != (c.role.runsFlow() || c.selfGuided)) {
        templates.find(c.templateId, c.templateVersion).ifPresent(t ->
            c.send(Messages.of("template", "template", c.role.runsFlow() || c.selfGuided ? t.json() : t.forParticipants())));
        refresh(c);
      }
    }
    return e instanceof Event.ParticipantRemoved pr && pr.participantId().equals(c.participantId);
  }

  /**
   * Sends a connection the whole room again after its role changed: in an anonymous room a new
   * co-facilitator starts to see names (and a demoted one stops).
   */
  private void refresh(Connection c) {
    rooms.read(c.roomId, c.participantId, nl.werkplaats.cluster.ReadRoom.Credential.NONE, null, 0)
        .onSuccess(reading -> {
          if (c.closed || !"ok".equals(reading.status()) || reading.seesNames() == c.seesNames) {
            return;
          }
          c.seesNames = reading.seesNames();
          snapshot(c, reading);
        })
        .onFailure(e -> LOG.log(Level.WARNING, "could not refresh a connection after a role change", e));
  }

  /** Fetches what a connection missed from the room's log (or the whole room, when the log is too short). */
  void catchUp(Connection c) {
    if (c.catchingUp || c.closed) {
      return;
    }
    c.catchingUp = true;
    long from = c.lastSeq;
    readFor(c, from, c.chain)
        .onComplete(ar -> {
          c.catchingUp = false;
          if (ar.failed() || c.closed || !"ok".equals(ar.result().status())) {
            if (ar.failed()) {
              LOG.log(Level.WARNING, "catch-up failed", ar.cause());
            } else {
              revokedProjector(c, ar.result());
            }
            return;
          }
          var reading = ar.result();
          if (reading.state() != null) {
            if (reading.seq() > c.lastSeq) {
              snapshot(c, reading);
            } else {
              deliver(c, List.of());
            }
          } else {
            // Already redacted for this participant: redacting again changes nothing.
            deliver(c, reading.events());
          }
        });
  }

  /** Sends a connection the whole room as it may see it, and what arrived beyond it. */
  private void resend(Connection c) {
    readFor(c, 0, null)
        .onSuccess(reading -> {
          if (!c.closed && "ok".equals(reading.status())) {
            snapshot(c, reading);
          } else {
            revokedProjector(c, reading);
          }
        })
        .onFailure(e -> LOG.log(Level.INFO, "could not send a room again: " + e));
  }

  /**
   * The room as a connection may read it from {@code from} on: a participant by their id, a projector with its
   * link's token (so that a projector whose link was renewed meanwhile is not sent the room again).
   */
  private Future<nl.werkplaats.cluster.ReadRoom.Reading> readFor(Connection c, long from, String chain) {
    return c.projector
        ? rooms.read(c.roomId, null, nl.werkplaats.cluster.ReadRoom.Credential.PROJECTOR_TOKEN, c.projectorTokenHash,
            from, chain)
        : rooms.read(c.roomId, c.participantId, nl.werkplaats.cluster.ReadRoom.Credential.NONE, null, from, chain);
  }

  private static void revokedProjector(Connection c, nl.werkplaats.cluster.ReadRoom.Reading reading) {
    if (c.projector && "unauthorized".equals(reading.status())) {
      c.close(4001, "the projector link was renewed; open the new one");
    }
  }

  private void snapshot(Connection c, nl.werkplaats.cluster.ReadRoom.Reading reading) {
    c.lastSeq = reading.seq();
    c.chain = reading.chain();
    c.parked.headMap(c.lastSeq, true).clear();
    c.send(Messages.of("snapshot", "seq", reading.seq(), "chain", reading.chain(), "state", reading.state()));
    deliver(c, List.of());
  }

  private void heartbeat() {
    if (local.isEmpty()) {
      return;
    }
    rooms.latestSeqs(Set.copyOf(local.keySet())).onSuccess(latest -> {
      long now = rooms.node().clock().millis();
      latest.forEach((roomId, clock) -> {
        LocalRoom room = local.get(roomId);
        long seq = clock.seq();
        if (room == null || seq < 0) {
          return;
        }
        byte[] beat = Connection.utf8(Messages.of("heartbeat", "seq", seq, "chain", clock.chain(), "serverTime", now));
        for (Connection c : List.copyOf(room.connections)) {
          if (c.welcomed) {
            if (c.lastSeq < seq) {
              catchUp(c);
            } else if (c.lastSeq == seq && c.chain != null && clock.chain() != null && !c.chain.equals(clock.chain())) {
              // The client holds another history at the room's seq. (A client ahead of this reading is no
              // sign: events can reach it while the reading travels; a next event tells a fork.)
              forked(c);
            }
            c.sendShared(beat);
          }
        }
      });
    }).onFailure(e -> LOG.log(Level.WARNING, "heartbeat read failed", e));
  }

  /** A member left the cluster: the oldest member clears its connections from presence. */
  private void dropMember(String memberUuid) {
    if (!rooms.node().oldest()) {
      return;
    }
    rooms.dropMember(memberUuid)
        .onSuccess(changed -> changed.forEach((roomId, online) -> {
          if (online != null) {
            publishPresence(roomId, online);
          }
        }))
        .onFailure(e -> LOG.log(Level.WARNING, "presence clean-up failed", e));
  }

  private static String address(String roomId) {
    return "room." + roomId;
  }
}

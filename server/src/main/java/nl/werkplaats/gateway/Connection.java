package nl.werkplaats.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.SequencedEvent;

/**
 * One browser's WebSocket, after its handshake bound to one participant in one room. Keeps the last seq it
 * sent, so that every client gets each event once and in order; events that arrive beyond a gap wait
 * ("parked") until the gap is filled from the room's log. Used on its node's event loop only.
 */
final class Connection {
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  final String id = Secrets.id("c");
  final ServerWebSocket ws;
  final TokenBucket bucket;
  /** The client's address (see {@link AddressLimits#clientAddress}). */
  final String address;
  /** The frames of a message still arriving (null: none yet or a single frame), text or binary, and bytes so far. */
  io.vertx.core.buffer.Buffer partial;
  boolean partialBinary;
  long partialBytes;
  int refused;
  boolean handshaking;
  boolean welcomed;
  boolean closed;
  /** Commands received on this connection so far (a command's request id is id.commands). */
  int commands;
  /** Commands sent on this connection that the cluster has not answered yet. */
  int inFlight;
  /** Told to move to another node (the node drains): closes with 1001 once inFlight is 0. */
  boolean moving;
  String roomId;
  /** Null for a projector, which is nobody in the room. */
  String participantId;
  /** Null for a projector. */
  Role role;
  /** Opened with the projector link: reads the room, never changes it. */
  boolean projector;
  /** A projector's credential: the hash of its link's token. */
  String projectorTokenHash;
  /** The participant's organisation (they type only in their own organisation's answer). */
  String organisation;
  /** The text this connection last said it types in ("step/key"), or null; and when (System.nanoTime). */
  String typingIn;
  long typingAtNanos;
  /** In a self-guided room everyone gets the facilitator's notes with the template: the group guides itself. */
  boolean selfGuided;
  /** False for participants of an anonymous room: they get others without names. */
  boolean seesNames = true;
  String templateId;
  int templateVersion;
  long lastSeq;
  /** The room's history hash at lastSeq as this client has it (null: not known, e.g. after a rewind). */
  String chain;
  final TreeMap<Long, SequencedEvent> parked = new TreeMap<>();
  final List<SequencedEvent> early = new ArrayList<>();
  boolean earlyOverflowed;
  boolean catchUpScheduled;
  boolean catchingUp;

  Connection(ServerWebSocket ws, String address, long nowNanos) {
    this.ws = ws;
    this.address = address;
    this.bucket = new TokenBucket(20, 40, nowNanos);
  }

  void send(Object message) {
    String json = json(message);
    if (json != null) {
      sendText(json);
    }
  }

  /** A message as clients receive it (no internal fields), or null when it cannot be written. */
  static String json(Object message) {
    try {
      return DomainJson.PUBLIC.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      LOG.log(Level.SEVERE, "cannot write a message", e);
      return null;
    }
  }

  void sendText(String json) {
    if (!closed && !ws.isClosed()) {
      ws.writeTextMessage(json);
    }
  }

  /** Messages up to this size go out as one shared frame; larger ones are split by the transport as usual. */
  static final int SHARED_FRAME_BYTES = 64 * 1024;

  /**
   * A message as clients receive it, in UTF-8, written once for every connection that gets it (see
   * {@link #sendShared}); null when it cannot be written.
   */
  static byte[] utf8(Object message) {
    try {
      return DomainJson.PUBLIC.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      LOG.log(Level.SEVERE, "cannot write a message", e);
      return null;
    }
  }

  /**
   * Sends a message written once for many connections ({@link #utf8}): every connection's frame wraps the same
   * bytes, so nothing is encoded or copied per connection. (Vert.x's public API makes a text frame from a
   * String only, which it encodes again for every socket; its frame class takes the bytes as they are.)
   */
  void sendShared(byte[] utf8) {
    if (utf8 == null || closed || ws.isClosed()) {
      return;
    }
    if (utf8.length <= SHARED_FRAME_BYTES) {
      ws.writeFrame(new io.vertx.core.http.impl.ws.WebSocketFrameImpl(
          io.vertx.core.http.WebSocketFrameType.TEXT, utf8, true));
    } else {
      ws.writeTextMessage(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  void close(int code, String reason) {
    if (!closed) {
      closed = true;
      ws.close((short) code, reason);
    }
  }
}

package nl.werkplaats.room;

import java.nio.charset.StandardCharsets;

/**
 * A room's history as a running hash: every event gets an id from the command that made it and its seq, and
 * the chain after an event is the hash of the chain before it and that id. Two copies of a room with the same
 * seq and chain hold the same history; a client that applied an event the room no longer has (two sides of a
 * network partition gave one seq to two commands) holds another chain for ever after, and is given the whole
 * room again (docs/operations.md, "Healing clients").
 */
public final class HistoryChain {
  /** The chain of a room before its first event. */
  public static final String ORIGIN = "0000000000000000";

  private HistoryChain() {}

  /** The id of the event at {@code seq}, made by the command {@code commandKey}. */
  public static String eventId(String commandKey, long seq) {
    return fnv64(commandKey + "#" + seq);
  }

  /** The chain after an event with id {@code eventId}, when the chain before it was {@code before}. */
  public static String next(String before, String eventId) {
    return fnv64((before == null ? ORIGIN : before) + ":" + eventId);
  }

  /** FNV-1a, 64 bits, over UTF-8 bytes, as 16 hex digits. Not a cryptographic hash: it tells histories apart. */
  static String fnv64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    String hex = Long.toHexString(h);
    return "0".repeat(16 - hex.length()) + hex;
  }
}

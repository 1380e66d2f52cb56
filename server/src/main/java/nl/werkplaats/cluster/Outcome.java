package nl.werkplaats.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.ErrorCode;
import nl.werkplaats.room.SequencedEvent;

/**
 * What applying one command to a room came to. Hazelcast serializes an entry processor's result even for the
 * member that asked when it owns the room: it is written to JSON once and read once ({@link JsonSerializer}).
 */
public record Outcome(Kind kind, long seq, List<SequencedEvent> events, ErrorCode code, String message) {
  public enum Kind { APPLIED, DUPLICATE, REJECTED, NO_ROOM }

  static Outcome applied(long seq, List<SequencedEvent> events) {
    return new Outcome(Kind.APPLIED, seq, events, null, null);
  }

  static Outcome duplicate(long seq) {
    return new Outcome(Kind.DUPLICATE, seq, List.of(), null, null);
  }

  static Outcome rejected(ErrorCode code, String message) {
    return new Outcome(Kind.REJECTED, 0, List.of(), code, message);
  }

  /** Not applied for now (the store or the room's owner cannot take it); the client sends it again. */
  static Outcome unavailable(String message) {
    return new Outcome(Kind.REJECTED, 0, List.of(), ErrorCode.UNAVAILABLE, message);
  }

  static Outcome noRoom() {
    return new Outcome(Kind.NO_ROOM, 0, List.of(), ErrorCode.ROOM_NOT_FOUND, "no such room");
  }

  public static Outcome parse(String json) {
    try {
      return DomainJson.MAPPER.readValue(json, Outcome.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable outcome", e);
    }
  }

  static String json(Object value) {
    try {
      return DomainJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}

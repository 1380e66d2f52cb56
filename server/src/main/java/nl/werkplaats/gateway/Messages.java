package nl.werkplaats.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.ErrorCode;
import nl.werkplaats.room.SequencedEvent;

/** The server's messages on the wire (docs/protocol.md, src/protocol/server-message.schema.json). */
final class Messages {
  static final int PROTOCOL = 1;

  private Messages() {}

  static Map<String, Object> of(String type, Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  static Map<String, Object> error(ErrorCode code, String message, String commandId) {
    return of("error", "code", code, "message", message, "commandId", commandId);
  }

  static Map<String, Object> events(List<SequencedEvent> events) {
    return of("events", "events", events);
  }

  static Map<String, Object> ack(String commandId, long seq, boolean duplicate) {
    return duplicate ? of("ack", "commandId", commandId, "seq", seq, "duplicate", true) : of("ack", "commandId", commandId, "seq", seq);
  }
}

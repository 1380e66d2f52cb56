package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who is connected to a room, across the cluster: connection id -> "participantId member-uuid". Volatile
 * (never stored). Every change raises the room's presence version, so that nodes receiving lists out of
 * order keep the newest. Answers the participants online after the change.
 */
public final class PresenceChange implements EntryProcessor<String, HashMap<String, String>, PresenceChange.Online>,
    Serializable {
  private static final long serialVersionUID = 2L;
  private static final String VERSION = "#version";

  private final String connectionId;
  private final String participantId;
  private final String memberUuid;
  private final boolean connected;

  /** The participants online in a room, as of presence version {@code version}. */
  public record Online(long version, ArrayList<String> participantIds) implements Serializable {}

  private PresenceChange(String connectionId, String participantId, String memberUuid, boolean connected) {
    this.connectionId = connectionId;
    this.participantId = participantId;
    this.memberUuid = memberUuid;
    this.connected = connected;
  }

  public static PresenceChange connected(String connectionId, String participantId, String memberUuid) {
    return new PresenceChange(connectionId, participantId, memberUuid, true);
  }

  public static PresenceChange disconnected(String connectionId) {
    return new PresenceChange(connectionId, null, null, false);
  }

  /** Drops every connection held by a member that left the cluster; answers null for rooms it did not touch. */
  public static final class DropMember implements EntryProcessor<String, HashMap<String, String>, Online>, Serializable {
    private static final long serialVersionUID = 2L;
    private final String memberUuid;

    public DropMember(String memberUuid) {
      this.memberUuid = memberUuid;
    }

    @Override
    public Online process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> connections = entry.getValue();
      if (connections == null || !connections.values().removeIf(v -> v.endsWith(" " + memberUuid))) {
        return null;
      }
      return store(entry, connections);
    }
  }

  @Override
  public Online process(Map.Entry<String, HashMap<String, String>> entry) {
    HashMap<String, String> connections = entry.getValue() == null ? new HashMap<>() : entry.getValue();
    if (connected) {
      connections.put(connectionId, participantId + " " + memberUuid);
    } else {
      connections.remove(connectionId);
    }
    return store(entry, connections);
  }

  /** Raises the version and keeps the entry (even without connections, so that versions never go back). */
  private static Online store(Map.Entry<String, HashMap<String, String>> entry, HashMap<String, String> connections) {
    long version = Long.parseLong(connections.getOrDefault(VERSION, "0")) + 1;
    connections.put(VERSION, String.valueOf(version));
    entry.setValue(connections);
    return new Online(version, new ArrayList<>(participants(connections)));
  }

  /** The participants of a room's presence entry (connection id -> "participantId member-uuid"); null: nobody. */
  public static TreeSet<String> participants(Map<String, String> connections) {
    TreeSet<String> ids = new TreeSet<>();
    if (connections != null) {
      connections.forEach((key, v) -> {
        if (!VERSION.equals(key)) {
          ids.add(v.substring(0, v.indexOf(' ')));
        }
      });
    }
    return ids;
  }
}

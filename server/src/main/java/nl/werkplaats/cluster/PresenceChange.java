package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who is connected to a room, across the cluster: connection id -> "participantId member-uuid". Volatile
 * (never stored). Answers the participants online after the change.
 */
public final class PresenceChange implements EntryProcessor<String, HashMap<String, String>, ArrayList<String>>,
    Serializable {
  private static final long serialVersionUID = 1L;

  private final String connectionId;
  private final String participantId;
  private final String memberUuid;
  private final boolean connected;

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
  public static final class DropMember
      implements EntryProcessor<String, HashMap<String, String>, ArrayList<String>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String memberUuid;

    public DropMember(String memberUuid) {
      this.memberUuid = memberUuid;
    }

    @Override
    public ArrayList<String> process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> connections = entry.getValue();
      if (connections == null || !connections.values().removeIf(v -> v.endsWith(" " + memberUuid))) {
        return null;
      }
      store(entry, connections);
      return online(connections);
    }
  }

  @Override
  public ArrayList<String> process(Map.Entry<String, HashMap<String, String>> entry) {
    HashMap<String, String> connections = entry.getValue() == null ? new HashMap<>() : entry.getValue();
    if (connected) {
      connections.put(connectionId, participantId + " " + memberUuid);
    } else {
      connections.remove(connectionId);
    }
    store(entry, connections);
    return online(connections);
  }

  private static void store(Map.Entry<String, HashMap<String, String>> entry, HashMap<String, String> connections) {
    entry.setValue(connections.isEmpty() ? null : connections);
  }

  static ArrayList<String> online(Map<String, String> connections) {
    TreeSet<String> ids = new TreeSet<>();
    for (String v : connections.values()) {
      ids.add(v.substring(0, v.indexOf(' ')));
    }
    return new ArrayList<>(ids);
  }
}

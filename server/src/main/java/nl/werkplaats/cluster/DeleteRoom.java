package nl.werkplaats.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.store.Store;

/**
 * Deletes a room on its partition owner, in one operation: the store deletes it and leaves a tombstone, then
 * the record leaves the map (and its backup). Commands for the room run on the same partition thread, so none
 * runs between the two; a command after it finds no room (the tombstone keeps the map's load from finding it
 * again), and a stale owner elsewhere is refused by the store. Answers the audit line as JSON, or null when
 * there was nothing to delete.
 */
public final class DeleteRoom implements EntryProcessor<String, RoomRecord, String>, HazelcastInstanceAware,
    Serializable {
  private static final long serialVersionUID = 1L;
  private final String reason;
  private final String byRole;
  private final boolean backup;
  private transient HazelcastInstance hazelcast;

  public DeleteRoom(String reason, String byRole) {
    this(reason, byRole, false);
  }

  private DeleteRoom(String reason, String byRole, boolean backup) {
    this.reason = reason;
    this.byRole = byRole;
    this.backup = backup;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public String process(Map.Entry<String, RoomRecord> entry) {
    String receipt = null;
    if (!backup) {
      Store store = RoomOwner.of(hazelcast).store();
      if (store != null) {
        receipt = store.deleteRoom(entry.getKey(), reason, byRole).map(Outcome::json).orElse(null);
      } else if (entry.getValue() != null) {
        receipt = Outcome.json(new Store.Deletion(entry.getKey(), "room (in memory only)", reason, byRole,
            System.currentTimeMillis()));
      }
    }
    if (entry.getValue() != null) {
      entry.setValue(null);
    }
    return receipt;
  }

  @Override
  public EntryProcessor<String, RoomRecord, String> getBackupProcessor() {
    return new DeleteRoom(reason, byRole, true);
  }
}

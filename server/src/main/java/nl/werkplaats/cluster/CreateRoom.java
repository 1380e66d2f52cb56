package nl.werkplaats.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.room.DomainJson;

/**
 * Puts a new room in place unless its id is taken; answers whether it did. The owner stores the room first,
 * taken under the first ownership epoch; the backup replica only puts the record in place.
 */
public final class CreateRoom implements EntryProcessor<String, RoomRecord, Boolean>, HazelcastInstanceAware,
    Serializable {
  private static final long serialVersionUID = 2L;
  private final String recordJson;
  private final boolean backup;
  private transient HazelcastInstance hazelcast;
  private transient String createdJson;

  public CreateRoom(RoomRecord record) {
    this(Outcome.json(record), false);
  }

  private CreateRoom(String recordJson, boolean backup) {
    this.recordJson = recordJson;
    this.backup = backup;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public Boolean process(Map.Entry<String, RoomRecord> entry) {
    if (entry.getValue() != null && !backup) {
      return false;
    }
    RoomRecord record;
    try {
      record = DomainJson.MAPPER.readValue(recordJson, RoomRecord.class);
    } catch (Exception e) {
      throw new IllegalStateException("room record could not be read back", e);
    }
    if (!backup) {
      RoomOwner owner = RoomOwner.of(hazelcast);
      record.epoch = 1;
      record.claimedBy = owner.member();
      owner.save(record);
      createdJson = Outcome.json(record);
    }
    entry.setValue(record);
    return true;
  }

  @Override
  public EntryProcessor<String, RoomRecord, Boolean> getBackupProcessor() {
    return createdJson == null ? null : new CreateRoom(createdJson, true);
  }
}

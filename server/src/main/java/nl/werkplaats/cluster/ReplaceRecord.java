package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.room.DomainJson;

/** On a backup replica: the owner's record whole, after the owner read the room back from the store. */
final class ReplaceRecord<R> implements EntryProcessor<String, RoomRecord, R>, Serializable {
  private static final long serialVersionUID = 1L;
  private final String recordJson;

  ReplaceRecord(RoomRecord record) {
    this.recordJson = Outcome.json(record);
  }

  @Override
  public R process(Map.Entry<String, RoomRecord> entry) {
    try {
      entry.setValue(DomainJson.MAPPER.readValue(recordJson, RoomRecord.class));
    } catch (Exception e) {
      throw new IllegalStateException("room record could not be read back", e);
    }
    return null;
  }

  @Override
  public EntryProcessor<String, RoomRecord, R> getBackupProcessor() {
    return null;
  }

  /** The same, typed as the backup of a processor with another result type. */
  @SuppressWarnings("unchecked")
  <T> ReplaceRecord<T> asBackupOf() {
    return (ReplaceRecord<T>) this;
  }
}

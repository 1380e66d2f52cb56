package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.room.DomainJson;

/**
 * On a backup replica: the owner's record whole, after the owner read the room back from the store, or no
 * record (null) when the store no longer has the room. Answers nothing ({@code R}: whatever the owner's
 * operation answers).
 */
final class ReplaceRecord<R> implements EntryProcessor<String, RoomRecord, R>, Serializable {
  private static final long serialVersionUID = 2L;
  private final String recordJson;

  ReplaceRecord(RoomRecord record) {
    this.recordJson = record == null ? null : Outcome.json(record);
  }

  @Override
  public R process(Map.Entry<String, RoomRecord> entry) {
    if (recordJson == null) {
      if (entry.getValue() != null) {
        entry.setValue(null);
      }
      return null;
    }
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
}

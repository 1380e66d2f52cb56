package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.room.DomainJson;

/** On a backup replica: the owner's record whole, after the owner read the room back from the store. */
final class ReplaceRecord implements EntryProcessor<String, RoomRecord, String>, Serializable {
  private static final long serialVersionUID = 1L;
  private final String recordJson;

  ReplaceRecord(RoomRecord record) {
    this.recordJson = Outcome.json(record);
  }

  @Override
  public String process(Map.Entry<String, RoomRecord> entry) {
    try {
      entry.setValue(DomainJson.MAPPER.readValue(recordJson, RoomRecord.class));
    } catch (Exception e) {
      throw new IllegalStateException("room record could not be read back", e);
    }
    return null;
  }

  @Override
  public EntryProcessor<String, RoomRecord, String> getBackupProcessor() {
    return null;
  }
}

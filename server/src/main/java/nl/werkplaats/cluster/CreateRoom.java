package nl.werkplaats.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;
import nl.werkplaats.room.DomainJson;

/** Puts a new room in place unless its id is taken; answers whether it did. */
public final class CreateRoom implements EntryProcessor<String, RoomRecord, Boolean>, Serializable {
  private static final long serialVersionUID = 1L;
  private final String recordJson;

  public CreateRoom(RoomRecord record) {
    this.recordJson = Outcome.json(record);
  }

  @Override
  public Boolean process(Map.Entry<String, RoomRecord> entry) {
    if (entry.getValue() != null) {
      return false;
    }
    try {
      entry.setValue(DomainJson.MAPPER.readValue(recordJson, RoomRecord.class));
    } catch (Exception e) {
      throw new IllegalStateException("room record could not be read back", e);
    }
    return true;
  }
}

package nl.werkplaats.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import nl.werkplaats.room.DomainJson;

/**
 * Values Hazelcast serializes, as JSON: room records (backups, migrations; the map keeps them as objects) and
 * the outcomes of commands (an entry processor's result is serialized even on the member that asked).
 */
final class JsonSerializer<T> implements StreamSerializer<T> {
  static final JsonSerializer<RoomRecord> ROOM_RECORDS = new JsonSerializer<>(RoomRecord.class, 7301);
  static final JsonSerializer<Outcome> OUTCOMES = new JsonSerializer<>(Outcome.class, 7302);

  private final Class<T> type;
  private final int typeId;

  private JsonSerializer(Class<T> type, int typeId) {
    this.type = type;
    this.typeId = typeId;
  }

  Class<T> type() {
    return type;
  }

  @Override
  public void write(ObjectDataOutput out, T value) throws IOException {
    out.writeByteArray(DomainJson.MAPPER.writeValueAsBytes(value));
  }

  @Override
  public T read(ObjectDataInput in) throws IOException {
    return DomainJson.MAPPER.readValue(in.readByteArray(), type);
  }

  @Override
  public int getTypeId() {
    return typeId;
  }
}

package nl.werkplaats.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import nl.werkplaats.room.DomainJson;

/** Room records travel between members (backups, migrations) as JSON. */
public final class RoomRecordSerializer implements StreamSerializer<RoomRecord> {
  @Override
  public void write(ObjectDataOutput out, RoomRecord record) throws IOException {
    out.writeByteArray(DomainJson.MAPPER.writeValueAsBytes(record));
  }

  @Override
  public RoomRecord read(ObjectDataInput in) throws IOException {
    return DomainJson.MAPPER.readValue(in.readByteArray(), RoomRecord.class);
  }

  @Override
  public int getTypeId() {
    return 7301;
  }

  /**
   * A command's outcome, when it goes back to a member that is not the room's owner, as JSON; on the owner
   * it is handed over as it is.
   */
  public static final class OutcomeSerializer implements StreamSerializer<Outcome> {
    @Override
    public void write(ObjectDataOutput out, Outcome outcome) throws IOException {
      out.writeByteArray(DomainJson.MAPPER.writeValueAsBytes(outcome));
    }

    @Override
    public Outcome read(ObjectDataInput in) throws IOException {
      return DomainJson.MAPPER.readValue(in.readByteArray(), Outcome.class);
    }

    @Override
    public int getTypeId() {
      return 7302;
    }
  }
}

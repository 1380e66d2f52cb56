package nl.werkplaats.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/**
 * The room's clock and history hash, for heartbeats. It runs on the room's owner every few seconds while
 * anyone is connected, and so it is also where a new owner (a promoted backup) takes the room and reads it
 * back from the store when no command did so yet: clients are not told a clock older than the store's.
 */
public final class LatestSeq implements EntryProcessor<String, RoomRecord, LatestSeq.Clock>, HazelcastInstanceAware,
    Serializable {
  private static final long serialVersionUID = 3L;
  private transient HazelcastInstance hazelcast;

  /** The room's latest seq (-1: no such room) and its history hash there. */
  public record Clock(long seq, String chain) implements Serializable {}

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public Clock process(Map.Entry<String, RoomRecord> entry) {
    RoomRecord record = entry.getValue();
    if (record != null && hazelcast != null) {
      RoomOwner owner = RoomOwner.of(hazelcast);
      if (!owner.holds(record)) {
        record = owner.readBack(entry);
      }
    }
    return record == null ? new Clock(-1, null) : new Clock(record.state.seq, record.chain);
  }

  /**
   * No backup: one instance serves many rooms (submitToKeys). A backup replica that still holds the copy
   * from before the read-back is only a cache: whoever owns the room next takes it from the store again.
   */
  @Override
  public EntryProcessor<String, RoomRecord, Clock> getBackupProcessor() {
    return null;
  }
}

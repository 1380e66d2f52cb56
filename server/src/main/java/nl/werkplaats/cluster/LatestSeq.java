package nl.werkplaats.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/** The room's clock, for heartbeats. */
public final class LatestSeq implements EntryProcessor<String, RoomRecord, Long>, ReadOnly, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, RoomRecord> entry) {
    RoomRecord record = entry.getValue();
    return record == null ? -1L : record.state.seq;
  }
}

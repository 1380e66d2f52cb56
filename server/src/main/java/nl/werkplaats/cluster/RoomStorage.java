package nl.werkplaats.cluster;

import java.util.Optional;
import nl.werkplaats.store.RoomChange;
import nl.werkplaats.store.Store;
import nl.werkplaats.store.StoredRoom;

/**
 * The cluster's side of the store: a room record's last change as the store appends it ({@link RoomChange}),
 * and a stored room as a record ({@link StoredRoom}). The store knows rooms, events and command keys, not
 * the cluster's records.
 */
public final class RoomStorage {
  private final Store store;

  public RoomStorage(Store store) {
    this.store = store;
  }

  /** Appends {@code record}'s last change (see {@link Store#saveRoom}); keeps its newest snapshot's seq current. */
  public void save(RoomRecord record) {
    long snapshot = store.saveRoom(new RoomChange(record.state.roomId, record.epoch, record.lastCommandKey,
        record.lastBatch, record.state, record.chain, record.snapshotSeq));
    if (snapshot >= 0) {
      record.snapshotSeq = snapshot;
    }
  }

  /** The room as last saved (see {@link Store#loadRoom}). */
  public Optional<RoomRecord> load(String roomId) {
    return store.loadRoom(roomId).map(stored -> record(stored, null));
  }

  /** Takes the room for {@code member} under a new ownership epoch (see {@link Store#claimRoom}). */
  public Optional<RoomRecord> claim(String roomId, String member) {
    return store.claimRoom(roomId, member).map(stored -> record(stored, member));
  }

  private static RoomRecord record(StoredRoom stored, String member) {
    RoomRecord record = RoomRecord.of(stored.state());
    record.chain = stored.chain();
    record.log = new java.util.ArrayList<>(stored.log());
    record.setAppliedCommands(stored.applied());
    record.snapshotSeq = stored.snapshotSeq();
    record.epoch = stored.epoch();
    record.claimedBy = member;
    return record;
  }
}

package nl.werkplaats.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import nl.werkplaats.store.Store;

/**
 * What a room's partition owner needs from its member to write a room: who it is, and the store it appends
 * to. The store is kept in Hazelcast's user context, so that entry processors running on the owner find it.
 */
public record RoomOwner(String member, Store store) {
  static final String KEY = "werkplaats.room-owner";

  /** This member as a room owner; without a store (tests of the cluster alone) nothing is fenced. */
  static RoomOwner of(HazelcastInstance hazelcast) {
    return new RoomOwner(hazelcast.getCluster().getLocalMember().getUuid().toString(),
        (Store) hazelcast.getUserContext().get(KEY));
  }

  /** Whether this member took the room (and so holds its current epoch, unless another took it since). */
  boolean holds(RoomRecord record) {
    return store == null || member.equals(record.claimedBy);
  }

  /** Takes the room: a new epoch, and the room as the store has it. Empty when the store has no such room. */
  Optional<RoomRecord> take(String roomId) {
    return new RoomStorage(store).claim(roomId, member);
  }

  /** Appends the record's last change to the store (nothing without a store). */
  void save(RoomRecord record) {
    if (store != null) {
      new RoomStorage(store).save(record);
    }
  }

  /**
   * Takes the room from the store and puts it in the map in place of the copy there (which another member
   * took: this member became the owner by a backup promotion or a migration, or its copy was fenced).
   * Answers the record as stored, or null when the store has no such room (it was deleted): then the copy
   * leaves the map, so that nothing answers from it.
   */
  RoomRecord readBack(java.util.Map.Entry<String, RoomRecord> entry) {
    RoomRecord stored = take(entry.getKey()).orElse(null);
    if (stored != null) {
      entry.setValue(stored);
    } else if (entry.getValue() != null) {
      entry.setValue(null);
    }
    return stored;
  }
}

package nl.werkplaats.store;

import java.util.List;
import java.util.Optional;
import nl.werkplaats.cluster.RoomRecord;

/**
 * Durable storage behind one small interface. Calls block: adapters call them from worker threads (or,
 * for the room write-through, from Hazelcast's partition thread, which is made for it).
 */
public interface Store extends AutoCloseable {

  /** Makes the last change of a room durable before returning (its new events, now and then a snapshot). */
  void saveRoom(RoomRecord record);

  /** The room as last saved, rebuilt from its snapshot and the events after it. */
  Optional<RoomRecord> loadRoom(String roomId);

  /** The room a join code belongs to. */
  Optional<String> roomIdForJoinCode(String joinCode);

  /** Rooms for the organiser's list, newest first. */
  List<RoomListing> listRooms();

  /** Deletes a room with its events, snapshots and summaries; logs what was deleted and by which role. */
  void deleteRoom(String roomId, String byRole);

  void saveTemplate(String templateId, int version, String json);

  Optional<String> loadTemplate(String templateId, int version);

  /** Every stored (uploaded) template version, as JSON. */
  List<String> listTemplates();

  /** Whether a cluster may share this store (an embedded file database may not). */
  boolean shareable();

  @Override
  void close();

  record RoomListing(String roomId, String title, String templateId, int templateVersion, String status,
      long createdAt, long endedAt, int participants) {}
}

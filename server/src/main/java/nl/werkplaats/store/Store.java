package nl.werkplaats.store;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage behind one small interface. Calls block: adapters call them from worker threads (or,
 * for the room write-through, from Hazelcast's partition threads, which wait for the group commit).
 */
public interface Store extends AutoCloseable {
  /** A loaded room comes with at most this many of its latest events ({@link StoredRoom#log()}). */
  int LOADED_EVENTS = 1000;
  /** A loaded room comes with at most this many of its latest commands ({@link StoredRoom#applied()}). */
  int LOADED_COMMANDS = 4000;

  /**
   * Makes a change of a room durable before returning (its new events, now and then a snapshot), or
   * refuses it whole: {@link StaleOwnerException} when the room was taken under a newer ownership epoch than
   * the change's, {@link DivergingHistoryException} when another command holds one of its seqs. A new room
   * is stored under the change's epoch. Answers the seq of the snapshot written with it, or -1 (none).
   */
  long saveRoom(RoomChange change);

  /** What the store's group commit did since it opened: transactions, changes in them, write times. */
  default WriteStatistics writeStatistics() {
    return WriteStatistics.NONE;
  }

  /** Hears of every transaction of room changes once it ended: how many changes it held, how long it took. */
  interface BatchListener {
    void written(int changes, long nanos);
  }

  /** From now on {@code listener} hears of every transaction of room changes (one listener; for metrics). */
  default void onBatchWritten(BatchListener listener) {}

  /** The room as last saved, rebuilt from its snapshot and the events after it. */
  Optional<StoredRoom> loadRoom(String roomId);

  /**
   * Takes a room for {@code member}: stores a new ownership epoch and answers the room as stored, taken
   * under that epoch. Appends under any earlier epoch are refused from now on (fencing).
   */
  Optional<StoredRoom> claimRoom(String roomId, String member);

  /** The room a join code belongs to. */
  Optional<String> roomIdForJoinCode(String joinCode);

  /** Rooms for the organiser's list, newest first. */
  List<RoomListing> listRooms();

  /** Who may read a room's summaries: its token hashes, without loading the room itself. */
  Optional<RoomAccess> roomAccess(String roomId);

  /**
   * Deletes a room with its events, snapshots and summaries and leaves a tombstone: from then on no save
   * stores the room again and no load or take finds it. Answers the audit line (the receipt), or empty when
   * there was nothing to delete. {@code reason} is {@code request} or {@code retention}.
   */
  Optional<Deletion> deleteRoom(String roomId, String reason, String byRole);

  /**
   * The rooms past the retention period at {@code now}: ended (or, never ended, created) longer ago. The
   * purge deletes each through the cluster ({@code RoomService.purgeExpired}), as a request does.
   */
  List<String> expiredRooms(long now);

  /** The audit lines of deletions, newest first (what, when, by which role; never personal data). */
  List<Deletion> deletions();

  /** Stores a template version; storing the same content again is a no-op, different content is refused. */
  void saveTemplate(String templateId, int version, String json);

  Optional<String> loadTemplate(String templateId, int version);

  /** Every stored (uploaded) template version, as JSON. */
  List<String> listTemplates();

  /**
   * Stores a frozen summary unless that room already has that version: a frozen summary is never
   * overwritten. Answers the summary as stored (the earlier one, if there was one).
   */
  StoredSummary saveSummary(StoredSummary summary);

  Optional<StoredSummary> loadSummary(String roomId, int version);

  /** The room's summary versions, oldest first. */
  List<SummaryInfo> listSummaries(String roomId);

  /** Evaluation marks of the ended sessions of a template, oldest first: the newest version per room. */
  List<EvaluationMark> evaluations(String templateId);

  /** Whether a cluster may share this store (an embedded file database may not). */
  boolean shareable();

  @Override
  void close();

  record RoomListing(String roomId, String title, String templateId, int templateVersion, String status,
      long createdAt, long endedAt, int participants) {}

  /** SHA-256 hex hashes of a room's organiser and facilitator tokens, and its status and end count. */
  record RoomAccess(String roomId, String organiserTokenHash, String facilitatorTokenHash, String status,
      int endCount) {}

  record Deletion(String roomId, String what, String reason, String byRole, long at) {}

  /** One frozen summary: its canonical JSON bytes and their SHA-256 (hex), plus what lists need. */
  record StoredSummary(String roomId, int version, String sha256, byte[] canonical, long frozenAt,
      String templateId, int templateVersion, String language, String evaluationAverage, int evaluationCount) {}

  record SummaryInfo(int version, String sha256, long frozenAt) {}

  /** {@code average} is a fixed two-decimal string ("7.67"), or null when nobody gave a mark. */
  record EvaluationMark(String roomId, String title, int version, int templateVersion, long endedAt, String average, int count) {}
}

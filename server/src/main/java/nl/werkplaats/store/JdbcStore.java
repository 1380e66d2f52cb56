package nl.werkplaats.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.werkplaats.room.HistoryChain;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.RoomStatus;
import nl.werkplaats.room.SequencedEvent;
import org.flywaydb.core.Flyway;

/**
 * The store on a relational database, shared by {@link H2Store} and {@link PostgresStore}. A room is an
 * append-only list of events (one row per event, keyed by room and seq) plus snapshots of its whole state
 * now and then; loading takes the newest snapshot and replays the events after it.
 */
public abstract class JdbcStore implements Store {
  /** A full snapshot is written at least every this many events. */
  public static final int SNAPSHOT_EVERY = 100;

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JdbcStore.class.getName());
  private static final ObjectWriter EVENT_WRITER = DomainJson.MAPPER.writerFor(Event.class);
  private static final ObjectReader EVENT_READER = DomainJson.MAPPER.readerFor(Event.class);

  private final HikariDataSource dataSource;
  private final long retentionMs;
  private final java.util.function.LongSupplier clock;
  private final GroupCommit writer;

  protected JdbcStore(HikariDataSource dataSource, String vendor, int retentionDays) {
    this(dataSource, vendor, retentionDays, null);
  }

  /**
   * {@code schemaVersion}: migrate only up to this version (tests write a database as an earlier release did,
   * then open it again to migrate it); null: the latest.
   */
  protected JdbcStore(HikariDataSource dataSource, String vendor, int retentionDays, String schemaVersion) {
    this.dataSource = dataSource;
    this.retentionMs = retentionDays * 24L * 3600 * 1000;
    this.clock = System::currentTimeMillis;
    try {
      var flyway = Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/" + vendor);
      if (schemaVersion != null) {
        flyway.target(schemaVersion);
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException("could not migrate the " + vendor + " database: " + e.getMessage(), e);
    }
    this.writer = new GroupCommit(this::writeBatch);
  }

  // ------------------------------------------------------------------------------------------ rooms

  /**
   * Appends the last change of a room, conditionally, and returns once it is committed ({@link GroupCommit}:
   * with the changes of other rooms that arrived meanwhile, in one transaction). The room's row is locked
   * first, so that two members writing the same room are serialized by the database, and the change goes
   * through only when the row holds the ownership epoch this copy was taken under ({@link StaleOwnerException}
   * otherwise) and the seq just before the change ({@link DivergingHistoryException} when another command
   * holds one of its seqs). The same change stored again (a retry whose first answer was lost) changes nothing.
   * A refused change is refused alone: the other changes of its transaction are committed.
   */
  @Override
  public long saveRoom(RoomChange change) {
    return writer.write(change);
  }

  /** What the group commit did since the store opened (for metrics). */
  @Override
  public WriteStatistics writeStatistics() {
    return writer.statistics();
  }

  @Override
  public void onBatchWritten(BatchListener listener) {
    writer.listener = listener;
  }

  /** Room changes handed in and not yet taken into a transaction (for tests). */
  int waitingWrites() {
    return writer.waiting();
  }

  /**
   * Writes a batch of room changes in one transaction (two members' batches lock their rows in the same order,
   * that of the room ids, so they never deadlock). A refused change has written nothing (every check comes
   * before the writes) and is answered alone; when the transaction itself fails, each change is written again
   * in a transaction of its own, so that one change's failure is its own. A second change of one room in a
   * batch (only a test hands in two at once; a room's owner waits for each) goes in the next transaction,
   * checked against the first.
   */
  private void writeBatch(List<GroupCommit.Write> writes) {
    Map<String, GroupCommit.Write> byRoom = new java.util.TreeMap<>();
    List<GroupCommit.Write> later = new ArrayList<>();
    for (GroupCommit.Write w : writes) {
      if (byRoom.putIfAbsent(w.change().roomId(), w) != null) {
        later.add(w);
      }
    }
    List<GroupCommit.Write> sorted = new ArrayList<>(byRoom.values());
    Map<GroupCommit.Write, Object> results = new java.util.IdentityHashMap<>();
    boolean written = false;
    try {
      inTransaction(c -> {
        appendChanges(c, sorted, results);
        return null;
      }, sorted.size() == 1 ? "save room " + sorted.get(0).change().roomId() : "save " + sorted.size() + " room changes");
      written = true;
    } catch (RuntimeException e) {
      if (sorted.size() == 1) {
        sorted.get(0).done().completeExceptionally(e);
      } else {
        sorted.forEach(w -> writeBatch(List.of(w)));
      }
    }
    if (written) {
      for (GroupCommit.Write w : sorted) {
        Object result = results.get(w);
        if (result instanceof RuntimeException refused) {
          w.done().completeExceptionally(refused);
        } else {
          w.done().complete((Long) result);
        }
      }
    }
    if (!later.isEmpty()) {
      writeBatch(later);
    }
  }

  /**
   * The changes of one transaction, one per room, in the order of their room ids: one statement locks all
   * their rows, each change is checked against its row, and the writes of those that pass go as JDBC
   * batches (the rooms' rows, the events, the snapshots due): a handful of statements for the whole
   * transaction, however many rooms it holds. Puts in {@code results} each change's snapshot seq (or -1), or
   * its refusal.
   */
  private void appendChanges(Connection c, List<GroupCommit.Write> writes, Map<GroupCommit.Write, Object> results)
      throws SQLException, JsonProcessingException {
    List<String> roomIds = new ArrayList<>(writes.size());
    writes.forEach(w -> roomIds.add(w.change().roomId()));
    Map<String, StoredRow> rows = lockRooms(c, roomIds);
    try (Writes out = new Writes(c)) {
      for (GroupCommit.Write w : writes) {
        try {
          results.put(w, appendChange(c, w.change(), rows.get(w.change().roomId()), out));
        } catch (StaleOwnerException | DivergingHistoryException refused) {
          results.put(w, refused);
        }
      }
      out.execute();
    }
  }

  /**
   * One room's change: checks it against the room's locked row, then adds its writes to {@code out}. Answers
   * the seq of the snapshot it writes, or -1. Throws {@link StaleOwnerException} or
   * {@link DivergingHistoryException} before adding anything.
   */
  private long appendChange(Connection c, RoomChange change, StoredRow row, Writes out)
      throws SQLException, JsonProcessingException {
    RoomState s = change.state();
    List<SequencedEvent> batch = change.events();
    long before = change.seqBefore();
    if (row == null && tombstone(c, s.roomId)) {
      // Deleted: a stale owner, a command that raced the deletion or a new room under the same id never
      // brings it back (the tombstone is written in the deletion's transaction).
      throw new StaleOwnerException("room " + s.roomId + " was deleted: refusing to store it again");
    }
    if (row == null && change.epoch() > 0 && !batch.isEmpty()) {
      // A room that was taken from the store but is no longer there: it was deleted. Never bring it back.
      throw new StaleOwnerException("room " + s.roomId + " is no longer in the store (deleted): refusing a stale owner's change");
    }
    if (row != null) {
      if (row.epoch != change.epoch()) {
        throw new StaleOwnerException("room " + s.roomId + " was taken under epoch " + row.epoch
            + " since this copy was taken under epoch " + change.epoch() + ": refusing a stale owner's change");
      }
      if (row.seq > before) {
        // Stored before: a repeated write of this very change changes nothing; the same seq written by
        // another command means this copy is behind the store, and the change is refused.
        for (SequencedEvent e : batch) {
          String storedKey = queryString(c, "SELECT command_key FROM room_events WHERE room_id = ? AND seq = ?",
              s.roomId, e.seq());
          writeStatements.incrementAndGet();
          if (storedKey == null || !storedKey.equals(change.commandKey())) {
            throw new DivergingHistoryException("room " + s.roomId + " is stored up to seq " + row.seq
                + ", this copy is at " + before + ": refusing a diverging history");
          }
        }
        if (batch.isEmpty() && row.seq != s.seq) {
          throw new DivergingHistoryException("room " + s.roomId + " is stored up to seq " + row.seq
              + ", this copy is at " + s.seq + ": refusing a diverging history");
        }
        return -1;
      }
    }
    // The change knows the room's newest snapshot (loaded with it, kept current by its writer): no query for it.
    long snapshotSeq = row == null ? -1 : change.snapshotSeq();
    long storedSeq = row == null ? -1 : row.seq;
    boolean gap = row != null && storedSeq < before; // events never handed to the store: the snapshot covers them
    for (SequencedEvent e : batch) {
      if (e.seq() > storedSeq) {
        out.event(s.roomId, e.seq(), change.commandKey(), e.chain(), EVENT_WRITER.writeValueAsString(e.event()));
      }
    }
    RoomRow columns = RoomRow.of(s);
    if (row == null) {
      out.newRoom(columns, s, change.epoch(), clock.getAsLong());
    } else if (columns.equals(row.columns)) {
      out.seqOnly(s.roomId, s.seq, clock.getAsLong()); // what the organiser's list shows did not change
    } else {
      out.room(columns, s, clock.getAsLong());
    }
    // Due: a new room, a gap, every SNAPSHOT_EVERY events, and the change that ends the room (judged from the
    // status in the locked row; a later change of the ended room waits for its turn like any other).
    boolean snapshot = snapshotSeq < 0
        || batch.isEmpty()
        || gap
        || s.seq - snapshotSeq >= SNAPSHOT_EVERY
        || (s.status == RoomStatus.ENDED && !columns.status().equals(row.columns.status()));
    if (!snapshot || snapshotSeq >= s.seq) {
      return -1;
    }
    out.snapshot(s.roomId, s.seq, DomainJson.MAPPER.writeValueAsString(s), clock.getAsLong(), change.chain());
    return s.seq;
  }

  /** Statements the write path ran since the store opened (for tests: batches keep it flat per transaction). */
  long writeStatements() {
    return writeStatements.get();
  }

  private final java.util.concurrent.atomic.AtomicLong writeStatements = new java.util.concurrent.atomic.AtomicLong();

  /**
   * The writes of one transaction's changes, as one JDBC batch per kind of statement, each prepared on first
   * use and run once at the end ({@link #execute()}). A duplicate (room, seq) fails the event batch, and so
   * the transaction: the events are plain inserts.
   */
  private final class Writes implements AutoCloseable {
    private final Connection c;
    private PreparedStatement events;
    private PreparedStatement newRooms;
    private PreparedStatement rooms;
    private PreparedStatement seqs;
    private PreparedStatement snapshots;

    Writes(Connection c) {
      this.c = c;
    }

    void event(String roomId, long seq, String commandKey, String chain, String eventJson) throws SQLException {
      if (events == null) {
        events = c.prepareStatement("INSERT INTO room_events (room_id, seq, command_key, event, chain) VALUES (?, ?, ?, ?, ?)");
      }
      events.setString(1, roomId);
      events.setLong(2, seq);
      events.setString(3, commandKey);
      events.setString(4, eventJson);
      events.setString(5, chain);
      events.addBatch();
    }

    void newRoom(RoomRow columns, RoomState s, long epoch, long now) throws SQLException {
      if (newRooms == null) {
        newRooms = c.prepareStatement("INSERT INTO rooms (" + RoomRow.COLUMNS + ", last_seq, updated_at, room_id, "
            + "owner_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      int i = columns.bind(newRooms);
      newRooms.setLong(i++, s.seq);
      newRooms.setLong(i++, now);
      newRooms.setString(i++, s.roomId);
      newRooms.setLong(i, epoch);
      newRooms.addBatch();
    }

    void room(RoomRow columns, RoomState s, long now) throws SQLException {
      if (rooms == null) {
        rooms = c.prepareStatement("UPDATE rooms SET " + RoomRow.COLUMNS.replace(",", " = ?,") + " = ?, "
            + "last_seq = ?, updated_at = ? WHERE room_id = ?");
      }
      int i = columns.bind(rooms);
      rooms.setLong(i++, s.seq);
      rooms.setLong(i++, now);
      rooms.setString(i, s.roomId);
      rooms.addBatch();
    }

    void seqOnly(String roomId, long seq, long now) throws SQLException {
      if (seqs == null) {
        seqs = c.prepareStatement("UPDATE rooms SET last_seq = ?, updated_at = ? WHERE room_id = ?");
      }
      seqs.setLong(1, seq);
      seqs.setLong(2, now);
      seqs.setString(3, roomId);
      seqs.addBatch();
    }

    void snapshot(String roomId, long seq, String stateJson, long now, String chain) throws SQLException {
      if (snapshots == null) {
        snapshots = c.prepareStatement(
            "INSERT INTO room_snapshots (room_id, seq, state, created_at, chain) VALUES (?, ?, ?, ?, ?)");
      }
      snapshots.setString(1, roomId);
      snapshots.setLong(2, seq);
      snapshots.setString(3, stateJson);
      snapshots.setLong(4, now);
      snapshots.setString(5, chain);
      snapshots.addBatch();
    }

    /** Runs every batch; a row that was not written fails the transaction. */
    void execute() throws SQLException {
      run(newRooms, "room");
      run(rooms, "room");
      run(seqs, "room");
      run(events, "event");
      run(snapshots, "snapshot");
    }

    private void run(PreparedStatement ps, String what) throws SQLException {
      if (ps == null) {
        return;
      }
      writeStatements.incrementAndGet();
      for (int count : ps.executeBatch()) {
        // SUCCESS_NO_INFO: PgJDBC's rewritten multi-row inserts do not count per row (a failure still throws)
        if (count != 1 && count != java.sql.Statement.SUCCESS_NO_INFO) {
          throw new SQLException("a " + what + " row was not written (" + count + " rows)");
        }
      }
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : new PreparedStatement[] {events, newRooms, rooms, seqs, snapshots}) {
        if (ps != null) {
          ps.close();
        }
      }
    }
  }

  /** A room's row as locked: its stored seq and ownership epoch, and the columns the organiser's list shows. */
  private record StoredRow(long seq, long epoch, RoomRow columns) {}

  /**
   * Locks the rows of {@code roomIds} for this transaction, in the order of their ids, with one statement;
   * answers the rows found by room id (a new room has none). The list of parameters is padded to a power of
   * two (the last id again), so that a handful of statement shapes serve every batch size.
   */
  private Map<String, StoredRow> lockRooms(Connection c, List<String> roomIds) throws SQLException {
    int size = 1;
    while (size < roomIds.size()) {
      size *= 2;
    }
    StringBuilder sql = new StringBuilder("SELECT room_id, last_seq, owner_epoch, ").append(RoomRow.COLUMNS)
        .append(" FROM rooms WHERE room_id IN (");
    for (int i = 0; i < size; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(") ORDER BY room_id FOR UPDATE");
    Map<String, StoredRow> rows = new java.util.HashMap<>();
    writeStatements.incrementAndGet();
    PreparedStatement ps = preparedOnce(c, sql.toString());
    for (int i = 0; i < size; i++) {
      ps.setString(i + 1, roomIds.get(Math.min(i, roomIds.size() - 1)));
    }
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), new StoredRow(rs.getLong(2), rs.getLong(3), RoomRow.read(rs, 4)));
      }
    }
    return rows;
  }

  /**
   * The row lock's statements, prepared once per database connection and kept open with it: H2 never caches
   * the parse of a {@code SELECT … FOR UPDATE}, so preparing it per transaction parsed it again each time.
   * Prepared on the connection under the pool's proxy (the pool closes the statements made through its
   * proxy whenever the connection goes back); those of connections that were closed since (after a
   * compaction, or by the pool) are dropped when a statement is prepared.
   */
  private PreparedStatement preparedOnce(Connection c, String sql) throws SQLException {
    Connection raw = c.unwrap(Connection.class);
    synchronized (prepared) {
      Map<String, PreparedStatement> mine = prepared.get(raw);
      PreparedStatement ps = mine == null ? null : mine.get(sql);
      if (ps != null) {
        return ps;
      }
      prepared.keySet().removeIf(other -> {
        try {
          return other.isClosed();
        } catch (SQLException e) {
          return true;
        }
      });
      ps = raw.prepareStatement(sql);
      lockStatementsPrepared.incrementAndGet();
      prepared.computeIfAbsent(raw, k -> new java.util.HashMap<>()).put(sql, ps);
      return ps;
    }
  }

  /** Row-lock statements prepared since the store opened (for tests: once per connection and shape). */
  long lockStatementsPrepared() {
    return lockStatementsPrepared.get();
  }

  private final java.util.concurrent.atomic.AtomicLong lockStatementsPrepared = new java.util.concurrent.atomic.AtomicLong();

  /** Statements prepared once per connection, by connection (identity: a connection is its own key). */
  private final Map<Connection, Map<String, PreparedStatement>> prepared = new java.util.IdentityHashMap<>();

  /** Locks the room's row for this transaction; answers its stored seq and epoch, or null for a new room. */
  private static long[] lockRoom(Connection c, String roomId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, owner_epoch FROM rooms WHERE room_id = ? FOR UPDATE")) {
      ps.setString(1, roomId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
      }
    }
  }

  /**
   * Takes a room for a member: a new ownership epoch, and the room as stored, in one transaction. From now
   * on an append under an earlier epoch is refused, whichever member still holds it.
   */
  @Override
  public Optional<StoredRoom> claimRoom(String roomId, String member) {
    return inTransaction(c -> {
      long[] row = lockRoom(c, roomId);
      if (row == null) {
        return Optional.<StoredRoom>empty();
      }
      long epoch = row[1] + 1;
      try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET owner_epoch = ? WHERE room_id = ?")) {
        ps.setLong(1, epoch);
        ps.setString(2, roomId);
        ps.executeUpdate();
      }
      return load(c, roomId, epoch);
    }, "take room " + roomId);
  }

  @Override
  public Optional<StoredRoom> loadRoom(String roomId) {
    return inTransaction(c -> load(c, roomId, 0), "load room " + roomId);
  }

  private Optional<StoredRoom> load(Connection c, String roomId, long epoch) throws SQLException, JsonProcessingException {
    RoomState state = null;
    long snapshotSeq = -1;
    String chain = HistoryChain.ORIGIN;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, state, chain FROM room_snapshots WHERE room_id = ? ORDER BY seq DESC")) {
      ps.setString(1, roomId);
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          state = DomainJson.MAPPER.readValue(rs.getString(2), RoomState.class);
          if (state.seq != rs.getLong(1)) {
            throw new IllegalStateException("snapshot of room " + roomId + " at " + rs.getLong(1)
                + " holds a state at seq " + state.seq);
          }
          snapshotSeq = state.seq;
          if (rs.getString(3) != null) {
            chain = rs.getString(3);
          }
        }
      }
    }
    if (state == null) {
      return Optional.empty();
    }
    // The events after the snapshot, and the log of the latest ones, in one pass from the oldest needed.
    long from = Math.max(0, state.seq - LOADED_EVENTS);
    List<SequencedEvent> log = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, event, command_key, chain FROM room_events WHERE room_id = ? AND seq > ? ORDER BY seq")) {
      ps.setString(1, roomId);
      ps.setLong(2, from);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          Event event = EVENT_READER.readValue(rs.getString(2));
          String id = HistoryChain.eventId(String.valueOf(rs.getString(3)), seq);
          String storedChain = rs.getString(4);
          if (seq > state.seq) {
            if (seq != state.seq + 1) {
              throw new IllegalStateException("room " + roomId + " misses events between " + state.seq + " and " + seq);
            }
            Room.evolve(state, event);
            chain = storedChain != null ? storedChain : HistoryChain.next(chain, id);
            storedChain = chain;
          }
          log.add(new SequencedEvent(seq, event, id, storedChain));
        }
      }
    }
    if (log.size() > LOADED_EVENTS) {
      log = new ArrayList<>(log.subList(log.size() - LOADED_EVENTS, log.size()));
    }
    List<Map.Entry<String, Long>> applied = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT command_key, MAX(seq) AS last_seq FROM room_events "
        + "WHERE room_id = ? AND command_key IS NOT NULL GROUP BY command_key ORDER BY last_seq DESC")) {
      ps.setString(1, roomId);
      ps.setMaxRows(LOADED_COMMANDS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          applied.add(Map.entry(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    Collections.reverse(applied);
    Map<String, Long> appliedMap = new LinkedHashMap<>();
    applied.forEach(e -> appliedMap.put(e.getKey(), e.getValue()));
    return Optional.of(new StoredRoom(state, log, appliedMap, chain, snapshotSeq, epoch));
  }

  @Override
  public Optional<String> roomIdForJoinCode(String joinCode) {
    if (joinCode == null) {
      return Optional.empty();
    }
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT room_id FROM rooms WHERE join_code = ? ORDER BY created_at DESC")) {
        ps.setString(1, joinCode);
        ps.setMaxRows(1);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    }, "look up a join code");
  }

  @Override
  public List<RoomListing> listRooms() {
    return inTransaction(c -> {
      List<RoomListing> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT room_id, title, template_id, template_version, status, "
          + "created_at, ended_at, participants FROM rooms ORDER BY created_at DESC, room_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RoomListing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
              rs.getLong(6), rs.getLong(7), rs.getInt(8)));
        }
      }
      return out;
    }, "list rooms");
  }

  @Override
  public Optional<RoomAccess> roomAccess(String roomId) {
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT organiser_token_hash, facilitator_token_hash, status, "
          + "end_count FROM rooms WHERE room_id = ?")) {
        ps.setString(1, roomId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new RoomAccess(roomId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
              : Optional.<RoomAccess>empty();
        }
      }
    }, "read the access of room " + roomId);
  }

  @Override
  public Optional<Deletion> deleteRoom(String roomId, String reason, String byRole) {
    Optional<Deletion> done = inTransaction(c -> Optional.ofNullable(delete(c, roomId, reason, byRole)),
        "delete room " + roomId);
    if (done.isPresent()) {
      afterDeletion();
    }
    return done;
  }

  /** After rooms were deleted: an embedded file database overwrites what they left in the file. */
  protected void afterDeletion() {}

  private static boolean tombstone(Connection c, String roomId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM deleted_rooms WHERE room_id = ?")) {
      ps.setString(1, roomId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public List<String> expiredRooms(long now) {
    long cutoff = now - retentionMs;
    return inTransaction(c -> {
      List<String> expired = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT room_id FROM rooms WHERE "
          + "(ended_at > 0 AND ended_at < ?) OR (ended_at = 0 AND created_at < ?)")) {
        ps.setLong(1, cutoff);
        ps.setLong(2, cutoff);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            expired.add(rs.getString(1));
          }
        }
      }
      return expired;
    }, "list expired rooms");
  }

  /**
   * Deletes one room in {@code c}'s transaction and leaves its tombstone; answers the audit line, or null when
   * there was nothing to delete.
   */
  private Deletion delete(Connection c, String roomId, String reason, String byRole) throws SQLException {
    // The room's row lock first: a summary being stored holds it, and must either be deleted with the room
    // or see the tombstone (deleting the summaries before waiting for that lock would miss it).
    lockRoom(c, roomId);
    int events = update(c, "DELETE FROM room_events WHERE room_id = ?", roomId);
    int snapshots = update(c, "DELETE FROM room_snapshots WHERE room_id = ?", roomId);
    int summaries = update(c, "DELETE FROM summaries WHERE room_id = ?", roomId);
    int rooms = update(c, "DELETE FROM rooms WHERE room_id = ?", roomId);
    if (rooms + events + snapshots + summaries == 0) {
      return null;
    }
    if (!tombstone(c, roomId)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO deleted_rooms (room_id, deleted_at) VALUES (?, ?)")) {
        ps.setString(1, roomId);
        ps.setLong(2, clock.getAsLong());
        ps.executeUpdate();
      }
    }
    String what = "room (" + rooms + "), events (" + events + "), snapshots (" + snapshots + "), summaries ("
        + summaries + ")";
    long now = clock.getAsLong();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deletions (room_id, what, reason, by_role, at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, roomId);
      ps.setString(2, what);
      ps.setString(3, reason);
      ps.setString(4, byRole == null ? "unknown" : byRole);
      ps.setLong(5, now);
      ps.executeUpdate();
    }
    LOG.log(java.util.logging.Level.INFO, "deleted room {0}: {1}; reason {2}, by {3}",
        new Object[] {roomId, what, reason, byRole});
    return new Deletion(roomId, what, reason, byRole == null ? "unknown" : byRole, now);
  }

  @Override
  public List<Deletion> deletions() {
    return inTransaction(c -> {
      List<Deletion> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT room_id, what, reason, by_role, at FROM deletions ORDER BY id DESC");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Deletion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
      }
      return out;
    }, "list deletions");
  }

  // ------------------------------------------------------------------------------------------ templates

  @Override
  public void saveTemplate(String templateId, int version, String json) {
    inTransaction(c -> {
      Optional<String> existing = loadTemplate(c, templateId, version);
      if (existing.isPresent()) {
        if (!existing.get().equals(json)) {
          throw new IllegalStateException("template " + templateId + " version " + version
              + " exists with other content; upload it with a higher version");
        }
        return null;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO templates (template_id, version, json, saved_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, templateId);
        ps.setInt(2, version);
        ps.setString(3, json);
        ps.setLong(4, clock.getAsLong());
        ps.executeUpdate();
      }
      return null;
    }, "save template " + templateId);
  }

  @Override
  public Optional<String> loadTemplate(String templateId, int version) {
    return inTransaction(c -> loadTemplate(c, templateId, version), "load template " + templateId);
  }

  private static Optional<String> loadTemplate(Connection c, String templateId, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT json FROM templates WHERE template_id = ? AND version = ?")) {
      ps.setString(1, templateId);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  @Override
  public List<String> listTemplates() {
    return inTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT json FROM templates ORDER BY template_id, version");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }, "list templates");
  }

  // ------------------------------------------------------------------------------------------ summaries

  @Override
  public StoredSummary saveSummary(StoredSummary summary) {
    try {
      return insertSummary(summary);
    } catch (StoreException e) {
      // Two members (or the end and a download) froze the same version at once: the first insert won, and
      // freezing is deterministic, so the stored one is this one.
      return loadSummary(summary.roomId(), summary.version()).orElseThrow(() -> e);
    }
  }

  private StoredSummary insertSummary(StoredSummary summary) {
    return inTransaction(c -> {
      // Serialized with the room's deletion by its row lock: a summary frozen from a room read before the
      // deletion is refused once the deletion has committed, and deleted with the room before that.
      if (lockRoom(c, summary.roomId()) == null && tombstone(c, summary.roomId())) {
        throw new IllegalStateException("room " + summary.roomId() + " was deleted: its summary is not stored");
      }
      Optional<StoredSummary> existing = loadSummary(c, summary.roomId(), summary.version());
      if (existing.isPresent()) {
        return existing.get(); // frozen: never overwritten
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO summaries (room_id, version, sha256, canonical, "
          + "frozen_at, template_id, template_version, language, evaluation_average, evaluation_count) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, summary.roomId());
        ps.setInt(2, summary.version());
        ps.setString(3, summary.sha256());
        ps.setBytes(4, summary.canonical());
        ps.setLong(5, summary.frozenAt());
        ps.setString(6, summary.templateId());
        ps.setInt(7, summary.templateVersion());
        ps.setString(8, summary.language());
        ps.setString(9, summary.evaluationAverage());
        ps.setInt(10, summary.evaluationCount());
        ps.executeUpdate();
      }
      return summary;
    }, "save summary " + summary.roomId() + " v" + summary.version());
  }

  @Override
  public Optional<StoredSummary> loadSummary(String roomId, int version) {
    return inTransaction(c -> loadSummary(c, roomId, version), "load summary " + roomId + " v" + version);
  }

  private static Optional<StoredSummary> loadSummary(Connection c, String roomId, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sha256, canonical, frozen_at, template_id, template_version, "
        + "language, evaluation_average, evaluation_count FROM summaries WHERE room_id = ? AND version = ?")) {
      ps.setString(1, roomId);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredSummary(roomId, version, rs.getString(1).strip(), rs.getBytes(2), rs.getLong(3),
            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getInt(8)));
      }
    }
  }

  @Override
  public List<SummaryInfo> listSummaries(String roomId) {
    return inTransaction(c -> {
      List<SummaryInfo> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT version, sha256, frozen_at FROM summaries WHERE room_id = ? ORDER BY version")) {
        ps.setString(1, roomId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new SummaryInfo(rs.getInt(1), rs.getString(2).strip(), rs.getLong(3)));
          }
        }
      }
      return out;
    }, "list summaries of " + roomId);
  }

  @Override
  public List<EvaluationMark> evaluations(String templateId) {
    return inTransaction(c -> {
      Map<String, EvaluationMark> newest = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT s.room_id, r.title, s.version, s.template_version, "
          + "s.frozen_at, s.evaluation_average, s.evaluation_count FROM summaries s JOIN rooms r ON r.room_id = s.room_id "
          + "WHERE s.template_id = ? ORDER BY s.room_id, s.version")) {
        ps.setString(1, templateId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            newest.put(rs.getString(1), new EvaluationMark(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                rs.getLong(5), rs.getString(6), rs.getInt(7)));
          }
        }
      }
      List<EvaluationMark> out = new ArrayList<>(newest.values());
      out.sort((a, b) -> a.endedAt() != b.endedAt() ? Long.compare(a.endedAt(), b.endedAt())
          : a.roomId().compareTo(b.roomId()));
      return out;
    }, "list evaluations of " + templateId);
  }

  // ------------------------------------------------------------------------------------------ plumbing

  @Override
  public void close() {
    writer.close();
    WriteStatistics w = writer.statistics();
    if (w.batches() > 0) {
      LOG.log(java.util.logging.Level.INFO, String.format(java.util.Locale.ROOT, "room changes written: %d in %d "
          + "transactions (%.2f per transaction, at most %d), %.3f ms per transaction, at most %.1f ms", w.changes(),
          w.batches(), w.changesPerBatch(), w.largestBatch(), w.writeMicros() / 1000.0 / w.batches(),
          w.longestWriteMicros() / 1000.0));
    }
    dataSource.close();
  }

  protected HikariDataSource dataSource() {
    return dataSource;
  }

  /** Work in one transaction; also for the stores of other modules (projects) with tables in this database. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException, JsonProcessingException;
  }

  /**
   * Runs {@code work} in one transaction; commits when it returns, rolls back when it throws. Public for the
   * other tables of this database (organiser accounts, projects), which share its connections and its gate.
   */
  public <T> T inTransaction(Work<T> work, String what) {
    gate.readLock().lock();
    try {
      return inTransactionNow(work, what);
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} with no transaction in flight (they wait for it): for what needs the database alone, such
   * as rewriting an embedded database's file.
   */
  protected void exclusively(Runnable work) {
    gate.writeLock().lock();
    try {
      work.run();
    } finally {
      gate.writeLock().unlock();
    }
  }

  private final java.util.concurrent.locks.ReentrantReadWriteLock gate = new java.util.concurrent.locks.ReentrantReadWriteLock();

  private <T> T inTransactionNow(Work<T> work, String what) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | JsonProcessingException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof IllegalStateException ise) {
          throw ise;
        }
        if (e instanceof DivergingHistoryException || e instanceof StaleOwnerException) {
          throw (StoreException) e;
        }
        throw new StoreException("could not " + what + ": " + e.getMessage(), e);
      }
    } catch (SQLException e) {
      throw new StoreException("could not " + what + " (no database connection): " + e.getMessage(), e);
    }
  }

  private static String queryString(Connection c, String sql, String roomId, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, roomId);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static int update(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      return ps.executeUpdate();
    }
  }
}

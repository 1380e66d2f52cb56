package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.cluster.ApplyCommand;
import nl.werkplaats.cluster.Outcome;
import nl.werkplaats.cluster.RoomOwner;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.store.Store.StoredSummary;
import nl.werkplaats.testsupport.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every {@link Store} must do; {@link H2StoreTest} and {@link PostgresStoreTest} run it on real databases. */
abstract class StoreContract {
  private static final long DAY = 24L * 3600 * 1000;

  protected Store store;

  /** A store on a fresh, empty database, retention 365 days. */
  protected abstract Store newStore();

  /** The same database as the last {@link #newStore()}, opened again (as after a restart). */
  protected abstract Store reopen();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  /** The store as the cluster uses it: room records in, room records out. */
  private RoomStorage rooms() {
    return new RoomStorage(store);
  }

  private Store restart() {
    store.close();
    store = reopen();
    return store;
  }

  /** As a JSON tree: equal whatever the order of a map's keys. */
  static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
    return DomainJson.MAPPER.valueToTree(value);
  }

  static String json(Object value) throws Exception {
    return DomainJson.MAPPER.writeValueAsString(value);
  }

  private int count(String sql, String roomId) throws SQLException {
    try (Connection c = ((JdbcStore) store).dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, roomId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<Long> seqs(List<SequencedEvent> events) {
    List<Long> out = new ArrayList<>();
    events.forEach(e -> out.add(e.seq()));
    return out;
  }

  @Test
  @DisplayName("a whole session saved change by change loads back equal: state (with credentials), log and applied commands")
  void sessionRoundTrip() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-rt", rooms()::save);
    RoomRecord loaded = rooms().load("room-rt").orElseThrow();
    assertEquals(json(d.state()), json(loaded.state));
    assertNotNull(loaded.state.facilitatorTokenHash, "internal fields are stored");
    assertFalse(loaded.state.credentials.isEmpty(), "participant credentials are stored");
    assertEquals(seqs(d.record.log), seqs(loaded.log));
    assertEquals(json(d.record.log), json(loaded.log));
    assertEquals(d.record.appliedCommands(), loaded.appliedCommands());
    assertEquals(new ArrayList<>(d.record.appliedCommands().keySet()), new ArrayList<>(loaded.appliedCommands().keySet()), "oldest first");

    Store reopened = restart();
    RoomRecord again = new RoomStorage(reopened).load("room-rt").orElseThrow();
    assertEquals(json(d.state()), json(again.state));
    assertEquals(d.record.appliedCommands(), again.appliedCommands());
  }

  @Test
  @DisplayName("a newly created room (no events yet) is stored as a snapshot and loads back")
  void newRoom() throws Exception {
    List<RoomRecord> saved = new ArrayList<>();
    Sessions.Driver d = new Sessions.Driver(
        nl.werkplaats.room.Room.create("room-new", "Nieuw", "t", 1, "nl", false, "NEW1",
            List.of(nl.werkplaats.room.StepSpec.simple("welcome", nl.werkplaats.room.StepType.INFO, 60)),
            "fh", "oh", Sessions.T0),
        r -> {
          saved.add(r);
          rooms().save(r);
        });
    assertEquals(1, saved.size());
    RoomRecord loaded = rooms().load("room-new").orElseThrow();
    assertEquals(json(d.state()), json(loaded.state));
    assertEquals(1, count("SELECT COUNT(*) FROM room_snapshots WHERE room_id = ?", "room-new"));
    assertTrue(store.loadRoom("no-such-room").isEmpty());
  }

  @Test
  @DisplayName("saving the same change twice stores its events once")
  void idempotentAppend() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-idem", rooms()::save);
    int events = count("SELECT COUNT(*) FROM room_events WHERE room_id = ?", "room-idem");
    assertEquals(d.state().seq, events);
    rooms().save(d.record);
    rooms().save(d.record);
    assertEquals(events, count("SELECT COUNT(*) FROM room_events WHERE room_id = ?", "room-idem"));
    assertEquals(json(d.state()), json(rooms().load("room-idem").orElseThrow().state));
  }

  @Test
  @DisplayName("a snapshot is written every 100 events and when the room ends; loading replays only what follows")
  void snapshots() throws Exception {
    Sessions.Driver live = Sessions.checklist("room-snap3", rooms()::save);
    int snaps = count("SELECT COUNT(*) FROM room_snapshots WHERE room_id = ?", "room-snap3");
    // created (seq 0) and ended; fewer than 100 events in between
    assertTrue(live.state().seq < 100, "fixture has fewer than 100 events: " + live.state().seq);
    assertEquals(2, snaps);

    // a long session: reopen and edit 250 times
    live.run("fac", new Command.Reopen());
    live.run("fac", new Command.Resume());
    live.run("fac", new Command.GoToStep(1));
    for (int i = 0; i < 250; i++) {
      live.run("p1", nl.werkplaats.room.Texts.replace(live.state(), 1, "org:Gemeente Gouda", "versie " + i));
    }
    int after = count("SELECT COUNT(*) FROM room_snapshots WHERE room_id = ?", "room-snap3");
    assertEquals(2 + 2, after, "one snapshot per 100 events");
    RoomRecord loaded = rooms().load("room-snap3").orElseThrow();
    assertEquals(json(live.state()), json(loaded.state));
    assertEquals(RoomRecord.LOG_SIZE >= live.state().seq ? live.state().seq : RoomRecord.LOG_SIZE, loaded.log.size());
  }

  /** {@code base} changed by one command, as the room's owner builds a change before it stores it. */
  private static RoomRecord change(RoomRecord base, String actor, String commandId, Command command, long now) {
    RoomRecord next = base.copyForUpdate();
    List<SequencedEvent> batch = new ArrayList<>();
    for (nl.werkplaats.room.Event e : nl.werkplaats.room.Room.decide(next.state, actor, command, now)) {
      nl.werkplaats.room.Room.evolve(next.state, e);
      batch.add(new SequencedEvent(next.state.seq, e));
    }
    next.remember(actor + ":" + commandId, batch);
    return next;
  }

  @Test
  @DisplayName("two transactions appending the same seq from different commands at once: one is stored, the other is refused")
  void racingAppendsOnOneSeq() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-race-seq", rooms()::save);
    d.run("fac", new Command.Reopen());
    for (int round = 0; round < 20; round++) {
      RoomRecord base = rooms().load("room-race-seq").orElseThrow();
      long now = d.now() + 1000L * (round + 1);
      // Each side toggles a lock, so that each change has an event at the same next seq.
      RoomRecord a = change(base, "fac", "a-" + round, new Command.Lock(2, !base.state.runtime.get(2).locked()), now);
      RoomRecord b = change(base, "fac", "b-" + round, new Command.Lock(3, !base.state.runtime.get(3).locked()), now);
      assertEquals(base.state.seq + 1, a.state.seq);
      assertEquals(base.state.seq + 1, b.state.seq);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
        for (RoomRecord r : List.of(a, b)) {
          results.add(pool.submit(() -> {
            start.await();
            try {
              rooms().save(r);
              return true;
            } catch (DivergingHistoryException refused) {
              return false;
            }
          }));
        }
        boolean aStored = results.get(0).get();
        boolean bStored = results.get(1).get();
        assertTrue(aStored ^ bStored, "round " + round + ": exactly one of two changes to seq " + a.state.seq
            + " must be stored, the other refused (stored: a=" + aStored + ", b=" + bStored + ")");
        RoomRecord winner = aStored ? a : b;
        RoomRecord back = rooms().load("room-race-seq").orElseThrow();
        assertEquals(tree(winner.state), tree(back.state), "round " + round + ": the stored room is the winner's");
        assertEquals(winner.chain, back.chain);
        assertEquals(1, count("SELECT COUNT(*) FROM room_events WHERE room_id = ? AND seq = " + a.state.seq, "room-race-seq"));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("a member whose room was taken by another since is refused by the store (fencing), and the new owner goes on")
  void staleOwnerIsFenced() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-fence", rooms()::save);
    d.run("fac", new Command.Reopen());
    RoomRecord takenByA = rooms().claim("room-fence", "member-a").orElseThrow();
    RoomRecord takenByB = rooms().claim("room-fence", "member-b").orElseThrow();
    assertTrue(takenByB.epoch > takenByA.epoch);
    assertEquals("member-b", takenByB.claimedBy);
    long now = d.now() + 1000;
    RoomRecord fromA = change(takenByA, "fac", "from-a", new Command.Lock(2, true), now);
    StaleOwnerException refused = assertThrows(StaleOwnerException.class, () -> rooms().save(fromA));
    assertTrue(refused.getMessage().contains("stale owner"), refused.getMessage());
    RoomRecord fromB = change(takenByB, "fac", "from-b", new Command.Lock(3, true), now);
    rooms().save(fromB);
    RoomRecord back = rooms().load("room-fence").orElseThrow();
    assertEquals(tree(fromB.state), tree(back.state));
    assertEquals(fromB.state.seq, back.appliedCommands().get("fac:from-b"));
    assertFalse(back.appliedCommands().containsKey("fac:from-a"));
    // A's copy stays refused even after B appended: its epoch is old, whatever its seq.
    RoomRecord fromAAgain = change(takenByA, "fac", "from-a-2", new Command.Lock(4, true), now);
    assertThrows(StaleOwnerException.class, () -> rooms().save(fromAAgain));
  }

  @Test
  @DisplayName("group commit: changes of many rooms handed in meanwhile are committed in one transaction, a stale owner's change in it is refused alone")
  void changesOfManyRoomsShareOneTransaction() throws Exception {
    int rooms = 12;
    List<RoomRecord> changes = new ArrayList<>();
    for (int i = 0; i < rooms; i++) {
      Sessions.Driver d = Sessions.teamStart("room-group-" + i, rooms()::save);
      d.run("fac", new Command.Reopen());
      RoomRecord taken = rooms().claim("room-group-" + i, "member-a").orElseThrow();
      changes.add(change(taken, "fac", "group-" + i, new Command.Lock(2, true), d.now() + 1000));
    }
    Sessions.Driver fenced = Sessions.teamStart("room-group-fenced", rooms()::save);
    fenced.run("fac", new Command.Reopen());
    RoomRecord takenByA = rooms().claim("room-group-fenced", "member-a").orElseThrow();
    rooms().claim("room-group-fenced", "member-b").orElseThrow();
    RoomRecord stale = change(takenByA, "fac", "group-stale", new Command.Lock(2, true), fenced.now() + 1000);
    Sessions.Driver held = Sessions.teamStart("room-group-held", rooms()::save);
    held.run("fac", new Command.Reopen());
    RoomRecord first = change(rooms().claim("room-group-held", "member-a").orElseThrow(), "fac", "held",
        new Command.Lock(2, true), held.now() + 1000);
    WriteStatistics before = store.writeStatistics();
    long statementsBefore = ((JdbcStore) store).writeStatements();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try (Connection other = ((JdbcStore) store).dataSource().getConnection()) {
      // Another transaction holds the first room's row: the writer waits in its transaction meanwhile.
      other.setAutoCommit(false);
      try (PreparedStatement ps = other.prepareStatement("SELECT last_seq FROM rooms WHERE room_id = ? FOR UPDATE")) {
        ps.setString(1, "room-group-held");
        ps.executeQuery().close();
      }
      java.util.concurrent.CountDownLatch handing = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.Future<?> firstSaved = pool.submit(() -> {
        handing.countDown();
        rooms().save(first);
      });
      handing.await();
      Thread.sleep(200);
      awaitWaiting(0); // the writer took it, and waits for the row in its transaction
      List<java.util.concurrent.Future<?>> saved = new ArrayList<>();
      for (RoomRecord r : changes) {
        saved.add(pool.submit(() -> rooms().save(r)));
      }
      java.util.concurrent.Future<?> staleSaved = pool.submit(() -> rooms().save(stale));
      awaitWaiting(rooms + 1);
      for (java.util.concurrent.Future<?> f : saved) {
        assertFalse(f.isDone(), "a change is answered before its transaction committed");
      }
      other.commit();
      firstSaved.get(30, java.util.concurrent.TimeUnit.SECONDS);
      for (java.util.concurrent.Future<?> f : saved) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> staleSaved.get(30, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(refused.getCause() instanceof StaleOwnerException, String.valueOf(refused.getCause()));
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < rooms; i++) {
      RoomRecord back = rooms().load("room-group-" + i).orElseThrow();
      assertEquals(changes.get(i).state.seq, back.state.seq, "room-group-" + i + " is stored");
      assertEquals(changes.get(i).state.seq, back.appliedCommands().get("fac:group-" + i));
    }
    assertFalse(rooms().load("room-group-fenced").orElseThrow().appliedCommands().containsKey("fac:group-stale"));
    WriteStatistics after = store.writeStatistics();
    assertEquals(rooms + 2, after.changes() - before.changes());
    assertEquals(2, after.batches() - before.batches(), "the held change alone, then everything handed in meanwhile");
    assertEquals(rooms + 1, after.largestBatch());
    // One statement locks the rows of all rooms, one JDBC batch writes their events, one their rows: the
    // statements of a transaction do not grow with its rooms (one per room each before).
    assertTrue(((JdbcStore) store).writeStatements() - statementsBefore <= 2 * 4,
        "statements for two transactions: " + (((JdbcStore) store).writeStatements() - statementsBefore));
  }

  @Test
  @DisplayName("the row lock is prepared once per connection, not per transaction, and still serves after a deletion")
  void rowLockPreparedOncePerConnection() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-lock-once", rooms()::save);
    d.run("fac", new Command.Reopen());
    long before = ((JdbcStore) store).lockStatementsPrepared();
    for (int i = 0; i < 40; i++) {
      d.run("fac", new Command.Lock(2, i % 2 == 0));
    }
    long prepared = ((JdbcStore) store).lockStatementsPrepared() - before;
    assertTrue(prepared <= ((JdbcStore) store).dataSource().getMaximumPoolSize(),
        "40 transactions of one room prepared the row lock " + prepared + " times");
    // A deletion (on H2 it compacts the file and the pool's connections are replaced) and the writes go on.
    Sessions.Driver other = Sessions.teamStart("room-lock-gone", rooms()::save);
    assertTrue(store.deleteRoom(other.state().roomId, "request", "organiser-key").isPresent());
    for (int i = 0; i < 5; i++) {
      d.run("fac", new Command.Lock(3, i % 2 == 0));
    }
    assertEquals(tree(d.state()), tree(rooms().load("room-lock-once").orElseThrow().state));
  }

  @Test
  @DisplayName("the organiser's list follows the room: a change that leaves the listed columns alone writes only the seq, the next one that changes them is listed")
  void roomRowFollowsTheRoom() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-row", rooms()::save);
    assertListed(d.state());
    d.run("fac", new Command.Reopen());
    assertListed(d.state());
    d.run("fac", new Command.Lock(2, true));
    d.run("fac", new Command.Lock(3, true));
    assertEquals(d.state().seq, storedSeq("room-row"), "a change that leaves the listed columns alone stores its seq");
    d.run(null, new Command.Join("p9", "Sanne Visser", "Gemeente Delft", "", nl.werkplaats.room.Role.PARTICIPANT,
        "ab".repeat(32)));
    assertListed(d.state());
    d.run("fac", new Command.Lock(2, false));
    d.run("fac", new Command.End());
    assertListed(d.state());
    assertEquals(2, store.roomAccess("room-row").orElseThrow().endCount());
    assertEquals(d.state().seq, newestSnapshot("room-row"), "the change that ends the room writes a snapshot");
    restart();
    assertListed(d.state());
    assertEquals(d.state().seq, storedSeq("room-row"));
  }

  private void assertListed(RoomState s) {
    Store.RoomListing listed = store.listRooms().stream().filter(r -> r.roomId().equals(s.roomId)).findFirst().orElseThrow();
    long present = s.participants.values().stream().filter(p -> !p.removed()).count();
    assertEquals(present, listed.participants(), "participants listed");
    assertEquals(DomainJson.MAPPER.convertValue(s.status, String.class), listed.status(), "status listed");
    assertEquals(s.endedAt, listed.endedAt(), "end listed");
  }

  private long newestSnapshot(String roomId) throws SQLException {
    return count("SELECT MAX(seq) FROM room_snapshots WHERE room_id = ?", roomId);
  }

  private long storedSeq(String roomId) throws SQLException {
    return count("SELECT last_seq FROM rooms WHERE room_id = ?", roomId);
  }

  /** Waits until exactly {@code n} changes wait for the writer to take them. */
  private void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (((JdbcStore) store).waitingWrites() != n) {
      assertTrue(System.currentTimeMillis() < deadline, "changes waiting: " + ((JdbcStore) store).waitingWrites());
      Thread.sleep(5);
    }
  }

  @Test
  @DisplayName("a change to a room that was deleted after a member took it is refused: the deletion sticks")
  void deletedRoomIsNotBroughtBack() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-gone-for-good", rooms()::save);
    d.run("fac", new Command.Reopen());
    RoomRecord taken = rooms().claim("room-gone-for-good", "member-a").orElseThrow();
    store.deleteRoom("room-gone-for-good", "request", "organiser");
    RoomRecord late = change(taken, "fac", "late", new Command.Lock(2, !taken.state.runtime.get(2).locked()), d.now() + 1000);
    assertThrows(StaleOwnerException.class, () -> rooms().save(late));
    assertTrue(store.loadRoom("room-gone-for-good").isEmpty());
    assertTrue(rooms().claim("room-gone-for-good", "member-b").isEmpty());
  }

  @Test
  @DisplayName("a deleted room leaves a tombstone: not even a new room under its id, nor a take, brings it back; a receipt")
  void deletionLeavesTombstone() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-tomb", rooms()::save);
    Store.Deletion receipt = store.deleteRoom("room-tomb", "request", "organiser-key").orElseThrow();
    assertEquals("room-tomb", receipt.roomId());
    assertEquals("organiser-key", receipt.byRole());
    assertTrue(receipt.what().contains("room (1)"), receipt.what());
    // A member that still holds the room from before (epoch 0: as first stored) stores it whole again.
    RoomRecord again = RoomRecord.of(d.state());
    again.epoch = 1;
    assertThrows(StaleOwnerException.class, () -> rooms().save(again));
    assertTrue(store.loadRoom("room-tomb").isEmpty());
    assertTrue(rooms().claim("room-tomb", "member-a").isEmpty());
    assertTrue(store.deleteRoom("room-tomb", "request", "organiser-key").isEmpty(), "nothing left to delete");
    assertThrows(IllegalStateException.class, () -> store.saveSummary(summary("room-tomb", 1, "late")),
        "a summary frozen from the room as read before the deletion is not stored after it");
    assertTrue(store.listSummaries("room-tomb").isEmpty());
  }

  @Test
  @DisplayName("a summary stored while its room is deleted is deleted with it or refused: never left behind")
  void summaryRacingTheDeletionIsNotLeftBehind() throws Exception {
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 30; i++) {
        String roomId = "room-race-" + i;
        Sessions.checklist(roomId, rooms()::save);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Future<?> freezing = two.submit(() -> {
          together.await();
          try {
            store.saveSummary(summary(roomId, 1, "frozen at the end"));
          } catch (RuntimeException refusedAfterTheDeletion) {
            // the deletion came first: refused, as it must be
          }
          return null;
        });
        java.util.concurrent.Future<?> deleting = two.submit(() -> {
          together.await();
          return store.deleteRoom(roomId, "retention", "system");
        });
        freezing.get();
        deleting.get();
        assertTrue(store.listSummaries(roomId).isEmpty(), "round " + i + ": the summary outlived its room's deletion");
      }
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  @DisplayName("expiredRooms lists what the purge would delete, without deleting it")
  void expiredRooms() {
    Sessions.Driver ended = Sessions.checklist("room-exp", rooms()::save);
    long endedAt = ended.state().endedAt;
    assertFalse(store.expiredRooms(endedAt + 364 * DAY).contains("room-exp"));
    assertTrue(store.expiredRooms(endedAt + 365 * DAY + 1).contains("room-exp"));
    assertTrue(store.loadRoom("room-exp").isPresent());
  }

  @Test
  @DisplayName("the history hash survives a reload: a room read back from the store has the chain it was saved with")
  void chainSurvivesReload() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-chain", rooms()::save);
    RoomRecord back = rooms().load("room-chain").orElseThrow();
    assertEquals(d.record.chain, back.chain);
    assertEquals(d.record.state.seq, back.log.get(back.log.size() - 1).seq());
    assertEquals(d.record.chain, back.log.get(back.log.size() - 1).chain());
    RoomRecord afterRestart = new RoomStorage(restart()).load("room-chain").orElseThrow();
    assertEquals(d.record.chain, afterRestart.chain);
  }

  @Test
  @DisplayName("a command retried after a full restart is recognised and not applied twice")
  void retryAfterRestart() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-retry", rooms()::save);
    d.run("fac", new Command.Reopen());
    RoomRecord record = rooms().load("room-retry").orElseThrow();
    Map.Entry<String, RoomRecord> entry = new AbstractMap.SimpleEntry<>("room-retry", record);
    ApplyCommand lock = new ApplyCommand("fac", "lock-7", new Command.Lock(3, true), d.now() + 1000);
    Outcome first = lock.apply(entry, new RoomOwner("member-a", store));
    assertEquals(Outcome.Kind.APPLIED, first.kind());
    rooms().save(entry.getValue());

    restart();
    RoomRecord afterRestart = rooms().load("room-retry").orElseThrow();
    assertEquals(first.seq(), afterRestart.appliedCommands().get("fac:lock-7"));
    Map.Entry<String, RoomRecord> again = new AbstractMap.SimpleEntry<>("room-retry", afterRestart);
    Outcome second = lock.apply(again, new RoomOwner("member-b", store));
    assertEquals(Outcome.Kind.DUPLICATE, second.kind());
    assertEquals(first.seq(), second.seq());
    assertEquals(first.seq(), afterRestart.state.seq);
  }

  @Test
  @DisplayName("join codes, room listing (newest first) and room access")
  void lookups() {
    Sessions.Driver a = Sessions.checklist("room-a", rooms()::save);
    Sessions.Driver b = Sessions.teamStart("room-b", rooms()::save);
    assertEquals("room-a", store.roomIdForJoinCode(a.state().joinCode).orElseThrow());
    assertEquals("room-b", store.roomIdForJoinCode(b.state().joinCode).orElseThrow());
    assertTrue(store.roomIdForJoinCode("nope").isEmpty());
    List<Store.RoomListing> rooms = store.listRooms();
    assertEquals(2, rooms.size());
    Store.RoomListing listing = rooms.stream().filter(r -> r.roomId().equals("room-a")).findFirst().orElseThrow();
    assertEquals("checklist-samen-data-delen", listing.templateId());
    assertEquals("ended", listing.status());
    assertEquals(5, listing.participants(), "facilitator, three participants and an observer; none removed");
    assertTrue(listing.endedAt() > listing.createdAt());
    Store.RoomAccess access = store.roomAccess("room-b").orElseThrow();
    assertEquals(Sessions.sha256Hex(Sessions.ORGANISER_TOKEN), access.organiserTokenHash());
    assertEquals(Sessions.sha256Hex(Sessions.FACILITATOR_TOKEN), access.facilitatorTokenHash());
    assertEquals(1, access.endCount());
    assertTrue(store.roomAccess("nope").isEmpty());
  }

  @Test
  @DisplayName("deleting a room removes events, snapshots and summaries and leaves an audit line without personal data")
  void delete() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-del", rooms()::save);
    store.saveSummary(summary("room-del", 1, "a"));
    Sessions.checklist("room-keep", rooms()::save);
    store.deleteRoom("room-del", "request", "organiser-token");
    assertTrue(store.loadRoom("room-del").isEmpty());
    assertTrue(store.listSummaries("room-del").isEmpty());
    assertTrue(store.roomIdForJoinCode(d.state().joinCode).isEmpty());
    assertEquals(0, count("SELECT COUNT(*) FROM room_events WHERE room_id = ?", "room-del"));
    assertEquals(0, count("SELECT COUNT(*) FROM room_snapshots WHERE room_id = ?", "room-del"));
    assertTrue(store.loadRoom("room-keep").isPresent());
    Store.Deletion line = store.deletions().get(0);
    assertEquals("room-del", line.roomId());
    assertEquals("organiser-token", line.byRole());
    assertEquals("request", line.reason());
    assertTrue(line.what().contains("summaries (1)"), line.what());
    assertFalse(line.what().contains("Gouda") || line.what().contains("Anouk"), "no personal data: " + line.what());
  }

  @Test
  @DisplayName("expiredRooms: rooms ended (or, never ended, created) longer ago than the retention; deleted as retention by the system")
  void retention() {
    Sessions.Driver ended = Sessions.checklist("room-old-ended", rooms()::save); // ends on T0 + ~40 min
    Sessions.Driver running = new Sessions.Driver(
        nl.werkplaats.room.Room.create("room-old-open", "Nooit beëindigd", "t", 1, "nl", false, "OPEN1",
            List.of(nl.werkplaats.room.StepSpec.simple("welcome", nl.werkplaats.room.StepType.INFO, 60)),
            "fh", "oh", Sessions.T0),
        rooms()::save);
    assertNotNull(running);
    long endedAt = ended.state().endedAt;
    assertEquals(List.of(), store.expiredRooms(endedAt + 364 * DAY), "nothing has passed the 365 days");
    assertEquals(List.of("room-old-open"), store.expiredRooms(Sessions.T0 + 365 * DAY + 1), "the never-ended room, created on T0");
    assertEquals(java.util.Set.of("room-old-open", "room-old-ended"),
        java.util.Set.copyOf(store.expiredRooms(endedAt + 365 * DAY + 1)));
    for (String roomId : store.expiredRooms(endedAt + 365 * DAY + 1)) {
      store.deleteRoom(roomId, "retention", "system");
    }
    assertTrue(store.loadRoom("room-old-open").isEmpty());
    assertTrue(store.loadRoom("room-old-ended").isEmpty());
    assertEquals(List.of("retention", "retention"), store.deletions().stream().map(Store.Deletion::reason).toList());
    assertEquals("system", store.deletions().get(0).byRole());
  }

  @Test
  @DisplayName("templates: stored per id and version, the same upload again is fine, other content is refused")
  void templates() {
    String json = Sessions.templateJson("data-team-start");
    store.saveTemplate("data-team-start", 1, json);
    store.saveTemplate("data-team-start", 1, json);
    assertEquals(json, store.loadTemplate("data-team-start", 1).orElseThrow());
    assertTrue(store.loadTemplate("data-team-start", 2).isEmpty());
    assertThrows(IllegalStateException.class, () -> store.saveTemplate("data-team-start", 1, "{\"other\":true}"));
    store.saveTemplate("data-team-start", 2, "{\"v\":2}");
    assertEquals(List.of(json, "{\"v\":2}"), store.listTemplates());
  }

  @Test
  @DisplayName("a frozen summary is never overwritten; evaluations list the newest version per room")
  void summaries() {
    Sessions.checklist("room-sum", rooms()::save);
    StoredSummary first = store.saveSummary(summary("room-sum", 1, "first"));
    StoredSummary again = store.saveSummary(summary("room-sum", 1, "second"));
    assertArrayEquals(first.canonical(), again.canonical());
    assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), store.loadSummary("room-sum", 1).orElseThrow().canonical());
    store.saveSummary(summary("room-sum", 2, "v2"));
    assertEquals(List.of(1, 2), store.listSummaries("room-sum").stream().map(Store.SummaryInfo::version).toList());
    List<Store.EvaluationMark> marks = store.evaluations("checklist-samen-data-delen");
    assertEquals(1, marks.size());
    assertEquals(2, marks.get(0).version());
    assertEquals("7.50", marks.get(0).average());
    assertEquals("Datadelen jeugdzorg Gouda–Zuid-Holland", marks.get(0).title());
    assertTrue(store.evaluations("other").isEmpty());
  }

  private static StoredSummary summary(String roomId, int version, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new StoredSummary(roomId, version, nl.werkplaats.summary.Canonical.sha256(bytes), bytes,
        Sessions.T0 + version, "checklist-samen-data-delen", 1, "nl", version == 2 ? "7.50" : "8.00", 4);
  }

  @Test
  @DisplayName("state that stays on the server (credentials) survives the round trip")
  void internalFields() throws Exception {
    Sessions.Driver d = Sessions.teamStart("room-int", rooms()::save);
    RoomState loaded = rooms().load("room-int").orElseThrow().state;
    assertEquals(d.state().credentials, loaded.credentials);
    assertEquals(d.state().organiserTokenHash, loaded.organiserTokenHash);
  }
}

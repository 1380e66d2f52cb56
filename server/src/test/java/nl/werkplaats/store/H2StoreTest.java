package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.cluster.RoomStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContract {
  @TempDir
  Path base;
  private Path dir;
  private int n;

  @Override
  protected Store newStore() {
    dir = base.resolve("data-" + (++n));
    return H2Store.open(dir, 365);
  }

  @Override
  protected Store reopen() {
    return H2Store.open(dir, 365);
  }

  @Test
  @DisplayName("the embedded store is one file under the data directory and cannot be shared by a cluster")
  void fileAndNotShareable() {
    assertFalse(store.shareable());
    assertTrue(Files.exists(dir.resolve(H2Store.FILE_NAME + ".mv.db")));
  }

  @Test
  @DisplayName("an online backup restores to the same rooms")
  void backup() throws Exception {
    nl.werkplaats.testsupport.Sessions.Driver d = nl.werkplaats.testsupport.Sessions.checklist("room-bak", new RoomStorage(store)::save);
    Path zip = base.resolve("backup.zip");
    ((H2Store) store).backupTo(zip);
    Path restored = base.resolve("restored");
    Files.createDirectories(restored);
    try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Files.copy(in, restored.resolve(e.getName()));
      }
    }
    try (Store back = H2Store.open(restored, 365)) {
      assertEquals(json(d.state()), json(new RoomStorage(back).load("room-bak").orElseThrow().state));
    }
  }

  private String fileText() throws java.io.IOException {
    return new String(Files.readAllBytes(dir.resolve(H2Store.FILE_NAME + ".mv.db")), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  @DisplayName("finding 13: a deleted room's text does not stay in the database file once the store has stopped")
  void deletedTextLeavesTheFile() throws Exception {
    String gone = "Vertrouwelijk-" + java.util.UUID.randomUUID();
    String kept = "Blijft-" + java.util.UUID.randomUUID();
    for (String[] room : new String[][] {{"room-scrub", gone}, {"room-stays", kept}}) {
      new nl.werkplaats.testsupport.Sessions.Driver(
          nl.werkplaats.room.Room.create(room[0], room[1], "t", 1, "nl", false, null,
              java.util.List.of(nl.werkplaats.room.StepSpec.simple("welcome", nl.werkplaats.room.StepType.INFO, 60)),
              "fh", "oh", nl.werkplaats.testsupport.Sessions.T0),
          new RoomStorage(store)::save);
    }
    assertTrue(fileText().contains(gone), "the check can see a room's text in the file");
    store.deleteRoom("room-scrub", "request", "organiser-key");
    String running = fileText();
    assertTrue(running.contains(kept), "the room kept is still there");
    assertFalse(running.contains(gone), "the deleted room's title is gone from the file while the server runs");
    store.close();
    assertFalse(fileText().contains(gone), "and after it stopped");
    store = reopen();
    assertTrue(store.loadRoom("room-stays").isPresent());
    assertTrue(store.loadRoom("room-scrub").isEmpty());
  }

  /** The newest migration of the embedded store before version {@code version}. */
  private static String versionBefore(int version) throws Exception {
    Path migrations = Path.of(H2StoreTest.class.getResource("/db/migration/h2").toURI());
    try (var files = Files.list(migrations)) {
      return String.valueOf(files.map(f -> f.getFileName().toString())
          .filter(f -> f.matches("V\\d+__.*\\.sql"))
          .mapToInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__"))))
          .filter(v -> v < version).max().orElseThrow());
    }
  }

  private static String[] eventColumn(Store store) throws java.sql.SQLException {
    try (var c = ((JdbcStore) store).dataSource().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT DATA_TYPE, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
            + "WHERE TABLE_NAME = 'ROOM_EVENTS' AND COLUMN_NAME = 'EVENT'")) {
      assertTrue(rs.next());
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  private static int eventsLongerThan(Store store, int bytes) throws java.sql.SQLException {
    try (var c = ((JdbcStore) store).dataSource().getConnection();
        var ps = c.prepareStatement("SELECT COUNT(*) FROM room_events WHERE OCTET_LENGTH(event) > ?")) {
      ps.setInt(1, bytes);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  @DisplayName("events are stored in their rows, and a database whose events were CLOBs migrates, loads and resumes")
  void eventsWrittenAsClobsSurviveTheMigration() throws Exception {
    assertEquals("CHARACTER VARYING", eventColumn(store)[0], "an event is kept in its row, not in H2's LOB maps");
    store.close();
    dir = base.resolve("written-before-v8");
    nl.werkplaats.testsupport.Sessions.Driver d;
    try (Store old = H2Store.open(dir, 365, versionBefore(8))) {
      assertEquals("CHARACTER LARGE OBJECT", eventColumn(old)[0], "the schema as releases before V8 left it");
      d = nl.werkplaats.testsupport.Sessions.checklist("room-clob", new RoomStorage(old)::save);
      assertTrue(eventsLongerThan(old, 256) > 0, "some events were long enough to be stored out of the row");
    }
    store = reopen();
    assertEquals("CHARACTER VARYING", eventColumn(store)[0]);
    assertEquals("NO", eventColumn(store)[1], "still NOT NULL");

    RoomStorage rooms = new RoomStorage(store);
    RoomRecord loaded = rooms.load("room-clob").orElseThrow();
    assertEquals(tree(d.state()), tree(loaded.state), "the state replayed from the migrated events");
    assertEquals(json(d.record.log), json(loaded.log), "every event read back, for resuming clients");
    assertEquals(d.record.appliedCommands(), loaded.appliedCommands());
    assertEquals(d.record.chain, loaded.chain);

    // The room goes on after the migration: a member takes it, reopens it and a participant joins (an event
    // of more than 256 bytes, now in its row); after a restart all of it loads back.
    var entry = new java.util.AbstractMap.SimpleEntry<>("room-clob", loaded);
    var owner = new nl.werkplaats.cluster.RoomOwner("member-a", store);
    long now = d.now() + 60_000;
    assertEquals(nl.werkplaats.cluster.Outcome.Kind.APPLIED, new nl.werkplaats.cluster.ApplyCommand("fac", "reopen-1",
        new nl.werkplaats.room.Command.Reopen(), now).apply(entry, owner).kind());
    assertEquals(nl.werkplaats.cluster.Outcome.Kind.APPLIED, new nl.werkplaats.cluster.ApplyCommand(null, "join-9",
        new nl.werkplaats.room.Command.Join("p-after-the-migration-000", "Sanne van den Berg-Oudshoorn",
            "Hoogheemraadschap van Delfland", "informatiemanager", nl.werkplaats.room.Role.PARTICIPANT,
            nl.werkplaats.testsupport.Sessions.sha256Hex("p-9")), now + 1).apply(entry, owner).kind());
    store.close();
    store = reopen();
    RoomRecord again = new RoomStorage(store).load("room-clob").orElseThrow();
    assertEquals(tree(entry.getValue().state), tree(again.state));
    assertEquals(json(entry.getValue().log), json(again.log));
    assertEquals(entry.getValue().appliedCommands(), again.appliedCommands());
    assertTrue(again.state.participants.containsKey("p-after-the-migration-000"));
  }
}

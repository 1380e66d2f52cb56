package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}

package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.Store;
import nl.werkplaats.store.Store.StoredSummary;
import nl.werkplaats.testsupport.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freezing through {@link SummaryService} on a real (H2) store: versions, immutability, verification. */
class FreezeTest {
  @TempDir
  Path dir;
  Store store;
  SummaryService service;

  @BeforeEach
  void open() {
    store = H2Store.open(dir, 365);
    service = new SummaryService(store, (id, version) -> Optional.of(Sessions.templateJson(id)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("end: version 1; reopen, change and end again: version 2; version 1 unchanged")
  void versions() {
    Sessions.Driver d = Sessions.checklist("room-v", new RoomStorage(store)::save);
    StoredSummary v1 = service.ensureFrozen(d.state()).orElseThrow();
    assertEquals(1, v1.version());
    byte[] v1Bytes = v1.canonical().clone();

    d.run("fac", new Command.Reopen());
    d.run("fac", new Command.Resume());
    d.run("fac", new Command.GoToStep(1));
    d.run("fac", new Command.SetStatus(1, ChecklistStatus.OPEN));
    assertTrue(service.ensureFrozen(d.state()).isEmpty(), "a reopened room has nothing new to freeze");
    d.run("fac", new Command.End());
    StoredSummary v2 = service.ensureFrozen(d.state()).orElseThrow();
    assertEquals(2, v2.version());
    assertNotEquals(v1.sha256(), v2.sha256());
    assertEquals("open", Summary.fromCanonical(v2.canonical()).root().path("steps").get(1).path("status").asText());

    StoredSummary v1Again = store.loadSummary("room-v", 1).orElseThrow();
    assertArrayEquals(v1Bytes, v1Again.canonical());
    assertEquals(v1.sha256(), v1Again.sha256());
    assertEquals("agreed", Summary.fromCanonical(v1Again.canonical()).root().path("steps").get(1).path("status").asText());
    assertEquals(List.of(1, 2), service.list("room-v").stream().map(Store.SummaryInfo::version).toList());
  }

  @Test
  @DisplayName("two freezes of the same version at the same moment both succeed with the one stored summary")
  void concurrentFreezes() throws Exception {
    Sessions.Driver d = Sessions.checklist("room-race", new RoomStorage(store)::save);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<StoredSummary>> freezes = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          freezes.add(pool.submit(() -> {
            go.await();
            return service.ensureFrozen(d.state()).orElseThrow();
          }));
        }
        go.countDown();
        for (var f : freezes) {
          String frozen = f.get().sha256();
          assertEquals(store.loadSummary("room-race", 1).orElseThrow().sha256(), frozen);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  @DisplayName("freezing the same version again returns the stored one and never overwrites it")
  void idempotent() {
    Sessions.Driver d = Sessions.teamStart("room-i", new RoomStorage(store)::save);
    StoredSummary first = service.freeze(d.state(), Sessions.templateJson("data-team-start"));
    d.state().title = "Changed behind its back";
    StoredSummary second = service.freeze(d.state(), Sessions.templateJson("data-team-start"));
    assertArrayEquals(first.canonical(), second.canonical());
    assertFalse(new String(store.loadSummary("room-i", 1).orElseThrow().canonical(), StandardCharsets.UTF_8)
        .contains("Changed behind its back"));
  }

  @Test
  @DisplayName("the hash is stable across a store reload and a rebuild from the reloaded room")
  void stableAfterReload() {
    Sessions.Driver d = Sessions.checklist("room-s", new RoomStorage(store)::save);
    StoredSummary frozen = service.ensureFrozen(d.state()).orElseThrow();
    store.close();
    store = H2Store.open(dir, 365);
    var reloaded = new RoomStorage(store).load("room-s").orElseThrow().state;
    Summary rebuilt = Summary.of(reloaded, Sessions.template("checklist-samen-data-delen"));
    assertEquals(frozen.sha256(), rebuilt.sha256());
    StoredSummary stored = store.loadSummary("room-s", 1).orElseThrow();
    assertEquals(frozen.sha256(), Canonical.sha256(stored.canonical()));
  }

  @Test
  @DisplayName("verify: the downloaded JSON is valid, re-indented still valid, one changed byte is not")
  void verify() {
    Sessions.Driver d = Sessions.checklist("room-x", new RoomStorage(store)::save);
    service.ensureFrozen(d.state()).orElseThrow();
    byte[] json = service.render("room-x", 1, Format.JSON).orElseThrow();
    SummaryService.Verification ok = service.verify(json);
    assertTrue(ok.valid(), ok.reason());
    assertEquals("room-x", ok.roomId());
    assertEquals(1, ok.version());

    String pretty = Canonical.parse(json).toPrettyString();
    assertTrue(service.verify(pretty.getBytes(StandardCharsets.UTF_8)).valid(), "formatting is not content");

    String text = new String(json, StandardCharsets.UTF_8);
    int at = text.indexOf("\"agreed\"");
    byte[] tampered = (text.substring(0, at) + "\"agreeD\"" + text.substring(at + 8)).getBytes(StandardCharsets.UTF_8);
    SummaryService.Verification bad = service.verify(tampered);
    assertFalse(bad.valid());
    assertEquals("the content differs from the frozen summary", bad.reason());

    byte[] oneByte = json.clone();
    int i = text.indexOf("Convenant");
    oneByte[i] = 'K';
    assertFalse(service.verify(oneByte).valid());
    assertFalse(service.verify("not json".getBytes(StandardCharsets.UTF_8)).valid());
    assertFalse(service.verify("{\"room\":{\"id\":\"nope\"},\"version\":1}".getBytes(StandardCharsets.UTF_8)).valid());
  }

  @Test
  @DisplayName("a room that never ended has nothing to freeze")
  void notEnded() {
    var s = Room.create("room-n", "Open", "t", 1, "nl", false, "N1", List.of(StepSpec.simple("a", StepType.INFO, 60)),
        "f", "o", Sessions.T0);
    assertTrue(service.ensureFrozen(s).isEmpty());
    assertThrows(IllegalStateException.class, () -> service.freeze(s, null));
  }

  @Test
  @DisplayName("evaluation marks over time: per template, each ended session's newest version")
  void evaluations() {
    Sessions.Driver a = Sessions.checklist("room-e1", new RoomStorage(store)::save);
    service.ensureFrozen(a.state());
    Sessions.Driver b = Sessions.teamStart("room-e2", new RoomStorage(store)::save);
    service.ensureFrozen(b.state());
    List<Store.EvaluationMark> marks = store.evaluations("checklist-samen-data-delen");
    assertEquals(1, marks.size());
    assertEquals("8.00", marks.get(0).average());
    assertEquals(3, marks.get(0).count());
    assertEquals(a.state().endedAt, marks.get(0).endedAt());
    assertEquals("7.00", store.evaluations("data-team-start").get(0).average());
  }
}

package nl.werkplaats.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.BacklogStatus;
import nl.werkplaats.store.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link ProjectStore} must do on every database; run on the embedded H2 and on a real PostgreSQL. */
abstract class ProjectStoreContract {
  protected JdbcStore store;
  private ProjectStore projects;
  private long now = 1_764_000_000_000L;

  /** A store on a fresh, empty database. */
  protected abstract JdbcStore newStore();

  /** The same database opened again (as after a restart). */
  protected abstract JdbcStore reopen();

  @BeforeEach
  void open() {
    store = newStore();
    projects = new ProjectStore(store, () -> now);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void restart() {
    store.close();
    store = reopen();
    projects = new ProjectStore(store, () -> now);
  }

  private static Project project(String id, String... partners) {
    return new Project(id, "Project " + id, "", List.of(partners), List.of("organiser-key"), 1L);
  }

  private static BacklogItem item(String id, String projectId, String room, String what) {
    return new BacklogItem(id, projectId, what, "", "", null, BacklogStatus.OPEN, "", room, "tasks", "agreement",
        "Sessie – Afspraken", 5L, 5L);
  }

  private static Map<String, String> changes(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("a project keeps its partners in order, its sessions and organisers, across a restart")
  void roundTrip() {
    projects.create(project("pr-1", "Gemeente Utrecht", "Provincie Utrecht", "GGD Regio Utrecht"));
    projects.addSession("pr-1", "r-1");
    assertTrue(projects.addOrganiser("pr-1", "anna@utrecht.nl"));
    assertFalse(projects.addOrganiser("pr-1", "anna@utrecht.nl"), "shared once");
    restart();
    Project p = projects.find("pr-1").orElseThrow();
    assertEquals(List.of("Gemeente Utrecht", "Provincie Utrecht", "GGD Regio Utrecht"), p.partners());
    assertEquals(List.of("organiser-key", "anna@utrecht.nl"), p.organisers());
    assertEquals(List.of("r-1"), projects.sessions("pr-1"));
    assertEquals("pr-1", projects.projectOfRoom("r-1").orElseThrow());
  }

  @Test
  @DisplayName("a session's end is written to the backlog once: items once per origin, a review applied once")
  void harvestOnce() {
    projects.create(project("pr-1", "Gemeente Utrecht"));
    projects.addSession("pr-1", "r-1");
    Harvest first = new Harvest(List.of(new Harvest.NewItem(item("b-1", "pr-1", "r-1", "DPIA"), "a-1")), List.of());
    assertTrue(projects.harvest("pr-1", "r-1", 1, first));
    assertFalse(projects.harvest("pr-1", "r-1", 1, first), "the same end again writes nothing");
    Harvest again = new Harvest(List.of(new Harvest.NewItem(item("b-2", "pr-1", "r-1", "DPIA"), "a-1")), List.of());
    assertTrue(projects.harvest("pr-1", "r-1", 2, again), "a later end is written");
    assertEquals(1, projects.items("pr-1").size(), "one item per origin");

    projects.addSession("pr-1", "r-2");
    now += 1000;
    Harvest review = new Harvest(List.of(), List.of(new Harvest.Review("b-1", changes("status", "done", "note", "klaar"))));
    assertTrue(projects.harvest("pr-1", "r-2", 1, review));
    assertFalse(projects.harvest("pr-1", "r-2", 1, review));
    BacklogItem done = projects.item("pr-1", "b-1").orElseThrow();
    assertEquals(BacklogStatus.DONE, done.status());
    assertEquals("klaar", done.note());
    assertEquals(now, done.updatedAt());
    List<String> history = projects.history("pr-1", "b-1").stream().map(c -> c.field() + ":" + c.to() + ":" + c.by()).toList();
    assertEquals(List.of("created:DPIA:session r-1", "status:done:session r-2", "note:klaar:session r-2"), history);
  }

  @Test
  @DisplayName("a change touches only an item of its own project, with a history row per field that changed")
  void changes() {
    projects.create(project("pr-1", "Gemeente Utrecht"));
    projects.create(project("pr-2", "Gemeente Zeist"));
    projects.add(item("b-1", "pr-1", "", "Verwerkersovereenkomst"), "m-1", "organiser-key");
    assertTrue(projects.change("pr-2", "b-1", changes("status", "done"), "organiser-key").isEmpty());
    assertEquals(BacklogStatus.OPEN, projects.item("pr-1", "b-1").orElseThrow().status());
    projects.change("pr-1", "b-1", changes("status", "open", "ownerPerson", "Piet", "due", "2027-01-31"), "organiser-key");
    List<String> fields = projects.history("pr-1", "b-1").stream().map(BacklogItem.Change::field).toList();
    assertEquals(List.of("created", "ownerPerson", "due"), fields, "an unchanged status writes no row");
    assertTrue(projects.history("pr-2", "b-1").isEmpty(), "another project sees no history of it");

    projects.addSession("pr-2", "r-9");
    projects.harvest("pr-2", "r-9", 1, new Harvest(List.of(), List.of(new Harvest.Review("b-1", changes("status", "dropped")))));
    assertEquals(BacklogStatus.OPEN, projects.item("pr-1", "b-1").orElseThrow().status(),
        "a review in another project's session cannot change this project's item");
  }

  @Test
  @DisplayName("deleting a project deletes all of it and leaves one audit line without personal data")
  void deletion() {
    projects.create(project("pr-1", "Gemeente Utrecht", "Provincie Utrecht"));
    projects.addSession("pr-1", "r-1");
    projects.add(item("b-1", "pr-1", "r-1", "Piet regelt de DPIA"), "a-1", "session r-1");
    String what = projects.delete("pr-1", "request", "organiser").orElseThrow();
    assertEquals("project (1), partners (2), sessions (1), backlog items (1), backlog history (1)", what);
    assertTrue(projects.find("pr-1").isEmpty());
    assertTrue(projects.items("pr-1").isEmpty());
    assertTrue(projects.projectOfRoom("r-1").isEmpty());
    assertTrue(projects.delete("pr-1", "request", "organiser").isEmpty());
    var line = store.deletions().get(0);
    assertEquals("pr-1", line.roomId());
    assertFalse(line.what().contains("Piet"));
  }
}

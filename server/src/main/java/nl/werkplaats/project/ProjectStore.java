package nl.werkplaats.project;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import nl.werkplaats.room.BacklogStatus;
import nl.werkplaats.store.JdbcStore;

/**
 * Projects, their partners and sessions, and the shared backlog with its history, in the store's database
 * (tables of V5__projects_and_backlog.sql), through the store's transactions. Calls block; every call is one
 * transaction.
 */
public final class ProjectStore {
  private final JdbcStore store;
  private final LongSupplier clock;

  public ProjectStore(JdbcStore store) {
    this(store, System::currentTimeMillis);
  }

  ProjectStore(JdbcStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One transaction of the store (its gate: an embedded database's compaction waits for it, and it for that). */
  private <T> T tx(JdbcStore.Work<T> work, String what) {
    return store.inTransaction(work, what);
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  private static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  private static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ projects

  public void create(Project p) {
    tx(c -> {
      update(c, "INSERT INTO projects (project_id, title, description, created_at) VALUES (?, ?, ?, ?)",
          p.id(), p.title(), p.description(), p.createdAt());
      for (int i = 0; i < p.partners().size(); i++) {
        update(c, "INSERT INTO project_partners (project_id, ordinal, name) VALUES (?, ?, ?)", p.id(), i, p.partners().get(i));
      }
      for (String o : p.organisers()) {
        update(c, "INSERT INTO project_organisers (project_id, organiser, added_at) VALUES (?, ?, ?)", p.id(), o, p.createdAt());
      }
      return null;
    }, "create project " + p.id());
  }

  public Optional<Project> find(String projectId) {
    return tx(c -> Optional.ofNullable(find(c, projectId)), "load project " + projectId);
  }

  private static Project find(Connection c, String projectId) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT title, description, created_at FROM projects WHERE project_id = ?", projectId);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return new Project(projectId, rs.getString(1), rs.getString(2),
          strings(c, "SELECT name FROM project_partners WHERE project_id = ? ORDER BY ordinal", projectId),
          strings(c, "SELECT organiser FROM project_organisers WHERE project_id = ? ORDER BY added_at, organiser", projectId),
          rs.getLong(3));
    }
  }

  /** Every project, newest first. */
  public List<Project> list() {
    return tx(c -> {
      List<Project> out = new ArrayList<>();
      for (String id : strings(c, "SELECT project_id FROM projects ORDER BY created_at DESC, project_id")) {
        out.add(find(c, id));
      }
      return out;
    }, "list projects");
  }

  /** Shares a project with one more organiser; answers false when it was shared with them already. */
  public boolean addOrganiser(String projectId, String organiser) {
    return tx(c -> {
      if (!strings(c, "SELECT organiser FROM project_organisers WHERE project_id = ? AND organiser = ?", projectId, organiser).isEmpty()) {
        return false;
      }
      update(c, "INSERT INTO project_organisers (project_id, organiser, added_at) VALUES (?, ?, ?)", projectId, organiser,
          clock.getAsLong());
      return true;
    }, "share project " + projectId);
  }

  // ------------------------------------------------------------------------------------------ sessions

  public void addSession(String projectId, String roomId) {
    tx(c -> update(c, "INSERT INTO project_sessions (room_id, project_id, created_at, harvested_end_count) VALUES (?, ?, ?, 0)",
        roomId, projectId, clock.getAsLong()), "add session " + roomId);
  }

  /** The project's sessions (room ids), oldest first. */
  public List<String> sessions(String projectId) {
    return tx(c -> strings(c, "SELECT room_id FROM project_sessions WHERE project_id = ? ORDER BY created_at, room_id",
        projectId), "list sessions of " + projectId);
  }

  /** The last end of the session written to the backlog (0: none yet), or -1 when it is no session of a project. */
  public int harvestedEndCount(String roomId) {
    return tx(c -> strings(c, "SELECT harvested_end_count FROM project_sessions WHERE room_id = ?", roomId).stream()
        .findFirst().map(Integer::parseInt).orElse(-1), "read the backlog state of " + roomId);
  }

  /** Every session of a project: room id to project id, in one read. */
  public Map<String, String> projectOfEveryRoom() {
    return tx(c -> {
      Map<String, String> out = new java.util.HashMap<>();
      try (PreparedStatement ps = prepare(c, "SELECT room_id, project_id FROM project_sessions"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    }, "list the sessions of every project");
  }

  public Optional<String> projectOfRoom(String roomId) {
    return tx(c -> strings(c, "SELECT project_id FROM project_sessions WHERE room_id = ?", roomId).stream().findFirst(),
        "find the project of " + roomId);
  }

  // ------------------------------------------------------------------------------------------ backlog

  private static final String ITEM_COLUMNS = "item_id, project_id, what, owner_organisation, owner_person, due, status, "
      + "note, origin_room, origin_step, origin_kind, origin_label, created_at, updated_at";

  private static BacklogItem item(ResultSet rs) throws SQLException {
    return new BacklogItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), BacklogStatus.fromWire(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getLong(13), rs.getLong(14));
  }

  private static List<BacklogItem> items(Connection c, String where, Object... params) throws SQLException {
    List<BacklogItem> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, "SELECT " + ITEM_COLUMNS + " FROM backlog_items WHERE " + where
        + " ORDER BY created_at, item_id", params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(item(rs));
      }
    }
    return out;
  }

  /** The project's backlog, oldest first. */
  public List<BacklogItem> items(String projectId) {
    return tx(c -> items(c, "project_id = ?", projectId), "list the backlog of " + projectId);
  }

  /** One item, only if it belongs to {@code projectId}. */
  public Optional<BacklogItem> item(String projectId, String itemId) {
    return tx(c -> items(c, "project_id = ? AND item_id = ?", projectId, itemId).stream().findFirst(),
        "load backlog item " + itemId);
  }

  /**
   * The items made from evaluation tips, by where the tip came from: the key is {@link #tipKey} of the session and
   * the participant who gave it.
   */
  public Map<String, BacklogItem> itemsFromTips(String projectId) {
    return tx(c -> {
      Map<String, BacklogItem> out = new java.util.HashMap<>();
      try (PreparedStatement ps = prepare(c, "SELECT " + ITEM_COLUMNS + ", origin_ref FROM backlog_items "
          + "WHERE project_id = ? AND origin_kind = 'tip'", projectId); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          BacklogItem i = item(rs);
          out.put(tipKey(i.originRoom(), rs.getString(15)), i);
        }
      }
      return out;
    }, "list the items from tips of " + projectId);
  }

  /** The key of one tip: the session and the participant who gave it. */
  public static String tipKey(String roomId, String participantId) {
    return roomId + "\n" + participantId;
  }

  /** Adds an item unless one from the same origin is there already; answers the item as stored. */
  public BacklogItem add(BacklogItem item, String originRef, String by) {
    return tx(c -> add(c, item, originRef, by), "add a backlog item to " + item.projectId());
  }

  private BacklogItem add(Connection c, BacklogItem i, String originRef, String by) throws SQLException {
    List<BacklogItem> same = items(c, "project_id = ? AND origin_room = ? AND origin_kind = ? AND origin_ref = ?",
        i.projectId(), i.originRoom(), i.originKind(), originRef);
    if (!same.isEmpty()) {
      return same.get(0);
    }
    update(c, "INSERT INTO backlog_items (" + ITEM_COLUMNS.replace("created_at", "origin_ref, created_at")
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        i.id(), i.projectId(), i.what(), i.ownerOrganisation(), i.ownerPerson(), i.due(), i.status().wire(), i.note(),
        i.originRoom(), i.originStep(), i.originKind(), i.originLabel(), originRef, i.createdAt(), i.updatedAt());
    history(c, i.id(), i.projectId(), i.createdAt(), by, "created", null, i.what());
    return i;
  }

  private static void history(Connection c, String itemId, String projectId, long at, String by, String field,
      String from, String to) throws SQLException {
    update(c, "INSERT INTO backlog_history (item_id, project_id, at, changed_by, field, old_value, new_value) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?)", itemId, projectId, at, by, field, from, to);
  }

  /**
   * Changes an item of {@code projectId}: every field of {@code changes} that differs from the item's value is
   * written, with one history row each. Answers the item as it is now, or empty when the project has no such item.
   */
  public Optional<BacklogItem> change(String projectId, String itemId, Map<String, String> changes, String by) {
    return tx(c -> Optional.ofNullable(change(c, projectId, itemId, changes, by)), "change backlog item " + itemId);
  }

  private static final Map<String, String> COLUMNS = Map.of("what", "what", "ownerOrganisation", "owner_organisation",
      "ownerPerson", "owner_person", "due", "due", "status", "status", "note", "note");

  private BacklogItem change(Connection c, String projectId, String itemId, Map<String, String> changes, String by)
      throws SQLException {
    List<BacklogItem> found = items(c, "project_id = ? AND item_id = ?", projectId, itemId);
    if (found.isEmpty()) {
      return null;
    }
    Map<String, String> now = values(found.get(0));
    long at = clock.getAsLong();
    boolean changed = false;
    for (Map.Entry<String, String> e : changes.entrySet()) {
      String column = COLUMNS.get(e.getKey());
      if (column == null || Objects.equals(now.get(e.getKey()), e.getValue())) {
        continue;
      }
      update(c, "UPDATE backlog_items SET " + column + " = ? WHERE item_id = ?", e.getValue(), itemId);
      history(c, itemId, projectId, at, by, e.getKey(), now.get(e.getKey()), e.getValue());
      changed = true;
    }
    if (changed) {
      update(c, "UPDATE backlog_items SET updated_at = ? WHERE item_id = ?", at, itemId);
    }
    return items(c, "item_id = ?", itemId).get(0);
  }

  /** The fields of an item a change can set, by their API names, as stored. */
  static Map<String, String> values(BacklogItem i) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("what", i.what());
    m.put("ownerOrganisation", i.ownerOrganisation());
    m.put("ownerPerson", i.ownerPerson());
    m.put("due", i.due());
    m.put("status", i.status().wire());
    m.put("note", i.note());
    return m;
  }

  /** The item's history, oldest first. */
  public List<BacklogItem.Change> history(String projectId, String itemId) {
    return tx(c -> {
      List<BacklogItem.Change> out = new ArrayList<>();
      try (PreparedStatement ps = prepare(c, "SELECT field, old_value, new_value, changed_by, at FROM backlog_history "
          + "WHERE project_id = ? AND item_id = ? ORDER BY id", projectId, itemId); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new BacklogItem.Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
      }
      return out;
    }, "load the history of " + itemId);
  }

  /**
   * Writes what a session's end {@code endCount} brought to the backlog, once: new items (agreements, open
   * points; one per origin) and the changes its backlog review made (only to items of this project). A later
   * call for the same or an earlier end changes nothing; answers whether this call wrote.
   */
  public boolean harvest(String projectId, String roomId, int endCount, Harvest harvest) {
    return tx(c -> {
      // The session's row locked: two members writing the same end one after the other, the second sees it done.
      List<String> done = strings(c, "SELECT harvested_end_count FROM project_sessions WHERE room_id = ? AND project_id = ? "
          + "FOR UPDATE", roomId, projectId);
      if (done.isEmpty() || Integer.parseInt(done.get(0)) >= endCount) {
        return false;
      }
      String by = "session " + roomId;
      for (Harvest.NewItem n : harvest.newItems()) {
        add(c, n.item(), n.originRef(), by);
      }
      for (Harvest.Review r : harvest.reviews()) {
        change(c, projectId, r.itemId(), r.changes(), by);
      }
      update(c, "UPDATE project_sessions SET harvested_end_count = ? WHERE room_id = ?", endCount, roomId);
      return true;
    }, "write the backlog of session " + roomId);
  }

  // ------------------------------------------------------------------------------------------ deletion

  /**
   * Deletes a project with its partners, organisers, session list, backlog and history (its rooms are deleted
   * before, through the cluster) and writes the audit line to the store's deletions; answers that line's
   * {@code what}, or empty when there was no such project.
   */
  public Optional<String> delete(String projectId, String reason, String byRole) {
    return tx(c -> {
      int projects = update(c, "DELETE FROM projects WHERE project_id = ?", projectId);
      if (projects == 0) {
        return Optional.<String>empty();
      }
      int partners = update(c, "DELETE FROM project_partners WHERE project_id = ?", projectId);
      update(c, "DELETE FROM project_organisers WHERE project_id = ?", projectId);
      int sessions = update(c, "DELETE FROM project_sessions WHERE project_id = ?", projectId);
      int items = update(c, "DELETE FROM backlog_items WHERE project_id = ?", projectId);
      int history = update(c, "DELETE FROM backlog_history WHERE project_id = ?", projectId);
      String what = "project (1), partners (" + partners + "), sessions (" + sessions + "), backlog items (" + items
          + "), backlog history (" + history + ")";
      update(c, "INSERT INTO deletions (room_id, what, reason, by_role, at) VALUES (?, ?, ?, ?, ?)",
          projectId, what, reason, byRole, clock.getAsLong());
      return Optional.of(what);
    }, "delete project " + projectId);
  }
}

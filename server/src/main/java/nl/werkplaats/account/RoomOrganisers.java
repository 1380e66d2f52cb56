package nl.werkplaats.account;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import nl.werkplaats.store.JdbcStore;

/**
 * Who manages which session: the room's {@code owner} (the account that created it, kept with the room's
 * listing, not in its history), the organisers it was shared with ({@code room_organisers}), and the
 * organisers of the project it belongs to ({@code project_organisers}). Deleting a room takes its sharing with it. Calls block.
 */
public final class RoomOrganisers implements OrganiserAccess {
  private final JdbcStore store;

  public RoomOrganisers(JdbcStore store) {
    this.store = store;
  }

  /** Records {@code owner} as the creator of a room that was just stored. */
  public void setOwner(String roomId, Organiser owner) {
    int rows = store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET owner = ? WHERE room_id = ?")) {
        ps.setString(1, owner.id());
        ps.setString(2, roomId);
        return ps.executeUpdate();
      }
    }, "record the owner of room " + roomId);
    if (rows != 1) {
      throw new IllegalStateException("room " + roomId + " is not in the store, so it has no owner");
    }
  }

  /** Shares a room with another organiser (idempotent). */
  public void share(String roomId, String organiserId, long now) {
    store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM room_organisers WHERE room_id = ? AND organiser_id = ?")) {
        ps.setString(1, roomId);
        ps.setString(2, organiserId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO room_organisers (room_id, organiser_id, added_at) VALUES (?, ?, ?)")) {
        ps.setString(1, roomId);
        ps.setString(2, organiserId);
        ps.setLong(3, now);
        ps.executeUpdate();
      }
      return null;
    }, "share room " + roomId);
  }

  @Override
  public boolean mayManage(Organiser who, String roomId) {
    if (who.administrator()) {
      return true;
    }
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rooms WHERE room_id = ? AND owner = ? "
          + "UNION ALL SELECT 1 FROM room_organisers WHERE room_id = ? AND organiser_id = ? "
          + "UNION ALL SELECT 1 FROM project_sessions s JOIN project_organisers o ON o.project_id = s.project_id "
          + "WHERE s.room_id = ? AND o.organiser = ?")) {
        ps.setString(1, roomId);
        ps.setString(2, who.id());
        ps.setString(3, roomId);
        ps.setString(4, who.id());
        ps.setString(5, roomId);
        ps.setString(6, who.id());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    }, "check who manages room " + roomId);
  }

  @Override
  public <T> List<T> manageable(Organiser who, List<T> rooms, Function<T, String> roomIdOf) {
    if (who.administrator()) {
      return rooms;
    }
    Set<String> mine = store.inTransaction(c -> {
      Set<String> ids = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT room_id FROM rooms WHERE owner = ? "
          + "UNION SELECT room_id FROM room_organisers WHERE organiser_id = ? "
          + "UNION SELECT s.room_id FROM project_sessions s JOIN project_organisers o ON o.project_id = s.project_id "
          + "WHERE o.organiser = ?")) {
        ps.setString(1, who.id());
        ps.setString(2, who.id());
        ps.setString(3, who.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    }, "list the rooms of an organiser");
    return rooms.stream().filter(r -> mine.contains(roomIdOf.apply(r))).toList();
  }
}

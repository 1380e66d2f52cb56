package nl.werkplaats.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Participant;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.RoomStatus;

/**
 * What a room's row in {@code rooms} holds of its state, besides its seq: what the organiser's list, the
 * join codes, the access checks and the retention read without loading the room. Most changes (a text, a
 * vote, a card) leave it as it is; the store then writes only the room's seq.
 */
record RoomRow(String title, String templateId, int templateVersion, String language, String status, long createdAt,
    long endedAt, int endCount, int participants, String joinCode, String organiserTokenHash,
    String facilitatorTokenHash) {

  /** The columns, in the order of the record's components. */
  static final String COLUMNS = "title, template_id, template_version, language, status, created_at, ended_at, "
      + "end_count, participants, join_code, organiser_token_hash, facilitator_token_hash";

  private static final Map<RoomStatus, String> STATUS_NAMES = new EnumMap<>(RoomStatus.class);

  static {
    for (RoomStatus status : RoomStatus.values()) {
      STATUS_NAMES.put(status, DomainJson.MAPPER.convertValue(status, String.class));
    }
  }

  static RoomRow of(RoomState s) {
    int participants = 0;
    for (Participant p : s.participants.values()) {
      if (!p.removed()) {
        participants++;
      }
    }
    return new RoomRow(s.title, s.templateId, s.templateVersion, s.language == null ? "nl" : s.language,
        STATUS_NAMES.get(s.status), s.createdAt, s.endedAt, s.endCount, participants, s.joinCode,
        s.organiserTokenHash, s.facilitatorTokenHash);
  }

  /** The columns from {@code rs}, starting at column {@code first}. */
  static RoomRow read(ResultSet rs, int first) throws SQLException {
    int i = first;
    return new RoomRow(rs.getString(i++), rs.getString(i++), rs.getInt(i++), rs.getString(i++), rs.getString(i++),
        rs.getLong(i++), rs.getLong(i++), rs.getInt(i++), rs.getInt(i++), rs.getString(i++), rs.getString(i++),
        rs.getString(i));
  }

  /** Binds the columns from parameter 1 on; answers the next parameter's index. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    ps.setString(i++, title);
    ps.setString(i++, templateId);
    ps.setInt(i++, templateVersion);
    ps.setString(i++, language);
    ps.setString(i++, status);
    ps.setLong(i++, createdAt);
    ps.setLong(i++, endedAt);
    ps.setInt(i++, endCount);
    ps.setInt(i++, participants);
    ps.setString(i++, joinCode);
    ps.setString(i++, organiserTokenHash);
    ps.setString(i++, facilitatorTokenHash);
    return i;
  }
}

package nl.werkplaats.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Participant;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;

/**
 * Reads a room for one person, on the partition owner, without changing it: checks their credential
 * (when asked to), and answers the events they missed since {@code sinceSeq} (redacted for them) or, when
 * the log does not reach back that far, the whole room as they may see it.
 */
public final class ReadRoom implements EntryProcessor<String, RoomRecord, String>, ReadOnly, Serializable {
  private static final long serialVersionUID = 1L;

  /** As {@code sinceSeq}: only the room's title, status, template and organisations, no state, no events. */
  public static final long METADATA_ONLY = Long.MAX_VALUE;

  /**
   * How a reader proves who they are. A projector is nobody in the room: it reads the room as someone who
   * is not a participant would see it (no names in an anonymous room, nobody's private cards or marks).
   */
  public enum Credential { NONE, PARTICIPANT_TOKEN, FACILITATOR_TOKEN, PROJECTOR_TOKEN }

  private final String participantId;
  private final Credential credential;
  private final String tokenHash;
  private final long sinceSeq;
  private final String sinceChain;

  /**
   * {@code sinceChain}, when given, is the reader's history hash at {@code sinceSeq}: a reader whose history
   * forked from the room's gets the whole room instead of the events since.
   */
  public ReadRoom(String participantId, Credential credential, String tokenHash, long sinceSeq, String sinceChain) {
    this.participantId = participantId;
    this.credential = credential;
    this.tokenHash = tokenHash;
    this.sinceSeq = sinceSeq;
    this.sinceChain = sinceChain;
  }

  /** The answer: {@code status} is ok, no_room, unauthorized, removed or unclaimed. */
  public record Reading(String status, Participant participant, long seq, RoomState state,
      List<SequencedEvent> events, List<String> organisations, String title, String templateId, int templateVersion,
      String roomStatus, String roomId, boolean seesNames, boolean anonymous, String chain) {}

  @Override
  public String process(Map.Entry<String, RoomRecord> entry) {
    RoomRecord record = entry.getValue();
    if (record == null) {
      return Outcome.json(new Reading("no_room", null, 0, null, null, null, null, null, 0, null, entry.getKey(), false, false,
          null));
    }
    RoomState s = record.state;
    String who = participantId;
    if (credential == Credential.FACILITATOR_TOKEN) {
      if (!Room.sameSecret(s.facilitatorTokenHash, tokenHash)) {
        return status("unauthorized", record);
      }
      if (s.ownerId == null) {
        return status("unclaimed", record);
      }
      who = s.ownerId;
    } else if (credential == Credential.PROJECTOR_TOKEN) {
      if (!Room.sameSecret(s.projectorTokenHash, tokenHash)) {
        return status("unauthorized", record);
      }
      who = null;
    } else if (credential == Credential.PARTICIPANT_TOKEN) {
      Participant p = s.participant(who);
      if (p != null && p.removed()) {
        return status("removed", record);
      }
      if (p == null || !Room.sameSecret(s.credentials.get(who), tokenHash)) {
        return status("unauthorized", record);
      }
    }
    Participant p = s.participant(who);
    if (p != null && p.removed()) {
      return status("removed", record);
    }
    if (sinceSeq == METADATA_ONLY) {
      return Outcome.json(reading("ok", p, record, null, List.of()));
    }
    List<SequencedEvent> missed = sinceSeq > 0 ? record.since(sinceSeq, sinceChain) : null;
    if (missed != null) {
      List<SequencedEvent> redacted = new ArrayList<>(missed.size());
      for (SequencedEvent e : missed) {
        redacted.add(e.withEvent(Room.redactFor(e.event(), who, Room.seesNames(s, who))));
      }
      return Outcome.json(reading("ok", p, record, null, redacted));
    }
    return Outcome.json(reading("ok", p, record, Room.view(s, who), null));
  }

  private static String status(String status, RoomRecord record) {
    return Outcome.json(reading(status, null, record, null, null));
  }

  private static Reading reading(String status, Participant p, RoomRecord record, RoomState view,
      List<SequencedEvent> events) {
    RoomState s = record.state;
    return new Reading(status, p, s.seq, view, events, s.organisations(), s.title, s.templateId, s.templateVersion,
        DomainJson.MAPPER.convertValue(s.status, String.class), s.roomId, p != null && Room.seesNames(s, p.id()), s.anonymous,
        record.chain);
  }
}

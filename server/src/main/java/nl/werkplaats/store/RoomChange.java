package nl.werkplaats.store;

import java.util.List;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;

/**
 * One change of a room, as the store appends it: the events a command made (with their seqs, ids and chain
 * links) and the room's state after them, written under the ownership epoch the writer took the room with.
 *
 * @param roomId the room
 * @param epoch the ownership epoch the writer took the room under (a new room: its first epoch)
 * @param commandKey the command that made the events (participant:command id), or null for a new room
 * @param events the change's events, oldest first; empty for a new room
 * @param state the room's state after the events
 * @param chain the room's history hash after the last event
 * @param snapshotSeq the seq of the room's newest snapshot the writer knows of (-1: none)
 */
public record RoomChange(String roomId, long epoch, String commandKey, List<SequencedEvent> events, RoomState state,
    String chain, long snapshotSeq) {

  /** The seq the room had before this change. */
  long seqBefore() {
    return events.isEmpty() ? state.seq : events.get(0).seq() - 1;
  }
}

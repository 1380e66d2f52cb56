package nl.werkplaats.store;

import java.util.List;
import java.util.Map;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;

/**
 * A room as the store has it: its state (the newest snapshot and the events after it), its latest events,
 * the commands that made them and its history hash.
 *
 * @param state the room's state at its last stored seq
 * @param log its latest events (at most {@code logSize} asked for), oldest first
 * @param applied command key -> the seq the room had after it, for the room's latest commands, oldest first
 * @param chain the room's history hash after its last event
 * @param snapshotSeq the seq of its newest snapshot
 * @param epoch the ownership epoch it was taken under ({@link Store#claimRoom}); 0 when only read
 */
public record StoredRoom(RoomState state, List<SequencedEvent> log, Map<String, Long> applied, String chain,
    long snapshotSeq, long epoch) {}

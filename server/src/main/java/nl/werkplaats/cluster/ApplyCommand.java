package nl.werkplaats.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Rejected;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.SequencedEvent;

/**
 * Applies one command to one room, atomically, on the member that owns the room's partition. A command id
 * the room has applied before is answered with its original seq and not applied again: Hazelcast may run an
 * operation again after a member dies. The same processor runs on the backup replica; it is deterministic
 * (the time comes with it), so both replicas end up equal.
 */
public final class ApplyCommand implements EntryProcessor<String, RoomRecord, String>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String actorId;
  private final String commandKey;
  private final String commandJson;
  private final long now;

  public ApplyCommand(String actorId, String commandId, Command command, long now) {
    this.actorId = actorId;
    this.commandKey = (actorId == null ? "gateway" : actorId) + ":" + commandId;
    this.commandJson = Outcome.json(command);
    this.now = now;
  }

  @Override
  public String process(Map.Entry<String, RoomRecord> entry) {
    RoomRecord record = entry.getValue();
    if (record == null) {
      return Outcome.noRoom();
    }
    Long earlier = record.applied.get(commandKey);
    if (earlier != null) {
      return Outcome.duplicate(earlier);
    }
    List<Event> events;
    try {
      events = Room.decide(record.state, actorId, DomainJson.MAPPER.readValue(commandJson, Command.class), now);
    } catch (Rejected rejected) {
      return Outcome.rejected(rejected.code(), rejected.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("command could not be read back", e);
    }
    if (events.isEmpty()) {
      return Outcome.applied(record.state.seq, List.of());
    }
    // The map keeps room records as objects: change a copy, so that the record in the map changes only when
    // setValue succeeds (the write-through store can still refuse it).
    RoomRecord next = record.copyForUpdate();
    List<SequencedEvent> batch = new ArrayList<>(events.size());
    for (Event event : events) {
      Room.evolve(next.state, event);
      batch.add(new SequencedEvent(next.state.seq, event));
    }
    next.remember(commandKey, batch);
    entry.setValue(next);
    return Outcome.applied(next.state.seq, batch);
  }
}

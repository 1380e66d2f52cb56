package nl.werkplaats.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Rejected;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.store.DivergingHistoryException;
import nl.werkplaats.store.StaleOwnerException;
import nl.werkplaats.store.StoreException;

/**
 * Applies one command to one room, atomically, on the member that owns the room's partition, and appends
 * the change to the store before the room in the map changes: what is acknowledged is stored.
 *
 * <p>A command id the room has applied before is answered with its original seq and not applied again:
 * Hazelcast may run an operation again after a member dies. The owner writes a room only under an
 * ownership epoch it took from the store ({@link RoomOwner}); a member that finds a room taken by another
 * (a promoted backup, a migrated partition) takes it first, which reads the room back from the store. When
 * the store refuses a change (another member took the room since, or holds a seq of it), the owner takes
 * the room again once, so that the room is read back once and not once per queued command, and applies the
 * command to the room as stored; refused again, the command is answered {@code unavailable}, not applied.
 *
 * <p>The backup replica runs the same command without the store (it is deterministic: the time comes with
 * it), or, when the owner read the room back from the store, gets the owner's record whole.
 */
public final class ApplyCommand implements EntryProcessor<String, RoomRecord, Outcome>, HazelcastInstanceAware,
    Serializable {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = Logger.getLogger(ApplyCommand.class.getName());

  private final String actorId;
  private final String commandKey;
  /** The command as JSON: written only when this operation leaves the member (see writeObject). */
  private String commandJson;
  /** The command itself, on the member that made this operation; read from {@link #commandJson} elsewhere. */
  private transient Command command;
  private final long now;
  private final boolean backup;
  private transient HazelcastInstance hazelcast;
  /** Set on the owner when it read the room back from the store: the backup gets this record whole. */
  private transient RoomRecord readBack;
  /** Set on the owner when the store no longer has the room (deleted): the backup drops its copy too. */
  private transient boolean gone;

  public ApplyCommand(String actorId, String commandId, Command command, long now) {
    this((actorId == null ? "gateway" : actorId) + ":" + commandId, actorId, command, null, now, false);
  }

  private ApplyCommand(String commandKey, String actorId, Command command, String commandJson, long now,
      boolean backup) {
    this.actorId = actorId;
    this.commandKey = commandKey;
    this.command = command;
    this.commandJson = commandJson;
    this.now = now;
    this.backup = backup;
  }

  /** The command is written to JSON only when the operation is sent to another member, and then once. */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    if (commandJson == null) {
      commandJson = Outcome.json(command);
    }
    out.defaultWriteObject();
  }

  private Command command() {
    if (command == null) {
      try {
        command = DomainJson.MAPPER.readValue(commandJson, Command.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("command could not be read back", e);
      }
    }
    return command;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public Outcome process(Map.Entry<String, RoomRecord> entry) {
    return apply(entry, backup ? null : RoomOwner.of(hazelcast));
  }

  /** Runs the command against a room entry as {@code owner} (null: as the backup replica). */
  public Outcome apply(Map.Entry<String, RoomRecord> entry, RoomOwner owner) {
    gone = false;
    readBack = null; // an operation Hazelcast runs again (after a member left) may reuse this instance
    RoomRecord record = entry.getValue();
    if (record == null) {
      return Outcome.noRoom();
    }
    if (owner == null) {
      Change change = decide(record);
      if (change.next != null) {
        entry.setValue(change.next);
      }
      return change.outcome;
    }
    if (!owner.holds(record)) {
      record = readBack(entry, owner);
      if (record == null) {
        return Outcome.noRoom();
      }
    }
    for (int attempt = 0; ; attempt++) {
      Change change = decide(record);
      if (change.next == null) {
        return change.outcome;
      }
      try {
        owner.save(change.next);
        entry.setValue(change.next);
        if (readBack != null) {
          readBack = change.next;
        }
        return change.outcome;
      } catch (StaleOwnerException | DivergingHistoryException refused) {
        if (attempt > 0) {
          LOG.warning("room " + entry.getKey() + ": the store refused a change twice (" + refused.getMessage() + ")");
          return Outcome.unavailable("the room is being taken over by another server; not applied, send it again");
        }
        LOG.info("room " + entry.getKey() + ": " + refused.getMessage() + "; reading it back from the store");
        record = readBack(entry, owner);
        if (record == null) {
          return Outcome.noRoom();
        }
      } catch (StoreException e) {
        LOG.warning("room " + entry.getKey() + ": the store did not take a change: " + e.getMessage());
        return Outcome.unavailable("the room's store did not take the change; not applied, send it again");
      }
    }
  }

  private RoomRecord readBack(Map.Entry<String, RoomRecord> entry, RoomOwner owner) {
    readBack = owner.readBack(entry);
    gone = readBack == null;
    return readBack;
  }

  private record Change(RoomRecord next, Outcome outcome) {}

  /** The command against {@code record}: the next record (null when nothing changes) and the answer. */
  private Change decide(RoomRecord record) {
    Long earlier = record.appliedSeq(commandKey);
    if (earlier != null) {
      return new Change(null, Outcome.duplicate(earlier));
    }
    List<Event> events;
    try {
      events = Room.decide(record.state, actorId, command(), now);
    } catch (Rejected rejected) {
      return new Change(null, Outcome.rejected(rejected.code(), rejected.getMessage()));
    }
    if (events.isEmpty()) {
      return new Change(null, Outcome.applied(record.state.seq, List.of()));
    }
    // The map keeps room records as objects: change a copy, so that the record in the map changes only when
    // the store took the change.
    RoomRecord next = record.copyForUpdate();
    List<SequencedEvent> batch = new ArrayList<>(events.size());
    for (Event event : events) {
      Room.evolve(next.state, event);
      batch.add(new SequencedEvent(next.state.seq, event));
    }
    next.remember(commandKey, batch);
    return new Change(next, Outcome.applied(next.state.seq, batch));
  }

  @Override
  public EntryProcessor<String, RoomRecord, Outcome> getBackupProcessor() {
    if (gone || readBack != null) {
      return new ReplaceRecord<>(readBack);
    }
    return new ApplyCommand(commandKey, actorId, command, commandJson, now, true);
  }
}

package nl.werkplaats.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.HistoryChain;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.store.Store;

/**
 * What the cluster keeps per room: the state, a bounded log of recent events (to let reconnecting clients
 * catch up), the recently applied command ids (to apply a retried command once), and the events of the
 * last change (for the write-through store).
 *
 * <p>The applied command ids are kept as a map of the commands before the last one, shared by a record and
 * the copies made from it ({@link #copyForUpdate()}), plus the last command: a copy adds its command beside
 * the map, not in it, so that a change the store refuses leaves the map as it was, and no command copies the
 * whole map. The last command joins the map when the next change is made from a record that holds it.
 */
public final class RoomRecord {
  public static final int LOG_SIZE = Store.LOADED_EVENTS;
  public static final int APPLIED_SIZE = Store.LOADED_COMMANDS;

  public RoomState state;
  public List<SequencedEvent> log = new ArrayList<>();
  /**
   * participantId:commandId -> the seq the room had after applying it, oldest first, for the commands before
   * {@link #lastCommandKey} (which may be in it as well); shared with copies. See {@link #appliedCommands()}.
   */
  private Map<String, Long> applied = new LinkedHashMap<>();
  /** The events of the last change, with the command that caused it: what the store appends. */
  public List<SequencedEvent> lastBatch = new ArrayList<>();
  public String lastCommandKey;
  /** The seq the room had after {@link #lastCommandKey}. */
  public long lastCommandSeq;
  /** The seq of the room's newest snapshot in the store (-1: none known); the store keeps it current. */
  public long snapshotSeq = -1;
  /** The room's history hash after its latest event ({@link HistoryChain}). */
  public String chain = HistoryChain.ORIGIN;
  /**
   * The ownership epoch this copy was taken under from the store, and the member that took it. Only that
   * member appends under that epoch; the store refuses an append under an older one (fencing).
   */
  public long epoch;
  public String claimedBy;

  public static RoomRecord of(RoomState state) {
    RoomRecord r = new RoomRecord();
    r.state = state;
    return r;
  }

  /**
   * The record to apply a change to: the state copied (see {@link RoomState#copy()}), the log and the applied
   * command ids in new containers. The record in the map stays as it is until the change is stored.
   */
  public RoomRecord copyForUpdate() {
    RoomRecord r = new RoomRecord();
    r.state = state.copy();
    r.log = new ArrayList<>(log);
    foldLastCommand();
    r.applied = applied;
    r.lastBatch = lastBatch;
    r.lastCommandKey = lastCommandKey;
    r.lastCommandSeq = lastCommandSeq;
    r.snapshotSeq = snapshotSeq;
    r.chain = chain;
    r.epoch = epoch;
    r.claimedBy = claimedBy;
    return r;
  }

  /**
   * Gives each event of a new change its id and chain link (in place of the list's elements) and remembers
   * the change; {@code batch} holds the events with the seqs the state now has.
   */
  public void remember(String commandKey, List<SequencedEvent> batch) {
    for (int i = 0; i < batch.size(); i++) {
      SequencedEvent e = batch.get(i);
      String id = HistoryChain.eventId(commandKey, e.seq());
      chain = HistoryChain.next(chain, id);
      batch.set(i, new SequencedEvent(e.seq(), e.event(), id, chain));
    }
    log.addAll(batch);
    if (log.size() > LOG_SIZE) {
      log = new ArrayList<>(log.subList(log.size() - LOG_SIZE, log.size()));
    }
    foldLastCommand();
    lastBatch = batch;
    lastCommandKey = commandKey;
    lastCommandSeq = state.seq;
  }

  /** The seq the room had after applying {@code commandKey}, or null when it is not among the recent commands. */
  public Long appliedSeq(String commandKey) {
    return commandKey.equals(lastCommandKey) ? Long.valueOf(lastCommandSeq) : applied.get(commandKey);
  }

  /** The recent commands and the seq after each, oldest first (a new map). */
  @JsonProperty("applied")
  public Map<String, Long> appliedCommands() {
    Map<String, Long> all = new LinkedHashMap<>(applied);
    if (lastCommandKey != null) {
      add(all, lastCommandKey, lastCommandSeq);
    }
    return all;
  }

  @JsonProperty("applied")
  public void setAppliedCommands(Map<String, Long> commands) {
    applied = new LinkedHashMap<>(commands);
  }

  /**
   * Puts the last command in the shared map. Only for a record whose last change is kept (in the map, or
   * the record a change is being made to), so the map never holds a command the store refused.
   */
  private void foldLastCommand() {
    if (lastCommandKey != null && !applied.containsKey(lastCommandKey)) {
      add(applied, lastCommandKey, lastCommandSeq);
    }
  }

  private static void add(Map<String, Long> commands, String key, long seq) {
    commands.put(key, seq);
    if (commands.size() > APPLIED_SIZE) {
      var it = commands.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Events after {@code seq}, or null when the log no longer reaches back that far. */
  public List<SequencedEvent> since(long seq) {
    return since(seq, null);
  }

  /**
   * Events after {@code seq}, or null when the log no longer reaches back that far or when {@code chain}
   * (the reader's history hash at {@code seq}, when it gives one) is not the room's: the reader's history
   * forked, and it needs the whole room.
   */
  public List<SequencedEvent> since(long seq, String chain) {
    if (seq > state.seq) {
      return null; // a client ahead of the room (not ours to trust): it gets the whole room
    }
    if (seq == state.seq) {
      return chain == null || chain.equals(this.chain) ? List.of() : null;
    }
    if (log.isEmpty() || log.get(0).seq() > seq + 1) {
      return null;
    }
    if (chain != null && seq > 0) {
      int at = (int) (seq - log.get(0).seq());
      if (at < 0 || !chain.equals(log.get(at).chain())) {
        return null;
      }
    }
    List<SequencedEvent> out = new ArrayList<>();
    for (SequencedEvent e : log) {
      if (e.seq() > seq) {
        out.add(e);
      }
    }
    return out;
  }
}

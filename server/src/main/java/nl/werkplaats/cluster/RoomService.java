package nl.werkplaats.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;

/** The room operations the gateway needs, as Vert.x futures completed on the caller's context. */
public final class RoomService {
  private final ClusterNode node;
  private final IMap<String, RoomRecord> rooms;
  private final IMap<String, HashMap<String, String>> presence;

  public RoomService(ClusterNode node) {
    this.node = node;
    this.rooms = node.rooms();
    this.presence = node.presence();
  }

  public ClusterNode node() {
    return node;
  }

  /**
   * Applies a command on the room's partition owner; completes once it is stored and applied (and backed
   * up). A command the store refused comes back as an {@code unavailable} outcome; a failed future means
   * the cluster could not say (a member left, this side lost its quorum): the command may or may not be
   * applied, and the client sends it again with the same id.
   */
  public Future<Outcome> apply(String roomId, String actorId, String commandId, Command command) {
    ApplyCommand op = new ApplyCommand(actorId, commandId, command, node.clock().millis());
    return call(() -> rooms.submitToKey(roomId, op));
  }

  public Future<ReadRoom.Reading> read(
      String roomId, String participantId, ReadRoom.Credential credential, String tokenHash, long sinceSeq) {
    return read(roomId, participantId, credential, tokenHash, sinceSeq, null);
  }

  /** The same, for a reader that holds the room's history up to {@code sinceSeq} with hash {@code sinceChain}. */
  public Future<ReadRoom.Reading> read(String roomId, String participantId, ReadRoom.Credential credential,
      String tokenHash, long sinceSeq, String sinceChain) {
    ReadRoom op = new ReadRoom(participantId, credential, tokenHash, sinceSeq, sinceChain);
    return call(() -> rooms.submitToKey(roomId, op)).map(json -> {
      try {
        return DomainJson.MAPPER.readValue(json, ReadRoom.Reading.class);
      } catch (Exception e) {
        throw new IllegalStateException("unreadable room reading", e);
      }
    });
  }

  public Future<Map<String, LatestSeq.Clock>> latestSeqs(Set<String> roomIds) {
    return call(() -> rooms.submitToKeys(roomIds, new LatestSeq()));
  }

  public Future<PresenceChange.Online> presence(String roomId, PresenceChange change) {
    return call(() -> presence.submitToKey(roomId, change));
  }

  /**
   * Who is connected to a room now, read from the cluster's presence map itself rather than from a node's view
   * of it (which learns of changes a moment later, by broadcast).
   */
  public Future<java.util.SortedSet<String>> online(String roomId) {
    return call(() -> presence.getAsync(roomId)).map(PresenceChange::participants);
  }

  /** Creates a room; fails if the id is taken. Stored (write-through) before it completes. */
  public Future<Void> create(RoomRecord record) {
    return call(() -> rooms.submitToKey(record.state.roomId, new CreateRoom(record)))
        .compose(created -> created
            ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException("room id taken")));
  }

  /** Where every member hears that a room was deleted (the body is its id): its sockets are closed (4004). */
  public static final String DELETED_ADDRESS = "werkplaats.room-deleted";

  /**
   * Deletes a room through the cluster: on its partition owner the store deletes it and leaves a tombstone
   * and the record leaves the map, in one operation ({@link DeleteRoom}); then its join codes are cleared and
   * every member closes the room's sockets. Answers the audit line (the receipt), or empty when there was no
   * such room.
   */
  public Future<java.util.Optional<nl.werkplaats.store.Store.Deletion>> delete(String roomId, String reason,
      String byRole) {
    return call(() -> rooms.submitToKey(roomId, new DeleteRoom(reason, byRole)))
        .compose(receipt -> node.vertx().executeBlocking(() -> {
          node.joinCodes().removeAll(e -> roomId.equals(e.getValue()));
          presence.delete(roomId);
          return receipt;
        }))
        .map(receipt -> {
          node.vertx().eventBus().publish(DELETED_ADDRESS, roomId);
          if (receipt == null) {
            return java.util.Optional.<nl.werkplaats.store.Store.Deletion>empty();
          }
          try {
            return java.util.Optional.of(DomainJson.MAPPER.readValue(receipt, nl.werkplaats.store.Store.Deletion.class));
          } catch (Exception e) {
            throw new IllegalStateException("unreadable deletion receipt", e);
          }
        });
  }

  /**
   * The retention purge through the cluster: every room past the retention period is deleted as by
   * {@link #delete} (reason {@code retention}, by {@code system}). Answers how many rooms were deleted.
   */
  public Future<Integer> purgeExpired(nl.werkplaats.store.Store store, long now) {
    return node.vertx().executeBlocking(() -> store.expiredRooms(now)).compose(expired -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (String roomId : expired) {
        done = done.compose(n -> delete(roomId, "retention", "system").map(d -> d.isPresent() ? n + 1 : n));
      }
      return done;
    });
  }

  /**
   * Takes ended rooms that ended more than {@code idleMs} ago out of this member's memory (the rooms it owns);
   * a later use reads the room back from the store. Answers how many were evicted.
   */
  public Future<Integer> evictEnded(long now, long idleMs) {
    // A query on this member's own entries: the records are looked at where they are, not copied out.
    return node.vertx().executeBlocking(() -> {
      int n = 0;
      for (String roomId : rooms.localKeySet(new EndedBefore(now - idleMs))) {
        rooms.evict(roomId);
        n++;
      }
      return n;
    });
  }

  /** Rooms that ended before {@code cutoff}. */
  record EndedBefore(long cutoff) implements com.hazelcast.query.Predicate<String, RoomRecord> {
    @Override
    public boolean apply(Map.Entry<String, RoomRecord> entry) {
      RoomRecord r = entry.getValue();
      return r != null && r.state.status == nl.werkplaats.room.RoomStatus.ENDED && r.state.endedAt > 0
          && r.state.endedAt < cutoff;
    }
  }

  /**
   * Reserves {@code code} for {@code roomId} in the cluster; false when another room holds it. (The store is
   * the caller's to ask as well: a code of a room that is not in memory lives only there.)
   */
  public Future<Boolean> reserveJoinCode(String code, String roomId) {
    return node.vertx().executeBlocking(() -> node.joinCodes().putIfAbsent(code, roomId) == null);
  }

  /** The room a join code belongs to, as far as the cluster knows (a deleted room's codes are cleared). */
  public Future<java.util.Optional<String>> roomForJoinCode(String code) {
    return node.vertx().executeBlocking(() -> java.util.Optional.ofNullable(node.joinCodes().get(code)));
  }

  /** A member left: its connections leave every room's presence; answers the rooms whose presence changed. */
  public Future<Map<String, PresenceChange.Online>> dropMember(String memberUuid) {
    return node.vertx().executeBlocking(() -> presence.executeOnEntries(new PresenceChange.DropMember(memberUuid)));
  }

  /**
   * A cluster call as a future, answered on this verticle's context; one that fails at once (a stopped member)
   * fails the future, never the caller. The callback only hands the answer to the
   * context, so it runs on the thread that completes the call ({@code Runnable::run}): given no executor,
   * Hazelcast runs callbacks on its default one, which on a machine with one or two cores (a common pool of
   * one thread) starts a new thread for each callback, that is one thread per command.
   */
  private <T> Future<T> call(java.util.function.Supplier<java.util.concurrent.CompletionStage<T>> op) {
    Context context = context();
    try {
      Promise<T> promise = Promise.promise();
      op.get().whenCompleteAsync((value, failure) -> context.runOnContext(v -> {
        if (failure != null) {
          promise.fail(failure);
        } else {
          promise.complete(value);
        }
      }), Runnable::run);
      return promise.future();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Context context() {
    return node.vertx().getOrCreateContext();
  }
}

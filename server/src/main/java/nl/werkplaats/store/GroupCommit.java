package nl.werkplaats.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import nl.werkplaats.cluster.RoomRecord;

/**
 * Group commit: room changes handed in by several threads (the partition threads of the rooms' owners) while
 * the previous transaction commits are written together, in one transaction, by one writer thread. Each
 * caller waits until the transaction that holds its change has committed, or its change was refused: the
 * same guarantee as a transaction per change, with one commit for all changes that arrived meanwhile.
 * A lone change is written at once (no waiting for company).
 */
final class GroupCommit implements AutoCloseable {
  /** At most this many changes in one transaction. */
  static final int MAX_BATCH = 256;

  /**
   * One change waiting to be written. The batch writer completes {@code done} with the seq of the snapshot
   * it wrote (-1: none), or exceptionally when the change was refused or not written.
   */
  record Write(RoomRecord record, CompletableFuture<Long> done) {}

  /** Put in the queue to wake the writer when the store closes. */
  private static final Write STOP = new Write(null, null);

  private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Write>> batchWriter;
  private final Thread thread;
  private volatile boolean closed;

  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong largestBatch = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final AtomicLong longestCommitNanos = new AtomicLong();

  /** {@code batchWriter} writes a batch in one transaction and completes each write's future. */
  GroupCommit(Consumer<List<Write>> batchWriter, String threadName) {
    this.batchWriter = batchWriter;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Writes {@code record}'s last change and waits until it is committed; answers the seq of the snapshot
   * written with it (-1: none). Throws what the batch writer refused it with.
   */
  long write(RoomRecord record) {
    if (closed) {
      throw new StoreException("the store is closed: change of room " + record.state.roomId + " not written");
    }
    Write write = new Write(record, new CompletableFuture<>());
    queue.add(write);
    if (closed) {
      fail(write, new StoreException("the store is closed: change of room " + record.state.roomId + " not written"));
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          // Waits uninterruptibly: the change may commit whatever happens here, and the answer must say so.
          return write.done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new StoreException("could not save room " + record.state.roomId + ": " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Write> batch = new ArrayList<>();
    while (!closed) {
      try {
        Write first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null || first == STOP) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        batch.remove(STOP);
        long start = System.nanoTime();
        try {
          batchWriter.accept(List.copyOf(batch));
        } catch (RuntimeException | Error e) {
          batch.forEach(w -> fail(w, new StoreException("could not save room changes: " + e, e)));
        }
        long took = System.nanoTime() - start;
        batch.forEach(w -> fail(w, new StoreException("room change of " + w.record.state.roomId + " not written")));
        batches.incrementAndGet();
        changes.addAndGet(batch.size());
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        commitNanos.addAndGet(took);
        longestCommitNanos.accumulateAndGet(took, Math::max);
      } catch (InterruptedException e) {
        // only close() ends the writer
      } finally {
        batch.clear();
      }
    }
    failQueued();
  }

  private void failQueued() {
    for (Write w; (w = queue.poll()) != null; ) {
      if (w != STOP) {
        fail(w, new StoreException("the store is closed: change of room " + w.record.state.roomId + " not written"));
      }
    }
  }

  /** Completes {@code write} with {@code e} unless it is complete already. */
  private static void fail(Write write, RuntimeException e) {
    write.done.completeExceptionally(e);
  }

  /** Changes handed in and not yet taken into a transaction. */
  int waiting() {
    return (int) queue.stream().filter(w -> w != STOP).count();
  }

  WriteStatistics statistics() {
    return new WriteStatistics(batches.get(), changes.get(), largestBatch.get(), commitNanos.get() / 1000,
        longestCommitNanos.get() / 1000);
  }

  /** Stops the writer after the batch in hand; changes still queued are answered with a {@link StoreException}. */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }
}

package nl.werkplaats.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Group commit: room changes handed in by several threads (the partition threads of the rooms' owners) while
 * a transaction is being written are written together, in the next transaction. There is no writer thread: the
 * thread that finds no transaction in progress writes one itself, with every change waiting at that moment
 * (its own among them), and answers them all; the others wait meanwhile. A lone change is written at once by
 * the thread that made it, as without group commit. Each caller returns only once the transaction holding its
 * change has committed, or its change was refused.
 */
final class GroupCommit {
  /** At most this many changes in one transaction. */
  static final int MAX_BATCH = 256;

  /**
   * One change waiting to be written. The batch writer completes {@code done} with the seq of the snapshot
   * it wrote (-1: none), or exceptionally when the change was refused or not written.
   */
  record Write(RoomChange change, CompletableFuture<Long> done) {}

  private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  /** Whether a thread is writing a transaction; guarded by this. */
  private boolean writing;
  private final Consumer<List<Write>> batchWriter;
  private volatile boolean closed;
  /** Hears of each transaction after it ended (metrics); never fails a write. */
  volatile Store.BatchListener listener;

  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong largestBatch = new AtomicLong();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong longestWriteNanos = new AtomicLong();

  /** {@code batchWriter} writes a batch in one transaction and completes each write's future. */
  GroupCommit(Consumer<List<Write>> batchWriter) {
    this.batchWriter = batchWriter;
  }

  /**
   * Writes {@code change} and waits until it is committed; answers the seq of the snapshot
   * written with it (-1: none). Throws what the batch writer refused it with.
   */
  long write(RoomChange change) {
    if (closed) {
      throw new StoreException("the store is closed: change of room " + change.roomId() + " not written");
    }
    Write write = new Write(change, new CompletableFuture<>());
    queue.add(write);
    waiting.incrementAndGet();
    // Waits for the transaction in progress (uninterruptibly: the change may commit whatever happens here,
    // and the answer must say so); then writes the next one, unless that one took this change. Waiting
    // threads are woken together when a transaction ends, not one after another.
    boolean interrupted = false;
    while (!write.done.isDone()) {
      synchronized (this) {
        while (writing && !write.done.isDone()) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (write.done.isDone()) {
          break;
        }
        writing = true;
      }
      try {
        writeWaiting();
      } finally {
        synchronized (this) {
          writing = false;
          notifyAll();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      return write.done.getNow(-1L);
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException("could not save room " + change.roomId() + ": " + e.getCause(), e.getCause());
    }
  }

  /** One transaction with the changes waiting now (at most {@link #MAX_BATCH}), by the one thread {@link #writing}. */
  private void writeWaiting() {
    List<Write> batch = new ArrayList<>();
    for (Write w; batch.size() < MAX_BATCH && (w = queue.poll()) != null; ) {
      batch.add(w);
    }
    waiting.addAndGet(-batch.size());
    if (batch.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      batchWriter.accept(batch);
    } catch (RuntimeException | Error e) {
      batch.forEach(w -> w.done.completeExceptionally(new StoreException("could not save room changes: " + e, e)));
    } finally {
      // Whatever the writer did not answer was not written.
      batch.forEach(w -> w.done.completeExceptionally(
          new StoreException("room change of " + w.change.roomId() + " not written")));
    }
    long took = System.nanoTime() - start;
    batches.incrementAndGet();
    changes.addAndGet(batch.size());
    largestBatch.accumulateAndGet(batch.size(), Math::max);
    writeNanos.addAndGet(took);
    longestWriteNanos.accumulateAndGet(took, Math::max);
    Store.BatchListener l = listener;
    if (l != null) {
      try {
        l.written(batch.size(), took);
      } catch (RuntimeException e) {
        // metrics must never fail a write that committed
      }
    }
  }

  /** Changes handed in and not yet taken into a transaction. */
  int waiting() {
    return waiting.get();
  }

  WriteStatistics statistics() {
    return new WriteStatistics(batches.get(), changes.get(), largestBatch.get(), writeNanos.get() / 1000,
        longestWriteNanos.get() / 1000);
  }

  /** From now on changes are refused; the transaction in progress, and those waiting for it, are finished. */
  void close() {
    closed = true;
    boolean interrupted = false;
    synchronized (this) {
      while (writing) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

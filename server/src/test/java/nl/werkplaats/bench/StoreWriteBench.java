package nl.werkplaats.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.PostgresStore;
import nl.werkplaats.store.Store;
import nl.werkplaats.store.WriteStatistics;
import nl.werkplaats.testsupport.PostgresServer;
import nl.werkplaats.testsupport.Sessions;

/**
 * The durable write path alone, without sockets or a cluster: rooms changed by as many threads as a node has
 * partition threads, each room by one thread at a time (as its partition thread does), every change built
 * as the cluster builds it and stored before the next. Reports the process's CPU time per change (it moves
 * far less with other work on the machine than throughput does), changes per second and per transaction.
 *
 * <pre>java -cp &lt;test class path&gt; nl.werkplaats.bench.StoreWriteBench h2|postgres [rooms] [threads] [changes per room]</pre>
 */
public final class StoreWriteBench {
  private StoreWriteBench() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "h2";
    int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int perRoom = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    Store store;
    if (kind.equals("h2")) {
      store = H2Store.open(Files.createTempDirectory("store-write-bench"), 365);
    } else {
      PostgresServer.Database db = PostgresServer.get().createDatabase("storebench");
      store = PostgresStore.open(db.url(), db.user(), db.password(), 365);
    }
    try {
      RoomStorage storage = new RoomStorage(store);
      RoomRecord[] records = new RoomRecord[rooms];
      for (int i = 0; i < rooms; i++) {
        Sessions.Driver d = Sessions.teamStart("bench-" + i, storage::save);
        d.run("fac", new Command.Reopen());
        records[i] = storage.claim("bench-" + i, "member-a").orElseThrow();
      }
      run(store, storage, records, threads, Math.max(1, perRoom / 3), "warm-up", kind);
      run(store, storage, records, threads, perRoom, "measured", kind);
    } finally {
      store.close();
    }
  }

  private static void run(Store store, RoomStorage storage, RoomRecord[] records, int threads, int perRoom,
      String phase, String kind) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    WriteStatistics before = store.writeStatistics();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      done.add(pool.submit(() -> {
        for (int k = 0; k < perRoom; k++) {
          for (int r = first; r < records.length; r += threads) {
            RoomRecord next = change(records[r], "bench-" + phase + "-" + k);
            storage.save(next);
            records[r] = next;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
    WriteStatistics after = store.writeStatistics();
    long changes = after.changes() - before.changes();
    long batches = after.batches() - before.batches();
    System.out.printf(Locale.ROOT, "%s %s: %d changes of %d rooms by %d threads in %.1f s: %.0f changes/s, "
        + "%.3f ms CPU per change, %.2f changes per transaction%n", kind, phase, changes, records.length, threads,
        seconds, changes / seconds, cpuMs / changes, (double) changes / batches);
  }

  /** The step-2 lock toggled, as the room's owner builds a change before it stores it. */
  private static RoomRecord change(RoomRecord base, String commandId) {
    RoomRecord next = base.copyForUpdate();
    List<SequencedEvent> batch = new ArrayList<>();
    Command lock = new Command.Lock(2, !next.state.runtime.get(2).locked());
    for (nl.werkplaats.room.Event e : Room.decide(next.state, "fac", lock, next.state.createdAt + 3_600_000)) {
      Room.evolve(next.state, e);
      batch.add(new SequencedEvent(next.state.seq, e));
    }
    next.remember("fac:" + commandId, batch);
    return next;
  }
}

package nl.werkplaats.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.room.SharedText;
import nl.werkplaats.room.TextOp;
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
 * <p>The change is one of three kinds, with events of the sizes scenario 1 stores:
 * <ul>
 *   <li>{@code text} (the default): a participant's line of a canvas field replaced by a text operation, as
 *       the load generator's most common change (an event of about 230 bytes of JSON);
 *   <li>{@code join}: a participant joins (about 300 bytes: name, organisation, function, token hash);
 *   <li>{@code lock}: the facilitator toggles a step's lock (about 250 bytes).
 * </ul>
 *
 * <pre>java -cp &lt;test class path&gt; nl.werkplaats.bench.StoreWriteBench h2|postgres [rooms] [threads] [changes per room] [text|join|lock]</pre>
 */
public final class StoreWriteBench {
  private StoreWriteBench() {}

  /** A participant id as the gateway makes them ("p-" and 22 characters of a hash). */
  private static final String WRITER = participantId("bench writer");

  private static String participantId(String seed) {
    return "p-" + Sessions.sha256Hex(seed).substring(0, 22);
  }

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "h2";
    int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int perRoom = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    String change = args.length > 4 ? args[4] : "text";
    if (!List.of("text", "join", "lock").contains(change)) {
      throw new IllegalArgumentException("the change is text, join or lock, not " + change);
    }
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
        if (change.equals("text")) {
          d.run("fac", new Command.Resume());
          d.run("fac", new Command.GoToStep(2, null)); // the canvas, where the writer writes
          d.run(null, new Command.Join(WRITER, "Joëlle Bakker", "Provincie Zuid-Holland", "data-analist",
              Role.PARTICIPANT, Sessions.sha256Hex("writer")));
        }
        records[i] = storage.claim("bench-" + i, "member-a").orElseThrow();
      }
      run(store, storage, records, threads, Math.max(1, perRoom / 3), "warm-up", kind, change);
      run(store, storage, records, threads, perRoom, "measured", kind, change);
    } finally {
      store.close();
    }
  }

  private static void run(Store store, RoomStorage storage, RoomRecord[] records, int threads, int perRoom,
      String phase, String kind, String change) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    WriteStatistics before = store.writeStatistics();
    long written = fileWriteBytes(store);
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong writerCpu = new java.util.concurrent.atomic.AtomicLong();
    for (int t = 0; t < threads; t++) {
      int first = t;
      done.add(pool.submit(() -> {
        long own = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int k = 0; k < perRoom; k++) {
          for (int r = first; r < records.length; r += threads) {
            RoomRecord next = change(records[r], "bench-" + phase + "-" + k, change);
            storage.save(next);
            records[r] = next;
          }
        }
        writerCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - own);
        return null;
      }));
    }
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
    WriteStatistics after = store.writeStatistics();
    long changes = after.changes() - before.changes();
    long batches = after.batches() - before.batches();
    long bytes = fileWriteBytes(store) - written;
    int eventBytes = DomainJson.MAPPER.writerFor(Event.class)
        .writeValueAsString(records[0].log.get(records[0].log.size() - 1).event()).getBytes(UTF_8).length;
    System.out.printf(Locale.ROOT, "%s %s (%s, events of %d bytes): %d changes of %d rooms by %d threads in %.1f s: "
        + "%.0f changes/s, %.3f ms CPU per change (%.3f ms on the writing threads), %.2f changes per transaction%s%n",
        kind, phase, change, eventBytes, changes, records.length, threads, seconds, changes / seconds, cpuMs / changes,
        writerCpu.get() / 1e6 / changes, (double) changes / batches,
        bytes < 0 ? "" : String.format(Locale.ROOT, ", %.0f bytes written to the file per change", (double) bytes / changes));
  }

  /** What the embedded database wrote to its file so far (H2's own count); -1 for another store. */
  private static long fileWriteBytes(Store store) {
    if (!(store instanceof H2Store h2)) {
      return -1;
    }
    return h2.inTransaction(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
          + "WHERE SETTING_NAME = 'info.FILE_WRITE_BYTES'")) {
        return rs.next() ? Long.parseLong(rs.getString(1)) : -1L;
      }
    }, "read the bytes written");
  }

  /** A change as the room's owner builds it before it stores it (see the kinds above). */
  private static RoomRecord change(RoomRecord base, String commandId, String kind) {
    RoomRecord next = base.copyForUpdate();
    String actor = "fac";
    Command command;
    if (kind.equals("text")) {
      // the writer's line replaced: keep the text before it, insert the new line, delete the old one, keep the rest
      String key = "field:main-question";
      SharedText current = next.state.content.get(2).texts.getOrDefault(key, SharedText.EMPTY);
      String before = "Wat vraagt de gemeente?\n";
      String after = "\nEn wat vraagt de provincie daarbij van ons?";
      String line = "P7: [bench " + commandId + " t=" + System.nanoTime() / 1000 + "] Joëlle Bakker";
      TextOp op = current.text().startsWith(before) && current.text().endsWith(after)
          ? new TextOp.Builder().retain(before.length()).insert(line, false)
              .delete(current.text().length() - before.length() - after.length()).retain(after.length()).build()
          : TextOp.replace(current.text(), before + line + after);
      // an operation id as the web client makes them: time, random, counter
      String opId = "o" + Long.toString(System.currentTimeMillis(), 36)
          + Long.toString(System.nanoTime() % 2_821_109_907_456L, 36) + current.rev();
      command = new Command.EditText(2, key, current.rev(), op, opId);
      actor = WRITER;
    } else if (kind.equals("join")) {
      command = new Command.Join(participantId(base.state.roomId + commandId), "Joëlle Bakker-de Groot",
          "Provincie Zuid-Holland", "data-analist", Role.PARTICIPANT, Sessions.sha256Hex(commandId));
      actor = null;
    } else {
      command = new Command.Lock(2, !next.state.runtime.get(2).locked());
    }
    List<SequencedEvent> batch = new ArrayList<>();
    for (Event e : Room.decide(next.state, actor, command, next.state.createdAt + 3_600_000)) {
      Room.evolve(next.state, e);
      batch.add(new SequencedEvent(next.state.seq, e));
    }
    next.remember((actor == null ? "gateway" : actor) + ":" + commandId, batch);
    return next;
  }
}

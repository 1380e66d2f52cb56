package nl.werkplaats.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A few seconds of scenario 1, tiny (3 rooms of 4 people on one node started from the jar, and the
 * baseline), to keep the benchmark working. Checks that nothing was lost, duplicated or out of order and that
 * the figures are printed; never timings (the machine running the tests is busy with other things).
 */
class BenchmarkSmokeIT {
  @Test
  @Timeout(300)
  @DisplayName("a tiny scenario 1 against the jar and the baseline: every change reaches everyone once, in order")
  void smoke() throws Exception {
    Benchmark.Options o = Benchmark.parse(new String[] {
        "--scenario", "1", "--rooms", "3", "--participants", "4", "--interval", "1", "--seconds", "4",
        "--warmup", "1", "--advance-every", "2", "--server-heap", "256m"});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    Benchmark.Report report = Benchmark.run(o, log);
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.println(printed);

    for (LoadRun.Result r : new LoadRun.Result[] {report.werkplaats, report.baseline}) {
      assertNotNull(r, "both runs happened");
      Metrics m = r.metrics;
      String which = r.mode + ": ";
      assertEquals(12, r.connections, which + "connections");
      assertTrue(m.changesMeasured > 0, which + "changes were acknowledged while measuring");
      assertTrue(m.fanOut.getTotalCount() > 0, which + "fan-out was measured");
      assertEquals(0, m.lost, which + "lost");
      assertEquals(0, m.duplicated, which + "duplicated");
      assertEquals(0, m.outOfOrder, which + "out of order");
      assertEquals(0, m.mismatched, which + "mismatched");
      assertEquals(0, m.unanswered, which + "unanswered");
      assertEquals(0, m.unmatchedEvents, which + "unmatched");
      assertEquals(0, m.behindAtEnd, which + "behind at the end");
      assertEquals(0, r.closedUnexpectedly, which + "closed");
      assertTrue(m.errors.isEmpty(), which + "no command was refused: " + m.errors);
      assertTrue(r.serverCpuCores >= 0, which + "server CPU measured");
      assertTrue(r.heapAfterKib > 0, which + "server heap measured");
    }
    for (String figure : new String[] {"fan-out", "ack", "deliveries per second", "lost / duplicated / out of order",
        "server CPU", "heap", "Target:"}) {
      assertTrue(report.text.contains(figure), "the report shows " + figure + ":\n" + report.text);
    }
  }
}

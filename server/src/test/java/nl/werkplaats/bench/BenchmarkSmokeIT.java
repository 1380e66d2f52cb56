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
 * A few seconds of scenario 1, tiny (3 rooms of 4 people on one node started from the jar, and the baseline),
 * and of scenario 6 (2 rooms of 4, two of them typing), to keep the benchmark working. Checks that nothing was
 * lost, duplicated or out of order, that every copy of a typed text converged with nothing typed lost, and that
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

  @Test
  @Timeout(300)
  @DisplayName("a tiny typing run (scenario 6): every copy of every text converges, and nothing typed is lost")
  void typing() throws Exception {
    Benchmark.Options o = Benchmark.parse(new String[] {
        "--scenario", "6", "--rooms", "2", "--participants", "4", "--typists", "2", "--seconds", "3",
        "--warmup", "1", "--server-heap", "256m"});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    Benchmark.Report report = Benchmark.run(o, log);
    System.out.println(out.toString(StandardCharsets.UTF_8));

    for (LoadRun.Result r : new LoadRun.Result[] {report.werkplaats, report.baseline}) {
      assertNotNull(r, "both runs happened");
      Metrics m = r.metrics;
      String which = r.mode + ": ";
      assertTrue(m.keystrokes > 0, which + "keystrokes while measuring");
      assertTrue(m.changesMeasured > 0, which + "text operations acknowledged while measuring");
      assertTrue(m.keyToScreen.getTotalCount() > 0, which + "keystroke → screen measured");
      assertEquals(0, m.faults(), which + "lost, duplicated, out of order, mismatched, unanswered or behind");
      assertEquals(0, r.closedUnexpectedly, which + "closed");
      assertTrue(m.errors.isEmpty(), which + "no operation was refused: " + m.errors);
    }
    Metrics w = report.werkplaats.metrics;
    assertTrue(w.textsChecked >= 2, "the typed texts were compared with a fresh welcome");
    assertEquals(4 * w.textsChecked, w.copiesChecked, "every client's copy was compared");
    assertEquals(0, w.copiesDiverged, "every copy equals the room's text");
    assertEquals(4, w.typedChecked, "every typist's typing was checked");
    assertEquals(0, w.typedMissing, "every typed character is in the room's text");
    assertEquals(0, w.lengthMismatches, "nothing else is");
    assertEquals(0, w.typingFaults(), "no typing faults");
    assertTrue(report.targetMet, report.text);
    assertTrue(report.text.contains("keystroke"), report.text);
  }
}

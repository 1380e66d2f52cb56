package nl.werkplaats.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies in microseconds (HdrHistogram, 3 significant digits). Thread-safe:
 * the rooms of a run live on several event loops.
 */
final class Metrics {
  private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(120);

  /** send → ack, content changes made while measuring. */
  final Histogram ack = new Histogram(MAX_MICROS, 3);
  /** send → received by one other participant (one value per delivery). */
  final Histogram delivery = new Histogram(MAX_MICROS, 3);
  /** send → received by every other participant of the room (one value per change). */
  final Histogram fanOut = new Histogram(MAX_MICROS, 3);
  /** Typing: the oldest keystroke in a text operation → on every other participant's copy (one per operation). */
  final Histogram keyToScreen = new Histogram(MAX_MICROS, 3);

  long changesSent;          // content changes sent (whole run, warm-up included)
  long changesAcked;
  long changesMeasured;      // acked changes sent while measuring
  long changesSkipped;       // a participant's previous change was still unanswered when the next was due
  long flowCommands;
  final Map<String, Long> errors = new TreeMap<>();
  long duplicateAcks;

  long deliveriesMeasured;   // content events delivered to clients while measuring (sender's own copy included)
  long eventsReceived;       // every event of every room at every client
  long bytesReceivedMeasured;
  long messagesReceivedMeasured;
  long eventsBytesMeasured;   // the same for events messages only
  long eventsMessagesMeasured;

  long lost;                 // expected deliveries (change acked, participant in the room) that never came
  long duplicated;           // an event seq a client had already
  long outOfOrder;           // an event seq beyond last + 1 (a gap)
  long mismatched;           // the event at an acknowledged seq is not the change that was acknowledged
  long unanswered;           // changes never acknowledged nor refused by the end of the drain
  long unmatchedEvents;      // content events at a seq no change of this run was acknowledged with
  long snapshots;            // snapshot messages (would hide a gap; the server should not need them)
  long behindAtEnd;          // clients whose last seq is below the room's last seq after the drain
  long mergeMarks;
  // when the drain gave up while the server was still sending (overloaded): not counted as lost
  long backlogUndelivered;   // deliveries of acknowledged changes still missing
  long backlogUnanswered;    // changes still without an answer
  long backlogBehind;        // clients still behind the room

  // typing (scenario 6)
  long keystrokes;           // keystrokes typed while measuring (characters and backspaces)
  long keystrokesTotal;      // the whole run
  long textGaps;             // a text-op event that was not the next revision of the client's copy
  long textsChecked;         // shared texts compared with a fresh client's welcome at the end
  long copiesChecked;        // client copies compared
  long copiesDiverged;       // client copies (text or revision) not equal to the room's
  long typedChecked;         // (typist, text) pairs checked
  long typedMissing;         // (typist, text) pairs whose typed characters are not all in the room's text, in order
  long lengthMismatches;     // room texts whose length is not what the typists typed (characters lost or added)
  long wordsTyped;           // words typed (each once, unique)
  long wordsWhole;           // of those, found whole in the room's text
  long unsentAtEnd;          // texts with typing never confirmed by the end (held back, or still in flight)
  long checkFailed;          // rooms a fresh client could not read

  synchronized void recordAck(long micros) {
    ack.recordValue(Math.min(micros, MAX_MICROS));
  }

  synchronized void recordDelivery(long micros) {
    delivery.recordValue(Math.min(micros, MAX_MICROS));
  }

  synchronized void recordFanOut(long micros) {
    fanOut.recordValue(Math.min(micros, MAX_MICROS));
  }

  synchronized void recordKeyToScreen(long micros) {
    keyToScreen.recordValue(Math.min(micros, MAX_MICROS));
  }

  synchronized void error(String code) {
    errors.merge(code, 1L, Long::sum);
  }

  synchronized void add(Counter counter, long n) {
    switch (counter) {
      case SENT -> changesSent += n;
      case ACKED -> changesAcked += n;
      case MEASURED -> changesMeasured += n;
      case SKIPPED -> changesSkipped += n;
      case FLOW -> flowCommands += n;
      case DUPLICATE_ACK -> duplicateAcks += n;
      case DELIVERIES -> deliveriesMeasured += n;
      case EVENTS -> eventsReceived += n;
      case BYTES -> bytesReceivedMeasured += n;
      case MESSAGES -> messagesReceivedMeasured += n;
      case EVENTS_BYTES -> eventsBytesMeasured += n;
      case EVENTS_MESSAGES -> eventsMessagesMeasured += n;
      case LOST -> lost += n;
      case DUPLICATED -> duplicated += n;
      case OUT_OF_ORDER -> outOfOrder += n;
      case MISMATCHED -> mismatched += n;
      case UNANSWERED -> unanswered += n;
      case UNMATCHED -> unmatchedEvents += n;
      case SNAPSHOTS -> snapshots += n;
      case BEHIND -> behindAtEnd += n;
      case MERGE_MARKS -> mergeMarks += n;
      case BACKLOG -> backlogUndelivered += n;
      case BACKLOG_UNANSWERED -> backlogUnanswered += n;
      case BACKLOG_BEHIND -> backlogBehind += n;
      case KEYSTROKES -> keystrokes += n;
      case KEYSTROKES_TOTAL -> keystrokesTotal += n;
      case TEXT_GAPS -> textGaps += n;
      case TEXTS_CHECKED -> textsChecked += n;
      case COPIES_CHECKED -> copiesChecked += n;
      case COPIES_DIVERGED -> copiesDiverged += n;
      case TYPED_CHECKED -> typedChecked += n;
      case TYPED_MISSING -> typedMissing += n;
      case LENGTH_MISMATCHES -> lengthMismatches += n;
      case WORDS_TYPED -> wordsTyped += n;
      case WORDS_WHOLE -> wordsWhole += n;
      case UNSENT_AT_END -> unsentAtEnd += n;
      case CHECK_FAILED -> checkFailed += n;
    }
  }

  enum Counter {
    SENT, ACKED, MEASURED, SKIPPED, FLOW, DUPLICATE_ACK, DELIVERIES, EVENTS, BYTES, MESSAGES, EVENTS_BYTES,
    EVENTS_MESSAGES, LOST, DUPLICATED,
    OUT_OF_ORDER, MISMATCHED, UNANSWERED, UNMATCHED, SNAPSHOTS, BEHIND, MERGE_MARKS, BACKLOG, BACKLOG_UNANSWERED,
    BACKLOG_BEHIND, KEYSTROKES, KEYSTROKES_TOTAL, TEXT_GAPS, TEXTS_CHECKED, COPIES_CHECKED, COPIES_DIVERGED,
    TYPED_CHECKED, TYPED_MISSING, LENGTH_MISMATCHES, WORDS_TYPED, WORDS_WHOLE, UNSENT_AT_END, CHECK_FAILED
  }

  /** Loss, duplication and order: all must be 0. */
  synchronized long faults() {
    return lost + duplicated + outOfOrder + mismatched + unanswered + unmatchedEvents + behindAtEnd;
  }

  /** Typing: copies that differ from the room's, typing lost or never confirmed; all must be 0. */
  synchronized long typingFaults() {
    return textGaps + copiesDiverged + typedMissing + lengthMismatches + unsentAtEnd + checkFailed;
  }

  /** p50/p95/p99/max in milliseconds, e.g. {@code 1.2 / 3.4 / 5.6 / 7.8}. */
  static String millis(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "n/a";
    }
    return String.format(java.util.Locale.ROOT, "%s / %s / %s / %s", ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
  }

  static String ms(long micros) {
    return String.format(java.util.Locale.ROOT, micros < 10_000 ? "%.2f" : micros < 100_000 ? "%.1f" : "%.0f",
        micros / 1000.0);
  }
}

package nl.werkplaats.bench;

import java.util.Set;
import nl.werkplaats.room.TextOp;

/**
 * One shared text as a benchmark client keeps it while typing: the Java counterpart of the web client's
 * {@code TextSync} (web-client/src/textSync.ts), built on the server's {@link TextOp}. Per text:
 * <ul>
 *   <li>{@code server}: the text at revision {@code rev}, as the room last told this client;</li>
 *   <li>{@code inflight}: this client's operation sent and not yet seen back (at most one);</li>
 *   <li>{@code buffer}: what was typed since, composed into one operation;</li>
 *   <li>{@code doc}: what the text field shows, server + inflight + buffer, with the caret in it.</li>
 * </ul>
 * An incoming operation of somebody else is transformed over inflight and buffer before it is applied to
 * {@code doc}; the caret stays before somebody else's insertion at it while this client types a run there.
 * Our own operation coming back (its {@code opId}) settles inflight, and the buffer becomes the next one.
 * Left out, because the benchmark's clients never reconnect or resync: a whole state arriving while an
 * operation is in flight, and typing held back on a locked step being sent again later.
 *
 * <p>With {@code transform} false (the baseline relay, which does not transform or apply anything) the
 * pacing is the same (one operation in flight, the rest composed), but other people's operations are not
 * applied: the baseline gets the same messages, not a shared text.
 */
final class TypingSync {
  /** The room no longer keeps the revision, or the operation did not fit it: rebase and send again. */
  static final Set<String> REBASE_CODES = Set.of("text_revision_gone", "text_op_invalid");
  /** Passing trouble: the same operation goes again a moment later. */
  static final Set<String> RETRY_CODES = Set.of("rate_limited", "internal", "queue_full", "unavailable");

  final int step;
  final String key;
  final String mapKey;
  private final boolean transform;

  String server = "";
  int rev;
  TextOp inflight;
  String inflightId;
  boolean inflightSent;
  /** When the oldest keystroke in inflight / buffer was typed (nanoTime), for keystroke → screen. */
  long inflightFirstKey;
  TextOp buffer;
  long bufferFirstKey;
  String doc = "";
  int caret;
  /** Where the run this client is typing ends (just after its last typed character), or -1. */
  int runEnd = -1;
  /** The code that holds the typing back (the text is closed to this client), or null. */
  String held;
  long lastSentMillis = Long.MIN_VALUE / 2;
  boolean scheduled;
  private final java.util.function.Supplier<String> ids;

  TypingSync(int step, String key, boolean transform, java.util.function.Supplier<String> ids) {
    this.step = step;
    this.key = key;
    this.mapKey = step + "|" + key;
    this.transform = transform;
    this.ids = ids;
  }

  boolean unsaved() {
    return inflight != null || buffer != null;
  }

  // ------------------------------------------------------------------------------------------ typing

  /** The person typed {@code s} at the caret. */
  void type(String s, long now) {
    boolean run = runEnd >= 0 && caret == runEnd && caret > 0;
    TextOp op = TextOp.insertAt(doc.length(), caret, s, run);
    local(op, now);
    doc = op.apply(doc);
    caret += s.length();
    runEnd = caret;
  }

  /** The person pressed backspace (the caret is after a character). */
  void backspace(long now) {
    TextOp op = TextOp.deleteAt(doc.length(), caret - 1, 1);
    local(op, now);
    doc = op.apply(doc);
    caret--;
    runEnd = runEnd < 0 ? caret : Math.min(caret, runEnd);
  }

  private void local(TextOp op, long now) {
    if (op.isNoop()) {
      return;
    }
    if (inflight == null) {
      inflight = op;
      inflightId = ids.get();
      inflightSent = false;
      inflightFirstKey = now;
    } else if (buffer == null) {
      buffer = op;
      bufferFirstKey = now;
    } else {
      buffer = TextOp.compose(buffer, op);
    }
  }

  /** Whether the operation in flight may go now (not sent yet, nothing holds it). */
  boolean ready() {
    return inflight != null && !inflightSent && held == null;
  }

  // ------------------------------------------------------------------------------------------ receiving

  /**
   * An operation the room sequenced, in seq order. Answers false when it is not the next revision (then it
   * is not applied: a real client would resync).
   */
  boolean receive(int eventRev, TextOp op, String opId, java.util.function.BiFunction<String, TextOp, String> apply) {
    boolean mine = inflight != null && inflightSent && opId != null && opId.equals(inflightId);
    if (!transform) {
      if (mine) {
        server = inflight.apply(server);
        rev++;
        settle();
      }
      return true;
    }
    if (eventRev != rev + 1) {
      return false;
    }
    server = apply.apply(server, op);
    rev = eventRev;
    if (mine) {
      settle();
      return true;
    }
    if (inflight != null) {
      TextOp.Pair p = TextOp.transform(op, inflight);
      op = p.a();
      inflight = p.b();
    }
    if (buffer != null) {
      TextOp.Pair p = TextOp.transform(op, buffer);
      op = p.a();
      buffer = p.b();
    }
    if (inflight == null && buffer == null) {
      doc = server;
    } else {
      doc = op.apply(doc);
    }
    boolean typing = runEnd >= 0 && caret == runEnd;
    caret = TextOp.transformIndex(op, caret, typing);
    if (runEnd >= 0) {
      runEnd = TextOp.transformIndex(op, runEnd, true);
    }
    return true;
  }

  private void settle() {
    inflight = buffer == null || buffer.isNoop() ? null : buffer;
    inflightFirstKey = bufferFirstKey;
    buffer = null;
    inflightId = inflight == null ? null : ids.get();
    inflightSent = false;
  }

  /**
   * The room refused our operation in flight with {@code code}. Answers what to do: {@code rebased} (send
   * again now, on the revision this client has), {@code retry} (the same operation a moment later) or
   * {@code held} (the text is closed to this client: kept, not sent).
   */
  String refused(String opId, String code) {
    if (!opId.equals(inflightId)) {
      return "";
    }
    if (REBASE_CODES.contains(code)) {
      // The room's text is the one this client has (it applies every event in order): what it typed is
      // already on it, so the operation in flight and the buffer go again as one, on the current revision.
      TextOp pending = buffer == null ? inflight : TextOp.compose(inflight, buffer);
      buffer = null;
      inflight = pending.isNoop() ? null : pending;
      inflightId = inflight == null ? null : ids.get();
      inflightSent = false;
      return "rebased";
    }
    if (RETRY_CODES.contains(code)) {
      inflightSent = false;
      return "retry";
    }
    if (buffer != null) {
      inflight = TextOp.compose(inflight, buffer);
      buffer = null;
    }
    inflightSent = false;
    held = code;
    return "held";
  }
}

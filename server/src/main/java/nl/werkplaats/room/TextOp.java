package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change of a shared text, character by character (operational transformation in the style of ot.js and
 * ShareDB's text type). A list of components that walk the whole text from its start: retain {@code n}
 * characters, insert a string, delete {@code n} characters. Positions are UTF-16 code units, exactly as Java
 * and JavaScript index strings; the browser client has the same algorithm in {@code textOt.ts}, and both are
 * tested against {@code src/protocol/text-ot-cases.json}.
 *
 * <p>On the wire a component is a positive integer (retain), a negative integer (delete) or an object
 * {@code {"i": "text"}} (insert), with {@code "r": true} when the insertion continues the author's own typing
 * (the character left of it is one the author just typed). That flag decides ties: when two concurrent
 * operations insert at the same place, the one that continues its author's run goes first, otherwise the one
 * the room sequenced first. So two people typing at one spot never split each other's sentences.
 *
 * <p>Immutable; every operation is normalised (adjacent components of one kind merged, no empty ones, an
 * insertion before a deletion at the same place).
 */
public final class TextOp {
  /** A component: {@link Retain}, {@link Insert} or {@link Delete}. */
  public sealed interface Component {}

  public record Retain(int n) implements Component {}

  public record Delete(int n) implements Component {}

  /** {@code run}: continues its author's own typing to its left. */
  public record Insert(String text, boolean run) implements Component {}

  public static final TextOp EMPTY = new TextOp(List.of());

  private final List<Component> components;
  private final int baseLength;
  private final int targetLength;

  private TextOp(List<Component> components) {
    this.components = Collections.unmodifiableList(components);
    int base = 0;
    int target = 0;
    for (Component c : components) {
      if (c instanceof Retain r) {
        base += r.n;
        target += r.n;
      } else if (c instanceof Delete d) {
        base += d.n;
      } else if (c instanceof Insert i) {
        target += i.text.length();
      }
    }
    this.baseLength = base;
    this.targetLength = target;
  }

  public List<Component> components() {
    return components;
  }

  /** The length of the text this operation applies to. */
  public int baseLength() {
    return baseLength;
  }

  /** The length of the text it produces. */
  public int targetLength() {
    return targetLength;
  }

  /** How many characters it inserts, in all. */
  public int insertedLength() {
    int n = 0;
    for (Component c : components) {
      if (c instanceof Insert i) {
        n += i.text.length();
      }
    }
    return n;
  }

  /** Whether it changes nothing. */
  public boolean isNoop() {
    return components.stream().allMatch(c -> c instanceof Retain);
  }

  // ------------------------------------------------------------------------------------------ JSON

  /** Reads the wire form; anything that is not a component is refused with IllegalArgumentException. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TextOp fromJson(List<Object> raw) {
    if (raw == null) {
      throw new IllegalArgumentException("op is missing");
    }
    Builder b = new Builder();
    for (Object o : raw) {
      if (o instanceof Number n) {
        long v = n.longValue();
        if (v == 0 || n.doubleValue() != v || Math.abs(v) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("a retain or delete is a non-zero whole number");
        }
        if (v > 0) {
          b.retain((int) v);
        } else {
          b.delete((int) -v);
        }
      } else if (o instanceof Map<?, ?> m && m.get("i") instanceof String s && !s.isEmpty()) {
        Object r = m.get("r");
        b.insert(s, Boolean.TRUE.equals(r));
      } else {
        throw new IllegalArgumentException("an insert is {\"i\": \"text\"} with text");
      }
    }
    return b.build();
  }

  @JsonValue
  public List<Object> toJson() {
    List<Object> out = new ArrayList<>(components.size());
    for (Component c : components) {
      if (c instanceof Retain r) {
        out.add(r.n);
      } else if (c instanceof Delete d) {
        out.add(-d.n);
      } else if (c instanceof Insert i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", i.text);
        if (i.run) {
          m.put("r", true);
        }
        out.add(m);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextOp t && t.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  // ------------------------------------------------------------------------------------------ building

  /** Builds a normalised operation. */
  public static final class Builder {
    private final List<Component> ops = new ArrayList<>();

    public Builder retain(int n) {
      if (n <= 0) {
        return this;
      }
      if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof Retain r) {
        ops.set(ops.size() - 1, new Retain(r.n + n));
      } else {
        ops.add(new Retain(n));
      }
      return this;
    }

    public Builder delete(int n) {
      if (n <= 0) {
        return this;
      }
      if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof Delete d) {
        ops.set(ops.size() - 1, new Delete(d.n + n));
      } else {
        ops.add(new Delete(n));
      }
      return this;
    }

    /** Inserts {@code text}; next to another insertion it joins it (and keeps that one's run flag). */
    public Builder insert(String text, boolean run) {
      if (text.isEmpty()) {
        return this;
      }
      int last = ops.size() - 1;
      if (last >= 0 && ops.get(last) instanceof Insert i) {
        ops.set(last, new Insert(i.text + text, i.run));
      } else if (last >= 0 && ops.get(last) instanceof Delete d) {
        // Canonical order: the insertion before the deletion at the same place.
        if (last >= 1 && ops.get(last - 1) instanceof Insert i) {
          ops.set(last - 1, new Insert(i.text + text, i.run));
        } else {
          ops.set(last, new Insert(text, run));
          ops.add(d);
        }
      } else {
        ops.add(new Insert(text, run));
      }
      return this;
    }

    public TextOp build() {
      return new TextOp(new ArrayList<>(ops));
    }
  }

  /** An operation on a text of {@code length} characters that inserts {@code text} at {@code at}. */
  public static TextOp insertAt(int length, int at, String text, boolean run) {
    return new Builder().retain(at).insert(text, run).retain(length - at).build();
  }

  /** An operation on a text of {@code length} characters that deletes {@code n} characters at {@code at}. */
  public static TextOp deleteAt(int length, int at, int n) {
    return new Builder().retain(at).delete(n).retain(length - at - n).build();
  }

  /**
   * The operation that turns {@code from} into {@code to}: the common start and end kept, the middle replaced
   * (never splitting a surrogate pair). Used where only two whole texts are known.
   */
  public static TextOp replace(String from, String to) {
    int start = 0;
    int max = Math.min(from.length(), to.length());
    while (start < max && from.charAt(start) == to.charAt(start)) {
      start++;
    }
    if (start > 0 && Character.isHighSurrogate(from.charAt(start - 1))) {
      start--;
    }
    int end = 0;
    while (end < max - start && from.charAt(from.length() - 1 - end) == to.charAt(to.length() - 1 - end)) {
      end++;
    }
    if (end > 0 && Character.isLowSurrogate(from.charAt(from.length() - end))) {
      end--;
    }
    return new Builder().retain(start).insert(to.substring(start, to.length() - end), false)
        .delete(from.length() - start - end).retain(end).build();
  }

  // ------------------------------------------------------------------------------------------ apply

  /** This operation applied to {@code text}; IllegalArgumentException when it does not fit. */
  public String apply(String text) {
    if (text.length() != baseLength) {
      throw new IllegalArgumentException("the operation is for a text of " + baseLength + " characters, not " + text.length());
    }
    if (splitsSurrogatePair(text)) {
      throw new IllegalArgumentException("the operation splits a character in two");
    }
    StringBuilder out = new StringBuilder(targetLength);
    int pos = 0;
    for (Component c : components) {
      if (c instanceof Retain r) {
        out.append(text, pos, pos + r.n);
        pos += r.n;
      } else if (c instanceof Delete d) {
        pos += d.n;
      } else if (c instanceof Insert i) {
        out.append(i.text);
      }
    }
    return out.toString();
  }

  /** Whether any boundary of this operation falls inside a surrogate pair of {@code text}. */
  public boolean splitsSurrogatePair(String text) {
    int pos = 0;
    for (Component c : components) {
      if (splits(text, pos)) {
        return true;
      }
      if (c instanceof Retain r) {
        pos += r.n;
      } else if (c instanceof Delete d) {
        pos += d.n;
      }
    }
    return false;
  }

  private static boolean splits(String text, int pos) {
    return pos > 0 && pos < text.length() && Character.isHighSurrogate(text.charAt(pos - 1))
        && Character.isLowSurrogate(text.charAt(pos));
  }

  // ------------------------------------------------------------------------------------------ compose

  /** One operation with the effect of {@code a} followed by {@code b}. */
  public static TextOp compose(TextOp a, TextOp b) {
    if (a.targetLength != b.baseLength) {
      throw new IllegalArgumentException("cannot compose: " + a.targetLength + " != " + b.baseLength);
    }
    Builder out = new Builder();
    Cursor x = new Cursor(a.components);
    Cursor y = new Cursor(b.components);
    while (x.has() || y.has()) {
      if (x.has() && x.cur instanceof Delete d) {
        out.delete(d.n);
        x.next();
        continue;
      }
      if (y.has() && y.cur instanceof Insert i) {
        out.insert(i.text, i.run);
        y.next();
        continue;
      }
      if (!x.has() || !y.has()) {
        throw new IllegalArgumentException("cannot compose: operations of different lengths");
      }
      int n = Math.min(x.length(), y.length());
      if (x.cur instanceof Retain && y.cur instanceof Retain) {
        out.retain(n);
      } else if (x.cur instanceof Insert i && y.cur instanceof Retain) {
        out.insert(i.text.substring(0, n), i.run);
      } else if (x.cur instanceof Retain && y.cur instanceof Delete) {
        out.delete(n);
      }
      // insert then delete: they cancel out.
      x.take(n, y.cur instanceof Delete);
      y.take(n, false);
    }
    return out.build();
  }

  // ------------------------------------------------------------------------------------------ transform

  /** {@code a} and {@code b} transformed against each other: {@code a'} applies after b, {@code b'} after a. */
  public record Pair(TextOp a, TextOp b) {}

  /**
   * Transforms two concurrent operations on the same text. {@code a} is the one sequenced first (the room's,
   * or one the client received), {@code b} the later one. Apply a then b', or b then a': the same text.
   * Insertions at the same place: b's goes first only when it continues its author's run and a's does not.
   */
  public static Pair transform(TextOp a, TextOp b) {
    if (a.baseLength != b.baseLength) {
      throw new IllegalArgumentException("cannot transform: " + a.baseLength + " != " + b.baseLength);
    }
    Builder ap = new Builder();
    Builder bp = new Builder();
    Cursor x = new Cursor(a.components);
    Cursor y = new Cursor(b.components);
    while (x.has() || y.has()) {
      boolean xIns = x.has() && x.cur instanceof Insert;
      boolean yIns = y.has() && y.cur instanceof Insert;
      if (xIns && yIns) {
        Insert xi = (Insert) x.cur;
        Insert yi = (Insert) y.cur;
        if (yi.run && !xi.run) {
          yIns = true;
          xIns = false;
        } else {
          yIns = false;
        }
      }
      if (xIns) {
        Insert i = (Insert) x.cur;
        ap.insert(i.text, i.run);
        bp.retain(i.text.length());
        x.next();
        continue;
      }
      if (yIns) {
        Insert i = (Insert) y.cur;
        ap.retain(i.text.length());
        bp.insert(i.text, i.run);
        y.next();
        continue;
      }
      if (!x.has() || !y.has()) {
        throw new IllegalArgumentException("cannot transform: operations of different lengths");
      }
      int n = Math.min(x.length(), y.length());
      if (x.cur instanceof Retain && y.cur instanceof Retain) {
        ap.retain(n);
        bp.retain(n);
      } else if (x.cur instanceof Delete && y.cur instanceof Retain) {
        ap.delete(n);
      } else if (x.cur instanceof Retain && y.cur instanceof Delete) {
        bp.delete(n);
      }
      // both delete the same characters: nothing left to do for either.
      x.take(n, false);
      y.take(n, false);
    }
    return new Pair(ap.build(), bp.build());
  }

  /** Where position {@code index} of the text before {@code op} is after it (an insertion at it pushes it on unless {@code stay}). */
  public static int transformIndex(TextOp op, int index, boolean stay) {
    int pos = 0;
    int result = index;
    for (Component c : op.components) {
      if (pos > index) {
        break;
      }
      if (c instanceof Retain r) {
        pos += r.n;
      } else if (c instanceof Insert i) {
        if (pos < index || !stay) {
          result += i.text.length();
        }
      } else if (c instanceof Delete d) {
        result -= Math.min(d.n, index - pos);
        pos += d.n;
      }
    }
    return result;
  }

  /** Walks a list of components, splitting retains, deletes and inserts into parts. */
  private static final class Cursor {
    private final List<Component> list;
    private int index;
    Component cur;

    Cursor(List<Component> list) {
      this.list = list;
      this.cur = list.isEmpty() ? null : list.get(0);
    }

    boolean has() {
      return cur != null;
    }

    void next() {
      index++;
      cur = index < list.size() ? list.get(index) : null;
    }

    int length() {
      if (cur instanceof Retain r) {
        return r.n;
      }
      if (cur instanceof Delete d) {
        return d.n;
      }
      return ((Insert) cur).text.length();
    }

    /**
     * Consumes {@code n} of the current component. The rest of an insertion whose start stays in the text
     * continues the same run; after a deleted start it keeps its own flag.
     */
    void take(int n, boolean deleted) {
      int len = length();
      if (n >= len) {
        next();
      } else if (cur instanceof Retain) {
        cur = new Retain(len - n);
      } else if (cur instanceof Delete) {
        cur = new Delete(len - n);
      } else {
        Insert i = (Insert) cur;
        cur = new Insert(i.text.substring(n), deleted ? i.run : true);
      }
    }
  }
}

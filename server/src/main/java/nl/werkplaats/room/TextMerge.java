package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch;

/**
 * Server-side three-way merge of a shared text. A client sends the text it started from ({@code base}) and
 * its new text ({@code mine}); somebody else may have changed the text since ({@code current}). Both changes
 * are compared with the base, as lists of edits (a range of the base replaced by new text):
 * <ul>
 *   <li>edits in different places are both applied;</li>
 *   <li>edits that touch the same words (overlap, or change the same word) collide: the current text keeps
 *       its words, and the words of {@code mine} for that place are appended on a line of their own that
 *       starts with {@link #CONFLICT_MARK}, so that no edit is silently lost;</li>
 *   <li>the same edit made on both sides is applied once.</li>
 * </ul>
 * Deterministic (no time limits, no fuzzy matching), so that every replica computes the same result.
 */
public final class TextMerge {
  /** Marks text kept from an edit that collided with another one. */
  public static final String CONFLICT_MARK = "\u21C4 ";

  private TextMerge() {}

  public static String merge(String base, String mine, String current) {
    if (base.equals(current)) {
      return mine;
    }
    if (mine.equals(base) || mine.equals(current)) {
      return current;
    }
    List<Edit> theirs = edits(base, current, true);
    List<Edit> allOurs = edits(base, mine, false);
    List<Edit> ours = new ArrayList<>();
    for (Edit e : allOurs) {
      if (!theirs.contains(e)) { // the same edit on both sides counts once
        ours.add(e);
      }
    }
    // Group edits that touch the same words (transitively, on either side); a group with edits of both sides
    // is a conflict.
    List<Edit> all = new ArrayList<>(theirs);
    all.addAll(ours);
    int[] group = new int[all.size()];
    for (int i = 0; i < group.length; i++) {
      group[i] = i;
    }
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        if (all.get(i).collidesWith(all.get(j))) {
          union(group, i, j);
        }
      }
    }
    Set<Integer> withTheirs = new HashSet<>();
    for (int i = 0; i < theirs.size(); i++) {
      withTheirs.add(find(group, i));
    }
    List<Edit> applied = new ArrayList<>(theirs);
    Set<Integer> conflicts = new LinkedHashSet<>(); // in the order of the base
    for (int j = theirs.size(); j < all.size(); j++) {
      if (withTheirs.contains(find(group, j))) {
        conflicts.add(find(group, j));
      } else {
        applied.add(all.get(j));
      }
    }
    StringBuilder out = new StringBuilder(apply(base, applied, 0, base.length()));
    for (int conflict : conflicts) {
      int from = base.length();
      int to = 0;
      Set<Edit> members = new HashSet<>();
      for (int k = 0; k < all.size(); k++) {
        if (find(group, k) == conflict) {
          Edit e = all.get(k);
          from = Math.min(from, e.wordStart());
          to = Math.max(to, e.wordEnd());
          members.add(e);
        }
      }
      String kept = apply(base, within(allOurs, members, from, to), from, to).strip();
      if (!kept.isEmpty() && !kept.equals(apply(base, within(theirs, members, from, to), from, to).strip())) {
        out.append('\n').append(CONFLICT_MARK).append(kept);
      }
    }
    return out.toString();
  }

  /** The edits of one side that make up its version of {@code [from, to)}. */
  private static List<Edit> within(List<Edit> side, Set<Edit> members, int from, int to) {
    List<Edit> out = new ArrayList<>();
    for (Edit e : side) {
      boolean inside = e.start() >= from && e.end() <= to && e.start() < to && e.end() > from;
      if (inside || members.contains(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * One change against the base: {@code [start, end)} of the base becomes {@code text}. {@code [wordStart,
   * wordEnd)} is that range widened to whole words where the change is glued to a word.
   */
  private record Edit(int start, int end, String text, boolean theirs, int wordStart, int wordEnd) {

    static Edit of(String base, int start, int end, String text, boolean theirs) {
      String removed = base.substring(start, end);
      int ws = start;
      if (start > 0 && isWord(base.charAt(start - 1)) && (startsWithWord(text) || startsWithWord(removed))) {
        while (ws > 0 && isWord(base.charAt(ws - 1))) {
          ws--;
        }
      }
      int we = end;
      if (end < base.length() && isWord(base.charAt(end)) && (endsWithWord(text) || endsWithWord(removed))) {
        while (we < base.length() && isWord(base.charAt(we))) {
          we++;
        }
      }
      return new Edit(start, end, text, theirs, ws, we);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Edit e && e.start == start && e.end == end && e.text.equals(text);
    }

    @Override
    public int hashCode() {
      return (start * 31 + end) * 31 + text.hashCode();
    }

    boolean collidesWith(Edit other) {
      int s1 = wordStart;
      int e1 = wordEnd;
      int s2 = other.wordStart;
      int e2 = other.wordEnd;
      if (start == end && other.start == other.end && start == other.start) {
        // Two insertions at one place are kept side by side (theirs first), unless one is glued to a word
        // there or the two would glue into one word.
        Edit first = theirs ? this : other;
        Edit second = theirs ? other : this;
        return s1 != e1 || s2 != e2 || (endsWithWord(first.text) && startsWithWord(second.text));
      }
      if (s1 == e1) {
        return s2 < s1 && s1 < e2;
      }
      if (s2 == e2) {
        return s1 < s2 && s2 < e1;
      }
      return Math.max(s1, s2) < Math.min(e1, e2);
    }
  }

  /** The edits that turn {@code from} into {@code to}, in order. */
  private static List<Edit> edits(String from, String to, boolean theirs) {
    DiffMatchPatch dmp = new DiffMatchPatch();
    dmp.diffTimeout = 0; // no time limit: the same diff on every replica
    LinkedList<DiffMatchPatch.Diff> diffs = dmp.diffMain(from, to, true);
    dmp.diffCleanupSemantic(diffs);
    List<Edit> edits = new ArrayList<>();
    int at = 0;
    int start = -1;
    StringBuilder inserted = new StringBuilder();
    for (DiffMatchPatch.Diff d : diffs) {
      if (d.operation == DiffMatchPatch.Operation.EQUAL) {
        if (start >= 0) {
          edits.add(Edit.of(from, start, at, inserted.toString(), theirs));
          start = -1;
          inserted.setLength(0);
        }
        at += d.text.length();
        continue;
      }
      if (start < 0) {
        start = at;
      }
      if (d.operation == DiffMatchPatch.Operation.DELETE) {
        at += d.text.length();
      } else {
        inserted.append(d.text);
      }
    }
    if (start >= 0) {
      edits.add(Edit.of(from, start, at, inserted.toString(), theirs));
    }
    return edits;
  }

  /** {@code base[from, to)} with {@code edits} (which lie within it and do not overlap) applied. */
  private static String apply(String base, List<Edit> edits, int from, int to) {
    List<Edit> sorted = new ArrayList<>(edits);
    // By place; at one place an insertion goes before a replacement, and theirs before mine.
    sorted.sort(Comparator.comparingInt(Edit::start)
        .thenComparingInt(e -> e.end() - e.start())
        .thenComparing(e -> !e.theirs()));
    StringBuilder out = new StringBuilder();
    int at = from;
    for (Edit e : sorted) {
      out.append(base, at, e.start()).append(e.text());
      at = e.end();
    }
    return out.append(base, at, to).toString();
  }

  private static int find(int[] group, int i) {
    while (group[i] != i) {
      group[i] = group[group[i]];
      i = group[i];
    }
    return i;
  }

  private static void union(int[] group, int a, int b) {
    group[find(group, a)] = find(group, b);
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c);
  }

  private static boolean startsWithWord(String s) {
    return !s.isEmpty() && isWord(s.charAt(0));
  }

  private static boolean endsWithWord(String s) {
    return !s.isEmpty() && isWord(s.charAt(s.length() - 1));
  }
}

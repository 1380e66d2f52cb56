package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch;

/**
 * Server-side three-way merge of a shared text (diff3 over characters). A client sends the text it started
 * from ({@code base}) and its new text ({@code mine}); the text as it is now ({@code current}) holds what
 * others changed meanwhile. Both changes are taken as edits of {@code base}: edits that touch different
 * parts of the text are both applied. Where both changed the same words differently, the current text stays
 * in place and the words of this edit are appended on a line of their own, marked {@link #CONFLICT_MARK}, so
 * that no edit is silently lost. Deterministic (diff-match-patch with its time limit off), so that every
 * replica and the browser client compute the same result.
 */
public final class TextMerge {
  /** Marks words kept from an edit that collided with another one. */
  public static final String CONFLICT_MARK = "\u21C4 ";

  private TextMerge() {}

  /** One edit of the base text: characters [start, end) become {@code text}. */
  record Hunk(int start, int end, String text) {
    boolean insertion() {
      return start == end;
    }

    boolean overlaps(Hunk o) {
      if (insertion() && o.insertion()) {
        return start == o.start;
      }
      if (insertion()) {
        return o.start < start && start < o.end;
      }
      if (o.insertion()) {
        return start < o.start && o.start < end;
      }
      return start < o.end && o.start < end;
    }
  }

  public static String merge(String base, String mine, String current) {
    if (base.equals(current) || mine.equals(current)) {
      return mine;
    }
    if (mine.equals(base)) {
      return current;
    }
    List<Hunk> theirs = hunks(base, current);
    List<Hunk> ours = hunks(base, mine);
    List<Tagged> all = new ArrayList<>();
    theirs.forEach(h -> all.add(new Tagged(h, false)));
    ours.forEach(h -> all.add(new Tagged(h, true)));
    all.sort((a, b) -> a.hunk.start != b.hunk.start ? Integer.compare(a.hunk.start, b.hunk.start)
        : a.hunk.end != b.hunk.end ? Integer.compare(a.hunk.end, b.hunk.end) : Boolean.compare(a.ours, b.ours));

    StringBuilder out = new StringBuilder();
    StringBuilder kept = new StringBuilder();
    int pos = 0;
    int i = 0;
    while (i < all.size()) {
      // A cluster: hunks that overlap one another, directly or through others.
      List<Tagged> cluster = new ArrayList<>();
      cluster.add(all.get(i++));
      while (i < all.size() && overlapsAny(cluster, all.get(i).hunk)) {
        cluster.add(all.get(i++));
      }
      List<Hunk> fromTheirs = cluster.stream().filter(t -> !t.ours).map(Tagged::hunk).toList();
      List<Hunk> fromOurs = cluster.stream().filter(t -> t.ours).map(Tagged::hunk).toList();
      List<Hunk> apply = fromTheirs.isEmpty() ? fromOurs : fromTheirs;
      if (!fromTheirs.isEmpty() && !fromOurs.isEmpty() && !fromTheirs.equals(fromOurs)) {
        String words = fromOurs.stream().map(Hunk::text).reduce("", String::concat).strip();
        if (!words.isEmpty()) {
          kept.append('\n').append(CONFLICT_MARK).append(words);
        }
      }
      for (Hunk h : apply) {
        out.append(base, pos, h.start);
        out.append(h.text);
        pos = h.end;
      }
      int clusterEnd = cluster.stream().mapToInt(t -> t.hunk.end).max().orElse(pos);
      if (clusterEnd > pos) {
        // Parts of the base that only the set-aside edit changed stay as they were.
        out.append(base, pos, clusterEnd);
        pos = clusterEnd;
      }
    }
    out.append(base.substring(pos));
    return out.append(kept).toString();
  }

  private record Tagged(Hunk hunk, boolean ours) {}

  private static boolean overlapsAny(List<Tagged> cluster, Hunk next) {
    for (Tagged t : cluster) {
      if (t.hunk.overlaps(next)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Words, runs of white space and single other characters: merging works on these, so that an edit never
   * splices parts of two different words. The browser client uses the same pattern.
   */
  static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile(
      "[\\p{L}\\p{M}\\p{N}_]+|[\\t\\n\\u000B\\f\\r \\u00A0\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+|.",
      java.util.regex.Pattern.DOTALL);

  /** The edits that turn {@code base} into {@code other}, as replaced ranges of {@code base} (in characters). */
  static List<Hunk> hunks(String base, String other) {
    java.util.Map<String, Character> ids = new java.util.HashMap<>();
    List<String> baseTokens = tokens(base);
    String a = encode(baseTokens, ids);
    String b = encode(tokens(other), ids);
    List<String> vocabulary = new ArrayList<>(ids.size());
    ids.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue()).forEach(e -> vocabulary.add(e.getKey()));
    int[] offset = new int[baseTokens.size() + 1];
    for (int t = 0; t < baseTokens.size(); t++) {
      offset[t + 1] = offset[t] + baseTokens.get(t).length();
    }
    DiffMatchPatch dmp = new DiffMatchPatch();
    dmp.diffTimeout = 0;
    LinkedList<DiffMatchPatch.Diff> diffs = dmp.diffMain(a, b, false);
    dmp.diffCleanupSemantic(diffs);
    List<Hunk> hunks = new ArrayList<>();
    int pos = 0;
    int start = -1;
    StringBuilder text = new StringBuilder();
    for (DiffMatchPatch.Diff d : diffs) {
      switch (d.operation) {
        case EQUAL -> {
          if (start >= 0) {
            hunks.add(new Hunk(offset[start], offset[pos], text.toString()));
            start = -1;
            text.setLength(0);
          }
          pos += d.text.length();
        }
        case DELETE -> {
          if (start < 0) {
            start = pos;
          }
          pos += d.text.length();
        }
        case INSERT -> {
          if (start < 0) {
            start = pos;
          }
          for (char c : d.text.toCharArray()) {
            text.append(vocabulary.get(c - 1));
          }
        }
      }
    }
    if (start >= 0) {
      hunks.add(new Hunk(offset[start], offset[pos], text.toString()));
    }
    return hunks;
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    java.util.regex.Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /** One character per token (1, 2, 3, … in order of first appearance), so that a character diff is a token diff. */
  private static String encode(List<String> tokens, java.util.Map<String, Character> ids) {
    StringBuilder out = new StringBuilder(tokens.size());
    for (String token : tokens) {
      out.append(ids.computeIfAbsent(token, k -> (char) (ids.size() + 1)));
    }
    return out.toString();
  }
}

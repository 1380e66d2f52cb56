package nl.werkplaats.room;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Matching what a participant types as their organisation to the partner organisations of a project. Two
 * levels: the same name ({@link #key}: case, accents, spaces, punctuation and the usual abbreviations such as
 * "gem." for "gemeente" aside) is that partner; a near name (the kind of body left out, "Utrecht" for
 * "Gemeente Utrecht", or a typing slip of one or two letters) is only a suggestion the join screen asks about.
 */
public final class Partners {
  private Partners() {}

  /** What a typed name is to a list of partners: the same partner, a near one to ask about, or none. */
  public record Match(Kind kind, String partner) {
    public enum Kind { EXACT, SUGGESTION, NONE }
  }

  private static final List<String[]> ABBREVIATIONS = List.of(
      new String[] {"gem", "gemeente"},
      new String[] {"gemeenten", "gemeente"},
      new String[] {"prov", "provincie"},
      new String[] {"univ", "universiteit"},
      new String[] {"uni", "universiteit"},
      new String[] {"hs", "hogeschool"},
      new String[] {"ggd", "ggd"});
  private static final List<String> KINDS = List.of(
      "gemeente", "provincie", "universiteit", "hogeschool", "waterschap", "ministerie", "dienst", "stichting",
      "de", "het", "van");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** Words of a name: accents off, lower case, abbreviations written out. */
  private static List<String> words(String name) {
    String plain = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return java.util.Arrays.stream(SEPARATORS.split(plain.toLowerCase(Locale.ROOT)))
        .filter(w -> !w.isEmpty())
        .map(w -> {
          for (String[] a : ABBREVIATIONS) {
            if (a[0].equals(w)) {
              return a[1];
            }
          }
          return w;
        }).toList();
  }

  /** The name as compared: "Gem. Utrecht", "gemeente  utrecht" and "Gemeente Utrecht" have one key. */
  public static String key(String name) {
    return String.join("", words(name));
  }

  /** The name without the kind of body ("Utrecht" for "Gemeente Utrecht"): for suggestions only. */
  static String core(String name) {
    return String.join("", words(name).stream().filter(w -> !KINDS.contains(w)).toList());
  }

  /** {@code typed} matched against {@code partners} (their canonical names). */
  public static Match match(List<String> partners, String typed) {
    String key = key(typed);
    if (key.isEmpty()) {
      return new Match(Match.Kind.NONE, null);
    }
    for (String p : partners) {
      if (key(p).equals(key)) {
        return new Match(Match.Kind.EXACT, p);
      }
    }
    String core = core(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String p : partners) {
      String pc = core(p);
      int d = core.isEmpty() || pc.isEmpty() ? Integer.MAX_VALUE
          : Math.min(distance(core, pc, 3), distance(key, key(p), 3));
      if (d < bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
    int allowed = core.length() <= 4 ? 0 : core.length() <= 8 ? 1 : 2;
    return bestDistance <= allowed ? new Match(Match.Kind.SUGGESTION, best) : new Match(Match.Kind.NONE, null);
  }

  /** The first name that has the same {@link #key} as an earlier one, or null: partners must differ. */
  public static String duplicate(List<String> names) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String n : names) {
      if (!seen.add(key(n))) {
        return n;
      }
    }
    return null;
  }

  /** Levenshtein distance, cut off above {@code max} (answers max + 1 then). */
  static int distance(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], max + 1);
  }
}

package nl.werkplaats.room;

import static nl.werkplaats.room.TextMerge.CONFLICT_MARK;
import static nl.werkplaats.room.TextMerge.merge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Merging concurrent edits of a shared text")
class TextMergeTest {

  private static final String MARK = "\n" + CONFLICT_MARK;

  @Test
  @DisplayName("Edits in different places are both kept")
  void differentPlacesBothKept() {
    String base = "We delen data over wonen. Gouda levert de cijfers.";
    String anna = "We delen data over wonen en zorg. Gouda levert de cijfers.";
    String bram = "We delen data over wonen. Gouda en Almere leveren de cijfers.";
    assertEquals("We delen data over wonen en zorg. Gouda en Almere leveren de cijfers.", merge(base, bram, anna));
  }

  @Test
  @DisplayName("Edits far apart in a long text are both kept")
  void longText() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      b.append("Zin ").append(i).append(" over de gedeelde data van de partners.\n");
    }
    String base = b.toString();
    String anna = base.replace("Zin 3 over", "Zin 3 (aangevuld door Anna, met een toelichting van ruim dertig tekens) over");
    String bram = base.replace("Zin 190 over de gedeelde data", "Zin 190 over de gedeelde en gekoppelde data");
    String merged = merge(base, bram, anna);
    assertEquals(anna.replace("Zin 190 over de gedeelde data", "Zin 190 over de gedeelde en gekoppelde data"), merged);
  }

  @Test
  @DisplayName("Two people rewriting the same words: the current words stay, the later edit is kept on a marked line")
  void sameWordsConflict() {
    String base = "Deelnemers: Gouda, Almere";
    String current = "Deelnemers: Gouda, Amersfoort";
    String mine = "Deelnemers: Gouda, Woerden";
    assertEquals(current + MARK + "Woerden", merge(base, mine, current));
  }

  @Test
  @DisplayName("Rewriting one word differently loses neither version")
  void sameWordNeitherLost() {
    String merged = merge("The sky is blue", "The sky is red", "The sky is green");
    assertTrue(merged.startsWith("The sky is green"), merged);
    assertTrue(merged.contains(MARK + "red"), merged);
  }

  @Test
  @DisplayName("Deleting words that somebody else just changed keeps their change")
  void deleteAgainstEdit() {
    assertEquals("alpha BETA gamma", merge("alpha beta gamma", "alpha gamma", "alpha BETA gamma"));
  }

  @Test
  @DisplayName("Two people adding words at the same place keep both: the current one in place, the other marked")
  void sameInsertionPoint() {
    // Same-point insertions are a collision (docs/protocol.md): never glued, never dropped.
    assertEquals("Hello big world" + MARK + "small", merge("Hello world", "Hello small world", "Hello big world"));
  }

  @Test
  @DisplayName("Two first answers typed into an empty text are not glued into one word")
  void bothStartFromEmpty() {
    assertEquals("Ja, wij delen" + MARK + "Nee", merge("", "Nee", "Ja, wij delen"));
  }

  @Test
  @DisplayName("When nobody else changed the text, mine is taken as it is")
  void baseIsCurrent() {
    assertEquals("helemaal nieuw", merge("oud", "helemaal nieuw", "oud"));
    assertEquals("", merge("oud", "", "oud"));
  }

  @Test
  @DisplayName("An edit that changes nothing, or was applied already, leaves the current text alone")
  void idempotentCases() {
    assertEquals("jullie tekst", merge("oud", "oud", "jullie tekst"));
    assertEquals("dezelfde", merge("oud", "dezelfde", "dezelfde"));
    String base = "Eén twee drie vier vijf zes";
    String anna = "Eén twee drie vier vijf zes zeven";
    String bram = "Nul eén twee drie vier vijf zes";
    String once = merge(base, bram, anna);
    assertEquals("Nul eén twee drie vier vijf zes zeven", once);
    assertEquals(once, merge(base, bram, once), "sending the same edit again changes nothing");
  }

  @Test
  @DisplayName("The same correction made by two people is applied once")
  void sameEditOnBothSides() {
    String base = "De gemeete levert data. Provincie Utrect ook.";
    String anna = "De gemeente levert data. Provincie Utrect ook.";
    String bram = "De gemeente levert data. Provincie Utrecht ook.";
    assertEquals("De gemeente levert data. Provincie Utrecht ook.", merge(base, bram, anna));
  }

  @Test
  @DisplayName("Merging is deterministic and does not depend on which of two separate edits came first")
  void deterministicAndOrderFree() {
    String base = "Het doel: minder eenzaamheid onder ouderen in de wijk. Data: CBS en eigen registraties.";
    String a = base.replace("minder eenzaamheid", "aantoonbaar minder eenzaamheid");
    String b = base.replace("CBS en", "CBS, GGD en");
    String ab = merge(base, b, merge(base, a, base));
    String ba = merge(base, a, merge(base, b, base));
    assertEquals(ab, ba);
    for (int i = 0; i < 20; i++) {
      assertEquals(ab, merge(base, b, a));
    }
  }

  @Test
  @DisplayName("Random word edits: nothing typed is ever dropped, and edits apart from each other merge cleanly")
  void randomWordEdits() {
    for (long seed = 1; seed <= 400; seed++) {
      Random rnd = new Random(seed);
      List<String> base = new ArrayList<>();
      int n = 3 + rnd.nextInt(25);
      for (int i = 0; i < n; i++) {
        base.add(rnd.nextBoolean() ? "w" + i : "b" + i + "q");
      }
      String baseText = String.join(" ", base);

      // One edit per side: the exact result is known when they are two or more words apart.
      int i = rnd.nextInt(n);
      int j = rnd.nextInt(n);
      List<String> mineWords = edit(base, i, rnd, "m");
      List<String> theirWords = edit(base, j, rnd, "t");
      String mine = String.join(" ", mineWords);
      String theirs = String.join(" ", theirWords);
      String merged = merge(baseText, mine, theirs);
      String context = "seed " + seed + ": base [" + baseText + "] mine [" + mine + "] theirs [" + theirs + "] -> [" + merged + "]";
      assertNothingLost(baseText, mine, theirs, merged, context);
      assertEquals(merged, merge(baseText, mine, theirs), context);
      if (Math.abs(i - j) >= 2) {
        List<String> expected = new ArrayList<>(base);
        int hi = Math.max(i, j);
        int lo = Math.min(i, j);
        expected = applyAt(expected, hi, hi == i ? mineWords : theirWords, base);
        expected = applyAt(expected, lo, lo == i ? mineWords : theirWords, base);
        assertEquals(String.join(" ", expected), merged, context);
        assertEquals(String.join(" ", expected), merge(baseText, theirs, mine), context + " (other order)");
      }

      // Several edits per side, anywhere: nothing typed is lost.
      String mine2 = String.join(" ", edits(base, rnd, "m"));
      String theirs2 = String.join(" ", edits(base, rnd, "t"));
      String merged2 = merge(baseText, mine2, theirs2);
      assertNothingLost(baseText, mine2, theirs2, merged2,
          "seed " + seed + ": base [" + baseText + "] mine [" + mine2 + "] theirs [" + theirs2 + "] -> [" + merged2 + "]");
    }
  }

  /** Every word either side added appears in the result as a word of its own. */
  private static void assertNothingLost(String base, String mine, String theirs, String merged, String context) {
    Set<String> result = words(merged.replace(CONFLICT_MARK.strip(), " "));
    Set<String> added = words(mine);
    added.addAll(words(theirs));
    added.removeAll(words(base));
    for (String w : added) {
      assertTrue(result.contains(w), "lost '" + w + "' in " + context);
    }
    if (!merged.contains(CONFLICT_MARK)) {
      for (String w : words(theirs)) {
        assertTrue(result.contains(w) || !words(mine).contains(w), "dropped '" + w + "' in " + context);
      }
    }
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>(Arrays.asList(text.trim().split("\\s+")));
    out.remove("");
    return out;
  }

  private static int counter = 1000;

  /** One random edit at word {@code i}: a new word before it, it deleted, or it replaced. */
  private static List<String> edit(List<String> base, int i, Random rnd, String side) {
    List<String> out = new ArrayList<>(base);
    switch (rnd.nextInt(3)) {
      case 0 -> out.add(i, (rnd.nextBoolean() ? "w" : side) + (++counter) + "x");
      case 1 -> out.remove(i);
      default -> out.set(i, (rnd.nextBoolean() ? "w" : side) + (++counter));
    }
    return out;
  }

  private static List<String> edits(List<String> base, Random rnd, String side) {
    List<String> out = new ArrayList<>(base);
    int k = 1 + rnd.nextInt(3);
    for (int e = 0; e < k && out.size() > 1; e++) {
      out = edit(out, rnd.nextInt(out.size()), rnd, side);
    }
    return out;
  }

  /** {@code words} (one edit of {@code base} at {@code i}) replayed on {@code target} at the same place. */
  private static List<String> applyAt(List<String> target, int i, List<String> words, List<String> base) {
    List<String> out = new ArrayList<>(target);
    if (words.size() > base.size()) {
      out.add(i, words.get(i));
    } else if (words.size() < base.size()) {
      out.remove(i);
    } else {
      out.set(i, words.get(i));
    }
    return out;
  }

  @Test
  @DisplayName("An edit next to a change both people made keeps all its words (found by the convergence test, seed 39)")
  void editGluedToASharedChange() {
    // Both turned w13 into w3; mine also added words around it, theirs added w28.
    String merged = merge("w13", "w30 w13 w31", "w3 w28");
    assertTrue(merged.startsWith("w3 w28"), merged);
    assertTrue(merged.endsWith(MARK + "w30 w13 w31"), merged);
  }

  @Test
  @DisplayName("An edit inside one word is kept whole, not split between the text and the conflict line (seed 1011)")
  void editInsideOneWord() {
    String merged = merge("w58 w59 w46", "w58 w59 w62", "w58 w59 w61 w60");
    assertEquals("w58 w59 w61 w60" + MARK + "w62", merged);
  }

  @Test
  @DisplayName("A long edit that collides keeps all of its words")
  void longCollidingEdit() {
    String base = "Afspraak: de data worden na afloop van het project vernietigd.";
    String current = "Afspraak: de data worden na afloop van het project gearchiveerd bij Gouda.";
    String mine = "Afspraak: de data worden na afloop van het project binnen drie maanden aantoonbaar vernietigd door elke partner.";
    String merged = merge(base, mine, current);
    assertTrue(merged.startsWith(current), merged);
    for (String w : List.of("binnen", "drie", "maanden", "aantoonbaar", "partner")) {
      assertTrue(merged.contains(w), w + " lost in " + merged);
    }
    assertFalse(merge(base, mine, current).isEmpty());
  }
}

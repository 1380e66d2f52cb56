package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The merge cases that once produced mangled text, and what people expect instead. */
class TextMergeCasesTest {

  @Test
  @DisplayName("two people typing in different places both keep their words")
  void differentPlaces() {
    assertEquals("Hallo mooie wereld!", TextMerge.merge("Hallo wereld", "Hallo mooie wereld", "Hallo wereld!"));
  }

  @Test
  @DisplayName("both rewrote the same words: the current text stays, the other words follow on a marked line")
  void sameWords() {
    String merged = TextMerge.merge("Het doel is inzicht in armoede.", "Het doel is zicht op schulden.",
        "Het doel is inzicht in eenzaamheid.");
    assertTrue(merged.startsWith("Het doel is inzicht in eenzaamheid."), merged);
    assertTrue(merged.contains("\n" + TextMerge.CONFLICT_MARK), merged);
    assertTrue(merged.contains("schulden"), merged);
    assertFalse(merged.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control characters: " + merged);
  }

  @Test
  @DisplayName("a whole rewrite and a small edit: no words glued into other words")
  void rewriteAgainstEdit() {
    String merged = TextMerge.merge("Wie is eigenaar van de data?", "Gouda is eigenaar van de data.", "Niemand weet het.");
    assertTrue(merged.startsWith("Niemand weet het."), merged);
    assertTrue(merged.contains("Gouda"), merged);
    assertFalse(merged.contains("Goudamand"), merged);
  }

  @Test
  @DisplayName("an addition at the end survives a rewrite of what came before")
  void appendAfterRewrite() {
    assertEquals("xyz def", TextMerge.merge("abc", "abc def", "xyz"));
  }

  @Test
  @DisplayName("one word changed two ways: both versions stay visible")
  void oneWordTwoWays() {
    assertEquals("xyz\n" + TextMerge.CONFLICT_MARK + "abcdef", TextMerge.merge("abc", "abcdef", "xyz"));
  }

  @Test
  @DisplayName("two first answers to an empty text are both kept")
  void twoFirstAnswers() {
    String merged = TextMerge.merge("", "Samen: tweede", "Samen: eerst");
    assertEquals("Samen: eerst\n" + TextMerge.CONFLICT_MARK + "Samen: tweede", merged);
  }

  @Test
  @DisplayName("the same edit made twice is applied once")
  void sameEdit() {
    assertEquals("Hallo wereld!", TextMerge.merge("Hallo wereld", "Hallo wereld!", "Hallo wereld!"));
  }
}

package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Matching a typed organisation to a project's partners")
class PartnersTest {
  static final List<String> PARTNERS = List.of("Gemeente Utrecht", "Provincie Utrecht", "Universiteit Utrecht", "GGD Regio Utrecht");

  private static Partners.Match m(String typed) {
    return Partners.match(PARTNERS, typed);
  }

  @Test
  @DisplayName("case, spaces, accents, punctuation and 'gem.'/'prov.'/'univ.' are the same partner")
  void exact() {
    for (String typed : List.of("gemeente utrecht", "  Gemeente   Utrecht ", "Gem. Utrecht", "gem utrecht", "GEMEENTE-UTRECHT")) {
      assertEquals(new Partners.Match(Partners.Match.Kind.EXACT, "Gemeente Utrecht"), m(typed), typed);
    }
    assertEquals("Provincie Utrecht", m("prov. Utrecht").partner());
    assertEquals("Universiteit Utrecht", m("Univ. Utrécht").partner());
  }

  @Test
  @DisplayName("a near name is a suggestion to ask about, never taken silently")
  void suggestion() {
    assertEquals(new Partners.Match(Partners.Match.Kind.SUGGESTION, "GGD Regio Utrecht"), m("GGD Regio Utrect"));
    assertEquals(Partners.Match.Kind.SUGGESTION, m("Gemeente Utrech").kind());
    assertEquals(Partners.Match.Kind.SUGGESTION, m("Utrecht").kind());
  }

  @Test
  @DisplayName("another organisation matches nothing")
  void none() {
    assertEquals(Partners.Match.Kind.NONE, m("Gemeente Amsterdam").kind());
    assertEquals(Partners.Match.Kind.NONE, m("CBS").kind());
    assertEquals(Partners.Match.Kind.NONE, m("   ").kind());
  }

  @Test
  @DisplayName("two partners that are one name in two spellings are a duplicate")
  void duplicates() {
    assertEquals("gem. Utrecht", Partners.duplicate(List.of("Gemeente Utrecht", "Provincie Utrecht", "gem. Utrecht")));
    assertNull(Partners.duplicate(PARTNERS));
  }
}

package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.testsupport.Sessions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An anonymous session with a two-person organisation (minimum group size 3): no format shows that
 * organisation's own figures. Its two ratings (1 and 2) average 1.50, a figure no other group gives.
 */
class AnonymousSummaryTest {
  private static final String SMALL = "Waterschap Rijnland";

  private static Summary summary(boolean anonymous) {
    return Summary.of(Sessions.teamWithSmallGroup(anonymous ? "room-anon" : "room-named", anonymous).state(),
        Sessions.template("data-team-start"));
  }

  /** Every format as text a reader sees: JSON, Markdown, HTML, CSV, the XLSX's sheets and strings, the PDF's text. */
  private static Map<String, String> everyFormat(Summary s) throws IOException {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Format f : List.of(Format.JSON, Format.MARKDOWN, Format.HTML, Format.CSV)) {
      out.put(f.name(), new String(f.render(s), StandardCharsets.UTF_8));
    }
    StringBuilder xlsx = new StringBuilder();
    SummaryForDutchOfficesTest.zipEntries(Format.XLSX.render(s)).forEach((name, body) -> xlsx.append(body));
    out.put("XLSX", xlsx.toString());
    try (PDDocument doc = Loader.loadPDF(Format.PDF.render(s))) {
      out.put("PDF", new PDFTextStripper().getText(doc));
    }
    return out;
  }

  /** 1.50 as each format writes it: "1.50" (JSON), "1,5 (hoogste 2)" (renderings), 1.5 as a number (XLSX). */
  private static boolean smallGroupAverage(String text) {
    return text.contains("\"1.50\"") || text.contains("1,5 (") || text.contains(">1.5<") || text.contains(">1.50<") || text.contains("1,5;")
        || text.contains(";1,5");
  }

  private static JsonNode competences(Summary s) {
    for (JsonNode step : s.root().path("steps")) {
      if (step.path("type").asText().equals("competences")) {
        return step;
      }
    }
    throw new AssertionError("no competences step");
  }

  @Test
  @DisplayName("named session: the small organisation has its own row (the control: 1.50 is in every format)")
  void namedSessionShowsIt() throws IOException {
    Summary s = summary(false);
    List<String> orgs = new ArrayList<>();
    competences(s).path("organisations").forEach(o -> orgs.add(o.path("organisation").asText()));
    assertTrue(orgs.contains(SMALL), orgs.toString());
    everyFormat(s).forEach((format, text) ->
        assertTrue(smallGroupAverage(text) || format.equals("CSV") && text.contains(SMALL + ";Dirk Visser;1"),
            format + " shows the small group's average (the CSV: each of its ratings)"));
  }

  @Test
  @DisplayName("anonymous session: no format shows a breakdown for the two-person organisation; it is merged into other organisations")
  void anonymousSessionMergesIt() throws IOException {
    Summary s = summary(true);
    assertEquals(3, s.root().path("minimumGroupSize").asInt());
    JsonNode orgs = competences(s).path("organisations");
    List<String> names = new ArrayList<>();
    orgs.forEach(o -> names.add(o.path("organisation").asText()));
    assertEquals(List.of("Gemeente Gouda", "Overige organisaties"), names, "Gouda has 3 raters; the rest (1 + 1 + 2) merged");
    assertEquals(4, orgs.get(1).path("raters").asInt());
    assertTrue(orgs.get(1).path("merged").asBoolean());
    everyFormat(s).forEach((format, text) -> {
      assertFalse(smallGroupAverage(text), format + " must not show the small group's average");
      assertFalse(text.contains(SMALL + " (2)"), format + " must not head a column with the small group");
      assertFalse(text.contains("Dirk Visser") || text.contains("Eva de Boer"), format + " names nobody");
    });
  }

  @Test
  @DisplayName("anonymous session: the merged group is left out as well when it is still smaller than the minimum")
  void tooSmallEvenMerged() {
    nl.werkplaats.room.RoomState state = Sessions.teamWithSmallGroup("room-anon-k5", true).state();
    state.minimumGroupSize = 8;
    Summary s = Summary.of(state, Sessions.template("data-team-start"));
    assertEquals(0, competences(s).path("organisations").size(), "all seven raters are one group under 8, so no row at all");
  }
}

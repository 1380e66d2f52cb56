package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.werkplaats.testsupport.Sessions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The summary records which organisation (and who, unless anonymous) assented to which version")
class ConsentSummaryTest {

  private static Summary summary(boolean anonymous) {
    return Summary.of(Sessions.checklistWithAssents(anonymous ? "room-assent-anon" : "room-assent", anonymous).state(),
        Sessions.template("checklist-samen-data-delen"));
  }

  private static JsonNode firstQuestion(Summary s) {
    return s.root().path("steps").get(1);
  }

  @Test
  @DisplayName("JSON: per organisation assented, changed since or waiting, with the version and the person")
  void json() {
    JsonNode q = firstQuestion(summary(false));
    assertEquals(2, q.path("jointRev").asInt());
    JsonNode consent = q.path("consent");
    assertEquals("Gemeente Gouda", consent.get(0).path("organisation").asText());
    assertEquals("changed-since", consent.get(0).path("state").asText());
    assertEquals(1, consent.get(0).path("rev").asInt());
    assertEquals("Anouk de Vries", consent.get(0).path("name").asText());
    assertEquals("assented", consent.get(1).path("state").asText());
    assertEquals(2, consent.get(1).path("rev").asInt());
    assertEquals("Joëlle Bakker", consent.get(1).path("name").asText());
    assertEquals("waiting", consent.get(2).path("state").asText());
    assertTrue(q.path("agreedBy").isNull());
    assertEquals("open", q.path("status").asText(), "not every organisation assented");
  }

  @Test
  @DisplayName("every rendering writes the lines; an anonymous summary names nobody in them")
  void renderings() throws IOException {
    for (boolean anonymous : List.of(false, true)) {
      Summary s = summary(anonymous);
      StringBuilder all = new StringBuilder();
      for (Format f : List.of(Format.MARKDOWN, Format.HTML, Format.CSV)) {
        all.append(new String(f.render(s), StandardCharsets.UTF_8));
      }
      SummaryForDutchOfficesTest.zipEntries(Format.XLSX.render(s)).values().forEach(all::append);
      try (PDDocument doc = Loader.loadPDF(Format.PDF.render(s))) {
        all.append(new PDFTextStripper().getText(doc));
      }
      String text = all.toString();
      assertTrue(text.contains("Provincie Zuid-Holland: stemt in met versie 2"), text);
      assertTrue(text.contains("Gemeente Gouda: stemde in met versie 1, sindsdien gewijzigd"));
      assertTrue(text.contains("Universiteit Utrecht: nog niet ingestemd"));
      assertEquals(!anonymous, text.contains("Joëlle Bakker"), "names only in a named session");
      if (anonymous) {
        assertFalse(firstQuestion(s).path("consent").get(1).has("name"));
      }
    }
  }
}

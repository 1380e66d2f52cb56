package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.werkplaats.testsupport.Sessions;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The summary of a session with group work names the groups, their members and what each made, in every format")
class BreakoutSummaryTest {

  private static Summary summary(boolean anonymous) {
    return Summary.of(Sessions.checklistWithGroups(anonymous ? "room-groups-anon" : "room-groups", anonymous).state(),
        Sessions.template("checklist-samen-data-delen"));
  }

  /** Every rendering of {@code s} as text, by format; runs of white space (a PDF's line breaks in a cell) as one space. */
  static Map<String, String> renderings(Summary s) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Format f : List.of(Format.MARKDOWN, Format.HTML, Format.CSV)) {
      out.put(f.name(), new String(f.render(s), StandardCharsets.UTF_8));
    }
    out.put("XLSX", String.join("\n", SummaryForDutchOfficesTest.zipEntries(Format.XLSX.render(s)).values()));
    try (PDDocument doc = Loader.loadPDF(Format.PDF.render(s))) {
      out.put("PDF", new PDFTextStripper().getText(doc));
    }
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(Format.DOCX.render(s)));
        XWPFWordExtractor words = new XWPFWordExtractor(doc)) {
      out.put("DOCX", words.getText());
    }
    out.replaceAll((format, text) -> text.replaceAll("[\\s\u00a0]+", " "));
    return out;
  }

  @Test
  @DisplayName("JSON: per group its name, members and texts; merged items keep their group; the schema holds")
  void json() throws IOException {
    Summary s = summary(false);
    JsonNode b = s.root().path("steps").get(1).path("breakout");
    assertEquals("mixed", b.path("how").asText());
    JsonNode g1 = b.path("groups").get(0);
    assertEquals("Groep 1", g1.path("name").asText());
    assertEquals("Anouk de Vries", g1.path("members").get(0).path("name").asText());
    assertEquals("Gemeente Gouda", g1.path("members").get(0).path("organisation").asText());
    assertEquals("Groep een deelt alleen met toestemming.", g1.path("texts").get(0).path("text").asText());
    assertEquals("Gezamenlijk antwoord", g1.path("texts").get(0).path("label").asText());
    assertEquals(0, g1.path("merged").size());
    JsonNode g2 = b.path("groups").get(1);
    assertEquals("Zuid-Holland levert de cijfers", g2.path("agreements").get(0).path("what").asText());
    assertEquals(List.of("texts", "agreements"), List.of(g2.path("merged").get(0).asText(), g2.path("merged").get(1).asText()));
    assertEquals("[Groep 2] Alleen geaggregeerde cijfers.", s.root().path("steps").get(1).path("joint").asText());
    assertEquals("Groep 2", s.root().path("agreements").get(0).path("fromGroup").asText());
    com.networknt.schema.JsonSchema schema = com.networknt.schema.JsonSchemaFactory
        .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
        .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("..", "src", "summary", "summary.schema.json")));
    assertEquals(java.util.Set.of(), schema.validate(Canonical.parse(s.canonical())));
  }

  @Test
  @DisplayName("every format shows the groups side by side with what each made, and marks the merged agreement with its group")
  void everyFormat() throws IOException {
    for (Map.Entry<String, String> r : renderings(summary(false)).entrySet()) {
      String text = r.getValue();
      assertTrue(text.contains("Groepswerk"), r.getKey());
      assertTrue(text.contains("Groep 1") && text.contains("Groep 2"), r.getKey());
      assertTrue(text.contains("Groep een deelt alleen met toestemming."), r.getKey());
      assertTrue(text.contains("Anouk de Vries"), r.getKey());
      assertTrue(text.contains("uit Groep 2"), r.getKey() + " marks the merged agreement");
    }
  }

  @Test
  @DisplayName("an anonymous summary lists the groups' organisations, never a member's name")
  void anonymous() throws IOException {
    Summary s = summary(true);
    JsonNode member = s.root().path("steps").get(1).path("breakout").path("groups").get(0).path("members").get(0);
    assertEquals("Gemeente Gouda", member.path("organisation").asText());
    assertFalse(member.has("name"));
    for (Map.Entry<String, String> r : renderings(s).entrySet()) {
      assertFalse(r.getValue().contains("Anouk de Vries"), r.getKey());
      assertTrue(r.getValue().contains("Groep 1"), r.getKey());
    }
  }

  @Test
  @DisplayName("a summary without group work has no breakout and no group marks")
  void withoutGroups() {
    String canonical = new String(Summary.of(Sessions.checklist("room-plain", r -> { }).state(),
        Sessions.template("checklist-samen-data-delen")).canonical(), StandardCharsets.UTF_8);
    assertFalse(canonical.contains("breakout"));
    assertFalse(canonical.contains("fromGroup"));
  }
}

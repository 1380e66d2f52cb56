package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import nl.werkplaats.testsupport.Sessions;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The DOCX project-plan draft, opened again with Apache POI as Word would: its headings in Word's own heading
 * styles, the tables in "Table Grid", the joint answers, the differing organisation answers side by side, the
 * open points and the agreements; the same bytes from the same frozen summary.
 */
class DocxRendererTest {
  static Summary checklist;
  static Summary teamStart;

  @BeforeAll
  static void freeze() {
    checklist = Summary.of(Sessions.checklist("room-cl", r -> { }).state(), Sessions.template("checklist-samen-data-delen"));
    teamStart = Summary.of(Sessions.teamStart("room-dts", r -> { }).state(), Sessions.template("data-team-start"));
  }

  static XWPFDocument open(Summary s) throws IOException {
    return new XWPFDocument(new ByteArrayInputStream(Format.DOCX.render(s)));
  }

  static List<String> styled(XWPFDocument doc, String style) {
    return doc.getParagraphs().stream().filter(p -> style.equals(p.getStyle())).map(XWPFParagraph::getText)
        .collect(Collectors.toList());
  }

  static List<String> header(XWPFTable table) {
    return table.getRow(0).getTableCells().stream().map(c -> c.getText()).collect(Collectors.toList());
  }

  static XWPFTable tableWithHeader(XWPFDocument doc, String first) {
    return doc.getTables().stream().filter(t -> header(t).get(0).equals(first)).findFirst()
        .orElseThrow(() -> new AssertionError("no table starting with " + first));
  }

  @Test
  @DisplayName("the Checklist becomes a Dutch project-plan draft: title page, areas as headings, joint answers, open points, agreements")
  void projectPlanDraft() throws IOException {
    try (XWPFDocument doc = open(checklist)) {
      assertEquals(List.of("Projectplan (concept)"), styled(doc, "Title"));
      assertEquals(List.of("Datadelen jeugdzorg Gouda–Zuid-Holland"), styled(doc, "Subtitle"));
      List<String> h1 = styled(doc, "Heading1");
      assertEquals(List.of("Organisaties", "Antwoorden per thema", "Open punten", "Afspraken en taken",
          "Niet behandeld in de sessie"), h1);
      List<String> areas = styled(doc, "Heading2");
      String firstArea = checklist.root().path("steps").get(1).path("area").asText();
      assertEquals(firstArea, areas.get(0), "the area of the first question is a heading 2");
      assertEquals(3, styled(doc, "Heading3").size(), "the three questions discussed: " + styled(doc, "Heading3"));
      assertEquals("heading 1", doc.getStyles().getStyle("Heading1").getName(), "Word's built-in heading style");
      String all = doc.getParagraphs().stream().map(XWPFParagraph::getText).collect(Collectors.joining("\n"));
      String joint = checklist.root().path("steps").get(1).path("joint").asText();
      assertTrue(all.contains("Gezamenlijk antwoord: " + joint.lines().findFirst().orElseThrow()), all);
      assertTrue(all.contains("Status: Overeenstemming") && all.contains("Status: Niet van toepassing"));

      // The organisations answered the first question differently: side by side, one column each.
      XWPFTable sideBySide = tableWithHeader(doc, "Gemeente Gouda");
      assertEquals(List.of("Gemeente Gouda", "Provincie Zuid-Holland", "Universiteit Utrecht"), header(sideBySide));
      assertEquals("TableGrid", sideBySide.getStyleID());
      assertTrue(sideBySide.getRow(1).getCell(2).getText().startsWith("Onderzoek naar jeugdzorg 🎉"),
          "answers as written, emoji included");

      // Open points: the second question is still open.
      XWPFTable open = tableWithHeader(doc, "Thema");
      assertEquals(List.of("Thema", "Vraag", "Gezamenlijk antwoord"), header(open));
      assertEquals(2, open.getNumberOfRows(), "one open point");
      assertEquals("Eerst een pilot, \"klein beginnen\"", open.getRow(1).getCell(2).getText());

      XWPFTable agreements = tableWithHeader(doc, "Wat");
      assertEquals(List.of("Wat", "Wie", "Uiterlijk", "Bij stap"), header(agreements));
      assertEquals(4, agreements.getNumberOfRows(), "three agreements");
      assertEquals("DPIA laten uitvoeren; vóór de zomer", agreements.getRow(1).getCell(0).getText());
      assertEquals("Anouk, privacy", agreements.getRow(1).getCell(1).getText(), "the owner");
      assertEquals("30 juni 2026", agreements.getRow(1).getCell(2).getText(), "the date in Dutch");
      assertFalse(all.contains("2026-06-30"));
    }
  }

  @Test
  @DisplayName("the same frozen summary gives the same DOCX bytes; another summary another file")
  void reproducible() throws IOException {
    byte[] first = Format.DOCX.render(checklist);
    assertArrayEquals(first, Format.DOCX.render(Summary.fromCanonical(checklist.canonical())));
    assertFalse(java.util.Arrays.equals(first, Format.DOCX.render(teamStart)));
  }

  @Test
  @DisplayName("other templates get a generic document in their language with the summary's sections and tables")
  void genericDocument() throws IOException {
    try (XWPFDocument doc = open(teamStart)) {
      assertEquals(List.of("Summary"), styled(doc, "Title"), "English session, English words");
      assertTrue(styled(doc, "Heading1").contains("Key results"), styled(doc, "Heading1").toString());
      assertTrue(doc.getTables().size() >= 3);
      assertTrue(doc.getTables().stream().allMatch(t -> "TableGrid".equals(t.getStyleID())));
    }
  }

  @Test
  @DisplayName("characters XML cannot hold never break the document")
  void controlCharacters() {
    assertEquals("a\uFFFDb\tc\n🎉\uFFFD\uFFFD", DocxRenderer.xmlText("a\u0001b\tc\n🎉\uD800\u009b"));
  }
}

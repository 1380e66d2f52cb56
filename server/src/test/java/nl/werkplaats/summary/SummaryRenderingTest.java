package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.lowagie.text.pdf.PdfWriter;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.werkplaats.testsupport.Sessions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Renders the frozen summaries of two full sessions (a Checklist in Dutch, a Data Team Start in English)
 * in every format and reads each back with a real parser. The answers hold a script tag, a spreadsheet
 * formula, an emoji and Arabic text; they must come out inert and intact. Renderings are written to
 * target/summary-samples/ for a person to look at.
 */
class SummaryRenderingTest {
  static Summary checklist;
  static Summary teamStart;

  @BeforeAll
  static void freeze() throws IOException {
    checklist = Summary.of(Sessions.checklist("room-cl", r -> { }).state(), Sessions.template("checklist-samen-data-delen"));
    teamStart = Summary.of(Sessions.teamStart("room-dts", r -> { }).state(), Sessions.template("data-team-start"));
    Path out = Path.of("target", "summary-samples");
    Files.createDirectories(out);
    for (Summary s : List.of(checklist, teamStart)) {
      for (Format f : Format.values()) {
        Files.write(out.resolve(f.fileName(s.roomId(), s.version())), f.render(s));
      }
    }
  }

  static List<Summary> both() {
    return List.of(checklist, teamStart);
  }

  // ------------------------------------------------------------------------------------------ JSON

  @Test
  @DisplayName("the JSON is canonical and valid against src/summary/summary.schema.json")
  void jsonSchema() throws IOException {
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(Files.readString(Path.of("..", "src", "summary", "summary.schema.json")));
    for (Summary s : both()) {
      Set<ValidationMessage> problems = schema.validate(Canonical.parse(s.canonical()));
      assertTrue(problems.isEmpty(), s.roomId() + ": " + problems);
      assertArrayEquals(s.canonical(), Canonical.bytes(Canonical.parse(s.canonical())), "canonical form is stable");
      String text = new String(s.canonical(), StandardCharsets.UTF_8);
      assertFalse(text.contains("\n") || text.contains("\": ") || text.contains(", \""), "no insignificant whitespace");
      assertTrue(text.startsWith("{\"agreements\":"), "keys sorted");
      assertTrue(text.contains(Sessions.EMOJI) && text.contains(Sessions.ARABIC), "non-ASCII kept as UTF-8");
      assertEquals(Format.JSON.render(s).length, s.canonical().length);
    }
  }

  @Test
  @DisplayName("the summary holds what was said: answers per organisation, joint answer, status, coverage, roles, evaluation")
  void content() {
    JsonNode r = checklist.root();
    assertEquals("project-plan", r.path("layout").asText());
    assertEquals(1, r.path("version").asInt());
    JsonNode q = r.path("steps").get(1);
    assertEquals("checklist-question", q.path("type").asText());
    assertEquals("Maatschappelijk vraagstuk en doel", q.path("area").asText());
    assertEquals(3, q.path("answers").size());
    assertEquals(Sessions.SCRIPT, q.path("answers").get(0).path("text").asText());
    assertEquals(Sessions.DUTCH, q.path("joint").asText());
    assertEquals("agreed", q.path("status").asText());
    assertEquals("not-applicable", r.path("steps").get(14).path("status").asText());
    assertEquals("open", r.path("steps").get(3).path("status").asText());
    assertEquals("8.00", r.path("evaluation").path("average").asText());
    assertEquals(3, r.path("evaluation").path("count").asInt());
    assertEquals(1, r.path("evaluation").path("distribution").path("9").asInt());
    assertEquals(3, r.path("agreements").size());
    assertTrue(r.path("agreements").get(2).path("due").isNull());
    assertEquals(5, r.path("participants").path("count").asInt());
    assertEquals(3, r.path("participants").path("organisations").size(), "observer's spelling joins Gemeente Gouda");

    JsonNode d = teamStart.root();
    assertEquals("en", d.path("language").asText());
    JsonNode comp = d.path("steps").get(3);
    JsonNode domain = comp.path("competences").get(0);
    assertEquals("domain-knowledge", domain.path("id").asText());
    assertEquals(5, domain.path("highest").asInt());
    assertEquals("4.00", domain.path("average").asText());
    assertEquals(2, domain.path("spread").asInt());
    assertEquals(2, domain.path("strong").asInt());
    assertFalse(domain.path("gap").asBoolean());
    JsonNode analysis = comp.path("competences").get(1);
    assertEquals("2.33", analysis.path("average").asText());
    assertFalse(analysis.path("gap").asBoolean());
    assertTrue(comp.path("competences").get(2).path("gap").asBoolean(), "nobody rated it: a gap");
    assertEquals(3, comp.path("organisations").size());
    JsonNode roles = d.path("steps").get(5);
    assertEquals(2, roles.path("roles").get(1).path("takenBy").size());
    assertTrue(roles.path("unfilled").toString().contains("data-steward"));
    JsonNode reflection = d.path("steps").get(6);
    assertEquals(1, reflection.path("groups").size());
    assertEquals(3, reflection.path("groups").get(0).path("votes").asInt());
    assertEquals("7.00", d.path("evaluation").path("average").asText());
    assertTrue(d.path("timeline").path("steps").get(3).path("timeSpentMs").asLong() > 0);
  }

  @Test
  @DisplayName("an anonymous room lists organisations and counts, no names")
  void anonymous() {
    var state = Sessions.teamStart("room-anon", r -> { }).state();
    state.anonymous = true;
    Summary s = Summary.of(state, Sessions.template("data-team-start"));
    String json = new String(s.canonical(), StandardCharsets.UTF_8);
    assertFalse(json.contains("Anouk de Vries") || json.contains("Joëlle Bakker") || json.contains("Ĳsbrand Müller"), json);
    assertTrue(json.contains("Provincie Zuid-Holland"));
    assertEquals(0, s.root().path("participants").path("people").size());
    assertEquals(5, s.root().path("participants").path("count").asInt());
  }

  @Test
  @DisplayName("same session, same bytes, same hash; one changed byte changes the hash")
  void hashStability() {
    Summary again = Summary.of(Sessions.checklist("room-cl", r -> { }).state(), Sessions.template("checklist-samen-data-delen"));
    assertArrayEquals(checklist.canonical(), again.canonical());
    assertEquals(checklist.sha256(), again.sha256());
    assertTrue(checklist.sha256().matches("[0-9a-f]{64}"));
    byte[] tampered = checklist.canonical().clone();
    int i = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("8.00");
    tampered[i] = '9';
    assertNotEquals(checklist.sha256(), Canonical.sha256(tampered));
  }

  // ------------------------------------------------------------------------------------------ PDF

  @Test
  @DisplayName("PDF: Dutch characters intact, the hash and 'pagina X van Y' on every page, Arabic drawn and shaped, emoji as its code point")
  void pdf() throws IOException {
    for (Summary s : both()) {
      byte[] pdf = Format.PDF.render(s);
      assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        int pages = doc.getNumberOfPages();
        String text = text(doc);
        assertTrue(text.contains(s.sha256()), "hash in the footer");
        assertTrue(text.contains("Joëlle Bakker"), "ë");
        assertTrue(text.contains("Ĳsbrand Müller"), "ĳ and ü");
        String pageWord = s.language().equals("en") ? "page" : "pagina";
        String of = s.language().equals("en") ? "of" : "van";
        for (int p = 1; p <= pages; p++) {
          PDFTextStripper one = new PDFTextStripper();
          one.setSortByPosition(true);
          one.setStartPage(p);
          one.setEndPage(p);
          String pageText = one.getText(doc);
          assertTrue(pageText.contains(pageWord + " " + p + " " + of + " " + pages), "page " + p + ": " + tail(pageText));
          assertTrue(pageText.contains(s.sha256()), "hash on page " + p);
        }
        assertTrue(text.contains("<script>alert(1)</script>"), "script tag shown as text");
        assertTrue(text.contains("[U+1F389]"), "the emoji, which the font cannot draw, as its code point");
        assertFalse(text.contains("[U+06"), "Arabic letters are drawn, not replaced by their code points");
        assertTrue(text.contains(Sessions.ARABIC), "Arabic drawn right to left, so it reads back in logical order");
        String glyphs = glyphs(doc);
        assertTrue(glyphs.chars().anyMatch(c -> c >= 0xFE70 && c <= 0xFEFF),
            "Arabic shaped into joined letter forms (presentation forms B)");
      }
    }
    try (PDDocument doc = Loader.loadPDF(Format.PDF.render(checklist))) {
      String text = text(doc);
      // DejaVu Sans is wider than Liberation Sans: the joint answer wraps after the € and the status cell's text
      // comes in between when the page is read line by line
      assertTrue(text.contains("kosten €") && text.contains("12.500 per jaar"), "euro sign");
      assertTrue(text.contains("Coördinatie"), "ö");
      assertTrue(text.contains("ĳverig"), "ĳ");
      assertTrue(text.contains("Antwoorden per thema") && text.contains("Open punten"), "Dutch labels");
      assertTrue(text.contains("DPIA laten uitvoeren"), "agreements table");
    }
    try (PDDocument doc = Loader.loadPDF(Format.PDF.render(teamStart))) {
      String text = text(doc);
      assertTrue(text.contains("What the team has in house"), "English labels as on the screen, coverage chart");
      assertTrue(text.contains("Unfilled roles"));
    }
  }

  @Test
  @DisplayName("PDF: a text that starts in Arabic is laid out right to left, its first letter rightmost")
  void pdfRightToLeft() throws IOException {
    var state = Sessions.teamStart("room-rtl", r -> { }).state();
    state.title = Sessions.ARABIC + " — Achterhoek 2026";
    Summary s = Summary.of(state, Sessions.template("data-team-start"));
    byte[] pdf = Format.PDF.render(s);
    Files.write(Path.of("target", "summary-samples", "room-rtl-title.pdf"), pdf);
    // the first strong character decides, as HTML's dir="auto"
    assertEquals(PdfWriter.RUN_DIRECTION_RTL, PdfRenderer.direction(state.title));
    assertEquals(PdfWriter.RUN_DIRECTION_LTR, PdfRenderer.direction(Sessions.SCRIPT + " " + Sessions.ARABIC));
    assertEquals(PdfWriter.RUN_DIRECTION_RTL, PdfRenderer.direction("12 " + Sessions.ARABIC));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<TextPosition> title = new ArrayList<>();
      PDFTextStripper stripper = new PDFTextStripper() {
        @Override
        protected void writeString(String text, List<TextPosition> positions) {
          if (title.isEmpty() && positions.stream().anyMatch(p -> p.getFontSizeInPt() > 15)) {
            title.addAll(positions);
          }
        }
      };
      stripper.setStartPage(1);
      stripper.setEndPage(1);
      stripper.getText(doc);
      assertFalse(title.isEmpty(), "the title line");
      float pageWidth = doc.getPage(0).getMediaBox().getWidth();
      TextPosition rightmost = title.stream().max((a, b) -> Float.compare(a.getXDirAdj(), b.getXDirAdj())).orElseThrow();
      float end = rightmost.getXDirAdj() + rightmost.getWidthDirAdj();
      assertTrue(end > pageWidth - 60, "right-aligned, ends at x=" + end);
      // the first letter of مرحبا, meem, in its initial form (U+FEE3), is the rightmost glyph of the line
      assertEquals("\uFEE3", rightmost.getUnicode(), "meem first, from the right");
      TextPosition achterhoek = title.stream().filter(p -> p.getUnicode().equals("A")).findFirst().orElseThrow();
      assertTrue(achterhoek.getXDirAdj() < rightmost.getXDirAdj(), "the Latin part follows to the left");
    }
  }

  /** The text as drawn: each glyph's Unicode value in content order, before PDFBox normalises or reorders it. */
  private static String glyphs(PDDocument doc) throws IOException {
    StringBuilder sb = new StringBuilder();
    PDFTextStripper stripper = new PDFTextStripper() {
      @Override
      protected void writeString(String text, List<TextPosition> positions) {
        positions.forEach(p -> sb.append(p.getUnicode()));
        sb.append('\n');
      }
    };
    stripper.getText(doc);
    return sb.toString();
  }

  private static String text(PDDocument doc) throws IOException {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setSortByPosition(true);
    return stripper.getText(doc);
  }

  private static String tail(String s) {
    return s.substring(Math.max(0, s.length() - 200));
  }

  // ------------------------------------------------------------------------------------------ CSV

  @Test
  @DisplayName("CSV: UTF-8 with BOM, one row per answer, formulas neutralised, the rest intact")
  void csv() throws IOException {
    for (Summary s : both()) {
      byte[] csv = Format.CSV.render(s);
      assertEquals((byte) 0xEF, csv[0]);
      assertEquals((byte) 0xBB, csv[1]);
      assertEquals((byte) 0xBF, csv[2]);
      List<CSVRecord> rows = parse(csv);
      assertTrue(rows.size() > 5);
      List<String> cells = new ArrayList<>();
      rows.forEach(r -> r.forEach(cells::add));
      for (String cell : cells) {
        assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "formula cell: " + cell);
      }
      assertTrue(cells.contains("'" + Sessions.FORMULA), "neutralised, otherwise unchanged");
      assertTrue(cells.stream().anyMatch(c -> c.contains(Sessions.EMOJI)));
      assertTrue(cells.stream().anyMatch(c -> c.contains(Sessions.ARABIC)));
      assertTrue(cells.stream().anyMatch(c -> c.contains(Sessions.SCRIPT)));
    }
    List<CSVRecord> rows = parse(Format.CSV.render(checklist));
    long answers = rows.stream().filter(r -> r.get(1).equals("societal-issue") && r.get(5).equals("answer")).count();
    assertEquals(3, answers, "one row per organisation's answer");
    assertTrue(rows.stream().anyMatch(r -> r.get(5).equals("joint") && r.get(7).equals(Sessions.DUTCH)
        && r.get(8).equals("Overeenstemming")));
    List<CSVRecord> agreements = parse(Format.AGREEMENTS_CSV.render(checklist));
    assertEquals(List.of("Wat", "Wie", "Uiterlijk", "Bij stap"), agreements.get(0).toList());
    assertEquals(4, agreements.size());
    assertEquals("'" + Sessions.FORMULA + " " + Sessions.SCRIPT, agreements.get(2).get(0));
  }

  private static List<CSVRecord> parse(byte[] csv) throws IOException {
    try (CSVParser p = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(csv, 3, csv.length - 3),
        StandardCharsets.UTF_8), CSVFormat.RFC4180.builder().setDelimiter(';').build())) {
      return p.getRecords();
    }
  }

  // ------------------------------------------------------------------------------------------ HTML, Markdown

  @Test
  @DisplayName("HTML: self-contained, the hash shown, a <script> answer is text and no script element exists")
  void html() {
    for (Summary s : both()) {
      String html = new String(Format.HTML.render(s), StandardCharsets.UTF_8);
      Document doc = Jsoup.parse(html);
      assertTrue(doc.select("script").isEmpty(), "no script element");
      assertTrue(doc.select("[onload],[onerror],[onclick],iframe,object,embed,link[rel=stylesheet],img").isEmpty());
      assertTrue(doc.text().contains(Sessions.SCRIPT), "the script tag as visible text");
      assertTrue(doc.text().contains(Sessions.FORMULA));
      assertTrue(doc.text().contains(Sessions.EMOJI));
      assertTrue(doc.text().contains(Sessions.ARABIC));
      assertTrue(doc.text().contains(s.sha256()));
      assertEquals(s.language(), doc.select("html").attr("lang"));
      assertFalse(doc.select("style").isEmpty(), "inline CSS");
      assertFalse(html.contains("http://") && !html.contains("http://x"), "no external resources");
    }
    Document dts = Jsoup.parse(new String(Format.HTML.render(teamStart), StandardCharsets.UTF_8));
    assertFalse(dts.select("figure.chart svg rect.value").isEmpty(), "the coverage chart");
  }

  @Test
  @DisplayName("Markdown: user text escaped (no HTML, no links), labels in the summary's language, hash shown")
  void markdown() {
    String md = new String(Format.MARKDOWN.render(checklist), StandardCharsets.UTF_8);
    assertFalse(md.contains("<script>"), "no raw HTML");
    assertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), md);
    assertTrue(md.contains("\\=HYPERLINK(\"http\\://x\",\"y\")"), "no autolink, no formula-looking setext line");
    assertEquals("1\\. - a \\*b\\* www\\.x \\[l\\](u)", TextRenderers.md("1. - a *b* www.x [l](u)"));
    assertEquals("\\- item\n  \\+ sub\n\\===", TextRenderers.md("- item\n  + sub\n==="));
    assertFalse(md.contains("](http"), "no link");
    assertTrue(md.contains(Sessions.EMOJI) && md.contains(Sessions.ARABIC));
    assertTrue(md.contains("### Open punten"));
    assertTrue(md.contains("| begeleider |") && md.contains("| deelnemer |"), "roles in the summary's language");
    assertTrue(md.contains(checklist.sha256()));
    String en = new String(Format.MARKDOWN.render(teamStart), StandardCharsets.UTF_8);
    assertTrue(en.contains("### Agreements and tasks"));
    assertTrue(en.contains("█"), "text bars for the coverage chart");
  }

  // ------------------------------------------------------------------------------------------ ICS

  @Test
  @DisplayName("ICS: one all-day VEVENT per agreement with a due date, escaped and folded at 75 octets")
  void ics() {
    String ics = new String(Format.AGREEMENTS_ICS.render(checklist), StandardCharsets.UTF_8);
    assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
    assertEquals(2, count(ics, "BEGIN:VEVENT"), "two of three agreements have a due date");
    assertTrue(ics.contains("DTSTART;VALUE=DATE:20260630\r\n"));
    assertTrue(ics.contains("DTEND;VALUE=DATE:20260701\r\n"));
    for (String line : ics.split("\r\n")) {
      assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded: " + line);
    }
    String unfolded = ics.replace("\r\n ", "");
    assertTrue(unfolded.contains("SUMMARY:DPIA laten uitvoeren\\; vóór de zomer\r\n"), unfolded);
    assertTrue(unfolded.contains("SUMMARY:" + Sessions.FORMULA.replace(",", "\\,") + " " + Sessions.SCRIPT + "\r\n"));
    assertTrue(unfolded.contains("DESCRIPTION:Wie: Joëlle\\, provincie\\nBij stap: "));
    assertEquals(2, count(new String(Format.AGREEMENTS_ICS.render(teamStart), StandardCharsets.UTF_8), "BEGIN:VEVENT"));
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

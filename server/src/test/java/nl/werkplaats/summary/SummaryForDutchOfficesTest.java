package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import nl.werkplaats.Config;
import nl.werkplaats.summary.SummaryDocument.Heading;
import nl.werkplaats.testsupport.Sessions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Summaries as a Dutch office opens them: every format with Dutch numbers ("2,3"), dates and times in
 * Europe/Amsterdam ("1 januari 2026, 11:28"), the words of the screens; a CSV that Excel with Dutch settings
 * splits into columns, an XLSX with numbers and dates as such; a PDF whose words and table rows are never cut.
 * Each rendering is read back with an independent reader (PDFBox, jsoup, commons-csv, FastExcel's reader).
 */
class SummaryForDutchOfficesTest {
  static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  /** The checklist session, in Dutch: frozen at 2026-01-01T10:28:00Z, which is 11:28 in Amsterdam. */
  static Summary checklist;
  /** The Data Team Start session with Dutch as its language: data analysis averages 2.33, shown as 2,3. */
  static Summary teamStartNl;

  @BeforeAll
  static void freeze() {
    checklist = Summary.of(Sessions.checklist("room-cl", r -> { }).state(), Sessions.template("checklist-samen-data-delen"));
    Summary en = Summary.of(Sessions.teamStart("room-dts", r -> { }).state(), Sessions.template("data-team-start"));
    teamStartNl = edited(en, root -> root.put("language", "nl"));
  }

  /** A summary with its tree changed, as another session would have frozen it. */
  static Summary edited(Summary s, Consumer<ObjectNode> change) {
    ObjectNode root = (ObjectNode) Canonical.parse(s.canonical());
    change.accept(root);
    return Summary.fromCanonical(Canonical.bytes(root));
  }

  static String text(Format f, Summary s) {
    return new String(f.render(s), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------------ numbers, dates, labels

  @Test
  @DisplayName("the JSON keeps its machine form: ISO-8601 UTC and two-decimal strings; the renderings do not")
  void jsonStaysMachineReadable() {
    String json = text(Format.JSON, teamStartNl);
    assertTrue(json.contains("\"frozenAt\":\"2026-01-01T10:42:00Z\""), "UTC in the JSON");
    assertTrue(json.contains("\"average\":\"2.33\""), "two decimals in the JSON");
    for (ZoneId zone : List.of(AMSTERDAM, ZoneId.of("UTC"), ZoneId.of("America/Curacao"))) {
      assertTrue(java.util.Arrays.equals(teamStartNl.canonical(), Format.JSON.render(teamStartNl, zone)),
          "the JSON download is the frozen bytes in every zone");
    }
    // The canonical form did not change with the renderings: the fixture session hashes as it always did
    // (since the summary records each organisation's assent to the joint answers).
    assertEquals("dfcd28aa942387873c57baa67643a4de63062cf8866917a7ad9cff7ff660e344", checklist.sha256());
    assertEquals("2,3", new Presentation("nl", AMSTERDAM).number("2.33"));
    assertEquals("2.3", new Presentation("en", AMSTERDAM).number("2.33"));
    assertEquals("8", new Presentation("nl", AMSTERDAM).number("8.00"));
    assertEquals("7,7", new Presentation("nl", AMSTERDAM).number("7.67"));
    assertEquals("1 december 2026, 15:05", new Presentation("nl", AMSTERDAM).dateTime("2026-12-01T14:05:00Z"));
    assertEquals("1 July 2026, 16:05", new Presentation("en", AMSTERDAM).dateTime("2026-07-01T14:05:00Z"), "summer time");
  }

  @Test
  @DisplayName("PDF, HTML and Markdown: a decimal comma, Dutch dates in Amsterdam time, the screens' words; no ISO, no UTC")
  void documentFormatsInDutch() throws IOException {
    Map<Format, List<String>> texts = Map.of(
        Format.PDF, List.of(pdfText(Format.PDF.render(checklist)), pdfText(Format.PDF.render(teamStartNl))),
        Format.HTML, List.of(html(checklist).text(), html(teamStartNl).text()),
        Format.MARKDOWN, List.of(text(Format.MARKDOWN, checklist), text(Format.MARKDOWN, teamStartNl)));
    texts.forEach((format, both) -> {
      String cl = both.get(0).replace('\u00A0', ' ').replaceAll("\\s+", " ");
      String dts = both.get(1).replace('\u00A0', ' ').replaceAll("\\s+", " ");
      for (String t : both) {
        assertFalse(t.contains("UTC") || t.matches("(?s).*\\d{4}-\\d\\d-\\d\\d.*"), format + ": an ISO date or UTC");
      }
      assertTrue(cl.contains("Vastgelegd op 1 januari 2026, 11:28"), format + ": frozen at, Amsterdam time");
      assertTrue(cl.contains("Gestart: 1 januari 2026, 11:06"), format + ": timeline");
      assertTrue(cl.contains("30 juni 2026") && cl.contains("1 september 2026"), format + ": due dates");
      assertTrue(cl.contains("Overeenstemming") && cl.contains("Nog open") && cl.contains("Niet van toepassing"),
          format + ": statuses as on the screen");
      assertFalse(cl.contains("afgesproken") || cl.contains("toehoorder"), format + ": words the screens do not use");
      assertTrue(cl.contains("Afspraken en taken") && cl.contains("Uiterlijk") && cl.contains("Bij stap"), format.name());
      assertTrue(cl.contains("Gemiddeld cijfer: 8 (3 cijfers)"), format + ": " + cl);
      assertTrue(dts.contains("gemiddeld 2,3"), format + ": the average as the screen shows it");
      assertFalse(dts.contains("2.33") || dts.contains("2.3 ") || dts.contains("4.00") || dts.contains("3.00 / 4"),
          format + ": decimal points");
      assertTrue(dts.contains("Gemiddeld cijfer: 7 (2 cijfers)"), format.name());
      assertTrue(dts.contains("Wat het team in huis heeft") && dts.contains("Gemiddelde per organisatie"), format.name());
      assertTrue(dts.contains("Verdeling van de cijfers"), format + ": marks distribution chart");
      assertTrue(dts.contains("Kaarten met de meeste stippen"), format + ": votes chart");
    });
  }

  @Test
  @DisplayName("the time zone is the server's setting: WERKPLAATS_TIME_ZONE, Europe/Amsterdam by default, a wrong one refused")
  void timeZoneIsConfigurable() {
    assertEquals(AMSTERDAM, Config.fromEnv(Map.of()).timeZone());
    ZoneId london = Config.fromEnv(Map.of("WERKPLAATS_TIME_ZONE", "Europe/London")).timeZone();
    assertEquals(ZoneId.of("Europe/London"), london);
    assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of("WERKPLAATS_TIME_ZONE", "Mars/Olympus")).timeZone());
    String md = new String(Format.MARKDOWN.render(checklist, london), StandardCharsets.UTF_8);
    assertTrue(md.contains("Vastgelegd op 1 januari 2026, 10:28"), "London is an hour behind Amsterdam in winter");
    assertTrue(md.contains("Europe/London"), "the zone is named");
  }

  @Test
  @DisplayName("'Deelnemers' counts participants, not the facilitator or the observer, and says so")
  void participantsWithoutFacilitator() {
    Document doc = html(checklist);
    assertTrue(doc.text().contains("Deelnemers (zonder begeleiders en waarnemers): 3"), doc.text());
    Element table = tableWithHeader(doc, "Begeleiders");
    assertEquals(List.of("Organisatie", "Deelnemers", "Begeleiders", "Waarnemers"), headers(table));
    assertEquals(List.of("Gemeente Gouda", "1", "1", "1"), cells(table.select("tbody tr").get(0)),
        "Gouda: Anouk takes part, Fleur leads, Olaf observes");
  }

  @Test
  @DisplayName("no column of zeros: cards nobody put a dot on have no 'Stippen' column")
  void noEmptyVotesColumn() {
    for (Summary s : List.of(checklist, teamStartNl)) {
      for (Element table : html(s).select("table")) {
        int column = headers(table).indexOf("Stippen");
        if (column < 0) {
          continue;
        }
        assertTrue(table.select("tbody tr").stream().anyMatch(r -> !cells(r).get(column).equals("0")),
            "a Stippen column with only zeros: " + table.text());
      }
    }
    Element checkIn = tableWithHeader(html(teamStartNl), "Kaartje");
    assertEquals(List.of("Kaartje"), headers(checkIn), "the check-in cards had no dots");
  }

  @Test
  @DisplayName("questions never reached are listed by title, not shown as pages of empty tables")
  void unreachedListedBriefly() throws IOException {
    Document doc = html(checklist);
    Element heading = doc.select("h3:contains(Niet behandeld in de sessie)").first();
    assertNotNull(heading, "a list of steps not reached");
    Element list = heading.nextElementSibling();
    assertEquals("ul", list.tagName());
    assertEquals(14, list.select("li").size(), "the 14 questions the session did not reach");
    String unreached = checklist.root().path("steps").get(3).path("question").asText();
    assertFalse(doc.text().contains(unreached), "no question text or empty answers for an unreached question");
    assertEquals(5, count(doc.text(), "Niets ingevuld"), "only the empty answers of the three questions discussed");
    try (PDDocument pdf = Loader.loadPDF(Format.PDF.render(checklist))) {
      assertTrue(pdf.getNumberOfPages() <= 5, "pages: " + pdf.getNumberOfPages());
    }
  }

  // ------------------------------------------------------------------------------------------ CSV

  @Test
  @DisplayName("CSV as Excel with Dutch settings reads it: BOM, semicolons, CRLF, decimal commas, Dutch dates, no formulas")
  void csvForDutchExcel() throws IOException {
    for (Format f : List.of(Format.CSV, Format.AGREEMENTS_CSV)) {
      byte[] csv = f.render(teamStartNl);
      assertEquals(0xEF, csv[0] & 0xFF);
      assertEquals(0xBB, csv[1] & 0xFF);
      assertEquals(0xBF, csv[2] & 0xFF);
      String body = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
      assertFalse(body.replace("\r\n", "").contains("\n") && !body.contains("\"\n"), "CRLF line ends");
      List<CSVRecord> rows = excel(csv);
      int columns = rows.get(0).size();
      assertTrue(columns >= 4, "split into columns at the semicolons: " + rows.get(0));
      for (CSVRecord row : rows) {
        assertEquals(columns, row.size(), "every row has the header's columns: " + row);
        for (String cell : row) {
          assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a formula cell: " + cell);
        }
      }
    }
    List<CSVRecord> rows = excel(Format.CSV.render(teamStartNl));
    assertTrue(rows.stream().anyMatch(r -> r.get(5).equals("coverage") && r.get(7).equals("gemiddeld 2,3; hoogste 4")),
        "the average with a decimal comma");
    assertTrue(rows.stream().anyMatch(r -> r.get(5).equals("agreement") && r.get(8).equals("Joëlle; uiterlijk 15 maart 2026")));
    assertTrue(rows.stream().anyMatch(r -> r.get(5).equals("evaluation-average") && r.get(7).equals("7")));
    List<CSVRecord> agreements = excel(Format.AGREEMENTS_CSV.render(checklist));
    assertEquals(List.of("Wat", "Wie", "Uiterlijk", "Bij stap"), agreements.get(0).toList());
    assertEquals("30 juni 2026", agreements.get(1).get(2));
    assertEquals("'" + Sessions.FORMULA + " " + Sessions.SCRIPT, agreements.get(2).get(0), "formula neutralised");
    // a program that splits at commas sees no formula either: FORMULA holds ,"y" and the cell after , is "y")
    assertEquals("\"a,'=1\"", TextRenderers.csvCell("a,=1"));
    assertEquals("\"a;'-1\"", TextRenderers.csvCell("a;-1"));
  }

  /** As Excel with a Dutch list separator reads a CSV: after the BOM, cells split at ; and quotes honoured. */
  static List<CSVRecord> excel(byte[] csv) throws IOException {
    try (CSVParser p = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(csv, 3, csv.length - 3),
        StandardCharsets.UTF_8), CSVFormat.RFC4180.builder().setDelimiter(';').build())) {
      return p.getRecords();
    }
  }

  // ------------------------------------------------------------------------------------------ XLSX

  @Test
  @DisplayName("XLSX: a sheet per part, figures as numbers, dates as dates in Amsterdam time, header frozen, widths set")
  void xlsx() throws IOException {
    byte[] xlsx = Format.XLSX.render(teamStartNl);
    Files.createDirectories(Path.of("target", "summary-samples"));
    Files.write(Path.of("target", "summary-samples", "room-dts-nl.xlsx"), xlsx);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
      List<String> names = wb.getSheets().map(Sheet::getName).toList();
      assertTrue(names.containsAll(List.of("Overzicht", "Afspraken en taken", "Kaartjes", "Canvas", "Competenties",
          "Rollen", "Evaluatie", "Deelnemers", "Tijdlijn")), names.toString());
      List<Row> overview = wb.findSheet("Overzicht").orElseThrow().read();
      Cell frozen = value(overview, "Vastgelegd op");
      assertEquals(CellType.NUMBER, frozen.getType(), "a date, not text");
      assertEquals(LocalDateTime.of(2026, 1, 1, 11, 42), frozen.asDate(), "Amsterdam wall-clock time");
      assertTrue(frozen.getDataFormatString().contains("mmmm"), frozen.getDataFormatString());
      assertEquals(new BigDecimal("7"), value(overview, "Gemiddeld cijfer").asNumber().stripTrailingZeros());
      assertEquals(CellType.NUMBER, value(overview, "Deelnemers (zonder begeleiders en waarnemers)").getType());

      List<Row> agreements = wb.findSheet("Afspraken en taken").orElseThrow().read();
      assertEquals(List.of("Wat", "Wie", "Uiterlijk", "Bij stap"), texts(agreements.get(0)));
      Cell due = agreements.get(1).getCell(2);
      assertEquals(CellType.NUMBER, due.getType());
      assertEquals(LocalDate.of(2026, 2, 3), due.asDate().toLocalDate());
      assertEquals(CellType.STRING, agreements.get(2).getCell(0).getType(), "a formula-looking text stays text");
      assertEquals(Sessions.FORMULA, agreements.get(2).getCell(0).asString());

      List<Row> competences = wb.findSheet("Competenties").orElseThrow().read();
      Row analysis = competences.stream().filter(r -> r.getCellText(0).equals("Data analysis") && r.getCellText(1).isEmpty())
          .findFirst().orElseThrow();
      assertEquals(CellType.NUMBER, analysis.getCell(4).getType());
      assertEquals(0, new BigDecimal("2.33").compareTo(analysis.getCell(4).asNumber()));
      assertEquals("0.0", analysis.getCell(4).getDataFormatString(), "shown with one decimal, as on the screen");
      assertEquals(4, analysis.getCell(3).asNumber().intValue());

      List<Row> marks = wb.findSheet("Evaluatie").orElseThrow().read();
      assertEquals(List.of("Cijfer", "Aantal"), texts(marks.get(0)));
      assertEquals(1, marks.get(6).getCell(1).asNumber().intValue(), "one 6");
      assertEquals(1, marks.get(8).getCell(1).asNumber().intValue(), "one 8");
    }
    Map<String, String> sheets = zipEntries(xlsx);
    String agreementsXml = sheets.entrySet().stream().filter(e -> e.getKey().matches("xl/worksheets/sheet\\d+\\.xml"))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
    assertTrue(agreementsXml.contains("state=\"frozen\"") && agreementsXml.contains("ySplit=\"1\""), "header row frozen");
    assertTrue(agreementsXml.contains("<col ") && agreementsXml.contains("customWidth=\"true\""), "column widths");
  }

  static Cell value(List<Row> rows, String label) {
    return rows.stream().filter(r -> r.getCellText(0).equals(label)).findFirst().orElseThrow(() -> new AssertionError(label))
        .getCell(1);
  }

  static List<String> texts(Row row) {
    List<String> out = new ArrayList<>();
    row.forEach(c -> out.add(c == null ? "" : c.getText()));
    return out;
  }

  static Map<String, String> zipEntries(byte[] zip) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    Path file = Files.createTempFile("summary", ".xlsx");
    try (ZipFile z = new ZipFile(Files.write(file, zip).toFile())) {
      for (ZipEntry e : java.util.Collections.list(z.entries())) {
        out.put(e.getName(), new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      Files.delete(file);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ PDF typography

  /** Words that do not fit a quarter of a page at 9 pt unless their column is widened for them. */
  static final List<String> LONG_WORDS = List.of("Projectmanagement", "Gegevensbeschermingseffectbeoordeling",
      "Informatiebeveiligingsbeleid", "Verwerkingsverantwoordelijke");

  /**
   * The checklist with a fourth organisation and every question reached, each organisation answering in
   * long Dutch words and long paragraphs, each answer between markers: enough to fill many pages.
   */
  static Summary longChecklist() {
    return edited(checklist, root -> {
      int i = 0;
      for (var step : root.withArray("steps")) {
        if (!step.path("type").asText().equals("checklist-question")) {
          continue;
        }
        ObjectNode s = (ObjectNode) step;
        s.put("opened", true);
        ArrayNode answers = s.putArray("answers");
        for (String org : List.of("Gemeente Gouda", "Provincie Zuid-Holland", "Universiteit Utrecht", "Veiligheidsregio Hollands Midden")) {
          i++;
          StringBuilder text = new StringBuilder("BEGIN" + i + " ");
          for (int k = 0; k < 3 + i % 5; k++) {
            text.append(LONG_WORDS.get((i + k) % LONG_WORDS.size())).append(" en de afspraken met de ")
                .append(org).append(" over het delen van gegevens. ");
          }
          answers.addObject().put("organisation", org).put("text", text.append("EIND").append(i).toString());
        }
      }
      root.with("participants").withArray("organisations").addObject().put("name", "Veiligheidsregio Hollands Midden")
          .put("count", 1);
    });
  }

  @Test
  @DisplayName("PDF: no word is cut in two, even with four organisations side by side and very long Dutch words")
  void pdfWrapsAtSpaces() throws IOException {
    Summary s = longChecklist();
    byte[] pdf = Format.PDF.render(s);
    Files.write(Path.of("target", "summary-samples", "room-cl-long.pdf"), pdf);
    Set<String> words = new HashSet<>();
    for (String w : html(s).text().split("\\s+")) {
      words.add(w);
    }
    // the footer, bullets, and the header of the answers in rows (four columns side by side do not fit)
    words.addAll(List.of("pagina", "van", "SHA-256", s.sha256(), "•", "Antwoord"));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc).replace('\u00A0', ' ');
      List<String> broken = new ArrayList<>();
      for (String token : text.split("\\s+")) {
        if (token.isEmpty() || token.matches("\\d+") || token.contains("[U+") || words.contains(token)) {
          continue;
        }
        boolean atHyphen = token.endsWith("-") && words.stream().anyMatch(w -> w.startsWith(token))
            || words.stream().anyMatch(w -> w.endsWith("-" + token));
        if (!atHyphen) {
          broken.add(token);
        }
      }
      assertTrue(broken.isEmpty(), "words cut or glued: " + broken);
      for (String w : LONG_WORDS) {
        assertTrue(text.contains(w), w + " whole");
      }
    }
  }

  @Test
  @DisplayName("PDF: a table row is never split across pages, and a heading never ends a page")
  void pdfKeepsRowsAndHeadingsTogether() throws IOException {
    Summary s = longChecklist();
    SummaryDocument d = SummaryDocument.of(s, AMSTERDAM);
    Set<String> headings = new HashSet<>();
    d.blocks.stream().filter(b -> b instanceof Heading).forEach(b -> headings.add(((Heading) b).text()));
    try (PDDocument doc = Loader.loadPDF(Format.PDF.render(s))) {
      int pages = doc.getNumberOfPages();
      assertTrue(pages > 8, "long enough to need page breaks in tables: " + pages);
      int answers = 0;
      for (int p = 1; p <= pages; p++) {
        String page = page(doc, p);
        for (int i = 1; i <= 200; i++) {
          boolean begin = page.contains("BEGIN" + i + " ");
          boolean end = page.contains("EIND" + i + "\n") || page.contains("EIND" + i + " ");
          assertEquals(begin, end, "answer " + i + " split at the end of page " + p);
          answers += begin ? 1 : 0;
        }
        List<String> lines = page.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String last = lines.get(lines.size() - 2); // the last line above the footer
        assertFalse(headings.contains(last), "page " + p + " ends with the heading " + last);
      }
      assertEquals(17 * 4, answers, "every answer on some page, whole");
      String first = page(doc, 1);
      assertTrue(first.contains("Belangrijkste uitkomsten") && first.contains("Afspraken en taken")
          && first.contains("Open punten"), "the key results on the first page");
      assertTrue(first.indexOf("Afspraken en taken") < first.indexOf("Open punten"), "agreements first");
      assertFalse(first.contains("Antwoorden per thema"), "the details start on page 2");
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  static Document html(Summary s) {
    return Jsoup.parse(text(Format.HTML, s));
  }

  static Element tableWithHeader(Document doc, String header) {
    return doc.select("table").stream().filter(t -> headers(t).contains(header)).findFirst()
        .orElseThrow(() -> new AssertionError("no table with " + header));
  }

  static List<String> headers(Element table) {
    return table.select("thead th").eachText();
  }

  static List<String> cells(Element row) {
    return row.select("td").eachText();
  }

  static String pdfText(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      return stripper.getText(doc);
    }
  }

  static String page(PDDocument doc, int p) throws IOException {
    PDFTextStripper one = new PDFTextStripper();
    one.setSortByPosition(true);
    one.setStartPage(p);
    one.setEndPage(p);
    return one.getText(doc);
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}

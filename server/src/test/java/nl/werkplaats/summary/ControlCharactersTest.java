package nl.werkplaats.summary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.werkplaats.testsupport.Sessions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * From the security review: user text with a formula after a semicolon, and with raw NUL, BEL and ESC,
 * through every text summary format.
 */
class ControlCharactersTest {
  static final String ATTACK = "x;=1+1\u0000\u0007\u001b[31mred\u001b]0;title\u0007\u009b2J\u007f end";
  static Summary summary;

  @BeforeAll
  static void freeze() throws Exception {
    Summary clean = Summary.of(Sessions.checklist("room-ctl", r -> { }).state(),
        Sessions.template("checklist-samen-data-delen"));
    String json = new String(clean.canonical(), StandardCharsets.UTF_8);
    String script = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(Sessions.SCRIPT);
    String attack = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(ATTACK);
    assertTrue(json.contains(script));
    summary = Summary.fromCanonical(json.replace(script, attack).getBytes(StandardCharsets.UTF_8));
  }

  static void assertNoControls(String format, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c <= 0x9f);
      assertFalse(control, format + ": control character U+" + Integer.toHexString(c) + " at " + i + ": "
          + text.substring(Math.max(0, i - 20), Math.min(text.length(), i + 20)));
    }
  }

  @Test
  @DisplayName("24: no NUL, BEL, ESC, DEL or C1 from user text in the Markdown, HTML or CSV summary")
  void noControlCharacters() {
    for (Format f : List.of(Format.MARKDOWN, Format.HTML, Format.CSV)) {
      String text = new String(f.render(summary), StandardCharsets.UTF_8);
      assertTrue(text.contains("red"), f + " lost the text");
      assertNoControls(f.name(), text);
    }
  }

  @Test
  @DisplayName("no NUL, BEL, ESC, DEL or C1 from user text in the DOCX either, and Word can open it")
  void noControlCharactersInDocx() throws Exception {
    try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(new java.io.ByteArrayInputStream(Format.DOCX.render(summary)));
        var text = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc)) {
      assertTrue(text.getText().contains("red"), "DOCX lost the text");
      assertNoControls("DOCX", text.getText());
    }
  }

  @Test
  @DisplayName("14: a cell holding x;=1+1 is quoted, so a spreadsheet with ; as list separator reads no formula")
  void semicolonCellsQuoted() throws Exception {
    String csv = new String(TextRenderers.csv(summary, Format.defaultZone()), StandardCharsets.UTF_8);
    assertTrue(csv.contains("\"x;'=1+1"), "not neutralised: " + csv.lines().filter(l -> l.contains("=1+1")).toList());
    // Read as a spreadsheet with ; as separator would: no cell may start with a formula character.
    for (CSVRecord row : CSVFormat.DEFAULT.builder().setDelimiter(';').build().parse(new StringReader(csv.substring(1)))) {
      for (String cell : row) {
        assertFalse(!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && cell.contains("1+1"), "a formula cell: " + cell);
      }
    }
    assertTrue(TextRenderers.csvCell("a;b").startsWith("\""));
    assertTrue(TextRenderers.csvCell("a\tb").startsWith("\""));
  }
}

package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * The summary as an editable Word document (Apache POI): for the Checklist a draft of a project plan in the
 * shape Dutch public bodies write them (title page; the organisations; per area the joint answers, with the
 * organisations' answers side by side where they differ; open points; agreements with owners and dates), for
 * other templates the summary's own sections. Headings are Word's built-in "heading 1/2/3" styles and tables
 * the "Table Grid" style, so a part pastes into an organisation's own plan and takes its house style.
 *
 * <p>The bytes depend only on the frozen summary and the time zone: document dates are the summary's
 * {@code frozenAt} and the archive's entries carry a fixed time, so a version renders the same file every time.
 */
public final class DocxRenderer {
  /** The time written on every entry of the archive: 1 January 2000, so the bytes never depend on the clock. */
  private static final long ENTRY_TIME = 946_684_800_000L;

  private final JsonNode r;
  private final Presentation p;
  private final Labels l;
  private final Summary summary;
  private final XWPFDocument doc = new XWPFDocument();

  private DocxRenderer(Summary summary, ZoneId zone) {
    this.summary = summary;
    this.r = summary.root();
    this.p = new Presentation(summary, zone);
    this.l = p.l;
  }

  public static byte[] render(Summary summary, ZoneId zone) {
    DocxRenderer renderer = new DocxRenderer(summary, zone);
    try (XWPFDocument doc = renderer.doc) {
      renderer.write();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      return reproducible(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the document of " + summary.roomId() + " v" + summary.version(), e);
    }
  }

  private void write() {
    styles();
    Instant frozen = Presentation.instant(r.path("frozenAt").asText(null));
    var core = doc.getProperties().getCoreProperties();
    core.setTitle(r.path("room").path("title").asText());
    core.setCreator("Werkplaats");
    core.setCreated(Optional.of(Date.from(frozen == null ? Instant.EPOCH : frozen)));
    core.setModified(Optional.of(Date.from(frozen == null ? Instant.EPOCH : frozen)));
    titlePage();
    if (summary.layout().equals("project-plan")) {
      projectPlan();
    } else {
      generic();
    }
  }

  // ------------------------------------------------------------------------------------------ title page

  private void titlePage() {
    boolean plan = summary.layout().equals("project-plan");
    paragraph("Title", plan ? l.get("projectPlanDraft") : l.get("summary"));
    paragraph("Subtitle", r.path("room").path("title").asText());
    JsonNode t = r.path("template");
    paragraph(null, l.get("template") + ": " + t.path("title").asText() + " (" + t.path("id").asText() + " v"
        + t.path("version").asInt() + ")");
    paragraph(null, l.get("frozenAt") + ": " + p.dateTime(r.path("frozenAt").asText(null)) + " (" + l.get("timeZone")
        + " " + p.zone.getId() + ") · " + l.get("version") + " " + r.path("version").asInt());
    List<String> organisations = new ArrayList<>();
    r.path("participants").path("organisations").forEach(o -> organisations.add(o.path("name").asText()));
    if (!organisations.isEmpty()) {
      paragraph(null, l.get("organisations") + ": " + String.join(", ", organisations));
    }
    paragraph(null, plan ? l.get("draftNote") : l.get("verifyNote"));
    paragraph(null, l.get("sha") + ": " + summary.sha256());
    doc.createParagraph().createRun().addBreak(BreakType.PAGE);
  }

  // ------------------------------------------------------------------------------------------ project plan

  private void projectPlan() {
    heading(1, l.get("organisations"));
    List<List<String>> orgs = new ArrayList<>();
    for (JsonNode o : r.path("participants").path("organisations")) {
      orgs.add(List.of(o.path("name").asText(), String.valueOf(o.path("count").asInt())));
    }
    table(List.of(l.get("organisation"), l.get("present")), orgs);

    Map<String, List<JsonNode>> byArea = new LinkedHashMap<>();
    List<JsonNode> open = new ArrayList<>();
    List<String> notReached = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (!step.path("type").asText().equals("checklist-question")) {
        continue;
      }
      String area = step.path("area").asText();
      if (!step.path("opened").asBoolean()) {
        notReached.add(step.path("title").asText() + " (" + area + ")");
        continue;
      }
      byArea.computeIfAbsent(area, k -> new ArrayList<>()).add(step);
      if (step.path("status").asText().equals("open")) {
        open.add(step);
      }
    }
    heading(1, l.get("answersPerArea"));
    byArea.forEach((area, steps) -> {
      heading(2, area);
      steps.forEach(this::question);
    });

    heading(1, l.get("openPoints"));
    if (open.isEmpty()) {
      paragraph(null, l.get("noOpenPoints"));
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode step : open) {
        rows.add(List.of(step.path("area").asText(), step.path("title").asText(), orEmpty(step.path("joint").asText())));
      }
      table(List.of(l.get("area"), l.get("question"), l.get("joint")), rows);
    }
    agreements();
    if (!notReached.isEmpty()) {
      heading(1, l.get("notReached"));
      notReached.forEach(this::bullet);
    }
  }

  /** One question: its joint answer and status, then the organisations' answers side by side when they differ. */
  private void question(JsonNode step) {
    heading(3, step.path("title").asText());
    paragraph("Quote", step.path("question").asText());
    for (SummaryDocument.Block block : BreakoutPresentation.blocks(step, p, 4)) {
      if (block instanceof SummaryDocument.Heading h) {
        heading(Math.min(3, h.level()), h.text());
      } else if (block instanceof SummaryDocument.Para para) {
        paragraph(null, para.text());
      } else if (block instanceof SummaryDocument.Table t) {
        table(t.headers(), t.rows());
      }
    }
    paragraph(null, l.get("joint") + ": " + orEmpty(step.path("joint").asText()));
    paragraph(null, l.get("status") + ": " + l.status(step.path("status").asText()));
    Set<String> distinct = new LinkedHashSet<>();
    List<String> organisations = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (JsonNode a : step.path("answers")) {
      organisations.add(a.path("organisation").asText());
      answers.add(orEmpty(a.path("text").asText()));
      distinct.add(a.path("text").asText().strip());
    }
    if (distinct.size() > 1) {
      paragraph(null, l.get("differingAnswers"));
      if (organisations.size() <= 4) {
        table(organisations, List.of(answers));
      } else {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < organisations.size(); i++) {
          rows.add(List.of(organisations.get(i), answers.get(i)));
        }
        table(List.of(l.get("organisation"), l.get("answer")), rows);
      }
    }
  }

  private void agreements() {
    heading(1, l.get("agreements"));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode a : r.path("agreements")) {
      rows.add(List.of(a.path("what").asText(), a.path("who").asText(), p.date(a.path("due").asText(null)),
          BreakoutPresentation.withGroup(a, a.path("stepTitle").asText(), l)));
    }
    if (rows.isEmpty()) {
      paragraph(null, l.get("noAgreements"));
    } else {
      table(List.of(l.get("what"), l.get("who"), l.get("due"), l.get("fromStep")), rows);
    }
  }

  // ------------------------------------------------------------------------------------------ other templates

  /** The summary's own sections (as the PDF and HTML show them); a chart becomes the table of its figures. */
  private void generic() {
    for (SummaryDocument.Block block : SummaryDocument.of(summary, p.zone).blocks) {
      if (block instanceof SummaryDocument.Heading h) {
        heading(Math.min(3, h.level()), h.text());
      } else if (block instanceof SummaryDocument.Para para) {
        paragraph(null, para.text());
      } else if (block instanceof SummaryDocument.Table t) {
        table(t.headers(), t.rows());
      } else if (block instanceof SummaryDocument.Bullets b) {
        b.items().forEach(this::bullet);
      } else if (block instanceof SummaryDocument.Chart c) {
        paragraph(null, c.caption());
        List<List<String>> rows = new ArrayList<>();
        c.bars().forEach(bar -> rows.add(List.of(bar.label(), bar.valueText())));
        table(List.of(c.labelHeader(), l.get("value")), rows);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ pieces

  private void heading(int level, String text) {
    paragraph("Heading" + level, text);
  }

  private void bullet(String text) {
    paragraph("ListBullet", "• " + text);
  }

  private XWPFParagraph paragraph(String style, String text) {
    XWPFParagraph para = doc.createParagraph();
    if (style != null) {
      para.setStyle(style);
    }
    lines(para, text);
    return para;
  }

  /** The text in runs, a line break where the text has one (a run cannot hold a newline). */
  private static void lines(XWPFParagraph para, String text) {
    String[] lines = xmlText(text).split("\r\n|\r|\n", -1);
    XWPFRun run = para.createRun();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        run.addBreak();
      }
      run.setText(lines[i], i);
    }
  }

  /**
   * The text with what XML 1.0 cannot hold (control characters other than tab and line breaks, a lone
   * surrogate, U+FFFE and U+FFFF) and DEL and the C1 controls (as the other renderings) as U+FFFD, so a stray
   * character in an answer never breaks the document.
   */
  static String xmlText(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean pair = Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        sb.append(ch).append(text.charAt(++i));
      } else if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || (ch >= 0x7f && ch <= 0x9f)
          || Character.isSurrogate(ch) || ch == 0xFFFE || ch == 0xFFFF) {
        sb.append('\uFFFD');
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private void table(List<String> headers, List<List<String>> rows) {
    XWPFTable table = doc.createTable(rows.size() + 1, headers.size());
    table.setStyleID("TableGrid");
    table.setWidth("100%");
    // Borders on the table itself too: a document pasted into one whose "Table Grid" differs keeps its lines.
    table.setTopBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    table.setBottomBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    table.setLeftBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    table.setRightBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    table.setInsideHBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    table.setInsideVBorder(XWPFTable.XWPFBorderType.SINGLE, 4, 0, "auto");
    XWPFTableRow header = table.getRow(0);
    header.setRepeatHeader(true);
    for (int c = 0; c < headers.size(); c++) {
      cell(header.getCell(c), headers.get(c), true);
    }
    for (int i = 0; i < rows.size(); i++) {
      XWPFTableRow row = table.getRow(i + 1);
      row.setCantSplitRow(true);
      for (int c = 0; c < headers.size(); c++) {
        cell(row.getCell(c), c < rows.get(i).size() ? rows.get(i).get(c) : "", false);
      }
    }
    doc.createParagraph(); // Word needs a paragraph between two tables, or it joins them
  }

  private static void cell(XWPFTableCell cell, String text, boolean bold) {
    XWPFParagraph para = cell.getParagraphs().get(0);
    lines(para, text);
    if (bold) {
      para.getRuns().forEach(run -> run.setBold(true));
    }
  }

  private String orEmpty(String text) {
    return text == null || text.isBlank() ? l.get("empty") : text;
  }

  // ------------------------------------------------------------------------------------------ styles

  /** Word's built-in styles by their built-in names, so Word and LibreOffice treat them as their own. */
  private void styles() {
    XWPFStyles styles = doc.createStyles();
    styles.addStyle(style("Title", "Title", 0, 52, true, null));
    styles.addStyle(style("Subtitle", "Subtitle", 0, 32, false, null));
    styles.addStyle(style("Heading1", "heading 1", 1, 32, true, 0));
    styles.addStyle(style("Heading2", "heading 2", 2, 26, true, 1));
    styles.addStyle(style("Heading3", "heading 3", 3, 22, true, 2));
    styles.addStyle(style("Quote", "Quote", 0, 22, false, null));
    styles.addStyle(style("ListBullet", "List Bullet", 0, 22, false, null));
    CTStyle grid = CTStyle.Factory.newInstance();
    grid.setType(STStyleType.TABLE);
    grid.setStyleId("TableGrid");
    grid.addNewName().setVal("Table Grid");
    grid.addNewUiPriority().setVal(BigInteger.valueOf(39));
    styles.addStyle(new XWPFStyle(grid));
  }

  private static XWPFStyle style(String id, String name, int headingLevel, int halfPoints, boolean bold, Integer outline) {
    CTStyle s = CTStyle.Factory.newInstance();
    s.setType(STStyleType.PARAGRAPH);
    s.setStyleId(id);
    s.addNewName().setVal(name);
    s.addNewBasedOn().setVal("Normal");
    s.addNewNext().setVal("Normal");
    s.addNewUiPriority().setVal(BigInteger.valueOf(headingLevel > 0 ? 9 : 10));
    s.addNewQFormat();
    CTPPrGeneral ppr = s.addNewPPr();
    if (headingLevel > 0) {
      ppr.addNewKeepNext();
      ppr.addNewSpacing().setBefore(BigInteger.valueOf(240));
    }
    if (outline != null) {
      ppr.addNewOutlineLvl().setVal(BigInteger.valueOf(outline));
    }
    CTRPr rpr = s.addNewRPr();
    if (bold) {
      rpr.addNewB();
    }
    rpr.addNewSz().setVal(BigInteger.valueOf(halfPoints));
    return new XWPFStyle(s);
  }

  // ------------------------------------------------------------------------------------------ archive

  /** The same archive with every entry's time fixed, so equal documents are equal bytes. */
  private static byte[] reproducible(byte[] docx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(docx.length);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx)); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(ENTRY_TIME);
        zip.putNextEntry(copy);
        in.transferTo(zip);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}

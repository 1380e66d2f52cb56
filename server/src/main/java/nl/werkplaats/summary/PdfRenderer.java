package nl.werkplaats.summary;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPCellEvent;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import nl.werkplaats.summary.SummaryDocument.Bar;
import nl.werkplaats.summary.SummaryDocument.Block;
import nl.werkplaats.summary.SummaryDocument.Bullets;
import nl.werkplaats.summary.SummaryDocument.Chart;
import nl.werkplaats.summary.SummaryDocument.Heading;
import nl.werkplaats.summary.SummaryDocument.PageBreak;
import nl.werkplaats.summary.SummaryDocument.Para;
import nl.werkplaats.summary.SummaryDocument.Table;

/**
 * The PDF of a frozen summary (OpenPDF), A4, with DejaVu Sans embedded (Identity-H). It covers Dutch and the
 * other Latin-script languages, €, ĳ, typographic quotes, Greek, Cyrillic, Hebrew and Arabic.
 *
 * <p>All text is laid out in table cells with a bidi run direction: OpenPDF only reorders right-to-left
 * text and shapes Arabic (joined letter forms, lam-alef ligatures) in {@link PdfPCell}s and
 * {@code ColumnText}, not in a {@code Paragraph} added to the document. A cell's base direction follows its
 * first strong character, like HTML's {@code dir="auto"}: an answer that starts in Arabic reads from the
 * right, a Dutch answer with an Arabic word in it stays left-to-right with that word reversed and joined.
 *
 * <p>A character the embedded font has no glyph for (an emoji: no emoji font is embedded) is printed as
 * its code point, {@code [U+1F389]}, so nothing is lost silently; the JSON, HTML, Markdown and CSV carry it
 * as written. Every page has "pagina X van Y" and the SHA-256.
 */
public final class PdfRenderer {
  private static final Color ACCENT = new Color(0x15, 0x42, 0x73);
  private static final Color HEADER_BG = new Color(0xE8, 0xEE, 0xF5);
  private static final Color GREY = new Color(0x55, 0x55, 0x55);
  private static final Color GAP = new Color(0xB3, 0x26, 0x1E);
  private static final Color MAX = new Color(0xC9, 0xD8, 0xEA);
  private static final Color TRACK = new Color(0xF1, 0xF1, 0xF1);
  private static final Color BORDER = new Color(0xBB, 0xBB, 0xBB);
  private static final float BODY = 10f;
  private static final float CELL = 9f;
  private static final float PADDING = 5f;
  /** Line height as a multiple of the font size. */
  private static final float LEADING = 1.35f;

  /** A date as the summaries write it ("1 september 2026"): kept on one line. */
  private static final Pattern DATE = Pattern.compile("\\b(\\d{1,2}) (\\p{L}{3,9}) (\\d{4})\\b");

  private static volatile byte[] regular;
  private static volatile byte[] bold;

  private final BaseFont base;
  private final BaseFont baseBold;

  private PdfRenderer() throws IOException {
    this.base = BaseFont.createFont("DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
        fontBytes(false), null);
    this.baseBold = BaseFont.createFont("DejaVuSans-Bold.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
        fontBytes(true), null);
  }

  public static byte[] render(Summary summary, ZoneId zone) {
    try {
      return new PdfRenderer().document(summary, zone);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the PDF of " + summary.roomId() + " v" + summary.version(), e);
    }
  }

  private Document doc;
  private PdfWriter writer;

  private byte[] document(Summary summary, ZoneId zone) {
    SummaryDocument d = SummaryDocument.of(summary, zone);
    Font body = new Font(base, BODY);
    Font muted = new Font(base, BODY - 0.5f, Font.NORMAL, GREY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc = new Document(PageSize.A4, 48, 48, 52, 60);
    try {
      writer = PdfWriter.getInstance(doc, out);
      writer.setPageEvent(new Footer(d.l, summary.sha256()));
      doc.addTitle(safe(d.title));
      doc.addSubject(d.l.get("summary") + " " + d.l.get("version") + " " + summary.version() + " · SHA-256 "
          + summary.sha256());
      doc.addCreator("Werkplaats");
      doc.open();
      doc.add(block(d.title, new Font(baseBold, 18f, Font.NORMAL, ACCENT), 0, 4, true));
      doc.add(block(d.subtitle(), muted, 0, 0, false));
      doc.add(block(d.l.get("sha") + ": " + summary.sha256(), new Font(base, 8f, Font.NORMAL, GREY), 0, 10, false));
      List<PdfPTable> pending = new ArrayList<>(); // headings waiting for what they head
      for (Block b : d.blocks) {
        if (b instanceof PageBreak) {
          flush(pending, null);
          doc.newPage();
        } else if (b instanceof Heading h) {
          float size = h.level() == 1 ? 15f : h.level() == 2 ? 12.5f : 11f;
          pending.add(block(h.text(), new Font(baseBold, size, Font.NORMAL, h.level() == 1 ? ACCENT : Color.BLACK),
              h.level() == 1 ? 14 : h.level() == 2 ? 10 : 8, 4, true));
        } else {
          PdfPTable element;
          if (b instanceof Para para) {
            element = block(para.text(), para.muted() ? muted : body, 0, 6, false);
          } else if (b instanceof Bullets list) {
            element = bullets(list.items(), body);
          } else if (b instanceof Table t) {
            element = table(t);
          } else {
            element = chart((Chart) b);
          }
          flush(pending, element);
          doc.add(element);
        }
      }
      flush(pending, null);
      doc.add(block(d.l.get("verifyNote"), muted, 10, 0, false));
      doc.close();
    } catch (DocumentException e) {
      throw new IllegalStateException("cannot render the PDF of " + summary.roomId() + " v" + summary.version(), e);
    }
    return out.toByteArray();
  }

  /**
   * Adds the pending headings, on a new page when they and the start of what follows them (a table's
   * header and first row, the first lines of a paragraph) would not fit on this one: a heading never ends
   * a page, and a table never starts with its header alone.
   */
  private void flush(List<PdfPTable> headings, PdfPTable next) {
    float needed = 0;
    for (PdfPTable h : headings) {
      needed += height(h);
    }
    if (next != null) {
      needed += firstPart(next);
    }
    float left = writer.getVerticalPosition(true) - doc.bottom();
    if (needed > left && left < doc.top() - doc.bottom() - 1) {
      doc.newPage();
    }
    for (PdfPTable h : headings) {
      doc.add(h);
    }
    headings.clear();
  }

  private float width() {
    return doc.right() - doc.left();
  }

  private float height(PdfPTable t) {
    t.setTotalWidth(width());
    return t.getTotalHeight() + t.spacingBefore() + t.spacingAfter();
  }

  /** The height of the header rows and the first row after them, with the spacing before. */
  private float firstPart(PdfPTable t) {
    t.setTotalWidth(width());
    float h = t.spacingBefore();
    int rows = Math.min(t.size(), t.getHeaderRows() + 1);
    for (int i = 0; i < rows; i++) {
      h += t.getRowHeight(i);
    }
    return Math.min(h, doc.top() - doc.bottom());
  }

  /**
   * A table with columns as wide as their text needs, so that words wrap at spaces and are never cut: each
   * column is at least as wide as its longest word. When the columns cannot all get that at 9 pt, the
   * table's narrower form (the same content in fewer columns) is used, or else a smaller size. Rows are
   * never split across pages (unless one is taller than a page), and the header row repeats on every page.
   */
  private PdfPTable table(Table t) {
    float[] widths = null;
    float size = CELL;
    for (float candidate : new float[] {CELL, CELL - 1, CELL - 1.5f}) {
      widths = widths(t, candidate);
      if (widths != null) {
        size = candidate;
        break;
      }
      if (t.narrow() != null) {
        return table(t.narrow());
      }
    }
    if (widths == null) {
      widths = proportional(t, size); // a single word wider than the page: it has to be cut somewhere
    }
    Font cell = new Font(base, size);
    Font head = new Font(baseBold, size);
    PdfPTable table = new PdfPTable(widths);
    table.setWidthPercentage(100);
    table.setHeaderRows(1);
    table.setSplitLate(true);
    table.setSplitRows(true);
    table.setSpacingBefore(2);
    table.setSpacingAfter(10);
    for (String h : t.headers()) {
      PdfPCell c = padded(cell(h, head));
      c.setBackgroundColor(HEADER_BG);
      table.addCell(c);
    }
    for (List<String> row : t.rows()) {
      for (String value : row) {
        table.addCell(padded(cell(value, cell)));
      }
    }
    return table;
  }

  private static PdfPCell padded(PdfPCell c) {
    c.setPaddingLeft(PADDING);
    c.setPaddingRight(PADDING);
    c.setPaddingTop(PADDING - 1);
    c.setPaddingBottom(PADDING + 1);
    c.setLeading(0, LEADING);
    c.setBorderColor(BORDER);
    c.setBorderWidth(0.5f);
    return c;
  }

  /**
   * Column widths (in points, for the page width) in which every column is at least as wide as its
   * longest word plus padding, the room left over shared by how much text each column holds; null when the
   * longest words alone do not fit.
   */
  private float[] widths(Table t, float size) {
    int n = t.headers().size();
    float[] min = new float[n];
    float[] want = new float[n];
    measure(t.headers(), baseBold, size, min, want);
    for (List<String> row : t.rows()) {
      measure(row, base, size, min, want);
    }
    float total = width();
    float sumMin = 0;
    float sumWant = 0;
    for (int i = 0; i < n; i++) {
      want[i] = Math.max(want[i], min[i]);
      sumMin += min[i];
      sumWant += want[i];
    }
    if (sumMin > total) {
      return null;
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = sumWant <= total
          ? want[i] + (total - sumWant) * want[i] / sumWant
          : min[i] + (total - sumMin) * (want[i] - min[i]) / Math.max(1e-3f, sumWant - sumMin);
    }
    return out;
  }

  private float[] proportional(Table t, float size) {
    float[] min = new float[t.headers().size()];
    float[] want = new float[min.length];
    measure(t.headers(), baseBold, size, min, want);
    for (List<String> row : t.rows()) {
      measure(row, base, size, min, want);
    }
    return want;
  }

  /** Per column: the widest word (min) and the text's width on one line, capped at a page (want). */
  private void measure(List<String> cells, BaseFont font, float size, float[] min, float[] want) {
    for (int i = 0; i < cells.size() && i < min.length; i++) {
      String text = shown(cells.get(i));
      float padding = 2 * PADDING + 2;
      for (String line : text.split("\n")) {
        want[i] = Math.max(want[i], Math.min(font.getWidthPoint(line, size), width()) + padding);
        for (String word : line.split("[ \t]+")) {
          // OpenPDF also breaks after a hyphen: only the parts between hyphens must fit
          for (String part : word.split("(?<=-)")) {
            min[i] = Math.max(min[i], font.getWidthPoint(part, size) + padding);
          }
        }
      }
    }
  }

  /**
   * A bar chart drawn with vector graphics: per bar its label, a track, the mark (lighter, e.g. the
   * highest rating), the value (dark, red when it is an alert) and the value as text.
   */
  private PdfPTable chart(Chart chart) {
    Font cell = new Font(base, CELL);
    boolean shortLabels = chart.bars().stream().allMatch(b -> b.label().length() <= 3); // marks 1..10
    PdfPTable table = new PdfPTable(shortLabels ? new float[] {8, 66, 26} : new float[] {32, 42, 26});
    table.setWidthPercentage(100);
    table.setSpacingAfter(10);
    table.setSplitLate(true);
    table.setKeepTogether(chart.bars().size() <= 16);
    PdfPCell caption = cell(chart.caption(), new Font(baseBold, CELL));
    caption.setColspan(3);
    caption.setBorder(Rectangle.NO_BORDER);
    caption.setPaddingBottom(6);
    table.addCell(caption);
    table.setHeaderRows(1);
    for (Bar bar : chart.bars()) {
      PdfPCell label = cell(bar.label(), cell);
      label.setBorder(Rectangle.NO_BORDER);
      label.setPadding(3);
      label.setLeading(0, LEADING);
      table.addCell(label);
      PdfPCell drawing = new PdfPCell(new Phrase(" ", cell));
      drawing.setBorder(Rectangle.NO_BORDER);
      drawing.setMinimumHeight(16);
      drawing.setCellEvent(new BarEvent(bar, chart.max()));
      table.addCell(drawing);
      PdfPCell v = cell(bar.valueText(), bar.alert() ? new Font(base, CELL, Font.NORMAL, GAP) : cell);
      v.setBorder(Rectangle.NO_BORDER);
      v.setPadding(3);
      v.setLeading(0, LEADING);
      table.addCell(v);
    }
    PdfPCell legend = cell(chart.legend(), new Font(base, 8f, Font.NORMAL, GREY));
    legend.setColspan(3);
    legend.setBorder(Rectangle.NO_BORDER);
    legend.setPaddingTop(3);
    table.addCell(legend);
    return table;
  }

  private static final class BarEvent implements PdfPCellEvent {
    private final Bar bar;
    private final double max;

    BarEvent(Bar bar, double max) {
      this.bar = bar;
      this.max = max <= 0 ? 1 : max;
    }

    @Override
    public void cellLayout(PdfPCell cell, Rectangle pos, PdfContentByte[] canvases) {
      PdfContentByte cb = canvases[PdfPTable.BACKGROUNDCANVAS];
      float x = pos.getLeft() + 2;
      float w = pos.getWidth() - 4;
      float h = 10;
      float y = pos.getTop() - 3 - h;
      cb.saveState();
      cb.setColorFill(TRACK);
      cb.rectangle(x, y, w, h);
      cb.fill();
      if (bar.mark() > 0) {
        cb.setColorFill(MAX);
        cb.rectangle(x, y, (float) (w * bar.mark() / max), h);
        cb.fill();
      }
      if (bar.value() > 0) {
        cb.setColorFill(bar.alert() ? GAP : ACCENT);
        cb.rectangle(x, y + h * 0.2f, (float) (w * bar.value() / max), h * 0.6f);
        cb.fill();
      }
      cb.setColorStroke(Color.LIGHT_GRAY);
      cb.setLineWidth(0.5f);
      cb.rectangle(x, y, w, h);
      cb.stroke();
      cb.restoreState();
    }
  }

  /**
   * A cell with the text as the font can show it, laid out with bidi: OpenPDF reorders right-to-left runs
   * and shapes Arabic only in a cell (or ColumnText) whose run direction is LTR or RTL, never with the
   * default NO_BIDI.
   */
  private PdfPCell cell(String text, Font font) {
    String shown = shown(text);
    PdfPCell c = new PdfPCell(new Phrase(shown, font));
    c.setRunDirection(direction(shown));
    return c;
  }

  /**
   * A paragraph outside a table (title, heading, note) as a borderless single-cell table, so that it gets
   * bidi and Arabic shaping too; the paragraph's spacing becomes the table's.
   */
  private PdfPTable block(String text, Font font, float before, float after, boolean keepTogether) {
    PdfPCell c = cell(text, font);
    c.setBorder(Rectangle.NO_BORDER);
    c.setPadding(0);
    c.setPaddingBottom(font.getSize() * 0.35f);
    c.setLeading(0, LEADING);
    return wrap(before, after, keepTogether, c);
  }

  /** A bulleted list: the bullet and a hanging indent on the side the item's text starts from. */
  private PdfPTable bullets(List<String> items, Font font) {
    PdfPCell[] cells = new PdfPCell[items.size()];
    for (int i = 0; i < cells.length; i++) {
      PdfPCell c = cell("•  " + items.get(i), font);
      c.setBorder(Rectangle.NO_BORDER);
      c.setPadding(0);
      c.setPaddingBottom(3);
      c.setLeading(0, LEADING);
      c.setIndent(2);
      c.setFollowingIndent(10);
      cells[i] = c;
    }
    return wrap(0, 6, false, cells);
  }

  private static PdfPTable wrap(float before, float after, boolean keepTogether, PdfPCell... cells) {
    PdfPTable t = new PdfPTable(1);
    t.setWidthPercentage(100);
    t.setSpacingBefore(before);
    t.setSpacingAfter(after);
    t.setKeepTogether(keepTogether);
    t.setSplitLate(true);
    for (PdfPCell c : cells) {
      t.addCell(c);
    }
    return t;
  }

  /**
   * The base direction of a text as HTML's {@code dir="auto"} finds it (Unicode bidi rules P2 and P3): the
   * first strong character decides, right-to-left for Arabic, Hebrew and the like; left-to-right otherwise.
   */
  static int direction(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      byte d = Character.getDirectionality(cp);
      if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
        return PdfWriter.RUN_DIRECTION_RTL;
      }
      if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
        return PdfWriter.RUN_DIRECTION_LTR;
      }
      i += Character.charCount(cp);
    }
    return PdfWriter.RUN_DIRECTION_LTR;
  }

  /** The text as a cell shows it: what the font can draw, dates joined by non-breaking spaces. */
  private String shown(String text) {
    return DATE.matcher(safe(text)).replaceAll("$1\u00A0$2\u00A0$3");
  }

  /** Text the embedded font can show: a character without a glyph becomes [U+XXXX]. */
  String safe(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\n' || cp == '\t' || cp == ' ') {
        sb.appendCodePoint(cp);
      } else if (cp == '\r' || Character.getType(cp) == Character.FORMAT && cp != 0x200D) {
        // carriage returns and invisible direction marks: nothing to print
      } else if (base.charExists(cp)) {
        sb.appendCodePoint(cp);
      } else {
        sb.append(String.format(Locale.ROOT, "[U+%04X]", cp));
      }
    });
    return sb.toString();
  }

  /** "pagina X van Y" and the SHA-256 at the foot of every page; Y is filled in when the document closes. */
  private final class Footer extends PdfPageEventHelper {
    private final Labels l;
    private final String sha;
    private PdfTemplate total;

    Footer(Labels l, String sha) {
      this.l = l;
      this.sha = sha;
    }

    @Override
    public void onOpenDocument(PdfWriter writer, Document document) {
      total = writer.getDirectContent().createTemplate(40, 12);
    }

    @Override
    public void onEndPage(PdfWriter writer, Document document) {
      PdfContentByte cb = writer.getDirectContent();
      float y = document.bottom() - 24;
      String page = l.page(writer.getPageNumber(), 0);
      String prefix = page.substring(0, page.lastIndexOf(' ') + 1); // "pagina 3 van "
      cb.saveState();
      cb.setColorStroke(Color.LIGHT_GRAY);
      cb.setLineWidth(0.5f);
      cb.moveTo(document.left(), y + 12);
      cb.lineTo(document.right(), y + 12);
      cb.stroke();
      cb.beginText();
      cb.setFontAndSize(base, 7.5f);
      cb.setColorFill(GREY);
      cb.setTextMatrix(document.left(), y);
      cb.showText(l.get("sha") + " " + sha);
      float prefixWidth = base.getWidthPoint(prefix, 7.5f);
      float x = document.right() - prefixWidth - base.getWidthPoint("000", 7.5f);
      cb.setTextMatrix(x, y);
      cb.showText(prefix);
      cb.endText();
      cb.addTemplate(total, x + prefixWidth, y);
      cb.restoreState();
    }

    @Override
    public void onCloseDocument(PdfWriter writer, Document document) {
      total.beginText();
      total.setFontAndSize(base, 7.5f);
      total.setColorFill(GREY);
      total.setTextMatrix(0, 0);
      total.showText(String.valueOf(writer.getPageNumber() - 1)); // called after the last page was closed
      total.endText();
    }
  }

  static byte[] fontBytes(boolean boldFace) throws IOException {
    byte[] cached = boldFace ? bold : regular;
    if (cached != null) {
      return cached;
    }
    String name = "net/sf/jasperreports/fonts/dejavu/" + (boldFace ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
    try (InputStream in = PdfRenderer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("font " + name + " is missing from the class path (net.sf.jasperreports:jasperreports-fonts)");
      }
      byte[] bytes = in.readAllBytes();
      if (boldFace) {
        bold = bytes;
      } else {
        regular = bytes;
      }
      return bytes;
    }
  }
}

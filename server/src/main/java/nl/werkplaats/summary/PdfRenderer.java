package nl.werkplaats.summary;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
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
import java.util.List;
import java.util.Locale;
import nl.werkplaats.summary.SummaryDocument.Bar;
import nl.werkplaats.summary.SummaryDocument.Block;
import nl.werkplaats.summary.SummaryDocument.Bullets;
import nl.werkplaats.summary.SummaryDocument.Chart;
import nl.werkplaats.summary.SummaryDocument.Heading;
import nl.werkplaats.summary.SummaryDocument.Para;
import nl.werkplaats.summary.SummaryDocument.Table;

/**
 * The PDF of a frozen summary (OpenPDF), A4, with DejaVu Sans embedded (Identity-H). It covers Dutch and the
 * other Latin-script languages, €, ĳ, typographic quotes, Greek, Cyrillic, Hebrew and Arabic.
 *
 * <p>All text is laid out in table cells with a bidi run direction: OpenPDF only reorders right-to-left
 * text and shapes Arabic (joined letter forms, lam-alef ligatures) in {@link PdfPCell}s and
 * {@code ColumnText}, not in a {@link Paragraph} added to the document. A cell's base direction follows its
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

  public static byte[] render(Summary summary) {
    try {
      return new PdfRenderer().document(summary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the PDF of " + summary.roomId() + " v" + summary.version(), e);
    }
  }

  private byte[] document(Summary summary) {
    SummaryDocument d = SummaryDocument.of(summary);
    Font body = new Font(base, 9.5f);
    Font muted = new Font(base, 9f, Font.NORMAL, GREY);
    Font cellBold = new Font(baseBold, 9f);
    Font cell = new Font(base, 9f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Document doc = new Document(PageSize.A4, 42, 42, 48, 56);
    try {
      PdfWriter writer = PdfWriter.getInstance(doc, out);
      writer.setPageEvent(new Footer(d.l, summary.sha256()));
      doc.addTitle(safe(d.title));
      doc.addSubject(d.l.get("summary") + " " + d.l.get("version") + " " + summary.version() + " · SHA-256 "
          + summary.sha256());
      doc.addCreator("Werkplaats");
      doc.open();
      doc.add(block(d.title, new Font(baseBold, 18f, Font.NORMAL, ACCENT), 0, 4, true));
      doc.add(block(d.subtitle(), muted, 0, 0, false));
      doc.add(block(d.l.get("sha") + ": " + summary.sha256(), new Font(base, 8f, Font.NORMAL, GREY), 0, 8, false));
      for (Block b : d.blocks) {
        if (b instanceof Heading h) {
          float size = h.level() == 1 ? 14f : h.level() == 2 ? 12f : 10.5f;
          doc.add(block(h.text(), new Font(baseBold, size, Font.NORMAL, h.level() == 1 ? ACCENT : Color.BLACK),
              h.level() == 1 ? 12 : 8, 4, true));
        } else if (b instanceof Para para) {
          doc.add(block(para.text(), para.muted() ? muted : body, 0, 4, false));
        } else if (b instanceof Bullets list) {
          doc.add(bullets(list.items(), body));
          doc.add(spacer());
        } else if (b instanceof Table t) {
          doc.add(table(t, cell, cellBold));
        } else if (b instanceof Chart c) {
          doc.add(chart(c, d.l, cell, cellBold));
        }
      }
      doc.add(spacer());
      doc.add(block(d.l.get("verifyNote"), muted, 0, 0, false));
      doc.close();
    } catch (DocumentException e) {
      throw new IllegalStateException("cannot render the PDF of " + summary.roomId() + " v" + summary.version(), e);
    }
    return out.toByteArray();
  }

  private PdfPTable table(Table t, Font cell, Font head) {
    PdfPTable table = new PdfPTable(t.headers().size());
    table.setWidthPercentage(100);
    table.setHeaderRows(1);
    table.setSplitLate(false);
    table.setSpacingBefore(2);
    table.setSpacingAfter(8);
    for (String h : t.headers()) {
      PdfPCell c = cell(h, head);
      c.setBackgroundColor(HEADER_BG);
      c.setPadding(4);
      table.addCell(c);
    }
    for (List<String> row : t.rows()) {
      for (String value : row) {
        PdfPCell c = cell(value, cell);
        c.setPadding(4);
        table.addCell(c);
      }
    }
    return table;
  }

  /** The coverage chart: per competence a track from 0 to 5, the highest rating light, the average dark. */
  private PdfPTable chart(Chart chart, Labels l, Font cell, Font head) {
    PdfPTable table = new PdfPTable(new float[] {34, 46, 20});
    table.setWidthPercentage(100);
    table.setSpacingAfter(8);
    PdfPCell caption = cell(chart.caption(), head);
    caption.setColspan(3);
    caption.setBorder(Rectangle.NO_BORDER);
    caption.setPaddingBottom(4);
    table.addCell(caption);
    for (Bar bar : chart.bars()) {
      PdfPCell label = cell(bar.label(), cell);
      label.setBorder(Rectangle.NO_BORDER);
      label.setPadding(3);
      table.addCell(label);
      PdfPCell drawing = new PdfPCell(new Phrase(" ", cell));
      drawing.setBorder(Rectangle.NO_BORDER);
      drawing.setMinimumHeight(14);
      drawing.setCellEvent(new BarEvent(bar));
      table.addCell(drawing);
      String value = (bar.average() == null ? "–" : bar.average()) + " / " + (bar.count() == 0 ? "–" : bar.highest())
          + (bar.gap() ? "  " + l.get("gapShort") : "");
      PdfPCell v = cell(value, bar.gap() ? new Font(base, 9f, Font.NORMAL, GAP) : cell);
      v.setBorder(Rectangle.NO_BORDER);
      v.setPadding(3);
      table.addCell(v);
    }
    PdfPCell legend = cell(l.get("average") + " / " + l.get("highest").toLowerCase(Locale.ROOT) + " (1–5)",
        new Font(base, 8f, Font.NORMAL, GREY));
    legend.setColspan(3);
    legend.setBorder(Rectangle.NO_BORDER);
    table.addCell(legend);
    return table;
  }

  private static final class BarEvent implements PdfPCellEvent {
    private final Bar bar;

    BarEvent(Bar bar) {
      this.bar = bar;
    }

    @Override
    public void cellLayout(PdfPCell cell, Rectangle pos, PdfContentByte[] canvases) {
      PdfContentByte cb = canvases[PdfPTable.BACKGROUNDCANVAS];
      float x = pos.getLeft() + 2;
      float w = pos.getWidth() - 4;
      float y = pos.getBottom() + 3;
      float h = pos.getHeight() - 6;
      cb.saveState();
      cb.setColorFill(TRACK);
      cb.rectangle(x, y, w, h);
      cb.fill();
      if (bar.count() > 0) {
        cb.setColorFill(MAX);
        cb.rectangle(x, y, w * bar.highest() / 5f, h);
        cb.fill();
        cb.setColorFill(bar.gap() ? GAP : ACCENT);
        cb.rectangle(x, y + h * 0.25f, (float) (w * bar.averageValue() / 5.0), h * 0.5f);
        cb.fill();
      }
      cb.setColorStroke(Color.GRAY);
      cb.setLineWidth(0.3f);
      for (int i = 1; i <= 4; i++) {
        cb.moveTo(x + w * i / 5f, y);
        cb.lineTo(x + w * i / 5f, y + h);
      }
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
    String shown = safe(text);
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
    c.setPaddingBottom(font.getSize() * 0.3f);
    c.setLeading(0, 1.25f);
    return wrap(before, after, keepTogether, c);
  }

  /** A bulleted list: the bullet and a hanging indent on the side the item's text starts from. */
  private PdfPTable bullets(List<String> items, Font font) {
    PdfPCell[] cells = new PdfPCell[items.size()];
    for (int i = 0; i < cells.length; i++) {
      PdfPCell c = cell("•  " + items.get(i), font);
      c.setBorder(Rectangle.NO_BORDER);
      c.setPadding(0);
      c.setPaddingBottom(2);
      c.setLeading(0, 1.25f);
      c.setIndent(2);
      c.setFollowingIndent(10);
      cells[i] = c;
    }
    return wrap(0, 0, false, cells);
  }

  private static PdfPTable wrap(float before, float after, boolean keepTogether, PdfPCell... cells) {
    PdfPTable t = new PdfPTable(1);
    t.setWidthPercentage(100);
    t.setSpacingBefore(before);
    t.setSpacingAfter(after);
    t.setKeepTogether(keepTogether);
    t.setSplitLate(false);
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

  private Paragraph spacer() {
    Paragraph p = new Paragraph(" ", new Font(base, 9.5f)); // the embedded font: no unembedded Helvetica in the file
    p.setSpacingAfter(2);
    return p;
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

  private static byte[] fontBytes(boolean boldFace) throws IOException {
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

package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SharedText;
import nl.werkplaats.room.StepContent;
import nl.werkplaats.room.StepType;

/**
 * The checklist overview as a poster (the A2 sheet of the paper version), A2 landscape: the organisations of
 * the room (rows) against the checklist questions (columns), each cell answered or missing, then per question
 * the joint answer's status and whether the organisations' answers differ. Made from the live room, so that a
 * facilitator can print it during the session; the same rules as the web client's overview (roomState.ts).
 */
public final class ChecklistPoster {
  private static final Color ACCENT = new Color(0x15, 0x42, 0x73);
  private static final Color HEADER_BG = new Color(0xE8, 0xEE, 0xF5);
  private static final Color ANSWERED = new Color(0xE3, 0xF4, 0xE6);
  private static final Color MISSING = new Color(0xFB, 0xE4, 0xE1);
  private static final Color DIFFERS = new Color(0xFF, 0xF1, 0xD6);
  private static final Color GREY = new Color(0x55, 0x55, 0x55);

  /** One question of the overview: its number and title, per organisation answered or not, status, differs. */
  public record Question(int step, int number, String title, List<Boolean> answered, String status, boolean differs) {}

  /** The overview of a room: its organisations and its checklist questions. */
  public record Overview(String title, String language, List<String> organisations, List<Question> questions) {}

  private ChecklistPoster() {}

  /** The overview of {@code s}, with the question titles of its template (JSON, as the registry keeps it). */
  public static Overview overview(RoomState s, JsonNode template) {
    String lang = "en".equals(s.language) ? "en" : "nl";
    List<String> orgs = s.organisations();
    List<Question> questions = new ArrayList<>();
    int number = 0;
    for (int i = 0; i < s.agenda.size(); i++) {
      if (s.agenda.get(i).type() != StepType.CHECKLIST_QUESTION) {
        continue;
      }
      StepContent c = s.content.get(i);
      List<Boolean> answered = new ArrayList<>();
      Set<String> distinct = new HashSet<>();
      for (String org : orgs) {
        String text = c.texts.getOrDefault("org:" + org, SharedText.EMPTY).text().strip();
        answered.add(!text.isEmpty());
        if (!text.isEmpty()) {
          distinct.add(text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
        }
      }
      String status = !s.runtime.get(i).opened() ? "not-reached"
          : DomainJson.MAPPER.convertValue(c.status == null ? ChecklistStatus.OPEN : c.status, String.class);
      questions.add(new Question(i, ++number, title(template, s.agenda.get(i).id(), lang), answered, status,
          distinct.size() > 1));
    }
    return new Overview(s.title, lang, orgs, questions);
  }

  private static String title(JsonNode template, String stepId, String lang) {
    for (JsonNode step : template.path("steps")) {
      if (step.path("id").asText().equals(stepId)) {
        JsonNode t = step.path("title");
        return t.isTextual() ? t.asText() : t.path(lang).asText(t.path("nl").asText(stepId));
      }
    }
    return stepId;
  }

  /** The poster as a PDF, A2 landscape, one page (the table continues on more pages if it must). */
  public static byte[] pdf(Overview o) {
    boolean en = o.language().equals("en");
    try {
      BaseFont base = BaseFont.createFont("DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
          PdfRenderer.fontBytes(false), null);
      BaseFont bold = BaseFont.createFont("DejaVuSans-Bold.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
          PdfRenderer.fontBytes(true), null);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Document doc = new Document(new Rectangle(PageSize.A2.getHeight(), PageSize.A2.getWidth()), 40, 40, 40, 40);
      PdfWriter.getInstance(doc, out);
      doc.addTitle(o.title());
      doc.addCreator("Werkplaats");
      doc.open();
      Font cellFont = new Font(base, 9f);
      Font head = new Font(bold, 11f);
      PdfPTable title = new PdfPTable(1);
      title.setWidthPercentage(100);
      title.addCell(plain((en ? "Checklist overview: " : "Overzicht van de checklist: ") + o.title(),
          new Font(bold, 26f, Font.NORMAL, ACCENT)));
      title.addCell(plain(en
          ? "Per question (columns) and organisation (rows): ✓ answered, ✗ missing; below, the joint answer (agreed, open, n/a: not applicable, –: not reached yet) and ≠ where the answers differ."
          : "Per vraag (kolommen) en organisatie (rijen): ✓ beantwoord, ✗ ontbreekt; onderaan het gezamenlijke antwoord (akkoord, open, n.v.t.: niet van toepassing, –: nog niet aan bod) en ≠ waar de antwoorden verschillen.",
          new Font(base, 12f, Font.NORMAL, GREY)));
      title.setSpacingAfter(16);
      doc.add(title);
      if (o.questions().isEmpty()) {
        doc.add(new Phrase(en ? "This session has no checklist questions." : "Deze sessie heeft geen checklistvragen.", cellFont));
        doc.close();
        return out.toByteArray();
      }
      int n = o.questions().size();
      PdfPTable t = new PdfPTable(n + 1);
      t.setWidthPercentage(100);
      float[] widths = new float[n + 1];
      widths[0] = 3f;
      for (int i = 1; i <= n; i++) {
        widths[i] = 1.4f;
      }
      t.setWidths(widths);
      t.setHeaderRows(1);
      t.addCell(shaded(en ? "Organisation" : "Organisatie", head, HEADER_BG));
      for (Question q : o.questions()) {
        PdfPCell c = shaded(q.number() + "\n" + q.title(), new Font(bold, 8.5f), HEADER_BG);
        c.setHorizontalAlignment(Element.ALIGN_CENTER);
        t.addCell(c);
      }
      for (int r = 0; r < o.organisations().size(); r++) {
        t.addCell(shaded(o.organisations().get(r), head, null));
        for (Question q : o.questions()) {
          boolean a = q.answered().get(r);
          t.addCell(centred(a ? "✓" : "✗", cellFont, a ? ANSWERED : MISSING));
        }
      }
      t.addCell(shaded(en ? "Joint answer" : "Gezamenlijk antwoord", head, HEADER_BG));
      for (Question q : o.questions()) {
        t.addCell(centred(status(q.status(), en), cellFont, HEADER_BG));
      }
      t.addCell(shaded(en ? "Answers differ" : "Antwoorden verschillen", head, null));
      for (Question q : o.questions()) {
        t.addCell(centred(q.differs() ? "≠" : "", cellFont, q.differs() ? DIFFERS : null));
      }
      doc.add(t);
      doc.close();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the checklist poster", e);
    } catch (DocumentException e) {
      throw new IllegalStateException("cannot render the checklist poster", e);
    }
  }

  private static String status(String status, boolean en) {
    return switch (status) {
      case "agreed" -> en ? "agreed" : "akkoord";
      case "not-applicable" -> en ? "n/a" : "n.v.t.";
      case "not-reached" -> "–";
      default -> "open";
    };
  }

  private static PdfPCell plain(String text, Font font) {
    PdfPCell c = new PdfPCell(new Phrase(text, font));
    c.setBorder(Rectangle.NO_BORDER);
    c.setPaddingBottom(4);
    return c;
  }

  private static PdfPCell shaded(String text, Font font, Color background) {
    PdfPCell c = new PdfPCell(new Phrase(text, font));
    c.setPadding(5);
    c.setBorderColor(new Color(0xBB, 0xBB, 0xBB));
    if (background != null) {
      c.setBackgroundColor(background);
    }
    return c;
  }

  private static PdfPCell centred(String text, Font font, Color background) {
    PdfPCell c = shaded(text, font, background);
    c.setHorizontalAlignment(Element.ALIGN_CENTER);
    c.setVerticalAlignment(Element.ALIGN_MIDDLE);
    return c;
  }
}

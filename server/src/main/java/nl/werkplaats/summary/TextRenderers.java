package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.werkplaats.summary.SummaryDocument.Bar;
import nl.werkplaats.summary.SummaryDocument.Block;
import nl.werkplaats.summary.SummaryDocument.Bullets;
import nl.werkplaats.summary.SummaryDocument.Chart;
import nl.werkplaats.summary.SummaryDocument.Heading;
import nl.werkplaats.summary.SummaryDocument.PageBreak;
import nl.werkplaats.summary.SummaryDocument.Para;
import nl.werkplaats.summary.SummaryDocument.Table;

/**
 * The text formats of a frozen summary: Markdown, HTML, CSV, and the agreements as CSV and iCalendar. User
 * text never becomes markup: it is escaped for each format, and CSV cells that a spreadsheet would read as
 * a formula are neutralised.
 */
public final class TextRenderers {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TextRenderers() {}

  // ------------------------------------------------------------------------------------------ Markdown

  public static byte[] markdown(Summary summary, ZoneId zone) {
    SummaryDocument d = SummaryDocument.of(summary, zone);
    StringBuilder out = new StringBuilder();
    out.append("# ").append(md(d.title)).append("\n\n");
    out.append("*").append(md(d.subtitle())).append("*\n\n");
    out.append(md(d.l.get("sha"))).append(": `").append(summary.sha256()).append("`\n\n");
    for (Block b : d.blocks) {
      if (b instanceof Heading h) {
        out.append("#".repeat(Math.min(6, h.level() + 1))).append(' ').append(md(h.text())).append("\n\n");
      } else if (b instanceof Para p) {
        out.append(p.muted() ? "*" + md(p.text()) + "*" : md(p.text())).append("\n\n");
      } else if (b instanceof Bullets list) {
        for (String item : list.items()) {
          out.append("- ").append(mdCell(item)).append('\n');
        }
        out.append('\n');
      } else if (b instanceof Table t) {
        mdTable(out, t.headers(), t.rows());
      } else if (b instanceof Chart c) {
        out.append("**").append(md(c.caption())).append("**\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Bar bar : c.bars()) {
          rows.add(List.of(bar.label(), textBar(bar, c.max()), bar.valueText()));
        }
        mdTable(out, List.of(c.labelHeader(), "", ""), rows);
        out.append('*').append(md(c.legend())).append("*\n\n");
      }
    }
    out.append("---\n\n").append(md(d.l.get("verifyNote"))).append("\n\n").append(md(d.l.get("sha"))).append(": `")
        .append(summary.sha256()).append("`\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A bar of ten cells: the value in full blocks, the mark (e.g. the highest rating) in light ones. */
  static String textBar(Bar bar, double max) {
    int filled = (int) Math.round(bar.value() / max * 10);
    int marked = (int) Math.round(bar.mark() / max * 10);
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      sb.append(i <= filled ? '█' : i <= marked ? '▒' : '·');
    }
    return sb.toString();
  }

  private static void mdTable(StringBuilder out, List<String> headers, List<List<String>> rows) {
    out.append('|');
    headers.forEach(h -> out.append(' ').append(mdCell(h)).append(" |"));
    out.append("\n|");
    headers.forEach(h -> out.append(" --- |"));
    out.append('\n');
    for (List<String> row : rows) {
      out.append('|');
      row.forEach(c -> out.append(' ').append(mdCell(c)).append(" |"));
      out.append('\n');
    }
    out.append('\n');
  }

  /**
   * Escapes text for Markdown (CommonMark and GitHub's extensions) so that no user text turns into a link,
   * emphasis, heading, list, table cell break or HTML: {@code <}, {@code >}, {@code &} become entities; the
   * inline markers {@code \ ` * _ [ ] | ~ ! # @} are backslash-escaped everywhere; at the start of a line
   * also {@code - + =} and the dot or parenthesis after a number; and the {@code :} of {@code scheme://} and
   * the dot of {@code www.}, so that nothing is auto-linked. Other characters stay readable as they are.
   */
  static String md(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    boolean lineStart = true;
    int digits = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      boolean wasLineStart = lineStart;
      lineStart = cp == '\n' || (lineStart && cp == ' ');
      switch (cp) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '\r' -> { }
        case '\\', '`', '*', '_', '[', ']', '|', '~', '!', '#', '@' -> sb.append('\\').appendCodePoint(cp);
        case '\t' -> sb.append('\t');
        case '-', '+', '=' -> {
          if (wasLineStart) {
            sb.append('\\');
          }
          sb.appendCodePoint(cp);
        }
        case '.', ')' -> {
          boolean numberedList = digits > 0 && digits == runFromLineStart(text, i);
          boolean www = cp == '.' && i >= 3 && text.regionMatches(true, i - 3, "www", 0, 3);
          if (numberedList || www) {
            sb.append('\\');
          }
          sb.appendCodePoint(cp);
        }
        case ':' -> {
          if (text.startsWith("//", next)) {
            sb.append('\\');
          }
          sb.append(':');
        }
        default -> appendVisible(sb, cp);
      }
      digits = cp >= '0' && cp <= '9' ? digits + 1 : 0;
      i = next;
    }
    return sb.toString();
  }

  /** How many characters before {@code i} belong to its line, not counting leading spaces. */
  private static int runFromLineStart(String text, int i) {
    int start = text.lastIndexOf('\n', i - 1) + 1;
    while (start < i && text.charAt(start) == ' ') {
      start++;
    }
    return i - start;
  }

  /** Like {@link #md}, on one line: line breaks (which would end a table row) become {@code <br>}. */
  static String mdCell(String text) {
    return md(text).replace("\n", "<br>");
  }

  // ------------------------------------------------------------------------------------------ HTML

  public static byte[] html(Summary summary, ZoneId zone) {
    SummaryDocument d = SummaryDocument.of(summary, zone);
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"").append(summary.language()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(h(d.title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<main>\n<header>\n<h1 dir=\"auto\">").append(h(d.title)).append("</h1>\n<p class=\"sub\">")
        .append(h(d.subtitle())).append("</p>\n<p class=\"sha\">").append(h(d.l.get("sha"))).append(": <code>")
        .append(summary.sha256()).append("</code></p>\n</header>\n");
    for (Block b : d.blocks) {
      if (b instanceof Heading hd) {
        int level = Math.min(6, hd.level() + 1);
        out.append("<h").append(level).append(" dir=\"auto\">").append(h(hd.text())).append("</h").append(level).append(">\n");
      } else if (b instanceof Para p) {
        out.append("<p dir=\"auto\"").append(p.muted() ? " class=\"muted\"" : "").append('>').append(lines(p.text()))
            .append("</p>\n");
      } else if (b instanceof Bullets list) {
        out.append("<ul>\n");
        list.items().forEach(i -> out.append("<li dir=\"auto\">").append(lines(i)).append("</li>\n"));
        out.append("</ul>\n");
      } else if (b instanceof Table t) {
        out.append("<table>\n<thead><tr>");
        t.headers().forEach(c -> out.append("<th scope=\"col\" dir=\"auto\">").append(h(c)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
          out.append("<tr>");
          row.forEach(c -> out.append("<td dir=\"auto\">").append(lines(c)).append("</td>"));
          out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
      } else if (b instanceof Chart c) {
        svgChart(out, c);
      } else if (b instanceof PageBreak) {
        out.append("<hr class=\"page-break\">\n");
      }
    }
    out.append("<footer><p>").append(h(d.l.get("verifyNote"))).append("</p><p class=\"sha\">").append(h(d.l.get("sha")))
        .append(": <code>").append(summary.sha256()).append("</code></p></footer>\n</main>\n</body>\n</html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final int SVG_WIDTH = 640;
  private static final int SVG_LABEL = 220;
  private static final int SVG_VALUE = 150;
  private static final int SVG_ROW = 24;

  /**
   * A bar chart as inline SVG: per bar its label, a track, the mark (lighter) and the value (dark, red when
   * it is an alert), and the value as text. Each bar carries its text as a title, for screen readers and
   * for labels too long to show whole.
   */
  private static void svgChart(StringBuilder out, Chart c) {
    int height = c.bars().size() * SVG_ROW + 4;
    int track = SVG_WIDTH - SVG_LABEL - SVG_VALUE;
    out.append("<figure class=\"chart\">\n<figcaption>").append(h(c.caption())).append("</figcaption>\n")
        .append("<svg viewBox=\"0 0 ").append(SVG_WIDTH).append(' ').append(height)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(h(c.caption())).append("\">\n");
    int y = 2;
    for (Bar bar : c.bars()) {
      out.append("<g><title>").append(h(bar.label() + ": " + bar.valueText())).append("</title>")
          .append("<text x=\"0\" y=\"").append(y + 16).append("\" class=\"label\">").append(h(shorten(bar.label(), 34)))
          .append("</text>");
      out.append(rect("track", SVG_LABEL, y + 3, track, SVG_ROW - 6));
      if (bar.mark() > 0) {
        out.append(rect("mark", SVG_LABEL, y + 3, (int) Math.round(track * bar.mark() / c.max()), SVG_ROW - 6));
      }
      out.append(rect(bar.alert() ? "value alert" : "value", SVG_LABEL, y + 7,
          (int) Math.round(track * bar.value() / c.max()), SVG_ROW - 14));
      out.append("<text x=\"").append(SVG_LABEL + track + 8).append("\" y=\"").append(y + 16)
          .append(bar.alert() ? "\" class=\"alert\">" : "\">")
          .append(h(bar.valueText())).append("</text></g>\n");
      y += SVG_ROW;
    }
    out.append("</svg>\n<p class=\"muted legend\">").append(h(c.legend())).append("</p>\n</figure>\n");
  }

  private static String rect(String cls, int x, int y, int w, int height) {
    return "<rect class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\" width=\"" + Math.max(0, w) + "\" height=\""
        + height + "\"/>";
  }

  /** At most {@code max} characters (code points), with an ellipsis when cut. */
  static String shorten(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)).stripTrailing() + "…";
  }

  private static final String CSS = String.join("\n",
      "body{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;color:#1a1a1a;margin:0;background:#fff;line-height:1.45}",
      "main{max-width:62rem;margin:0 auto;padding:1.5rem}",
      "h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #154273}",
      "h3{font-size:1.1rem;margin-top:1.4rem}h4{font-size:1rem}",
      ".sub,.muted{color:#555}.sha code{font-size:.8rem;word-break:break-all}",
      "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;page-break-inside:auto}",
      "th,td{border:1px solid #bbb;padding:.45rem .6rem;text-align:start;vertical-align:top;white-space:normal;"
          + "overflow-wrap:break-word}",
      "th{background:#e8eef5}tr{page-break-inside:avoid}",
      ".chart{margin:.5rem 0 1rem;max-width:44rem}.chart figcaption{font-weight:bold;margin-bottom:.4rem}",
      ".chart svg text{font-size:13px;fill:#1a1a1a;font-variant-numeric:tabular-nums}",
      ".chart .track{fill:#f1f1f1;stroke:#ccc}.chart .mark{fill:#c9d8ea}.chart .value{fill:#154273}",
      ".chart .value.alert,.chart text.alert{fill:#b3261e}.legend{font-size:.85rem;margin:.2rem 0}",
      "hr.page-break{border:0;border-top:1px solid #bbb;margin:2rem 0}",
      "footer{margin-top:2rem;border-top:1px solid #bbb;color:#555;font-size:.85rem}",
      "@media print{main{max-width:none;padding:0}h2,h3,h4{page-break-after:avoid}a{color:inherit}"
          + "hr.page-break{border:0;margin:0;page-break-after:always}}",
      "");

  /** Escapes text for HTML element content and attribute values. */
  static String h(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        case '\r' -> { }
        case '\n', '\t' -> sb.appendCodePoint(cp);
        default -> appendVisible(sb, cp);
      }
    });
    return sb.toString();
  }

  private static String lines(String text) {
    return h(text).replace("\n", "<br>");
  }

  // ------------------------------------------------------------------------------------------ CSV

  /**
   * One row per answer: every organisation's and the joint answer of each checklist question, every card,
   * canvas field, rating, role holder, agreement and evaluation tip. Made for a spreadsheet with Dutch
   * settings: semicolons between cells, UTF-8 with a BOM (so it is read as UTF-8), CRLF line ends, RFC 4180
   * quoting; numbers with a decimal comma in a Dutch summary, dates as "30 juni 2026".
   */
  public static byte[] csv(Summary summary, ZoneId zone) {
    Presentation p = new Presentation(summary, zone);
    Labels l = p.l;
    JsonNode r = summary.root();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(l.get("step"), "step_id", "type", l.get("area"), l.get("question"), l.get("kind"),
        l.get("organisation"), l.get("text"), l.get("detail")));
    for (JsonNode s : r.path("steps")) {
      String n = String.valueOf(s.path("index").asInt() + 1);
      String id = s.path("id").asText();
      String type = s.path("type").asText();
      String title = s.path("title").asText();
      switch (type) {
        case "checklist-question" -> {
          String area = s.path("area").asText();
          String q = title + ": " + s.path("question").asText();
          for (JsonNode a : s.path("answers")) {
            rows.add(List.of(n, id, type, area, q, "answer", a.path("organisation").asText(), a.path("text").asText(),
                ""));
          }
          rows.add(List.of(n, id, type, area, q, "joint", "", s.path("joint").asText(),
              s.path("opened").asBoolean() ? l.status(s.path("status").asText()) : l.get("notReached")));
          for (String line : p.consent(s)) {
            rows.add(List.of(n, id, type, area, q, "consent", "", line, ""));
          }
        }
        case "cards" -> {
          List<String> prompts = new ArrayList<>();
          s.path("prompts").forEach(pr -> prompts.add(pr.path("text").asText()));
          boolean votes = false;
          for (JsonNode c : s.path("cards")) {
            votes |= c.path("votes").asInt() > 0;
          }
          for (JsonNode c : s.path("cards")) {
            int prompt = c.path("prompt").asInt();
            String group = "";
            for (JsonNode g : s.path("groups")) {
              if (g.path("id").asText().equals(c.path("group").asText(null))) {
                group = g.path("title").asText();
              }
            }
            rows.add(List.of(n, id, type, group, prompt < prompts.size() ? prompts.get(prompt) : title, "card", "",
                BreakoutPresentation.withGroup(c, c.path("text").asText(), l), votes ? c.path("votes").asInt() + " " + l.get("votes").toLowerCase(p.locale) : ""));
          }
        }
        case "canvas" -> {
          for (JsonNode f : s.path("fields")) {
            rows.add(List.of(n, id, type, "", f.path("label").asText(), "field", "", f.path("text").asText(), ""));
          }
        }
        case "competences" -> {
          for (JsonNode c : s.path("competences")) {
            rows.add(List.of(n, id, type, "", c.path("name").asText(), "coverage", "",
                l.get("average").toLowerCase(p.locale) + " " + p.number(c.path("average").asText(null)) + "; "
                    + l.get("highest").toLowerCase(p.locale) + " " + (c.path("highest").isNull() ? "–" : c.path("highest").asText()),
                l.get("strong") + ": " + c.path("strong").asInt() + (c.path("gap").asBoolean() ? "; " + l.get("isGap") : "")));
          }
          for (JsonNode rating : s.path("ratings")) {
            rating.path("values").fields().forEachRemaining(e -> rows.add(List.of(n, id, type, "", e.getKey(), "rating",
                rating.path("organisation").asText(), rating.path("name").asText(), e.getValue().asText())));
          }
        }
        case "roles" -> {
          for (JsonNode role : s.path("roles")) {
            if (role.path("takenBy").isEmpty()) {
              rows.add(List.of(n, id, type, "", role.path("name").asText(), "role-unfilled", "", "", ""));
            }
            for (JsonNode person : role.path("takenBy")) {
              rows.add(List.of(n, id, type, "", role.path("name").asText(), "role", person.path("organisation").asText(),
                  person.path("name").asText(""), ""));
            }
          }
        }
        case "evaluation" -> {
          JsonNode e = s.path("evaluation");
          rows.add(List.of(n, id, type, "", title, "evaluation-average", "",
              e.path("count").asInt() == 0 ? "" : p.number(e.path("average").asText(null)),
              e.path("count").asInt() + " " + l.get("marks")));
          for (JsonNode tip : e.path("tips")) {
            rows.add(List.of(n, id, type, "", s.path("tipsPrompt").asText(), "tip", "", tip.asText(), ""));
          }
        }
        default -> { }
      }
      for (List<String> g : BreakoutPresentation.rows(s, p)) {
        rows.add(List.of(n, id, type, g.get(0), l.get("breakout") + ": " + title, "group-" + g.get(1), "", g.get(3), g.get(2)));
      }
    }
    for (JsonNode a : r.path("agreements")) {
      rows.add(List.of(String.valueOf(a.path("step").asInt() + 1), "", "agreement", "", BreakoutPresentation.withGroup(a,
          a.path("stepTitle").asText(), l), "agreement", "", a.path("what").asText(),
          a.path("who").asText() + (a.path("due").isNull() ? "" : "; " + l.get("due").toLowerCase(p.locale) + " "
              + p.date(a.path("due").asText()))));
    }
    return csvBytes(rows);
  }

  /** The agreements as CSV: what, who, due (as "30 juni 2026"), the step they were made at. */
  public static byte[] agreementsCsv(Summary summary, ZoneId zone) {
    Presentation p = new Presentation(summary, zone);
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(p.l.get("what"), p.l.get("who"), p.l.get("due"), p.l.get("fromStep")));
    for (JsonNode a : summary.root().path("agreements")) {
      rows.add(List.of(a.path("what").asText(), a.path("who").asText(), p.date(a.path("due").asText(null)),
          a.path("stepTitle").asText()));
    }
    return csvBytes(rows);
  }

  public static byte[] csvBytes(List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          sb.append(';');
        }
        sb.append(csvCell(row.get(i)));
      }
      sb.append("\r\n");
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, out, 0, BOM.length);
    System.arraycopy(body, 0, out, BOM.length, body.length);
    return out;
  }

  /** A separator (of this file, or of a program that reads it with commas) right before a formula character. */
  private static final java.util.regex.Pattern SEPARATOR_FORMULA = java.util.regex.Pattern.compile("([;,])([=+\\-@\t])");

  /**
   * One CSV cell: a value that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
   * carriage return) gets a leading apostrophe; then quoted when it holds a semicolon, comma, quote, tab or
   * line break.
   */
  static String csvCell(String value) {
    String v = visible(value == null ? "" : value);
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    // A program that ignores the quotes, or splits at commas instead of semicolons, starts a cell after the
    // separator: what follows a ; or , must not start a formula either.
    v = SEPARATOR_FORMULA.matcher(v).replaceAll("$1'$2");
    if (v.indexOf(',') >= 0 || v.indexOf(';') >= 0 || v.indexOf('\t') >= 0 || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  /**
   * Control characters (C0 other than tab, line feed and carriage return; DEL; C1) never reach a summary:
   * they become U+FFFD. A NUL truncates text in C-based tools; ESC and BEL act on a terminal.
   */
  static void appendVisible(StringBuilder sb, int cp) {
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp <= 0x9f)) {
      sb.append('\uFFFD');
    } else {
      sb.appendCodePoint(cp);
    }
  }

  public static String visible(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> appendVisible(sb, cp));
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------ iCalendar

  /**
   * The agreements that have a due date, as an RFC 5545 calendar: one all-day VEVENT each, on its due date.
   * Texts are escaped (backslash, semicolon, comma, line breaks) and lines folded at 75 octets.
   */
  public static byte[] ics(Summary summary, ZoneId zone) {
    Labels l = new Labels(summary.language());
    JsonNode r = summary.root();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(r.path("frozenAt").isNull() ? Instant.EPOCH : Instant.parse(r.path("frozenAt").asText()));
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//Werkplaats//Summary agreements//" + summary.language().toUpperCase(Locale.ROOT));
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "X-WR-CALNAME:" + ics(l.get("agreements") + " – " + r.path("room").path("title").asText()));
    for (JsonNode a : r.path("agreements")) {
      if (a.path("due").isNull() || a.path("due").asText().isBlank()) {
        continue;
      }
      LocalDate due;
      try {
        due = LocalDate.parse(a.path("due").asText());
      } catch (RuntimeException e) {
        continue; // the room only accepts ISO dates; anything else is not a calendar date
      }
      line(out, "BEGIN:VEVENT");
      line(out, "UID:" + ics(a.path("id").asText() + "." + summary.roomId() + ".v" + summary.version()) + "@werkplaats");
      line(out, "DTSTAMP:" + stamp);
      line(out, "DTSTART;VALUE=DATE:" + due.format(DateTimeFormatter.BASIC_ISO_DATE));
      line(out, "DTEND;VALUE=DATE:" + due.plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE));
      line(out, "SUMMARY:" + ics(a.path("what").asText()));
      String description = l.get("who") + ": " + a.path("who").asText() + "\n" + l.get("fromStep") + ": "
          + a.path("stepTitle").asText() + "\n" + l.get("room") + ": " + r.path("room").path("title").asText();
      line(out, "DESCRIPTION:" + ics(description));
      line(out, "TRANSP:TRANSPARENT");
      line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 5545 TEXT escaping: backslash, semicolon, comma, and line breaks as \n. */
  public static String ics(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '\\' -> sb.append("\\\\");
        case ';' -> sb.append("\\;");
        case ',' -> sb.append("\\,");
        case '\n' -> sb.append("\\n");
        case '\r' -> { }
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            sb.append(' '); // other control characters are not allowed in TEXT
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    });
    return sb.toString();
  }

  /** Appends a content line folded at 75 octets (never inside a UTF-8 sequence), ended by CRLF. */
  public static void line(StringBuilder out, String content) {
    int octets = 0;
    int i = 0;
    while (i < content.length()) {
      int cp = content.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + len > 75) {
        out.append("\r\n ");
        octets = 1; // the leading space counts
      }
      out.appendCodePoint(cp);
      octets += len;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}

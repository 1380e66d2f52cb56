package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The summary as an Excel workbook (FastExcel): one sheet per part (overview, agreements, answers per
 * question and organisation, status per question, cards, canvas, competences, roles, evaluation, tips,
 * participants, timeline). Figures are numbers and dates are dates (shown with Dutch or English month names,
 * times in the configured zone), so a spreadsheet can count and sort them; the header row is frozen and
 * columns are as wide as their text (long texts wrap).
 */
public final class XlsxRenderer {
  private static final int MAX_WIDTH = 60;

  private final JsonNode r;
  private final Presentation p;
  private final Labels l;
  private final String dateFormat;
  private final String dateTimeFormat;
  private final ZoneId zone;
  private final String sha256;

  private XlsxRenderer(Summary summary, ZoneId zone) {
    this.sha256 = summary.sha256();
    this.r = summary.root();
    this.p = new Presentation(summary, zone);
    this.l = p.l;
    this.zone = zone;
    String lcid = "en".equals(summary.language()) ? "[$-809]" : "[$-413]"; // month names in the summary's language
    this.dateFormat = lcid + "d mmmm yyyy";
    this.dateTimeFormat = lcid + "d mmmm yyyy, hh:mm";
  }

  public static byte[] render(Summary summary, ZoneId zone) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "Werkplaats", "1.0");
      new XlsxRenderer(summary, zone).write(wb);
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the workbook of " + summary.roomId() + " v" + summary.version(), e);
    }
    return out.toByteArray();
  }

  private void write(Workbook wb) {
    overview(sheet(wb, l.get("overview"), l.get("overview"), l.get("value")));
    Sheet agreements = sheet(wb, l.get("agreements"), l.get("what"), l.get("who"), l.get("due"), l.get("fromStep"));
    for (JsonNode a : r.path("agreements")) {
      agreements.row(a.path("what").asText(), a.path("who").asText(), Presentation.localDate(a.path("due").asText(null)),
          BreakoutPresentation.withGroup(a, a.path("stepTitle").asText(), l));
    }
    agreements.finish();
    List<JsonNode> questions = steps("checklist-question");
    if (!questions.isEmpty()) {
      Sheet answers = sheet(wb, l.get("answers"), "#", l.get("area"), l.get("question"), l.get("organisation"), l.get("answer"));
      Sheet status = sheet(wb, l.get("status"), "#", l.get("area"), l.get("question"), l.get("joint"), l.get("status"));
      for (JsonNode q : questions) {
        int n = q.path("index").asInt() + 1;
        for (JsonNode a : q.path("answers")) {
          answers.row(n, q.path("area").asText(), q.path("title").asText(), a.path("organisation").asText(),
              a.path("text").asText());
        }
        status.row(n, q.path("area").asText(), q.path("title").asText(), q.path("joint").asText(),
            q.path("opened").asBoolean() ? l.status(q.path("status").asText()) : l.get("notReached"));
        for (String line : p.consent(q)) {
          status.row(n, q.path("area").asText(), q.path("title").asText(), l.get("consent"), line);
        }
      }
      answers.finish();
      status.finish();
    }
    cards(wb);
    breakouts(wb);
    canvas(wb);
    competences(wb);
    roles(wb);
    evaluation(wb);
    participants(wb);
    Sheet timeline = sheet(wb, l.get("timeline"), "#", l.get("step"), l.get("planned"), l.get("spent"));
    for (JsonNode s : r.path("timeline").path("steps")) {
      timeline.row(s.path("index").asInt() + 1, s.path("title").asText(), s.path("plannedMinutes").asInt(),
          Presentation.minutes(s.path("timeSpentMs").asLong()));
    }
    timeline.finish();
  }

  private void overview(Sheet s) {
    s.row(l.get("room"), r.path("room").path("title").asText());
    s.row(l.get("template"), r.path("template").path("title").asText() + " (" + r.path("template").path("id").asText()
        + " v" + r.path("template").path("version").asInt() + ")");
    s.row(l.get("version"), r.path("version").asInt());
    s.row(l.get("frozenAt"), dateTime(r.path("frozenAt")));
    s.row(l.get("startedAt"), dateTime(r.path("timeline").path("startedAt")));
    s.row(l.get("endedAt"), dateTime(r.path("timeline").path("endedAt")));
    s.row(l.get("timeZone"), zone.getId());
    boolean anonymous = r.path("anonymous").asBoolean();
    s.row(l.get(anonymous ? "present" : "peopleCount"), SummaryDocument.participantCount(r.path("participants")));
    s.row(l.get("organisations"), r.path("participants").path("organisations").size());
    JsonNode e = r.path("evaluation");
    s.row(l.get("averageMark"), Presentation.decimal(e.path("average").asText(null)));
    s.row(l.get("count") + " " + l.get("marks"), e.path("count").asInt());
    s.row(l.get("sha"), sha256);
    s.finish();
  }

  private void cards(Workbook wb) {
    List<JsonNode> steps = steps("cards");
    if (steps.isEmpty()) {
      return;
    }
    Sheet s = sheet(wb, l.get("cards"), l.get("step"), l.get("prompt"), l.get("group"), l.get("card"), l.get("votes"));
    for (JsonNode step : steps) {
      List<String> prompts = new ArrayList<>();
      step.path("prompts").forEach(pr -> prompts.add(pr.path("text").asText()));
      for (JsonNode c : step.path("cards")) {
        String group = "";
        for (JsonNode g : step.path("groups")) {
          if (g.path("id").asText().equals(c.path("group").asText(null))) {
            group = g.path("title").asText();
          }
        }
        int prompt = c.path("prompt").asInt();
        s.row(step.path("title").asText(), prompt < prompts.size() ? prompts.get(prompt) : "", group,
            BreakoutPresentation.withGroup(c, c.path("text").asText(), l), c.path("votes").asInt());
      }
    }
    s.finish();
  }

  /** The steps' group work, when a step was split: one row per member list, text, card, agreement and merge. */
  private void breakouts(Workbook wb) {
    List<JsonNode> split = new ArrayList<>();
    r.path("steps").forEach(step -> {
      if (step.has("breakout")) {
        split.add(step);
      }
    });
    if (split.isEmpty()) {
      return;
    }
    Sheet s = sheet(wb, l.get("breakout"), l.get("step"), l.get("breakoutGroup"), l.get("kind"), l.get("text"));
    for (JsonNode step : split) {
      for (List<String> row : BreakoutPresentation.rows(step, p)) {
        s.row(step.path("title").asText(), row.get(0), row.get(2), row.get(3));
      }
    }
    s.finish();
  }

  private void canvas(Workbook wb) {
    List<JsonNode> steps = steps("canvas");
    if (steps.isEmpty()) {
      return;
    }
    Sheet s = sheet(wb, l.get("canvas"), l.get("step"), l.get("canvas"), l.get("text"));
    for (JsonNode step : steps) {
      for (JsonNode f : step.path("fields")) {
        s.row(step.path("title").asText(), f.path("label").asText(), f.path("text").asText());
      }
    }
    s.finish();
  }

  /** Per competence the team's figures, then each organisation's; the ratings per person unless anonymous. */
  private void competences(Workbook wb) {
    List<JsonNode> steps = steps("competences");
    if (steps.isEmpty()) {
      return;
    }
    Sheet s = sheet(wb, l.get("competences"), l.get("competence"), l.get("organisation"), l.get("raters"),
        l.get("highest"), l.get("average"), l.get("spread"), l.get("strong"), l.get("gapShort"));
    Sheet ratings = null;
    for (JsonNode step : steps) {
      for (JsonNode c : step.path("competences")) {
        competenceRow(s, c, "", c.path("count"));
      }
      for (JsonNode o : step.path("organisations")) {
        for (JsonNode c : o.path("competences")) {
          competenceRow(s, c, o.path("organisation").asText(), c.path("count"));
        }
      }
      for (JsonNode person : step.path("ratings")) {
        if (ratings == null) {
          ratings = sheet(wb, l.get("raters"), l.get("name"), l.get("organisation"), l.get("competence"), l.get("value"));
        }
        Sheet target = ratings;
        person.path("values").fields().forEachRemaining(v -> target.row(person.path("name").asText(),
            person.path("organisation").asText(), v.getKey(), v.getValue().asInt()));
      }
    }
    s.finish();
    if (ratings != null) {
      ratings.finish();
    }
  }

  private void competenceRow(Sheet s, JsonNode c, String organisation, JsonNode count) {
    boolean rated = count.asInt() > 0;
    s.row(c.path("name").asText(c.path("id").asText()), organisation, count.asInt(), rated ? c.path("highest").asInt() : null,
        rated ? Presentation.decimal(c.path("average").asText(null)) : null, rated ? c.path("spread").asInt() : null,
        c.path("strong").asInt(), c.path("gap").asBoolean() ? l.get("isGap") : "");
  }

  private void roles(Workbook wb) {
    List<JsonNode> steps = steps("roles");
    if (steps.isEmpty()) {
      return;
    }
    Sheet s = sheet(wb, l.get("roles"), l.get("role"), l.get("takenBy"), l.get("organisation"));
    for (JsonNode step : steps) {
      for (JsonNode role : step.path("roles")) {
        if (role.path("takenBy").isEmpty()) {
          s.row(role.path("name").asText(), "– " + l.get("nobody"), "");
        }
        for (JsonNode person : role.path("takenBy")) {
          s.row(role.path("name").asText(), person.path("name").asText(""), person.path("organisation").asText());
        }
      }
    }
    s.finish();
  }

  private void evaluation(Workbook wb) {
    JsonNode e = r.path("evaluation");
    Sheet s = sheet(wb, l.get("evaluation"), l.get("mark"), l.get("count"));
    for (int m = 1; m <= 10; m++) {
      s.row(m, e.path("distribution").path(String.valueOf(m)).asInt());
    }
    s.finish();
    if (!e.path("tips").isEmpty()) {
      Sheet tips = sheet(wb, l.get("tips"), l.get("tips"));
      e.path("tips").forEach(t -> tips.row(t.asText()));
      tips.finish();
    }
  }

  private void participants(Workbook wb) {
    JsonNode people = r.path("participants").path("people");
    if (people.isEmpty()) {
      Sheet s = sheet(wb, l.get("participants"), l.get("organisation"), l.get("present"));
      for (JsonNode o : r.path("participants").path("organisations")) {
        s.row(o.path("name").asText(), o.path("count").asInt());
      }
      s.finish();
      return;
    }
    Sheet s = sheet(wb, l.get("participants"), l.get("name"), l.get("organisation"), l.get("function"), l.get("role"));
    for (JsonNode person : people) {
      s.row(person.path("name").asText(), person.path("organisation").asText(), person.path("function").asText(),
          l.get("role." + person.path("role").asText()));
    }
    s.finish();
  }

  // ------------------------------------------------------------------------------------------ helpers

  private List<JsonNode> steps(String type) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (step.path("type").asText().equals(type)) {
        out.add(step);
      }
    }
    return out;
  }

  /** An instant as the wall-clock time in the configured zone (a spreadsheet date has no zone). */
  private LocalDateTime dateTime(JsonNode iso) {
    Instant at = Presentation.instant(iso.asText(null));
    return at == null ? null : LocalDateTime.ofInstant(at, zone);
  }

  private Sheet sheet(Workbook wb, String name, String... headers) {
    return new Sheet(wb.newWorksheet(sheetName(name)), Arrays.asList(headers));
  }

  /** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\. */
  static String sheetName(String name) {
    String clean = name.replaceAll("[\\[\\]:*?/\\\\]", " ").strip();
    return clean.length() > 31 ? clean.substring(0, 31) : clean;
  }

  /** One sheet: a bold, frozen header row, then rows of typed cells; widths set when it is finished. */
  private final class Sheet {
    private final Worksheet ws;
    private final double[] widths;
    private int row = 1;

    Sheet(Worksheet ws, List<String> headers) {
      this.ws = ws;
      this.widths = new double[headers.size()];
      for (int c = 0; c < headers.size(); c++) {
        ws.value(0, c, headers.get(c));
        ws.style(0, c).bold().fillColor("E8EEF5").set();
        widths[c] = headers.get(c).length() + 2;
      }
      ws.freezePane(0, 1);
    }

    void row(Object... values) {
      for (int c = 0; c < values.length && c < widths.length; c++) {
        Object v = values[c];
        double width;
        if (v == null) {
          continue;
        } else if (v instanceof LocalDateTime t) {
          ws.value(row, c, t);
          ws.style(row, c).format(dateTimeFormat).set();
          width = 24;
        } else if (v instanceof LocalDate d) {
          ws.value(row, c, d);
          ws.style(row, c).format(dateFormat).set();
          width = 18;
        } else if (v instanceof BigDecimal n) {
          ws.value(row, c, n);
          ws.style(row, c).format("0.0").set();
          width = 6;
        } else if (v instanceof Number n) {
          ws.value(row, c, n);
          width = String.valueOf(n).length() + 2;
        } else {
          String text = TextRenderers.visible(v.toString()).replace("\r", "");
          ws.value(row, c, text);
          int longest = 0;
          for (String line : text.split("\n")) {
            longest = Math.max(longest, line.length());
          }
          if (longest > MAX_WIDTH || text.contains("\n")) {
            ws.style(row, c).wrapText(true).verticalAlignment("top").set();
          }
          width = longest + 2;
        }
        widths[c] = Math.max(widths[c], Math.min(MAX_WIDTH, width));
      }
      row++;
    }

    void finish() {
      for (int c = 0; c < widths.length; c++) {
        ws.width(c, widths[c]);
      }
    }
  }
}

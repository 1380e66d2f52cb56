package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary laid out as a list of plain blocks (headings, paragraphs, tables, bar charts), per its layout.
 * Markdown, HTML and PDF render the same blocks, so they show the same content in the same order. Blocks
 * hold plain text only; every renderer escapes it for its own format.
 */
final class SummaryDocument {

  sealed interface Block permits Heading, Para, Table, Chart, Bullets {}

  record Heading(int level, String text) implements Block {}

  /** {@code muted}: a note in smaller, grey type. */
  record Para(String text, boolean muted) implements Block {}

  record Table(List<String> headers, List<List<String>> rows) implements Block {}

  record Bullets(List<String> items) implements Block {}

  /** The competence coverage chart: per competence its average and highest rating on the scale 1..5. */
  record Chart(String caption, List<Bar> bars) implements Block {}

  record Bar(String label, String average, int highest, int strong, boolean gap, int count) {
    double averageValue() {
      return average == null ? 0 : Double.parseDouble(average);
    }
  }

  final Summary summary;
  final Labels l;
  final String title;
  final List<Block> blocks = new ArrayList<>();

  private SummaryDocument(Summary summary) {
    this.summary = summary;
    this.l = new Labels(summary.language());
    JsonNode r = summary.root();
    this.title = r.path("room").path("title").asText();
  }

  static SummaryDocument of(Summary summary) {
    SummaryDocument d = new SummaryDocument(summary);
    d.layout();
    return d;
  }

  /** The line under the title: template, version, time of freezing. */
  String subtitle() {
    JsonNode r = summary.root();
    return l.get("summary") + " " + l.get("version") + " " + r.path("version").asInt() + " · "
        + r.path("template").path("title").asText() + " (" + r.path("template").path("id").asText() + " v"
        + r.path("template").path("version").asInt() + ") · " + l.get("frozenAt") + " " + time(r.path("frozenAt"));
  }

  private void layout() {
    JsonNode r = summary.root();
    participants(r.path("participants"));
    switch (summary.layout()) {
      case "project-plan" -> projectPlan(r);
      case "team-start" -> teamStart(r);
      default -> generic(r);
    }
    evaluation(r.path("evaluation"));
    timeline(r.path("timeline"));
  }

  // ------------------------------------------------------------------------------------------ layouts

  private void projectPlan(JsonNode r) {
    Map<String, List<JsonNode>> byArea = new LinkedHashMap<>();
    List<JsonNode> other = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (step.path("type").asText().equals("checklist-question")) {
        byArea.computeIfAbsent(step.path("area").asText(), k -> new ArrayList<>()).add(step);
      } else if (!List.of("info", "agreements", "evaluation").contains(step.path("type").asText())) {
        other.add(step);
      }
    }
    add(new Heading(1, l.get("answersPerArea")));
    byArea.forEach((area, steps) -> {
      add(new Heading(2, area.isEmpty() ? "–" : area));
      steps.forEach(this::checklistQuestion);
    });
    add(new Heading(1, l.get("openPoints")));
    List<String> open = new ArrayList<>();
    byArea.forEach((area, steps) -> steps.forEach(step -> {
      if (step.path("status").asText().equals("open")) {
        open.add(step.path("title").asText() + " (" + area + ")");
      }
    }));
    if (open.isEmpty()) {
      add(new Para(l.get("noOpenPoints"), true));
    } else {
      add(new Bullets(open));
    }
    agreements(r.path("agreements"));
    other.forEach(this::step);
  }

  private void teamStart(JsonNode r) {
    List<String> order = List.of("canvas", "competences", "roles", "cards");
    for (String type : order) {
      for (JsonNode step : r.path("steps")) {
        if (step.path("type").asText().equals(type)) {
          step(step);
        }
      }
    }
    for (JsonNode step : r.path("steps")) {
      if (step.path("type").asText().equals("checklist-question")) {
        step(step);
      }
    }
    agreements(r.path("agreements"));
  }

  private void generic(JsonNode r) {
    add(new Heading(1, l.get("steps")));
    for (JsonNode step : r.path("steps")) {
      if (!List.of("info", "agreements", "evaluation").contains(step.path("type").asText())) {
        step(step);
      }
    }
    agreements(r.path("agreements"));
  }

  // ------------------------------------------------------------------------------------------ parts

  private void participants(JsonNode p) {
    add(new Heading(1, l.get("participants")));
    List<List<String>> orgs = new ArrayList<>();
    for (JsonNode o : p.path("organisations")) {
      orgs.add(List.of(o.path("name").asText(), String.valueOf(o.path("count").asInt())));
    }
    add(new Table(List.of(l.get("organisation"), l.get("count")), orgs));
    if (summary.root().path("anonymous").asBoolean()) {
      add(new Para(l.get("anonymous"), true));
      return;
    }
    List<List<String>> people = new ArrayList<>();
    for (JsonNode person : p.path("people")) {
      people.add(List.of(person.path("name").asText(), person.path("organisation").asText(),
          person.path("function").asText(), l.get("role." + person.path("role").asText())));
    }
    if (!people.isEmpty()) {
      add(new Table(List.of(l.get("name"), l.get("organisation"), l.get("function"), l.get("role")), people));
    }
  }

  private void step(JsonNode step) {
    switch (step.path("type").asText()) {
      case "checklist-question" -> checklistQuestion(step);
      case "cards" -> cards(step);
      case "competences" -> competences(step);
      case "roles" -> roles(step);
      case "canvas" -> canvas(step);
      default -> { }
    }
  }

  private void checklistQuestion(JsonNode step) {
    add(new Heading(3, step.path("title").asText()));
    add(new Para(l.get("question") + ": " + step.path("question").asText(), true));
    List<String> headers = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (JsonNode a : step.path("answers")) {
      headers.add(a.path("organisation").asText());
      answers.add(orEmpty(a.path("text").asText()));
    }
    if (!headers.isEmpty() && headers.size() <= 4) {
      add(new Table(headers, List.of(answers))); // side by side
    } else if (!headers.isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < headers.size(); i++) {
        rows.add(List.of(headers.get(i), answers.get(i)));
      }
      add(new Table(List.of(l.get("organisation"), l.get("answer")), rows));
    }
    add(new Table(List.of(l.get("joint"), l.get("status")),
        List.of(List.of(orEmpty(step.path("joint").asText()), l.status(step.path("status").asText())))));
  }

  private void cards(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    Map<Integer, String> prompts = new LinkedHashMap<>();
    for (JsonNode p : step.path("prompts")) {
      prompts.put(p.path("index").asInt(), p.path("text").asText());
    }
    Map<String, String> groupTitles = new LinkedHashMap<>();
    List<JsonNode> groups = new ArrayList<>();
    step.path("groups").forEach(groups::add);
    groups.sort((a, b) -> b.path("votes").asInt() - a.path("votes").asInt());
    for (JsonNode g : groups) {
      groupTitles.put(g.path("id").asText(), g.path("title").asText());
    }
    if (!groups.isEmpty()) {
      for (JsonNode g : groups) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : step.path("cards")) {
          if (g.path("id").asText().equals(c.path("group").asText(null))) {
            rows.add(List.of(c.path("text").asText(), prompts.getOrDefault(c.path("prompt").asInt(), ""),
                String.valueOf(c.path("votes").asInt())));
          }
        }
        add(new Heading(3, l.get("group") + ": " + g.path("title").asText() + " (" + g.path("votes").asInt() + " "
            + l.get("votes").toLowerCase() + ")"));
        add(new Table(List.of(l.get("card"), l.get("prompt"), l.get("votes")), rows));
      }
    }
    Map<Integer, List<List<String>>> byPrompt = new LinkedHashMap<>();
    for (JsonNode c : step.path("cards")) {
      if (c.path("group").isNull() || !groupTitles.containsKey(c.path("group").asText())) {
        byPrompt.computeIfAbsent(c.path("prompt").asInt(), k -> new ArrayList<>())
            .add(List.of(c.path("text").asText(), String.valueOf(c.path("votes").asInt())));
      }
    }
    byPrompt.forEach((prompt, rows) -> {
      add(new Heading(3, (groups.isEmpty() ? "" : l.get("ungrouped") + ": ") + prompts.getOrDefault(prompt, "")));
      add(new Table(List.of(l.get("card"), l.get("votes")), rows));
    });
  }

  private void competences(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode c : step.path("competences")) {
      names.put(c.path("id").asText(), c.path("name").asText());
      String avg = c.path("average").isNull() ? null : c.path("average").asText();
      bars.add(new Bar(c.path("name").asText(), avg, c.path("highest").asInt(0), c.path("strong").asInt(),
          c.path("gap").asBoolean(), c.path("count").asInt()));
      rows.add(List.of(c.path("name").asText(), dash(c.path("highest")), dash(c.path("average")), dash(c.path("spread")),
          String.valueOf(c.path("strong").asInt()), c.path("gap").asBoolean() ? l.get("gapShort") : ""));
    }
    add(new Chart(l.get("coverage") + " (" + l.get("raters").toLowerCase() + " " + step.path("raters").asInt() + ")",
        bars));
    add(new Table(List.of(l.get("competence"), l.get("highest"), l.get("average"), l.get("spread"), l.get("strong"),
        l.get("gapShort")), rows));
    List<String> gaps = new ArrayList<>();
    for (JsonNode c : step.path("competences")) {
      if (c.path("gap").asBoolean()) {
        gaps.add(c.path("name").asText());
      }
    }
    if (!gaps.isEmpty()) {
      add(new Para(l.get("gap") + ": " + String.join(", ", gaps), false));
    }
    add(new Heading(3, l.get("perOrganisation")));
    List<String> headers = new ArrayList<>();
    headers.add(l.get("competence"));
    List<JsonNode> orgs = new ArrayList<>();
    step.path("organisations").forEach(orgs::add);
    for (JsonNode o : orgs) {
      headers.add(o.path("organisation").asText() + " (" + o.path("raters").asInt() + ")");
    }
    List<List<String>> perOrg = new ArrayList<>();
    names.forEach((id, name) -> {
      List<String> row = new ArrayList<>();
      row.add(name);
      for (JsonNode o : orgs) {
        String cell = "–";
        for (JsonNode c : o.path("competences")) {
          if (c.path("id").asText().equals(id) && c.path("count").asInt() > 0) {
            cell = l.get("highest").toLowerCase() + " " + c.path("highest").asInt() + ", " + l.get("average").toLowerCase() + " " + c.path("average").asText();
          }
        }
        row.add(cell);
      }
      perOrg.add(row);
    });
    add(new Table(headers, perOrg));
  }

  private void roles(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<List<String>> rows = new ArrayList<>();
    List<String> unfilled = new ArrayList<>();
    for (JsonNode role : step.path("roles")) {
      List<String> who = new ArrayList<>();
      for (JsonNode p : role.path("takenBy")) {
        who.add(p.has("name") ? p.path("name").asText() + " (" + p.path("organisation").asText() + ")"
            : p.path("organisation").asText());
      }
      rows.add(List.of(role.path("name").asText(), who.isEmpty() ? "– " + l.get("nobody") : String.join(", ", who)));
      if (!role.path("filled").asBoolean()) {
        unfilled.add(role.path("name").asText());
      }
    }
    add(new Table(List.of(l.get("role"), l.get("takenBy")), rows));
    if (!unfilled.isEmpty()) {
      add(new Para(l.get("unfilled") + ": " + String.join(", ", unfilled), false));
    }
  }

  private void canvas(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode f : step.path("fields")) {
      rows.add(List.of(f.path("label").asText(), orEmpty(f.path("text").asText())));
    }
    add(new Table(List.of(l.get("canvas"), l.get("text")), rows));
  }

  private void agreements(JsonNode agreements) {
    add(new Heading(1, l.get("agreements")));
    if (agreements.isEmpty()) {
      add(new Para(l.get("noAgreements"), true));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode a : agreements) {
      rows.add(List.of(a.path("what").asText(), a.path("who").asText(), a.path("due").isNull() ? "" : a.path("due").asText(),
          a.path("stepTitle").asText()));
    }
    add(new Table(List.of(l.get("what"), l.get("who"), l.get("due"), l.get("fromStep")), rows));
  }

  private void evaluation(JsonNode e) {
    add(new Heading(1, l.get("evaluation")));
    if (e.path("count").asInt() == 0) {
      add(new Para(l.get("noMarks"), true));
      return;
    }
    add(new Para(l.get("average") + ": " + e.path("average").asText() + " (" + l.get("count").toLowerCase() + " "
        + e.path("count").asInt() + ")", false));
    List<String> headers = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    for (int m = 1; m <= 10; m++) {
      headers.add(String.valueOf(m));
      counts.add(String.valueOf(e.path("distribution").path(String.valueOf(m)).asInt()));
    }
    add(new Table(headers, List.of(counts)));
    List<String> tips = new ArrayList<>();
    e.path("tips").forEach(t -> tips.add(t.asText()));
    if (!tips.isEmpty()) {
      add(new Heading(3, l.get("tips")));
      add(new Bullets(tips));
    }
  }

  private void timeline(JsonNode t) {
    add(new Heading(1, l.get("timeline")));
    add(new Para(l.get("startedAt") + ": " + time(t.path("startedAt")) + " · " + l.get("endedAt") + ": "
        + time(t.path("endedAt")), false));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode s : t.path("steps")) {
      rows.add(List.of(String.valueOf(s.path("index").asInt() + 1), s.path("title").asText(),
          String.valueOf(s.path("plannedMinutes").asInt()), minutes(s.path("timeSpentMs").asLong())));
    }
    add(new Table(List.of("#", l.get("step"), l.get("planned"), l.get("spent")), rows));
  }

  // ------------------------------------------------------------------------------------------ helpers

  private void add(Block b) {
    blocks.add(b);
  }

  private String orEmpty(String text) {
    return text == null || text.isBlank() ? l.get("empty") : text;
  }

  private static String dash(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "–" : n.asText();
  }

  static String minutes(long ms) {
    return String.valueOf(Math.round(ms / 60000.0));
  }

  /** "2026-03-01T10:15:30Z" as "2026-03-01 10:15 UTC"; fixed, so every rendering shows the same. */
  static String time(JsonNode iso) {
    if (iso == null || iso.isNull() || iso.isMissingNode()) {
      return "–";
    }
    String t = iso.asText();
    return t.length() >= 16 ? t.substring(0, 10) + " " + t.substring(11, 16) + " UTC" : t;
  }
}

package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary laid out as a list of plain blocks (headings, paragraphs, tables, bar charts), per its layout.
 * Markdown, HTML and PDF render the same blocks, so they show the same content in the same order. Blocks
 * hold plain text only, numbers and dates already written in the summary's language and the configured time
 * zone; every renderer escapes the text for its own format.
 *
 * <p>Every layout starts with the key results (agreements first, then open points and the main figures),
 * which the PDF keeps on a first page of their own; steps the session never reached are listed by title.
 */
final class SummaryDocument {

  sealed interface Block permits Heading, Para, Table, Chart, Bullets, PageBreak {}

  record Heading(int level, String text) implements Block {}

  /** {@code muted}: a note in smaller, grey type. */
  record Para(String text, boolean muted) implements Block {}

  /**
   * A table; {@code narrow}, when not null, is the same content in fewer columns, for a page too narrow to
   * show every column without breaking words.
   */
  record Table(List<String> headers, List<List<String>> rows, Table narrow) implements Block {
    Table(List<String> headers, List<List<String>> rows) {
      this(headers, rows, null);
    }
  }

  record Bullets(List<String> items) implements Block {}

  /** The end of the first page (the key results); only the PDF has pages. */
  record PageBreak() implements Block {}

  /**
   * A horizontal bar chart: per bar a value on the scale 0..{@code max}, optionally a {@code mark} (drawn
   * lighter behind the value; negative when there is none), {@code alert} drawn in red.
   */
  record Chart(String caption, String labelHeader, double max, List<Bar> bars, String legend) implements Block {}

  record Bar(String label, double value, double mark, boolean alert, String valueText) {}

  final Summary summary;
  final Presentation p;
  final Labels l;
  final String title;
  final List<Block> blocks = new ArrayList<>();

  private SummaryDocument(Summary summary, ZoneId zone) {
    this.summary = summary;
    this.p = new Presentation(summary, zone);
    this.l = p.l;
    this.title = summary.root().path("room").path("title").asText();
  }

  static SummaryDocument of(Summary summary, ZoneId zone) {
    SummaryDocument d = new SummaryDocument(summary, zone);
    d.layout();
    return d;
  }

  /** The line under the title: template, version, time of freezing (in the configured zone). */
  String subtitle() {
    JsonNode r = summary.root();
    return l.get("summary") + " " + l.get("version") + " " + r.path("version").asInt() + " · "
        + r.path("template").path("title").asText() + " (" + r.path("template").path("id").asText() + " v"
        + r.path("template").path("version").asInt() + ") · " + l.get("frozenAt") + " "
        + p.dateTime(r.path("frozenAt").asText(null)) + " (" + l.get("timeZone") + " " + p.zone.getId() + ")";
  }

  private void layout() {
    JsonNode r = summary.root();
    keyResults(r);
    add(new PageBreak());
    participants(r.path("participants"));
    switch (summary.layout()) {
      case "project-plan" -> projectPlan(r);
      case "team-start" -> teamStart(r);
      default -> generic(r);
    }
    notReached(r);
    evaluation(r.path("evaluation"));
    timeline(r.path("timeline"));
  }

  // ------------------------------------------------------------------------------------------ first page

  private void keyResults(JsonNode r) {
    add(new Heading(1, l.get("keyResults")));
    agreements(r.path("agreements"));
    if (summary.layout().equals("project-plan")) {
      add(new Heading(2, l.get("openPoints")));
      List<String> open = new ArrayList<>();
      for (JsonNode step : questions(r)) {
        if (step.path("opened").asBoolean() && step.path("status").asText().equals("open")) {
          open.add(step.path("title").asText() + " (" + area(step) + ")");
        }
      }
      if (open.isEmpty()) {
        add(new Para(l.get("noOpenPoints"), true));
      } else {
        add(new Bullets(open));
      }
      statusCounts(r);
    } else {
      for (JsonNode step : r.path("steps")) {
        String type = step.path("type").asText();
        if (type.equals("competences") && step.path("opened").asBoolean()) {
          List<String> gaps = names(step.path("competences"), c -> c.path("gap").asBoolean());
          if (!gaps.isEmpty()) {
            add(new Para(l.get("gap") + ": " + String.join(", ", gaps), false));
          }
        } else if (type.equals("roles") && step.path("opened").asBoolean()) {
          List<String> unfilled = names(step.path("roles"), role -> !role.path("filled").asBoolean());
          if (!unfilled.isEmpty()) {
            add(new Para(l.get("unfilled") + ": " + String.join(", ", unfilled), false));
          }
        }
      }
    }
    JsonNode e = r.path("evaluation");
    if (e.path("count").asInt() > 0) {
      add(new Para(l.get("averageMark") + ": " + p.number(e.path("average").asText()) + " (" + e.path("count").asInt()
          + " " + l.get("marks") + ")", false));
    }
    boolean anonymous = r.path("anonymous").asBoolean();
    add(new Para(l.get(anonymous ? "present" : "peopleCount") + ": " + participantCount(r.path("participants")) + " · " + l.get("organisations")
        + ": " + r.path("participants").path("organisations").size(), false));
    selfGuided(r.path("selfGuided"));
  }

  /** "Zonder begeleider: een voorzitter zette de stappen; afgerond door Chris Smit (Gemeente Woerden)." */
  private void selfGuided(JsonNode g) {
    if (g.isMissingNode()) {
      return;
    }
    JsonNode by = g.path("endedBy");
    String who = by.has("name") ? by.path("name").asText() + " (" + by.path("organisation").asText() + ")"
        : by.path("organisation").asText();
    add(new Para(l.get("selfGuided." + g.path("guide").asText()) + "; " + l.get("selfGuided.endedBy") + " " + who + ".", false));
  }

  /** "Vragen: 1 Overeenstemming · 1 Niet van toepassing · 1 Nog open · 17 niet behandeld". */
  private void statusCounts(JsonNode r) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String status : List.of("agreed", "not-applicable", "open")) {
      counts.put(status, 0);
    }
    int notReached = 0;
    for (JsonNode step : questions(r)) {
      if (step.path("opened").asBoolean()) {
        counts.merge(step.path("status").asText(), 1, Integer::sum);
      } else {
        notReached++;
      }
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + l.status(status)));
    if (notReached > 0) {
      parts.add(notReached + " " + l.get("notReached").toLowerCase(p.locale));
    }
    add(new Para(l.get("statusCounts") + ": " + String.join(" · ", parts), false));
  }

  // ------------------------------------------------------------------------------------------ layouts

  private void projectPlan(JsonNode r) {
    Map<String, List<JsonNode>> byArea = new LinkedHashMap<>();
    List<JsonNode> other = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (!step.path("opened").asBoolean()) {
        continue;
      }
      if (step.path("type").asText().equals("checklist-question")) {
        byArea.computeIfAbsent(area(step), k -> new ArrayList<>()).add(step);
      } else if (!List.of("info", "agreements", "evaluation").contains(step.path("type").asText())) {
        other.add(step);
      }
    }
    add(new Heading(1, l.get("answersPerArea")));
    byArea.forEach((area, steps) -> {
      add(new Heading(2, area));
      steps.forEach(q -> {
        checklistQuestion(q);
        blocks.addAll(BreakoutPresentation.blocks(q, p, 4));
      });
    });
    other.forEach(this::step);
  }

  private void teamStart(JsonNode r) {
    for (String type : List.of("canvas", "competences", "roles", "cards", "checklist-question", "agreements")) {
      for (JsonNode step : r.path("steps")) {
        if (step.path("type").asText().equals(type) && step.path("opened").asBoolean()) {
          step(step);
        }
      }
    }
  }

  private void generic(JsonNode r) {
    add(new Heading(1, l.get("steps")));
    for (JsonNode step : r.path("steps")) {
      if (step.path("opened").asBoolean()) {
        step(step);
      }
    }
  }

  /** The steps with content that the session never opened, by title: a short list instead of empty tables. */
  private void notReached(JsonNode r) {
    List<String> titles = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (!step.path("opened").asBoolean() && !List.of("info", "agreements", "evaluation").contains(step.path("type").asText())) {
        String type = step.path("type").asText();
        titles.add(step.path("title").asText() + (type.equals("checklist-question") ? " (" + area(step) + ")" : ""));
      }
    }
    if (!titles.isEmpty()) {
      add(new Heading(2, l.get("notReached")));
      add(new Bullets(titles));
    }
  }

  // ------------------------------------------------------------------------------------------ parts

  /**
   * Per organisation its participants, and its facilitators and observers when there are any; an anonymous
   * summary has only the canonical count per organisation (observers not counted), and says so.
   */
  private void participants(JsonNode participants) {
    add(new Heading(1, l.get("participants")));
    boolean anonymous = summary.root().path("anonymous").asBoolean();
    List<List<String>> orgs = new ArrayList<>();
    if (anonymous) {
      for (JsonNode o : participants.path("organisations")) {
        orgs.add(List.of(o.path("name").asText(), String.valueOf(o.path("count").asInt())));
      }
      add(new Table(List.of(l.get("organisation"), l.get("present")), orgs));
      add(new Para(l.get("presentNote"), true));
      return;
    }
    Map<String, int[]> perOrg = new LinkedHashMap<>();
    for (JsonNode o : participants.path("organisations")) {
      perOrg.put(o.path("name").asText(), new int[3]);
    }
    for (JsonNode person : participants.path("people")) {
      int kind = switch (person.path("role").asText()) {
        case "participant" -> 0;
        case "facilitator", "co-facilitator" -> 1;
        default -> 2;
      };
      perOrg.computeIfAbsent(organisationOf(person.path("organisation").asText(), perOrg), k -> new int[3])[kind]++;
    }
    boolean facilitators = perOrg.values().stream().anyMatch(n -> n[1] > 0);
    boolean observers = perOrg.values().stream().anyMatch(n -> n[2] > 0);
    List<String> headers = new ArrayList<>(List.of(l.get("organisation"), l.get("participants")));
    if (facilitators) {
      headers.add(l.get("facilitators"));
    }
    if (observers) {
      headers.add(l.get("observers"));
    }
    perOrg.forEach((org, n) -> {
      List<String> row = new ArrayList<>(List.of(org, String.valueOf(n[0])));
      if (facilitators) {
        row.add(String.valueOf(n[1]));
      }
      if (observers) {
        row.add(String.valueOf(n[2]));
      }
      orgs.add(row);
    });
    add(new Table(headers, orgs));
    List<List<String>> people = new ArrayList<>();
    for (JsonNode person : participants.path("people")) {
      people.add(List.of(person.path("name").asText(), person.path("organisation").asText(),
          person.path("function").asText(), l.get("role." + person.path("role").asText())));
    }
    if (!people.isEmpty()) {
      add(new Table(List.of(l.get("name"), l.get("organisation"), l.get("function"), l.get("role")), people));
    }
  }

  /** The listed organisation a person's organisation belongs to (spelled alike, ignoring case), or itself. */
  private static String organisationOf(String organisation, Map<String, int[]> listed) {
    for (String name : listed.keySet()) {
      if (name.strip().equalsIgnoreCase(organisation.strip())) {
        return name;
      }
    }
    return organisation;
  }

  /** People who took part as participants: not the facilitators, co-facilitators or observers. */
  static int participantCount(JsonNode participants) {
    if (participants.path("people").isEmpty()) { // anonymous: only the canonical count
      int n = 0;
      for (JsonNode o : participants.path("organisations")) {
        n += o.path("count").asInt();
      }
      return n;
    }
    int n = 0;
    for (JsonNode person : participants.path("people")) {
      if (person.path("role").asText().equals("participant")) {
        n++;
      }
    }
    return n;
  }

  private void step(JsonNode step) {
    switch (step.path("type").asText()) {
      case "checklist-question" -> checklistQuestion(step);
      case "cards" -> cards(step);
      case "competences" -> competences(step);
      case "roles" -> roles(step);
      case "canvas" -> canvas(step);
      case "backlog-review" -> backlogReview(step);
      default -> { }
    }
    blocks.addAll(BreakoutPresentation.blocks(step, p, 3));
  }

  private void backlogReview(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode i : step.path("backlog")) {
      String owner = String.join(", ", java.util.stream.Stream.of(i.path("ownerOrganisation").asText(),
          i.path("ownerPerson").asText()).filter(x -> !x.isBlank()).toList());
      rows.add(List.of(i.path("what").asText(), l.get("backlog." + i.path("status").asText()), owner,
          p.date(i.path("due").asText(null)), i.path("note").asText()));
    }
    if (rows.isEmpty()) {
      add(new Para(l.get("backlogEmpty"), true));
    } else {
      add(new Table(List.of(l.get("what"), l.get("status"), l.get("owner"), l.get("due"), l.get("note")), rows));
    }
  }

  private void checklistQuestion(JsonNode step) {
    add(new Heading(3, step.path("title").asText()));
    add(new Para(l.get("question") + ": " + step.path("question").asText(), true));
    List<String> headers = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode a : step.path("answers")) {
      headers.add(a.path("organisation").asText());
      answers.add(orEmpty(a.path("text").asText()));
      rows.add(List.of(a.path("organisation").asText(), orEmpty(a.path("text").asText())));
    }
    Table stacked = new Table(List.of(l.get("organisation"), l.get("answer")), rows);
    if (!headers.isEmpty() && headers.size() <= 4) {
      add(new Table(headers, List.of(answers), stacked)); // side by side
    } else if (!headers.isEmpty()) {
      add(stacked);
    }
    add(new Table(List.of(l.get("joint"), l.get("status")),
        List.of(List.of(orEmpty(step.path("joint").asText()), l.status(step.path("status").asText())))));
    List<String> consent = p.consent(step);
    if (!consent.isEmpty()) {
      add(new Para(l.get("consent") + ":", false));
      add(new Bullets(consent));
    }
  }

  private void cards(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    Map<Integer, String> prompts = new LinkedHashMap<>();
    for (JsonNode pr : step.path("prompts")) {
      prompts.put(pr.path("index").asInt(), pr.path("text").asText());
    }
    List<JsonNode> groups = new ArrayList<>();
    step.path("groups").forEach(groups::add);
    groups.sort((a, b) -> b.path("votes").asInt() - a.path("votes").asInt());
    Map<String, String> groupTitles = new LinkedHashMap<>();
    for (JsonNode g : groups) {
      groupTitles.put(g.path("id").asText(), g.path("title").asText());
    }
    votesChart(step);
    for (JsonNode g : groups) {
      List<JsonNode> cards = new ArrayList<>();
      for (JsonNode c : step.path("cards")) {
        if (g.path("id").asText().equals(c.path("group").asText(null))) {
          cards.add(c);
        }
      }
      add(new Heading(3, l.get("group") + ": " + g.path("title").asText()
          + (g.path("votes").asInt() > 0 ? " (" + g.path("votes").asInt() + " " + l.get("votes").toLowerCase(p.locale) + ")" : "")));
      add(cardTable(cards, prompts));
    }
    Map<Integer, List<JsonNode>> byPrompt = new LinkedHashMap<>();
    for (JsonNode c : step.path("cards")) {
      if (c.path("group").isNull() || !groupTitles.containsKey(c.path("group").asText())) {
        byPrompt.computeIfAbsent(c.path("prompt").asInt(), k -> new ArrayList<>()).add(c);
      }
    }
    byPrompt.forEach((prompt, cards) -> {
      add(new Heading(3, (groups.isEmpty() ? "" : l.get("ungrouped") + ": ") + prompts.getOrDefault(prompt, "")));
      add(cardTable(cards, null));
    });
  }

  /** Cards with their prompt (unless null) and their dots, the dots column only when a card has any. */
  private Table cardTable(List<JsonNode> cards, Map<Integer, String> prompts) {
    boolean votes = cards.stream().anyMatch(c -> c.path("votes").asInt() > 0);
    List<String> headers = new ArrayList<>(List.of(l.get("card")));
    if (prompts != null) {
      headers.add(l.get("prompt"));
    }
    if (votes) {
      headers.add(l.get("votes"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode c : cards) {
      List<String> row = new ArrayList<>(List.of(BreakoutPresentation.withGroup(c, c.path("text").asText(), l)));
      if (prompts != null) {
        row.add(prompts.getOrDefault(c.path("prompt").asInt(), ""));
      }
      if (votes) {
        row.add(String.valueOf(c.path("votes").asInt()));
      }
      rows.add(row);
    }
    return new Table(headers, rows);
  }

  /** The cards with dots, most first (at most ten); nothing when nobody placed a dot. */
  private void votesChart(JsonNode step) {
    List<JsonNode> cards = new ArrayList<>();
    step.path("cards").forEach(c -> {
      if (c.path("votes").asInt() > 0) {
        cards.add(c);
      }
    });
    if (cards.isEmpty()) {
      return;
    }
    cards.sort((a, b) -> b.path("votes").asInt() - a.path("votes").asInt());
    int max = cards.get(0).path("votes").asInt();
    List<Bar> bars = new ArrayList<>();
    for (JsonNode c : cards.subList(0, Math.min(10, cards.size()))) {
      int v = c.path("votes").asInt();
      bars.add(new Bar(c.path("text").asText(), v, -1, false, String.valueOf(v)));
    }
    add(new Chart(l.get("mostVotes"), l.get("card"), max, bars, l.get("votesLegend")));
  }

  private void competences(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode c : step.path("competences")) {
      names.put(c.path("id").asText(), c.path("name").asText());
      String avg = c.path("average").isNull() ? null : c.path("average").asText();
      boolean rated = c.path("count").asInt() > 0;
      bars.add(new Bar(c.path("name").asText(), rated ? Presentation.decimal(avg).doubleValue() : 0,
          rated ? c.path("highest").asInt() : -1, c.path("gap").asBoolean(),
          (rated ? l.get("average").toLowerCase(p.locale) + " " + p.number(avg) + " · " + l.get("highest").toLowerCase(p.locale)
              + " " + c.path("highest").asInt() + (c.path("gap").asBoolean() ? " · " : "") : "")
              + (c.path("gap").asBoolean() ? l.get("isGap") : "")));
      rows.add(List.of(c.path("name").asText(), whole(c.path("highest")), p.number(avg), whole(c.path("spread")),
          String.valueOf(c.path("strong").asInt()), c.path("gap").asBoolean() ? l.get("isGap") : ""));
    }
    int raters = step.path("raters").asInt();
    add(new Chart(l.get("coverage") + " (" + l.get("raters").toLowerCase(p.locale) + ": " + raters + ")",
        l.get("competence"), 5, bars,
        l.get("coverageLegend")));
    add(new Table(List.of(l.get("competence"), l.get("highest"), l.get("average"), l.get("spread"), l.get("strong"),
        l.get("gapShort")), rows));
    List<String> gaps = names(step.path("competences"), c -> c.path("gap").asBoolean());
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
    List<List<String>> stacked = new ArrayList<>();
    names.forEach((id, name) -> {
      List<String> row = new ArrayList<>();
      row.add(name);
      for (int i = 0; i < orgs.size(); i++) {
        String cell = "–";
        for (JsonNode c : orgs.get(i).path("competences")) {
          if (c.path("id").asText().equals(id) && c.path("count").asInt() > 0) {
            cell = p.number(c.path("average").asText()) + " (" + l.get("highest").toLowerCase(p.locale) + " "
                + c.path("highest").asInt() + ")";
          }
        }
        row.add(cell);
        stacked.add(List.of(name, headers.get(i + 1), cell));
      }
      perOrg.add(row);
    });
    add(new Table(headers, perOrg, new Table(List.of(l.get("competence"), l.get("organisation"), l.get("average")),
        stacked)));
  }

  private void roles(JsonNode step) {
    add(new Heading(2, step.path("title").asText()));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode role : step.path("roles")) {
      List<String> who = new ArrayList<>();
      for (JsonNode person : role.path("takenBy")) {
        who.add(person.has("name") ? person.path("name").asText() + " (" + person.path("organisation").asText() + ")"
            : person.path("organisation").asText());
      }
      rows.add(List.of(role.path("name").asText(), who.isEmpty() ? "– " + l.get("nobody") : String.join(", ", who)));
    }
    add(new Table(List.of(l.get("role"), l.get("takenBy")), rows));
    List<String> unfilled = names(step.path("roles"), role -> !role.path("filled").asBoolean());
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
    add(new Heading(2, l.get("agreements")));
    if (agreements.isEmpty()) {
      add(new Para(l.get("noAgreements"), true));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode a : agreements) {
      rows.add(List.of(a.path("what").asText(), a.path("who").asText(), p.date(a.path("due").asText(null)),
          BreakoutPresentation.withGroup(a, a.path("stepTitle").asText(), l)));
    }
    add(new Table(List.of(l.get("what"), l.get("who"), l.get("due"), l.get("fromStep")), rows));
  }

  private void evaluation(JsonNode e) {
    add(new Heading(1, l.get("evaluation")));
    if (e.path("count").asInt() == 0) {
      add(new Para(l.get("noMarks"), true));
      return;
    }
    add(new Para(l.get("averageMark") + ": " + p.number(e.path("average").asText()) + " (" + e.path("count").asInt()
        + " " + l.get("marks") + ")", false));
    List<Bar> bars = new ArrayList<>();
    int max = 1;
    for (int m = 1; m <= 10; m++) {
      max = Math.max(max, e.path("distribution").path(String.valueOf(m)).asInt());
    }
    for (int m = 1; m <= 10; m++) {
      int n = e.path("distribution").path(String.valueOf(m)).asInt();
      bars.add(new Bar(String.valueOf(m), n, -1, false, String.valueOf(n)));
    }
    add(new Chart(l.get("distribution"), l.get("mark"), max, bars, l.get("marksLegend")));
    List<String> tips = new ArrayList<>();
    e.path("tips").forEach(t -> tips.add(t.asText()));
    if (!tips.isEmpty()) {
      add(new Heading(3, l.get("tips")));
      add(new Bullets(tips));
    }
  }

  private void timeline(JsonNode t) {
    add(new Heading(1, l.get("timeline")));
    add(new Para(l.get("startedAt") + ": " + p.dateTime(t.path("startedAt").asText(null)) + " · " + l.get("endedAt")
        + ": " + p.dateTime(t.path("endedAt").asText(null)), false));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode s : t.path("steps")) {
      rows.add(List.of(String.valueOf(s.path("index").asInt() + 1), s.path("title").asText(),
          String.valueOf(s.path("plannedMinutes").asInt()), String.valueOf(Presentation.minutes(s.path("timeSpentMs").asLong()))));
    }
    add(new Table(List.of("#", l.get("step"), l.get("planned"), l.get("spent")), rows));
  }

  // ------------------------------------------------------------------------------------------ helpers

  private void add(Block b) {
    blocks.add(b);
  }

  private static List<JsonNode> questions(JsonNode r) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode step : r.path("steps")) {
      if (step.path("type").asText().equals("checklist-question")) {
        out.add(step);
      }
    }
    return out;
  }

  private static String area(JsonNode step) {
    String area = step.path("area").asText();
    return area.isEmpty() ? "–" : area;
  }

  private static List<String> names(JsonNode list, java.util.function.Predicate<JsonNode> which) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (which.test(n)) {
        out.add(n.path("name").asText());
      }
    }
    return out;
  }

  private String orEmpty(String text) {
    return text == null || text.isBlank() ? l.get("empty") : text;
  }

  private static String whole(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "–" : n.asText();
  }
}

package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nl.werkplaats.room.Agreement;
import nl.werkplaats.room.Assent;
import nl.werkplaats.room.Card;
import nl.werkplaats.room.CardGroup;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Evaluation;
import nl.werkplaats.room.Participant;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SharedText;
import nl.werkplaats.room.StepContent;
import nl.werkplaats.room.StepRuntime;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;

/**
 * Turns an ended room and its template into the summary tree (schema: src/summary/summary.schema.json).
 * A pure function of its inputs: the same room gives the same tree, so the same canonical bytes and hash.
 * Removed participants are not listed, and their ratings, dots and marks do not count; what they wrote in
 * shared texts and cards stays, as it is the room's.
 */
public final class SummaryBuilder {
  public static final int SCHEMA_VERSION = 1;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final RoomState s;
  private final JsonNode template;
  private final String lang;
  private final Map<String, JsonNode> templateSteps = new LinkedHashMap<>();

  private SummaryBuilder(RoomState s, JsonNode template) {
    this.s = s;
    this.template = template == null ? F.objectNode() : template;
    this.lang = "en".equals(s.language) ? "en" : "nl";
    for (JsonNode step : this.template.path("steps")) {
      templateSteps.put(step.path("id").asText(), step);
    }
  }

  /** The summary tree of {@code state} (which has ended at least once), with its template's texts. */
  public static ObjectNode build(RoomState state, JsonNode template) {
    if (state.endCount < 1) {
      throw new IllegalStateException("room " + state.roomId + " has not ended: nothing to freeze");
    }
    return new SummaryBuilder(state, template).build();
  }

  private ObjectNode build() {
    ObjectNode root = F.objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("version", s.endCount);
    root.put("frozenAt", instant(s.endedAt));
    root.put("language", lang);
    root.put("layout", layout());
    root.put("anonymous", s.anonymous);
    if (s.anonymous) {
      root.put("minimumGroupSize", s.minimumGroupSize);
    }
    if (s.selfGuided != null) {
      ObjectNode selfGuided = root.putObject("selfGuided");
      selfGuided.put("guide", s.selfGuided.guide().wire());
      if (s.selfGuided.endedBy() != null) {
        selfGuided.set("endedBy", person(s.selfGuided.endedBy()));
      }
    }
    ObjectNode room = root.putObject("room");
    room.put("id", s.roomId);
    room.put("title", s.title);
    ObjectNode tpl = root.putObject("template");
    tpl.put("id", s.templateId);
    tpl.put("version", s.templateVersion);
    tpl.put("title", text(template.path("title"), s.templateId));
    root.set("participants", participants());
    ArrayNode steps = root.putArray("steps");
    for (int i = 0; i < s.agenda.size(); i++) {
      steps.add(step(i));
    }
    root.set("agreements", agreements());
    List<Evaluation> all = new ArrayList<>();
    for (int i = 0; i < s.agenda.size(); i++) {
      if (s.agenda.get(i).type() == StepType.EVALUATION) {
        all.addAll(evaluations(i));
      }
    }
    root.set("evaluation", evaluation(all));
    root.set("timeline", timeline());
    return root;
  }

  private String layout() {
    String l = template.path("summaryLayout").asText("generic");
    return List.of("project-plan", "team-start", "generic").contains(l) ? l : "generic";
  }

  // ------------------------------------------------------------------------------------------ people

  private List<Participant> present() {
    List<Participant> out = new ArrayList<>();
    for (Participant p : s.participants.values()) {
      if (!p.removed()) {
        out.add(p);
      }
    }
    return out;
  }

  private boolean counts(String participantId) {
    Participant p = s.participant(participantId);
    return p != null && !p.removed();
  }

  private ObjectNode participants() {
    ObjectNode out = F.objectNode();
    List<Participant> people = present();
    out.put("count", people.size());
    Map<String, Integer> perOrg = new LinkedHashMap<>();
    for (String org : s.organisations()) {
      perOrg.put(org, 0);
    }
    for (Participant p : people) {
      if (p.role() != Role.OBSERVER) {
        perOrg.merge(s.canonicalOrganisation(p.organisation()), 1, Integer::sum);
      }
    }
    ArrayNode orgs = out.putArray("organisations");
    perOrg.forEach((org, n) -> orgs.addObject().put("name", org).put("count", n));
    ArrayNode list = out.putArray("people");
    if (!s.anonymous) {
      for (Participant p : people) {
        list.addObject()
            .put("name", p.name())
            .put("organisation", p.organisation())
            .put("function", p.function() == null ? "" : p.function())
            .put("role", DomainJson.MAPPER.convertValue(p.role(), String.class));
      }
    }
    return out;
  }

  /** Name and organisation of a participant, or only the organisation in an anonymous room. */
  private ObjectNode person(String participantId) {
    Participant p = s.participant(participantId);
    ObjectNode out = F.objectNode();
    out.put("organisation", p == null ? "" : p.organisation());
    if (!s.anonymous) {
      out.put("name", p == null ? "" : p.name());
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ steps

  private ObjectNode step(int i) {
    StepSpec spec = s.agenda.get(i);
    JsonNode t = templateSteps.getOrDefault(spec.id(), F.objectNode());
    StepContent c = s.content.get(i);
    StepRuntime rt = s.runtime.get(i);
    ObjectNode out = F.objectNode();
    out.put("index", i);
    out.put("id", spec.id());
    out.put("type", DomainJson.MAPPER.convertValue(spec.type(), String.class));
    out.put("title", text(t.path("title"), spec.id()));
    out.put("opened", rt.opened());
    out.put("timeSpentMs", rt.timeSpentMs());
    switch (spec.type()) {
      case CHECKLIST_QUESTION -> checklist(out, t, c);
      case CARDS -> cards(out, t, c, rt, i);
      case COMPETENCES -> competences(out, t, spec, c);
      case ROLES -> roles(out, t, spec, c);
      case CANVAS -> canvas(out, t, spec, c);
      case AGREEMENTS -> out.put("count", (int) s.agreements.values().stream().filter(a -> a.step() == i).count());
      case EVALUATION -> {
        out.put("tipsPrompt", text(t.path("evaluation").path("tipsPrompt"), ""));
        out.set("evaluation", evaluation(evaluations(i)));
      }
      case BACKLOG_REVIEW -> backlogReview(out);
      case INFO -> { }
    }
    if (s.breakouts.containsKey(i)) {
      out.set("breakout", BreakoutSummary.of(s, s.breakouts.get(i), fieldLabels(t), new Labels(lang).get("joint")));
    }
    return out;
  }

  /** The project's items the session reviewed, as they stood at its end ({@code changed}: the session changed it). */
  private void backlogReview(ObjectNode out) {
    ArrayNode items = out.putArray("backlog");
    for (nl.werkplaats.room.BacklogEntry e : s.backlog.values()) {
      ObjectNode item = items.addObject();
      item.put("id", e.id());
      item.put("what", e.what());
      item.put("status", e.status().wire());
      item.put("ownerOrganisation", e.ownerOrganisation());
      item.put("ownerPerson", e.ownerPerson());
      item.put("due", e.due());
      item.put("note", e.note());
      item.put("changed", !e.changed().isEmpty());
    }
  }

  private void checklist(ObjectNode out, JsonNode t, StepContent c) {
    out.put("area", text(t.path("area"), ""));
    out.put("question", text(t.path("question"), ""));
    List<String> orgs = new ArrayList<>(s.organisations());
    TreeSet<String> others = new TreeSet<>();
    for (String key : c.texts.keySet()) {
      if (key.startsWith("org:") && RoomStateOrgs.find(orgs, key.substring(4)) == null) {
        others.add(key.substring(4));
      }
    }
    orgs.addAll(others);
    ArrayNode answers = out.putArray("answers");
    for (String org : orgs) {
      SharedText st = c.texts.get("org:" + org);
      answers.addObject().put("organisation", org).put("text", st == null ? "" : st.text());
    }
    SharedText joint = c.texts.get("joint");
    out.put("joint", joint == null ? "" : joint.text());
    out.put("status", DomainJson.MAPPER.convertValue(c.status == null ? ChecklistStatus.OPEN : c.status, String.class));
    consent(out, c, joint == null ? 0 : joint.rev());
  }

  /** Who (organisation, and person unless anonymous) assented to which revision of the joint answer. */
  private void consent(ObjectNode out, StepContent c, int jointRev) {
    out.put("jointRev", jointRev);
    ArrayNode consent = out.putArray("consent");
    List<String> orgs = new ArrayList<>(s.organisations());
    for (String org : c.assents.keySet()) {
      if (RoomStateOrgs.find(orgs, org) == null) {
        orgs.add(org); // assented, then everybody of it left: the assent is still recorded
      }
    }
    for (String org : orgs) {
      Assent a = c.assents.get(org);
      ObjectNode n = consent.addObject().put("organisation", org);
      if (a == null) {
        n.put("state", "waiting");
        continue;
      }
      n.put("state", a.rev() == jointRev ? "assented" : "changed-since");
      n.put("rev", a.rev());
      n.put("at", instant(a.at()));
      if (!s.anonymous) {
        n.put("name", personName(a.by()));
      }
    }
    if (c.status == ChecklistStatus.AGREED && c.statusBy != null) {
      out.set("agreedBy", person(c.statusBy));
    } else {
      out.putNull("agreedBy");
    }
  }

  private String personName(String participantId) {
    Participant p = s.participant(participantId);
    return p == null ? "" : p.name();
  }

  private void cards(ObjectNode out, JsonNode t, StepContent c, StepRuntime rt, int step) {
    JsonNode spec = t.path("cards");
    ArrayNode prompts = out.putArray("prompts");
    int p = 0;
    for (JsonNode prompt : spec.path("prompts")) {
      prompts.addObject().put("index", p++).put("text", text(prompt, ""));
    }
    out.put("revealed", rt.revealed());
    Map<String, Integer> votes = new LinkedHashMap<>();
    c.votes.forEach((participant, perCard) -> {
      if (counts(participant)) {
        perCard.forEach((card, n) -> votes.merge(card, n, Integer::sum));
      }
    });
    List<Card> cards = new ArrayList<>(c.cards.values());
    cards.sort(Comparator.comparingInt(Card::prompt)
        .thenComparing(card -> -votes.getOrDefault(card.id(), 0))
        .thenComparingLong(Card::createdAt)
        .thenComparing(Card::id));
    ArrayNode list = out.putArray("cards");
    for (Card card : cards) {
      ObjectNode n = list.addObject();
      n.put("id", card.id());
      n.put("prompt", card.prompt());
      n.put("text", card.text());
      if (card.groupId() == null) {
        n.putNull("group");
      } else {
        n.put("group", card.groupId());
      }
      n.put("votes", votes.getOrDefault(card.id(), 0));
      String from = BreakoutSummary.mergedFrom(s, step, card.id());
      if (from != null) {
        n.put("fromGroup", from);
      }
    }
    ArrayNode groups = out.putArray("groups");
    for (CardGroup g : c.groups.values()) {
      int sum = 0;
      int n = 0;
      for (Card card : cards) {
        if (g.id().equals(card.groupId())) {
          sum += votes.getOrDefault(card.id(), 0);
          n++;
        }
      }
      groups.addObject().put("id", g.id()).put("title", g.title()).put("cards", n).put("votes", sum);
    }
  }

  private void competences(ObjectNode out, JsonNode t, StepSpec spec, StepContent c) {
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode comp : t.path("competences")) {
      names.put(comp.path("id").asText(), text(comp.path("name"), comp.path("id").asText()));
    }
    List<String> ids = spec.competenceIds().isEmpty() ? new ArrayList<>(names.keySet()) : spec.competenceIds();
    Map<String, Map<String, Integer>> ratings = new LinkedHashMap<>();
    c.ratings.forEach((participant, values) -> {
      if (counts(participant)) {
        ratings.put(participant, values);
      }
    });
    out.put("raters", ratings.size());
    ArrayNode coverage = out.putArray("competences");
    for (String id : ids) {
      List<Integer> values = new ArrayList<>();
      ratings.values().forEach(v -> {
        if (v.get(id) != null) {
          values.add(v.get(id));
        }
      });
      ObjectNode n = stats(values);
      n.put("id", id);
      n.put("name", names.getOrDefault(id, id));
      coverage.add(n);
    }
    Map<String, List<String>> byOrg = new LinkedHashMap<>();
    for (String org : s.organisations()) {
      byOrg.put(org, new ArrayList<>());
    }
    for (String participant : ratings.keySet()) {
      byOrg.computeIfAbsent(s.canonicalOrganisation(s.participant(participant).organisation()), k -> new ArrayList<>())
          .add(participant);
    }
    ArrayNode orgs = out.putArray("organisations");
    groups(byOrg).forEach((org, members) -> {
      ObjectNode o = orgs.addObject();
      o.put("organisation", org);
      o.put("raters", members.size());
      if (org.equals(otherOrganisations())) {
        o.put("merged", true);
      }
      ArrayNode list = o.putArray("competences");
      for (String id : ids) {
        List<Integer> values = new ArrayList<>();
        for (String m : members) {
          Integer v = ratings.get(m).get(id);
          if (v != null) {
            values.add(v);
          }
        }
        list.add(stats(values).put("id", id));
      }
    });
    ArrayNode individual = out.putArray("ratings");
    if (!s.anonymous) {
      ratings.forEach((participant, values) -> {
        ObjectNode r = person(participant);
        ObjectNode v = r.putObject("values");
        values.forEach(v::put);
        individual.add(r);
      });
    }
  }

  /**
   * The groups figures are shown for: every organisation in a named session; in an anonymous one only those
   * with at least {@link RoomState#minimumGroupSize} contributors, the smaller ones added up as "other
   * organisations", which is left out too when it is still smaller than that.
   */
  private Map<String, List<String>> groups(Map<String, List<String>> byOrg) {
    if (!s.anonymous) {
      return byOrg;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    byOrg.forEach((org, members) -> {
      if (members.size() >= s.minimumGroupSize) {
        out.put(org, members);
      } else {
        others.addAll(members);
      }
    });
    if (others.size() >= s.minimumGroupSize) {
      out.put(otherOrganisations(), others);
    }
    return out;
  }

  private String otherOrganisations() {
    return "en".equals(lang) ? "Other organisations" : "Overige organisaties";
  }

  /** highest, average, spread (highest - lowest), count, strong (ratings of 4 or 5), gap (nobody at 4 or more). */
  private static ObjectNode stats(List<Integer> values) {
    ObjectNode n = F.objectNode();
    n.put("count", values.size());
    int strong = (int) values.stream().filter(v -> v >= 4).count();
    n.put("strong", strong);
    n.put("gap", strong == 0);
    if (values.isEmpty()) {
      n.putNull("highest");
      n.putNull("lowest");
      n.putNull("average");
      n.putNull("spread");
    } else {
      int hi = values.stream().mapToInt(Integer::intValue).max().orElseThrow();
      int lo = values.stream().mapToInt(Integer::intValue).min().orElseThrow();
      n.put("highest", hi);
      n.put("lowest", lo);
      n.put("average", average(values));
      n.put("spread", hi - lo);
    }
    return n;
  }

  private void roles(ObjectNode out, JsonNode t, StepSpec spec, StepContent c) {
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode role : t.path("roles")) {
      names.put(role.path("id").asText(), text(role.path("name"), role.path("id").asText()));
    }
    List<String> ids = spec.roleIds().isEmpty() ? new ArrayList<>(names.keySet()) : spec.roleIds();
    ArrayNode roles = out.putArray("roles");
    ArrayNode unfilled = out.putArray("unfilled");
    for (String id : ids) {
      ObjectNode r = roles.addObject();
      r.put("id", id);
      r.put("name", names.getOrDefault(id, id));
      ArrayNode takenBy = r.putArray("takenBy");
      for (String participant : c.roleAssignments.getOrDefault(id, List.of())) {
        if (counts(participant)) {
          takenBy.add(person(participant));
        }
      }
      r.put("filled", !takenBy.isEmpty());
      if (takenBy.isEmpty()) {
        unfilled.add(id);
      }
    }
  }

  private Map<String, String> fieldLabels(JsonNode t) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (JsonNode field : t.path("fields")) {
      labels.put(field.path("id").asText(), text(field.path("label"), field.path("id").asText()));
    }
    return labels;
  }

  private void canvas(ObjectNode out, JsonNode t, StepSpec spec, StepContent c) {
    Map<String, String> labels = fieldLabels(t);
    List<String> ids = spec.fieldIds().isEmpty() ? new ArrayList<>(labels.keySet()) : spec.fieldIds();
    ArrayNode fields = out.putArray("fields");
    for (String id : ids) {
      SharedText st = c.texts.get("field:" + id);
      fields.addObject().put("id", id).put("label", labels.getOrDefault(id, id)).put("text", st == null ? "" : st.text());
    }
  }

  // ------------------------------------------------------------------------------------------ agreements, evaluation

  private ArrayNode agreements() {
    List<Agreement> list = new ArrayList<>(s.agreements.values());
    list.sort(Comparator.comparingLong(Agreement::createdAt).thenComparing(Agreement::id));
    ArrayNode out = F.arrayNode();
    for (Agreement a : list) {
      ObjectNode n = out.addObject();
      n.put("id", a.id());
      n.put("what", a.what());
      n.put("who", a.who() == null ? "" : a.who());
      if (a.due() == null || a.due().isBlank()) {
        n.putNull("due");
      } else {
        n.put("due", a.due());
      }
      n.put("step", a.step());
      String stepTitle = "";
      if (a.step() >= 0 && a.step() < s.agenda.size()) {
        StepSpec spec = s.agenda.get(a.step());
        stepTitle = text(templateSteps.getOrDefault(spec.id(), F.objectNode()).path("title"), spec.id());
      }
      n.put("stepTitle", stepTitle);
      String from = BreakoutSummary.mergedFrom(s, a.step(), a.id());
      if (from != null) {
        n.put("fromGroup", from);
      }
    }
    return out;
  }

  private List<Evaluation> evaluations(int step) {
    List<Evaluation> out = new ArrayList<>();
    for (Evaluation e : s.content.get(step).evaluations.values()) {
      if (counts(e.participantId()) && e.mark() != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static ObjectNode evaluation(List<Evaluation> evaluations) {
    ObjectNode out = F.objectNode();
    List<Integer> marks = new ArrayList<>();
    List<String> tips = new ArrayList<>();
    for (Evaluation e : evaluations) {
      marks.add(e.mark());
      if (e.tips() != null && !e.tips().isBlank()) {
        tips.add(e.tips());
      }
    }
    tips.sort(null); // not in the order of the people who wrote them
    out.put("count", marks.size());
    if (marks.isEmpty()) {
      out.putNull("average");
    } else {
      out.put("average", average(marks));
    }
    ObjectNode distribution = out.putObject("distribution");
    for (int m = 1; m <= 10; m++) {
      final int mark = m;
      distribution.put(String.valueOf(m), (int) marks.stream().filter(v -> v == mark).count());
    }
    ArrayNode list = out.putArray("tips");
    tips.forEach(list::add);
    return out;
  }

  private ObjectNode timeline() {
    ObjectNode out = F.objectNode();
    out.put("startedAt", instant(s.startedAt));
    out.put("endedAt", instant(s.endedAt));
    long total = 0;
    ArrayNode steps = out.putArray("steps");
    for (int i = 0; i < s.agenda.size(); i++) {
      StepSpec spec = s.agenda.get(i);
      StepRuntime rt = s.runtime.get(i);
      total += rt.timeSpentMs();
      steps.addObject()
          .put("index", i)
          .put("id", spec.id())
          .put("title", text(templateSteps.getOrDefault(spec.id(), F.objectNode()).path("title"), spec.id()))
          .put("plannedMinutes", spec.durationSeconds() / 60)
          .put("timeSpentMs", rt.timeSpentMs());
    }
    out.put("totalMs", total);
    return out;
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Average as a fixed two-decimal string, rounded half up: "7.67". */
  static String average(List<Integer> values) {
    long sum = 0;
    for (int v : values) {
      sum += v;
    }
    return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP).toPlainString();
  }

  private String text(JsonNode localized, String fallback) {
    if (localized == null || localized.isMissingNode() || localized.isNull()) {
      return fallback;
    }
    if (localized.isTextual()) {
      return localized.asText();
    }
    for (String l : List.of(lang, "nl", "en")) {
      if (localized.path(l).isTextual()) {
        return localized.path(l).asText();
      }
    }
    return fallback;
  }

  private static String instant(long epochMs) {
    return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
  }

  /** Case-insensitive organisation lookup, as the room does it. */
  private static final class RoomStateOrgs {
    static String find(List<String> known, String name) {
      for (String k : known) {
        if (k.equalsIgnoreCase(name.strip())) {
          return k;
        }
      }
      return null;
    }
  }
}

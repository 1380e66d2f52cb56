package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of many sessions of one template, from their frozen summaries, for the organiser's view over time
 * (docs/api.md, "Evaluation over time"): marks per session, marks of the sessions each organisation took part
 * in, and the same instrument compared across sessions. No names, and no figure of a group smaller than
 * {@link #K}: such a figure is null (the page shows "—"), its count stays visible.
 */
public final class SessionFigures {
  /** The smallest group any figure is shown for: three people (marks, raters or participants). */
  public static final int K = 3;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> STATUSES = List.of("agreed", "open", "not-applicable");

  private SessionFigures() {}

  /** One session as the organiser's page lists it: when, how many, its marks and tips (k or more marks). */
  public static ObjectNode marks(Summary s, long endedAt) {
    JsonNode r = s.root();
    JsonNode e = r.path("evaluation");
    int count = e.path("count").asInt();
    ObjectNode out = F.objectNode()
        .put("roomId", s.roomId())
        .put("title", r.path("room").path("title").asText())
        .put("version", s.version())
        .put("templateVersion", r.path("template").path("version").asInt())
        .put("endedAt", endedAt)
        .put("participants", SummaryDocument.participantCount(r.path("participants")))
        .put("count", count);
    out.set("organisations", organisations(r));
    if (count >= K) {
      out.put("average", e.path("average").asText());
      out.set("distribution", e.path("distribution").deepCopy());
      out.set("tips", e.path("tips").deepCopy());
    } else {
      out.putNull("average");
      out.putNull("distribution");
      out.putNull("tips");
    }
    return out;
  }

  /**
   * Per organisation, the marks of all the sessions it took part in together (marks are not attributed to
   * organisations in a summary, so this is what the sessions of that partner gave): sessions, marks, average and
   * distribution when k or more.
   */
  public static ArrayNode byOrganisation(List<Summary> sessions) {
    Map<String, int[]> distributions = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, Integer> sessionCounts = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Summary s : sessions) {
      JsonNode d = s.root().path("evaluation").path("distribution");
      for (JsonNode name : organisations(s.root())) {
        int[] marks = distributions.computeIfAbsent(name.asText(), k -> new int[11]);
        sessionCounts.merge(name.asText(), 1, Integer::sum);
        for (int m = 1; m <= 10; m++) {
          marks[m] += d.path(String.valueOf(m)).asInt();
        }
      }
    }
    ArrayNode out = F.arrayNode();
    distributions.forEach((name, marks) -> {
      int count = count(marks);
      ObjectNode o = out.addObject().put("organisation", name).put("sessions", sessionCounts.get(name)).put("count", count);
      if (count >= K) {
        o.put("average", average(marks));
        ObjectNode dist = o.putObject("distribution");
        for (int m = 1; m <= 10; m++) {
          dist.put(String.valueOf(m), marks[m]);
        }
      } else {
        o.putNull("average");
        o.putNull("distribution");
      }
    });
    return out;
  }

  /**
   * The same instrument across sessions. For the Checklist, per area how many questions each session agreed,
   * left open, found not applicable or did not reach; for competences, the team's average per competence. A
   * session with fewer than k participants (or raters) has null instead of its figures.
   */
  public static ObjectNode comparison(String templateId, List<Summary> sessions, List<Long> endedAt) {
    ObjectNode out = F.objectNode().put("templateId", templateId).put("k", K);
    ArrayNode areaNames = out.putArray("areas");
    ArrayNode competenceNames = out.putArray("competences");
    Map<String, String> competences = new LinkedHashMap<>();
    List<String> areas = new ArrayList<>();
    ArrayNode list = out.putArray("sessions");
    for (int i = 0; i < sessions.size(); i++) {
      Summary s = sessions.get(i);
      JsonNode r = s.root();
      int participants = SummaryDocument.participantCount(r.path("participants"));
      ObjectNode row = list.addObject().put("roomId", s.roomId()).put("title", r.path("room").path("title").asText())
          .put("version", s.version()).put("endedAt", endedAt.get(i)).put("participants", participants);
      Map<String, int[]> perArea = new LinkedHashMap<>();
      ObjectNode coverage = F.objectNode();
      int raters = -1;
      for (JsonNode step : r.path("steps")) {
        String type = step.path("type").asText();
        if (type.equals("checklist-question")) {
          String area = step.path("area").asText();
          if (!areas.contains(area)) {
            areas.add(area);
          }
          int[] n = perArea.computeIfAbsent(area, k -> new int[4]);
          n[step.path("opened").asBoolean() ? STATUSES.indexOf(status(step)) : 3]++;
        } else if (type.equals("competences") && step.path("opened").asBoolean()) {
          raters = Math.max(raters, step.path("raters").asInt());
          for (JsonNode c : step.path("competences")) {
            competences.putIfAbsent(c.path("id").asText(), c.path("name").asText());
            coverage.put(c.path("id").asText(), c.path("average").isTextual() ? c.path("average").asText() : null);
          }
        }
      }
      if (participants < K) {
        row.putNull("areas");
      } else {
        ObjectNode a = row.putObject("areas");
        perArea.forEach((area, n) -> a.putObject(area).put("agreed", n[0]).put("open", n[1])
            .put("notApplicable", n[2]).put("notReached", n[3]));
      }
      row.put("raters", Math.max(raters, 0));
      row.set("competences", raters >= K ? coverage : F.nullNode());
    }
    areas.forEach(areaNames::add);
    competences.forEach((id, name) -> competenceNames.addObject().put("id", id).put("name", name));
    return out;
  }

  /** Sessions of one group for {@link #byGroup}: a project ({@code id} null for the sessions in no project). */
  public record Group(String id, String title, List<Summary> sessions) {}

  /**
   * The same instrument compared across groups of sessions (projects): per group the sessions, the participants
   * together, for the Checklist per area how many questions its sessions agreed, left open, found not applicable
   * or did not reach, and the marks (count and average). Areas are null below k participants, the average below
   * k marks.
   */
  public static ObjectNode byGroup(String templateId, List<Group> groups) {
    ObjectNode out = F.objectNode().put("templateId", templateId).put("k", K).put("by", "project");
    ArrayNode areaNames = out.putArray("areas");
    List<String> areas = new ArrayList<>();
    ArrayNode list = out.putArray("groups");
    for (Group g : groups) {
      int participants = 0;
      int[] marks = new int[11];
      Map<String, int[]> perArea = new LinkedHashMap<>();
      for (Summary s : g.sessions()) {
        JsonNode r = s.root();
        participants += SummaryDocument.participantCount(r.path("participants"));
        JsonNode d = r.path("evaluation").path("distribution");
        for (int m = 1; m <= 10; m++) {
          marks[m] += d.path(String.valueOf(m)).asInt();
        }
        for (JsonNode step : r.path("steps")) {
          if (step.path("type").asText().equals("checklist-question")) {
            String area = step.path("area").asText();
            if (!areas.contains(area)) {
              areas.add(area);
            }
            perArea.computeIfAbsent(area, k -> new int[4])[step.path("opened").asBoolean() ? STATUSES.indexOf(status(step)) : 3]++;
          }
        }
      }
      ObjectNode row = list.addObject();
      if (g.id() == null) {
        row.putNull("projectId");
      } else {
        row.put("projectId", g.id());
      }
      row.put("title", g.title()).put("sessions", g.sessions().size()).put("participants", participants);
      if (participants < K) {
        row.putNull("areas");
      } else {
        ObjectNode a = row.putObject("areas");
        perArea.forEach((area, n) -> a.putObject(area).put("agreed", n[0]).put("open", n[1])
            .put("notApplicable", n[2]).put("notReached", n[3]));
      }
      int count = count(marks);
      row.put("count", count);
      if (count >= K) {
        row.put("average", average(marks));
      } else {
        row.putNull("average");
      }
    }
    areas.forEach(areaNames::add);
    return out;
  }

  /** How many marks a distribution (index 1 to 10) holds. */
  private static int count(int[] marks) {
    int count = 0;
    for (int m = 1; m <= 10; m++) {
      count += marks[m];
    }
    return count;
  }

  /** The average of a distribution with at least one mark, to two decimals ("7.50"). */
  private static String average(int[] marks) {
    long sum = 0;
    for (int m = 1; m <= 10; m++) {
      sum += (long) m * marks[m];
    }
    return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count(marks)), 2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String status(JsonNode step) {
    String status = step.path("status").asText("open").toLowerCase(Locale.ROOT);
    return STATUSES.contains(status) ? status : "open";
  }

  /** The organisations that took part, by name. */
  private static ArrayNode organisations(JsonNode r) {
    ArrayNode names = F.arrayNode();
    r.path("participants").path("organisations").forEach(o -> names.add(o.path("name").asText()));
    return names;
  }
}

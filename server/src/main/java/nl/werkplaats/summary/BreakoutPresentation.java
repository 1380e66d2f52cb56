package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nl.werkplaats.summary.SummaryDocument.Block;
import nl.werkplaats.summary.SummaryDocument.Heading;
import nl.werkplaats.summary.SummaryDocument.Para;
import nl.werkplaats.summary.SummaryDocument.Table;

/**
 * How every rendering shows a step's group work (the summary's {@code breakout}): the groups side by side, one
 * row each, with their members and what they made; and the same as flat rows for CSV and Excel. Nothing at all
 * for a step that was not split.
 */
final class BreakoutPresentation {
  private BreakoutPresentation() {}

  /** The blocks for documents (Markdown, HTML, PDF, Word) under a step's own. */
  static List<Block> blocks(JsonNode step, Presentation p, int level) {
    JsonNode b = step.path("breakout");
    if (b.isMissingNode()) {
      return List.of();
    }
    Labels l = p.l;
    List<Block> out = new ArrayList<>();
    out.add(new Heading(level, l.get("breakout") + ": " + step.path("title").asText()));
    out.add(new Para(l.get("breakout." + b.path("how").asText()), true));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode g : b.path("groups")) {
      rows.add(List.of(g.path("name").asText(), String.join(", ", members(g)), String.join("\n", results(g, p)),
          String.join(", ", merged(g, l))));
    }
    out.add(new Table(List.of(l.get("breakoutGroup"), l.get("members"), l.get("result"), l.get("merged")), rows));
    return out;
  }

  /** Flat rows of one step's group work: group, kind (members, text, status, card, agreement, merged), label, text. */
  static List<List<String>> rows(JsonNode step, Presentation p) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode g : step.path("breakout").path("groups")) {
      String name = g.path("name").asText();
      rows.add(List.of(name, "members", p.l.get("members"), String.join(", ", members(g))));
      for (JsonNode t : g.path("texts")) {
        rows.add(List.of(name, "text", t.path("label").asText(), t.path("text").asText()));
      }
      if (g.has("status")) {
        rows.add(List.of(name, "status", p.l.get("status"), p.l.status(g.path("status").asText())));
      }
      for (JsonNode c : g.path("cards")) {
        rows.add(List.of(name, "card", p.l.get("card"), c.path("text").asText()));
      }
      for (JsonNode a : g.path("agreements")) {
        rows.add(List.of(name, "agreement", p.l.get("agreements"), agreement(a, p)));
      }
      if (!g.path("merged").isEmpty()) {
        rows.add(List.of(name, "merged", p.l.get("merged"), String.join(", ", merged(g, p.l))));
      }
    }
    return rows;
  }

  private static List<String> members(JsonNode g) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : g.path("members")) {
      out.add(m.has("name") ? m.path("name").asText() + " (" + m.path("organisation").asText() + ")"
          : m.path("organisation").asText());
    }
    return out;
  }

  private static List<String> results(JsonNode g, Presentation p) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : g.path("texts")) {
      out.add(t.path("label").asText() + ": " + t.path("text").asText());
    }
    if (g.has("status")) {
      out.add(p.l.get("status") + ": " + p.l.status(g.path("status").asText()));
    }
    for (JsonNode c : g.path("cards")) {
      out.add("• " + c.path("text").asText() + (c.path("votes").asInt() > 0
          ? " (" + c.path("votes").asInt() + " " + p.l.get("votes").toLowerCase(p.locale) + ")" : ""));
    }
    for (JsonNode a : g.path("agreements")) {
      out.add(p.l.get("agreements") + ": " + agreement(a, p));
    }
    return out;
  }

  private static String agreement(JsonNode a, Presentation p) {
    String who = a.path("who").asText();
    String due = a.path("due").isNull() ? "" : p.date(a.path("due").asText());
    return a.path("what").asText() + (who.isBlank() && due.isBlank() ? ""
        : " (" + String.join(", ", java.util.stream.Stream.of(who, due).filter(x -> !x.isBlank()).toList()) + ")");
  }

  private static List<String> merged(JsonNode g, Labels l) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : g.path("merged")) {
      out.add(l.get("merged." + m.asText()));
    }
    return out;
  }

  /** A plenary item's text, with the group it was merged from when it was. */
  static String withGroup(JsonNode item, String text, Labels l) {
    return item.has("fromGroup") ? text + " (" + l.fromGroup(item.path("fromGroup").asText()) + ")" : text;
  }
}

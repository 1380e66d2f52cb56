package nl.werkplaats.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import nl.werkplaats.room.Agreement;
import nl.werkplaats.room.Breakout;
import nl.werkplaats.room.BreakoutGroup;
import nl.werkplaats.room.Card;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Participant;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SharedText;

/**
 * The part of the summary about a step that was split into groups: per group its name, its members (the
 * organisation, and the name unless the session is anonymous) and what it made in its own space, and what of
 * it was taken into the plenary. Only steps that were split get it, so that a summary without groups keeps its
 * bytes.
 */
final class BreakoutSummary {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private BreakoutSummary() {}

  /** {@code fieldLabels}: canvas field id to its label; {@code jointLabel}: the joint answer's. */
  static ObjectNode of(RoomState s, Breakout b, Map<String, String> fieldLabels, String jointLabel) {
    ObjectNode out = F.objectNode();
    out.put("how", b.how);
    ArrayNode groups = out.putArray("groups");
    for (BreakoutGroup g : b.groups) {
      ObjectNode n = groups.addObject();
      n.put("no", g.no);
      n.put("name", g.name);
      ArrayNode members = n.putArray("members");
      for (String id : g.members) {
        Participant p = s.participant(id);
        if (p != null && !p.removed()) {
          ObjectNode m = members.addObject().put("organisation", p.organisation());
          if (!s.anonymous) {
            m.put("name", p.name());
          }
        }
      }
      ArrayNode texts = n.putArray("texts");
      for (Map.Entry<String, SharedText> t : new TreeMap<>(g.content.texts).entrySet()) {
        if (t.getValue().text().isBlank()) {
          continue;
        }
        String key = t.getKey();
        String label = key.equals("joint") ? jointLabel
            : key.startsWith("org:") ? key.substring(4)
            : fieldLabels.getOrDefault(key.substring(key.indexOf(':') + 1), key);
        texts.addObject().put("key", key).put("label", label).put("text", t.getValue().text());
      }
      if (g.content.status != null && g.content.status != ChecklistStatus.OPEN) {
        n.put("status", DomainJson.MAPPER.convertValue(g.content.status, String.class));
      }
      ArrayNode cards = n.putArray("cards");
      for (Card c : g.content.cards.values()) {
        int votes = 0;
        for (Map.Entry<String, Map<String, Integer>> v : g.content.votes.entrySet()) {
          Participant voter = s.participant(v.getKey());
          if (voter != null && !voter.removed()) {
            votes += v.getValue().getOrDefault(c.id(), 0);
          }
        }
        cards.addObject().put("prompt", c.prompt()).put("text", c.text()).put("votes", votes);
      }
      ArrayNode agreements = n.putArray("agreements");
      for (Agreement a : g.agreements.values()) {
        ObjectNode an = agreements.addObject().put("what", a.what()).put("who", a.who() == null ? "" : a.who());
        if (a.due() == null || a.due().isBlank()) {
          an.putNull("due");
        } else {
          an.put("due", a.due());
        }
      }
      ArrayNode merged = n.putArray("merged");
      for (Breakout.Merge m : b.merges) {
        if (m.group() == g.no) {
          merged.add(m.what());
        }
      }
    }
    return out;
  }

  /** The name of the group a plenary card or agreement came from, or null. */
  static String mergedFrom(RoomState s, int step, String itemId) {
    Breakout b = s.breakouts.get(step);
    Integer no = b == null ? null : b.mergedFrom(itemId);
    return no == null ? null : b.group(no).name;
  }
}

package nl.werkplaats.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nl.werkplaats.room.Agreement;
import nl.werkplaats.room.BacklogEntry;
import nl.werkplaats.room.BacklogStatus;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.Partners;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;

/**
 * What a frozen session brings to its project's backlog, worked out from the room alone (no I/O): its
 * agreements and tasks, the checklist questions it opened and left open, and the changes of its backlog
 * review. Writing it ({@link ProjectStore#harvest}) happens once per end.
 */
public record Harvest(List<NewItem> newItems, List<Review> reviews) {

  /** A new item; {@code originRef} (agreement id, step id) keeps it from being added twice. */
  public record NewItem(BacklogItem item, String originRef) {}

  /** The fields of an existing item a backlog review changed, by their API names. */
  public record Review(String itemId, Map<String, String> changes) {}

  /**
   * @param template the room's template JSON (for step titles and questions), or null
   * @param ids makes a new item id
   */
  public static Harvest of(String projectId, RoomState s, JsonNode template, Supplier<String> ids) {
    String lang = s.language == null ? "nl" : s.language;
    List<NewItem> items = new ArrayList<>();
    long at = s.endedAt;
    for (Agreement a : s.agreements.values()) {
      String step = s.agenda.get(a.step()).id();
      Partners.Match owner = Partners.match(s.partners, a.who());
      boolean byOrganisation = owner.kind() == Partners.Match.Kind.EXACT;
      items.add(new NewItem(new BacklogItem(ids.get(), projectId, a.what(), byOrganisation ? owner.partner() : "",
          byOrganisation ? "" : a.who(), a.due(), BacklogStatus.OPEN, "", s.roomId, step, "agreement",
          label(s, template, a.step(), lang), at, at), a.id()));
    }
    for (int i = 0; i < s.agenda.size(); i++) {
      StepSpec spec = s.agenda.get(i);
      ChecklistStatus status = s.content.get(i).status;
      if (spec.type() != StepType.CHECKLIST_QUESTION || !s.runtime.get(i).opened()
          || status == ChecklistStatus.AGREED || status == ChecklistStatus.NOT_APPLICABLE) {
        continue;
      }
      JsonNode step = templateStep(template, spec.id());
      String question = text(step.path("question"), lang, text(step.path("title"), lang, spec.id()));
      items.add(new NewItem(new BacklogItem(ids.get(), projectId, ("en".equals(lang) ? "Open point: " : "Open punt: ")
          + question, "", "", null, BacklogStatus.OPEN, "", s.roomId, spec.id(), "open-point",
          label(s, template, i, lang), at, at), spec.id()));
    }
    List<Review> reviews = new ArrayList<>();
    for (BacklogEntry e : s.backlog.values()) {
      if (e.changed().isEmpty()) {
        continue;
      }
      Map<String, String> all = new LinkedHashMap<>();
      all.put("status", e.status().wire());
      all.put("ownerOrganisation", e.ownerOrganisation());
      all.put("ownerPerson", e.ownerPerson());
      all.put("due", e.due());
      all.put("note", e.note());
      Map<String, String> changes = new LinkedHashMap<>();
      for (String field : e.changed()) {
        changes.put(field, all.get(field)); // only what the room changed: never undoes the organiser's edits
      }
      reviews.add(new Review(e.id(), changes));
    }
    return new Harvest(items, reviews);
  }

  /** "Session title – step title": where an item came from, for people. */
  static String label(RoomState s, JsonNode template, int step, String lang) {
    String id = s.agenda.get(step).id();
    return s.title + " – " + text(templateStep(template, id).path("title"), lang, id);
  }

  private static JsonNode templateStep(JsonNode template, String id) {
    if (template != null) {
      for (JsonNode step : template.path("steps")) {
        if (id.equals(step.path("id").asText())) {
          return step;
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String text(JsonNode localized, String lang, String fallback) {
    String t = localized.path(lang).asText("");
    return t.isBlank() ? localized.path("nl").asText(fallback) : t;
  }
}

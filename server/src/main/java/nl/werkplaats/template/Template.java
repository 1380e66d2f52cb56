package nl.werkplaats.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;

/** A validated workshop template: its JSON as written, and what a room needs from it. */
public record Template(String id, int version, JsonNode json, boolean builtIn) {

  public String title(String language) {
    JsonNode title = json.path("title");
    return title.path(language).asText(title.path("nl").asText(id));
  }

  /** The steps as the room domain judges commands by them. */
  public List<StepSpec> agenda() {
    List<StepSpec> agenda = new ArrayList<>();
    for (JsonNode step : json.path("steps")) {
      StepType type = StepType.valueOf(step.path("type").asText().toUpperCase().replace('-', '_'));
      JsonNode cards = step.path("cards");
      agenda.add(new StepSpec(
          step.path("id").asText(),
          type,
          step.path("durationMinutes").asInt() * 60,
          cards.path("privateUntilReveal").asBoolean(false),
          cards.path("votesPerParticipant").asInt(0),
          cards.path("maxCardsPerParticipant").asInt(type == StepType.CARDS ? 10 : 0),
          cards.path("prompts").size(),
          ids(step.path("competences")),
          ids(step.path("roles")),
          ids(step.path("fields"))));
    }
    return agenda;
  }

  /** The template as a participant may see it: without the facilitator's notes. */
  public JsonNode forParticipants() {
    ObjectNode copy = json.deepCopy();
    for (JsonNode step : (ArrayNode) copy.withArray("steps")) {
      ((ObjectNode) step).remove("facilitatorNotes");
    }
    return copy;
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : array) {
      ids.add(item.path("id").asText());
    }
    return ids;
  }
}

package nl.werkplaats.room;

import java.util.List;

/**
 * What the room needs to know about one step of its pinned template to judge commands: its type and the
 * ids and settings answers must match. Texts stay in the template.
 */
public record StepSpec(
    String id,
    StepType type,
    int durationSeconds,
    boolean privateUntilReveal,
    int votesPerParticipant,
    int maxCardsPerParticipant,
    int prompts,
    List<String> competenceIds,
    List<String> roleIds,
    List<String> fieldIds) {

  public StepSpec {
    competenceIds = competenceIds == null ? List.of() : List.copyOf(competenceIds);
    roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
    fieldIds = fieldIds == null ? List.of() : List.copyOf(fieldIds);
  }

  public static StepSpec simple(String id, StepType type, int durationSeconds) {
    return new StepSpec(id, type, durationSeconds, false, 0, 0, 0, List.of(), List.of(), List.of());
  }
}

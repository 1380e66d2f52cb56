package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of step a workshop template is made of; each has its own answer model. */
public enum StepType {
  @JsonProperty("info") INFO,
  @JsonProperty("checklist-question") CHECKLIST_QUESTION,
  @JsonProperty("cards") CARDS,
  @JsonProperty("competences") COMPETENCES,
  @JsonProperty("roles") ROLES,
  @JsonProperty("canvas") CANVAS,
  @JsonProperty("agreements") AGREEMENTS,
  @JsonProperty("evaluation") EVALUATION,
  @JsonProperty("backlog-review") BACKLOG_REVIEW
}

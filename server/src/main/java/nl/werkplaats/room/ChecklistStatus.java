package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the partners stand on one checklist question. */
public enum ChecklistStatus {
  @JsonProperty("open") OPEN,
  @JsonProperty("agreed") AGREED,
  @JsonProperty("not-applicable") NOT_APPLICABLE
}

package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a person in a room may do. The server checks it on every command; clients only hide buttons. */
public enum Role {
  @JsonProperty("facilitator") FACILITATOR,
  @JsonProperty("co-facilitator") CO_FACILITATOR,
  @JsonProperty("participant") PARTICIPANT,
  @JsonProperty("observer") OBSERVER;

  /** Facilitator and co-facilitators run the flow of the session. */
  public boolean runsFlow() {
    return this == FACILITATOR || this == CO_FACILITATOR;
  }

  /**
   * Whose organisation answers in the room (organisation answers, progress, the summary): participants and
   * co-facilitators (a participant promoted keeps their organisation). The facilitator hosts: their
   * organisation answers only when a participant or co-facilitator of it is in the room.
   */
  public boolean answersForOrganisation() {
    return this == PARTICIPANT || this == CO_FACILITATOR;
  }

  /** Everybody but observers contributes answers. */
  public boolean contributes() {
    return this != OBSERVER;
  }
}

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

  /** Everybody but observers contributes answers. */
  public boolean contributes() {
    return this != OBSERVER;
  }
}

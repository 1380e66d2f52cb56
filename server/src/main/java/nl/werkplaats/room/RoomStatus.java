package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a session is in its life: waiting to start, running, paused by the facilitator, or ended. */
public enum RoomStatus {
  @JsonProperty("lobby") LOBBY,
  @JsonProperty("running") RUNNING,
  @JsonProperty("paused") PAUSED,
  @JsonProperty("ended") ENDED
}

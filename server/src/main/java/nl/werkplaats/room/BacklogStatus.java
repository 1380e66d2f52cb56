package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a backlog item of a project stands. */
public enum BacklogStatus {
  @JsonProperty("open") OPEN,
  @JsonProperty("in-progress") IN_PROGRESS,
  @JsonProperty("done") DONE,
  @JsonProperty("dropped") DROPPED;

  /** The wire name ({@code in-progress}), or null for an unknown one. */
  public static BacklogStatus fromWire(String wire) {
    for (BacklogStatus s : values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    return null;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}

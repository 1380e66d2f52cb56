package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a session without a facilitator is run: who moves it ({@link Guide}), who holds the chair now (in
 * {@link Guide#CHAIR} sessions; null before the first participant joined, and always null when anyone moves),
 * and who ended it last (null until then). A room without this is led by a facilitator. Rules: {@link Chair}.
 */
public record SelfGuided(Guide guide, String chairId, String endedBy) {

  /** Who may move a self-guided session through its steps. */
  public enum Guide {
    /** Every participant (not observers). */
    @JsonProperty("anyone") ANYONE,
    /** Only the chair: the first participant to join, until the chair is passed or taken. */
    @JsonProperty("chair") CHAIR;

    /** The wire name ({@code chair}), or null for an unknown one. */
    public static Guide fromWire(String wire) {
      for (Guide g : values()) {
        if (g.wire().equals(wire)) {
          return g;
        }
      }
      return null;
    }

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * How a new room is run, from the organiser's choice: {@code facilitation} "facilitator" (or null) gives null,
   * a session led by a facilitator; "self-guided" one moved by {@code guide} "anyone" (or null) or "chair".
   * Anything else, or a guide for a session led by a facilitator, is refused with {@code invalid_value}.
   */
  public static SelfGuided chosen(String facilitation, String guide) {
    Guide g = guide == null ? Guide.ANYONE : Guide.fromWire(guide);
    if (g == null) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "guide is anyone or chair");
    }
    if (facilitation == null || facilitation.equals("facilitator")) {
      if (guide != null) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "guide is only for a self-guided session");
      }
      return null;
    }
    if (!facilitation.equals("self-guided")) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "facilitation is facilitator or self-guided");
    }
    return of(g);
  }

  public static SelfGuided of(Guide guide) {
    return new SelfGuided(guide, null, null);
  }

  public SelfGuided withChair(String participantId) {
    return new SelfGuided(guide, participantId, endedBy);
  }

  public SelfGuided endedBy(String participantId) {
    return new SelfGuided(guide, chairId, participantId);
  }
}

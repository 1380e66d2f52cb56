package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An event with its place on the room's clock. {@code id} and {@code chain} (the room's history hash after
 * this event) are set by the cluster when it applies a command; the domain itself works without them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SequencedEvent(long seq, Event event, String id, String chain) {
  public SequencedEvent(long seq, Event event) {
    this(seq, event, null, null);
  }

  /** The same place in history with another (for example redacted) event. */
  public SequencedEvent withEvent(Event other) {
    return new SequencedEvent(seq, other, id, chain);
  }
}

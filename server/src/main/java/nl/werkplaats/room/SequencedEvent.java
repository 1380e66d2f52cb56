package nl.werkplaats.room;

/** An event with its place on the room's clock. */
public record SequencedEvent(long seq, Event event) {}

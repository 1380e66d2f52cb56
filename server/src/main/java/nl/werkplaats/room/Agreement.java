package nl.werkplaats.room;

/** A concrete agreement or task: what, who, by when (ISO date or null), and the step it came from. */
public record Agreement(
    String id, int step, String what, String who, String due, String createdBy, long createdAt, long updatedAt) {}

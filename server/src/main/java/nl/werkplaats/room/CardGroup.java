package nl.werkplaats.room;

/** A heading under which the facilitator gathers cards. */
public record CardGroup(String id, String title) {}

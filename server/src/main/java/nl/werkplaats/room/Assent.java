package nl.werkplaats.room;

/**
 * One organisation's assent to the joint answer of a checklist question: to revision {@code rev} of the
 * joint text, given by {@code by} (any of its people) at {@code at}. It counts while the joint text is still
 * at that revision; an edit after it asks the organisation again ("changed since").
 */
public record Assent(String organisation, int rev, String by, long at) {}

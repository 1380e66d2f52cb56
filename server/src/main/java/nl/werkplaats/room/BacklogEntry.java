package nl.werkplaats.room;

/**
 * One item of the project's backlog as a backlog review sees it: seeded into the room when the session is made
 * (from the project's open items), changed live by the room, written back to the project when the session is
 * frozen. {@code id} is the project's item id; {@code origin} says where it came from, for people;
 * {@code changed} is true once the room changed it (only changed items are written back).
 */
public record BacklogEntry(
    String id, String what, String ownerOrganisation, String ownerPerson, String due, BacklogStatus status,
    String note, String origin, boolean changed, String updatedBy, long updatedAt) {

  public BacklogEntry {
    ownerOrganisation = ownerOrganisation == null ? "" : ownerOrganisation;
    ownerPerson = ownerPerson == null ? "" : ownerPerson;
    note = note == null ? "" : note;
    origin = origin == null ? "" : origin;
  }

  /** As seeded from the project: nothing changed yet. */
  public static BacklogEntry seeded(String id, String what, String ownerOrganisation, String ownerPerson, String due,
      BacklogStatus status, String note, String origin) {
    return new BacklogEntry(id, what, ownerOrganisation, ownerPerson, due, status, note, origin, false, null, 0);
  }
}

package nl.werkplaats.room;

/**
 * One item of the project's backlog as a backlog review sees it: seeded into the room when the session is made
 * (from the project's open items), changed live by the room, written back to the project when the session is
 * frozen. {@code id} is the project's item id; {@code origin} says where it came from, for people;
 * {@code changed} names the fields the room changed ({@code status}, {@code ownerOrganisation},
 * {@code ownerPerson}, {@code due}, {@code note}): only those are written back, so that the room never undoes
 * what the organiser changed in the backlog meanwhile.
 */
public record BacklogEntry(
    String id, String what, String ownerOrganisation, String ownerPerson, String due, BacklogStatus status,
    String note, String origin, java.util.List<String> changed, String updatedBy, long updatedAt) {

  public BacklogEntry {
    ownerOrganisation = ownerOrganisation == null ? "" : ownerOrganisation;
    ownerPerson = ownerPerson == null ? "" : ownerPerson;
    note = note == null ? "" : note;
    origin = origin == null ? "" : origin;
    changed = changed == null ? java.util.List.of() : java.util.List.copyOf(changed);
  }

  /** As seeded from the project: nothing changed yet. */
  public static BacklogEntry seeded(String id, String what, String ownerOrganisation, String ownerPerson, String due,
      BacklogStatus status, String note, String origin) {
    return new BacklogEntry(id, what, ownerOrganisation, ownerPerson, due, status, note, origin, null, null, 0);
  }
}

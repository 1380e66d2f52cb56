package nl.werkplaats.project;

import nl.werkplaats.room.BacklogStatus;

/**
 * One item of a project's shared backlog: what, whose (organisation and person), by when, where it stands, and
 * where it came from: the session ({@code originRoom}), its step, the kind ({@code agreement}, {@code open-point},
 * {@code tip} or {@code manual}) and a label for people.
 */
public record BacklogItem(String id, String projectId, String what, String ownerOrganisation, String ownerPerson,
    String due, BacklogStatus status, String note, String originRoom, String originStep, String originKind,
    String originLabel, long createdAt, long updatedAt) {

  /** One change of an item, as the history keeps it. */
  public record Change(String field, String from, String to, String by, long at) {}
}

package nl.werkplaats.room;

/** A person in the room: who they are, which organisation they represent, and their role. */
public record Participant(
    String id, String name, String organisation, String function, Role role, long joinedAt, boolean removed) {

  public Participant withRole(Role newRole) {
    return new Participant(id, name, organisation, function, newRole, joinedAt, removed);
  }

  /** As others see this person in an anonymous room: their organisation, not their name or function. */
  public Participant withoutName() {
    return new Participant(id, "", organisation, "", role, joinedAt, removed);
  }

  public Participant asRemoved() {
    return new Participant(id, name, organisation, function, role, joinedAt, true);
  }
}

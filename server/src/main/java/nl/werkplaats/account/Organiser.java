package nl.werkplaats.account;

/**
 * Someone who runs workshops: an organiser account, or the administrator (whoever holds the organiser key,
 * for automation), who manages every session.
 */
public record Organiser(String id, String email, String displayName) {
  /** The holder of the organiser key. */
  public static final Organiser ADMINISTRATOR = new Organiser("administrator", "", "administrator");

  public boolean administrator() {
    return this == ADMINISTRATOR || ADMINISTRATOR.id.equals(id);
  }
}

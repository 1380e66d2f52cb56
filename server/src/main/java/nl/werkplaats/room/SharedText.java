package nl.werkplaats.room;

/** A text several people edit together; {@code rev} counts its accepted changes. */
public record SharedText(String text, int rev, String updatedBy, long updatedAt) {
  public static final SharedText EMPTY = new SharedText("", 0, null, 0);
}

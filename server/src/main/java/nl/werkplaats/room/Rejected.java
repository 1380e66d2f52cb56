package nl.werkplaats.room;

/** A command the room refuses, with a code from the fixed list and a message a person can read. */
public final class Rejected extends RuntimeException {
  private final ErrorCode code;

  public Rejected(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}

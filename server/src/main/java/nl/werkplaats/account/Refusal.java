package nl.werkplaats.account;

/** A request refused with an HTTP status and an error code ({@code {"error","message"}}). */
public final class Refusal extends RuntimeException {
  private final int status;
  private final String code;

  public Refusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}

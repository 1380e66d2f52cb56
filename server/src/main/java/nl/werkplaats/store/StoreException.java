package nl.werkplaats.store;

/** The database failed (unreachable, constraint, corrupt row); the cause says why. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

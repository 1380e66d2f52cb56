package nl.werkplaats.store;

/**
 * Another member took the room since this member did (a newer ownership epoch is stored): this member's
 * copy is stale (it is on the minority side of a network partition, or it was paused and declared dead).
 * The change is refused by the store; nothing of it is stored.
 */
public final class StaleOwnerException extends StoreException {
  public StaleOwnerException(String message) {
    super(message, null);
  }
}

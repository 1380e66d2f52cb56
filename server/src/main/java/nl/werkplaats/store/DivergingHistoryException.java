package nl.werkplaats.store;

/**
 * The store already holds a seq of a room from another command: the member's copy of the room is behind the
 * store (a backup promoted after its primary stored a change it never replicated, or a member that was
 * declared dead and keeps running). The change is refused; the room must be read back from the store.
 */
public final class DivergingHistoryException extends StoreException {
  public DivergingHistoryException(String message) {
    super(message, null);
  }
}

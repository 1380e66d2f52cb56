package nl.werkplaats.room;

/**
 * A short note a participant adds in a cards step. A card that is private until reveal is shown to others
 * with {@code hidden = true} and no text until the facilitator reveals the step.
 */
public record Card(
    String id, String authorId, int prompt, String text, String groupId, boolean privateUntilReveal, boolean hidden,
    long createdAt) {

  public Card withText(String value) {
    return new Card(id, authorId, prompt, value, groupId, privateUntilReveal, hidden, createdAt);
  }

  public Card inGroup(String value) {
    return new Card(id, authorId, prompt, text, value, privateUntilReveal, hidden, createdAt);
  }

  public Card redacted() {
    return new Card(id, authorId, prompt, "", groupId, privateUntilReveal, true, createdAt);
  }

  /** The same card, shown as written by {@code author} (an alias in an anonymous room). */
  public Card byAuthor(String author) {
    return new Card(id, author, prompt, text, groupId, privateUntilReveal, hidden, createdAt);
  }
}

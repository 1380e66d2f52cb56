package nl.werkplaats.room;

/** A participant's mark (1 to 10) and tips for the session; hidden from others until revealed. */
public record Evaluation(String participantId, Integer mark, String tips, boolean hidden) {
  public Evaluation redacted() {
    return new Evaluation(participantId, null, "", true);
  }

  /** The same evaluation under {@code id} (an alias, as others see it). */
  public Evaluation by(String id) {
    return new Evaluation(id, mark, tips, hidden);
  }
}

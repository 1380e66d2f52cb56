package nl.werkplaats.room;

/** Text operations as tests write them. */
public final class Texts {
  private Texts() {}

  /** Types {@code text} into a text that is still empty (revision 0). */
  public static Command.EditText typed(int step, String key, String text) {
    return new Command.EditText(step, key, 0, TextOp.insertAt(0, 0, text, false), null);
  }

  /** Replaces the whole text as it is now in {@code s} by {@code text}. */
  public static Command.EditText replace(RoomState s, int step, String key, String text) {
    SharedText current = s.content.get(step).texts.getOrDefault(key, SharedText.EMPTY);
    return new Command.EditText(step, key, current.rev(), TextOp.replace(current.text(), text), null);
  }

  /** The current revision of a text. */
  public static int rev(RoomState s, int step, String key) {
    return s.content.get(step).texts.getOrDefault(key, SharedText.EMPTY).rev();
  }
}

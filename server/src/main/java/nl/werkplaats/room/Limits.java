package nl.werkplaats.room;

/** Sizes the room enforces on everything a person can type. Documented in docs/protocol.md. */
public final class Limits {
  public static final int NAME = 80;
  public static final int ORGANISATION = 120;
  public static final int FUNCTION = 80;
  public static final int SHARED_TEXT = 10_000;
  public static final int CARD = 500;
  public static final int GROUP_TITLE = 120;
  public static final int AGREEMENT_WHAT = 500;
  public static final int AGREEMENT_WHO = 120;
  public static final int TIPS = 2_000;
  public static final int BACKLOG_NOTE = 2_000;
  /** Items a backlog review takes into its room. */
  public static final int BACKLOG_ITEMS = 500;
  public static final int PARTICIPANTS = 1_000;
  public static final int AGREEMENTS = 500;
  public static final int GROUPS_PER_STEP = 50;
  /** Breakout groups one step is split into. */
  public static final int BREAKOUT_GROUPS = 50;
  /** A message the facilitator sends to every breakout group. */
  public static final int BROADCAST = 500;
  /** Moves remembered for undo-advance: in practice the whole session. */
  public static final int HISTORY = 1_000;
  /** Components of one text operation. */
  public static final int TEXT_OP_COMPONENTS = 200;
  /** Recent operations a room keeps per shared text, to transform operations made against older revisions. */
  public static final int TEXT_HISTORY = 100;
  public static final int MAX_TIMER_SECONDS = 4 * 3600;

  private Limits() {}

  static String text(String value, int max, String what) {
    if (value == null) {
      throw new Rejected(ErrorCode.INVALID_VALUE, what + " is missing");
    }
    if (value.codePointCount(0, value.length()) > max) {
      throw new Rejected(ErrorCode.TEXT_TOO_LONG, what + " is longer than " + max + " characters");
    }
    return value;
  }

  static String required(String value, int max, String what) {
    String trimmed = text(value, max, what).strip();
    if (trimmed.isEmpty()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, what + " is empty");
    }
    return trimmed;
  }
}

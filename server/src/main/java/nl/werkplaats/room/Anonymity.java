package nl.werkplaats.room;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rules of an anonymous session. Nobody but the facilitators sees names; what one person rated, dotted,
 * wrote on a card or marked reaches everybody else (facilitators included) under an alias, never under the
 * person's id, so that no screen can add it up per organisation. Per-organisation figures are made only by
 * the summary, and only for groups of at least {@link RoomState#minimumGroupSize} people.
 */
public final class Anonymity {
  /** The minimum group size when the organiser does not choose one. */
  public static final int DEFAULT_MINIMUM_GROUP_SIZE = 3;
  /** The largest minimum group size a session may ask for. */
  public static final int MAX_MINIMUM_GROUP_SIZE = 50;

  private Anonymity() {}

  /** {@code value} as a minimum group size, or the default when absent; 2 to 50, otherwise rejected. */
  public static int minimumGroupSize(Integer value) {
    if (value == null) {
      return DEFAULT_MINIMUM_GROUP_SIZE;
    }
    if (value < 2 || value > MAX_MINIMUM_GROUP_SIZE) {
      throw new Rejected(ErrorCode.INVALID_GROUP_SIZE,
          "minimumGroupSize runs from 2 to " + MAX_MINIMUM_GROUP_SIZE + " (a group of one is a person)");
    }
    return value;
  }

  /**
   * The alias others see for {@code participantId}: the same for the whole session, different per session, and
   * not to be traced back to the person without the room's secret (the hash of its facilitator link).
   */
  public static String alias(RoomState s, String participantId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(s.facilitatorTokenHash).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '|');
      sha.update(s.roomId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '|');
      byte[] digest = sha.digest(participantId.getBytes(StandardCharsets.UTF_8));
      return "anon-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The alias of {@code participantId} in an anonymous room, or null in a room where people are named. */
  static String aliasIfAnonymous(RoomState s, String participantId) {
    return s.anonymous ? alias(s, participantId) : null;
  }
}

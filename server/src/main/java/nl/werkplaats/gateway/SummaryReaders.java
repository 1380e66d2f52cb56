package nl.werkplaats.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The read-only credential that every person in a session gets when it ends: it reads that room's frozen
 * summaries (list and downloads) and nothing else (docs/api.md, "Results for every participant").
 *
 * <p>The token is derived, not drawn: an HMAC-SHA-256 of the room id under a key derived from the
 * organiser key. So every node of a cluster (they share the organiser key) makes and checks the same token
 * for a room, it survives restarts without being stored anywhere, and a node can hand it again to someone
 * who comes back to an ended session. It is compared as a SHA-256 hash in constant time, like the other
 * room tokens. It stops opening anything when the room is deleted (the routes first look the room up), and
 * every such link stops working when the organiser key is changed.
 */
public final class SummaryReaders {
  private static final int TOKEN_BYTES = 24;

  private final SecretKeySpec key;

  public SummaryReaders(String organiserKey) {
    if (organiserKey == null || organiserKey.isEmpty()) {
      throw new IllegalArgumentException("summary reader links need the organiser key");
    }
    // A key of its own, so the organiser key is never used as it is for anything but signing in.
    this.key = new SecretKeySpec(hmac(organiserKey.getBytes(StandardCharsets.UTF_8),
        "werkplaats summary readers v1"), "HmacSHA256");
  }

  /** The room's summary reader token: url-safe, 32 characters. */
  public String token(String roomId) {
    byte[] mac = hmac(key.getEncoded(), "summary-reader\n" + roomId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, TOKEN_BYTES));
  }

  /** Whether {@code token} is the summary reader token of {@code roomId} (hashes compared in constant time). */
  public boolean opens(String roomId, String token) {
    if (roomId == null || token == null) {
      return false;
    }
    return MessageDigest.isEqual(Secrets.sha256(token(roomId)).getBytes(StandardCharsets.US_ASCII),
        Secrets.sha256(token).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is missing from this JVM", e);
    }
  }
}

package nl.werkplaats.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Unguessable tokens and their hashes. Only hashes are kept; tokens are never logged. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

  private Secrets() {}

  /** A url-safe random token of {@code bytes} random bytes. */
  public static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String id(String prefix) {
    return prefix + "-" + token(12);
  }

  /** A six-character join code that is easy to read out in a call (no 0/O, 1/I/L). */
  public static String joinCode() {
    char[] code = new char[6];
    for (int i = 0; i < code.length; i++) {
      code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
    }
    return new String(code);
  }

  /** Upper case, only letters and digits: "kx7-m4q" and "KX7 M4Q" both become "KX7M4Q". */
  public static String normaliseCode(String code) {
    return code.toUpperCase().replaceAll("[^A-Z0-9]", "");
  }

  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package nl.werkplaats.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (Bouncy Castle's pure-Java generator, no native library) with the OWASP
 * minimum of 19 MiB of memory, 2 passes, one lane, a 16-byte random salt and a 32-byte hash, kept in the
 * usual PHC form {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. A check reads the parameters from
 * the stored hash, so that they can be raised later without invalidating older hashes.
 */
public final class PasswordHashing {
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int PASSES = 2;
  public static final int LANES = 1;
  /** Passwords are 10 to 200 characters. */
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  /** Checked against when the e-mail address is unknown: the answer takes as long as for a known one. */
  private static final String DUMMY = hash("not a password of anyone's " + RANDOM.nextLong());

  private PasswordHashing() {}

  /** Null when {@code password} is acceptable, else why not (in English, for the API's message). */
  public static String problem(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return "a password has at least " + MIN_LENGTH + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "a password has at most " + MAX_LENGTH + " characters";
    }
    return null;
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = argon2(password, salt, MEMORY_KIB, PASSES, LANES, 32);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code stored}; a null or malformed {@code stored} never matches. */
  public static boolean matches(String password, String stored) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    if (stored == null) {
      argon2Check(password, DUMMY);
      return false;
    }
    return argon2Check(password, stored);
  }

  private static boolean argon2Check(String password, String stored) {
    String[] parts = stored.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.substring(0, 2)) {
          case "m=" -> m = v;
          case "t=" -> t = v;
          case "p=" -> p = v;
          default -> {
            return false;
          }
        }
      }
      if (m < 8 || m > 1024 * 1024 || t < 1 || t > 16 || p < 1 || p > 8) {
        return false;
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      if (expected.length < 16 || expected.length > 64) {
        return false;
      }
      return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p, expected.length));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(passes)
        .withParallelism(lanes)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}

package nl.werkplaats.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

  @Test
  @DisplayName("a password matches its own Argon2id hash only; the hash names its parameters and is salted")
  void hashAndCheck() {
    String hash = PasswordHashing.hash("correct horse battery");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertFalse(hash.contains("correct horse"), "the password is not in the hash");
    assertTrue(PasswordHashing.matches("correct horse battery", hash));
    assertFalse(PasswordHashing.matches("correct horse batterY", hash));
    assertFalse(PasswordHashing.matches("", hash));
    assertNotEquals(hash, PasswordHashing.hash("correct horse battery"), "each hash has its own salt");
  }

  @Test
  @DisplayName("the generator is Argon2id as RFC 9106 specifies it (its test vector)")
  void rfc9106Vector() {
    byte[] password = new byte[32];
    java.util.Arrays.fill(password, (byte) 1);
    byte[] salt = new byte[16];
    java.util.Arrays.fill(salt, (byte) 2);
    byte[] secret = new byte[8];
    java.util.Arrays.fill(secret, (byte) 3);
    byte[] ad = new byte[12];
    java.util.Arrays.fill(ad, (byte) 4);
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(32).withIterations(3).withParallelism(4).withSalt(salt).withSecret(secret).withAdditional(ad).build());
    byte[] out = new byte[32];
    g.generateBytes(password, out);
    assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(out));
  }

  @Test
  @DisplayName("a malformed or foreign stored hash, an unknown account or an overlong password never matches")
  void neverMatches() {
    assertFalse(PasswordHashing.matches("whatever password", null));
    assertFalse(PasswordHashing.matches("whatever password", "$2a$10$abcdefghijklmnopqrstuv"));
    assertFalse(PasswordHashing.matches("whatever password", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA"));
    assertFalse(PasswordHashing.matches("whatever password", "$argon2id$v=19$m=19456,t=2,p=1$%%%$%%%"));
    String longOne = "x".repeat(PasswordHashing.MAX_LENGTH + 1);
    assertFalse(PasswordHashing.matches(longOne, PasswordHashing.hash("x".repeat(PasswordHashing.MAX_LENGTH))));
  }

  @Test
  @DisplayName("passwords are 10 to 200 characters")
  void lengths() {
    assertNotNull(PasswordHashing.problem("short"));
    assertNotNull(PasswordHashing.problem(null));
    assertNull(PasswordHashing.problem("ten chars!"));
    assertNotNull(PasswordHashing.problem("y".repeat(201)));
  }
}

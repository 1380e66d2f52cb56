package nl.werkplaats.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Optional;
import nl.werkplaats.store.H2Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Accounts and signed-in sessions on a real embedded store. */
class OrganiserAccountsTest {
  private H2Store store;
  private OrganiserAccounts accounts;

  @BeforeEach
  void open() throws Exception {
    store = H2Store.open(Files.createTempDirectory("accounts"), 365);
    accounts = new OrganiserAccounts(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("a session opens until it expires or is ended, and its token is not what the store keeps")
  void sessionExpiry() {
    Organiser anna = accounts.create("anna@gouda.nl", "Anna", PasswordHashing.hash("anna's password"));
    long now = 1_000_000;
    String token = accounts.startSession(anna, now, now + 60_000);
    assertEquals(Optional.of(anna), accounts.session(token, now + 59_999));
    assertEquals(Optional.empty(), accounts.session(token, now + 60_000), "expired");
    assertEquals(Optional.empty(), accounts.session(token + "x", now), "another token");
    String second = accounts.startSession(anna, now, now + 60_000);
    accounts.endSession(second);
    assertEquals(Optional.empty(), accounts.session(second, now), "signed out");
    assertEquals(Optional.of(anna), accounts.session(token, now), "the other session stays");
    int kept = store.inTransaction(c -> {
      try (var ps = c.prepareStatement("SELECT COUNT(*) FROM organiser_sessions WHERE token_hash = ?")) {
        ps.setString(1, token);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }, "test");
    assertEquals(0, kept, "only the token's hash is kept");
  }

  @Test
  @DisplayName("e-mail addresses are unique, case-insensitively; the first account is made once")
  void uniqueness() {
    assertEquals("anna@gouda.nl", OrganiserAccounts.normaliseEmail("  Anna@Gouda.NL "));
    assertNull(OrganiserAccounts.normaliseEmail("anna"));
    assertNull(OrganiserAccounts.normaliseEmail("a b@gouda.nl"));
    accounts.createFirst("anna@gouda.nl", "Anna", PasswordHashing.hash("anna's password"));
    Refusal again = assertThrows(Refusal.class, () -> accounts.create("anna@gouda.nl", "Anna 2", null));
    assertEquals(409, again.status());
    assertEquals(409, assertThrows(Refusal.class,
        () -> accounts.createFirst("bram@gouda.nl", "Bram", null)).status(), "the first account exists");
    assertEquals(1, accounts.count());
  }

  @Test
  @DisplayName("an OpenID sign-in finds its account by subject, links an account with its e-mail once, else makes one")
  void openIdAccounts() {
    Organiser anna = accounts.create("anna@gouda.nl", "Anna", PasswordHashing.hash("anna's password"));
    assertEquals(anna, accounts.forOpenIdSubject("https://id.gouda.nl", "sub-1", "anna@gouda.nl", "Anna G."));
    assertEquals(anna, accounts.forOpenIdSubject("https://id.gouda.nl", "sub-1", "anna@gouda.nl", "Anna G."));
    assertEquals(409, assertThrows(Refusal.class,
        () -> accounts.forOpenIdSubject("https://id.gouda.nl", "sub-2", "anna@gouda.nl", "Not Anna")).status(),
        "another subject does not take over a linked account");
    Organiser bram = accounts.forOpenIdSubject("https://id.gouda.nl", "sub-3", "bram@gouda.nl", "Bram");
    assertFalse(bram.id().equals(anna.id()));
    assertTrue(accounts.findByEmail("bram@gouda.nl").isPresent());
    assertNull(accounts.findByEmail("bram@gouda.nl").get().passwordHash(), "no password: OpenID Connect only");
  }
}

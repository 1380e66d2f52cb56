package nl.werkplaats.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nl.werkplaats.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OidcSignInTest {
  private static final Config.OpenIdConnect CONFIG =
      new Config.OpenIdConnect("https://id.gouda.nl", "werkplaats", "secret", "https://werkplaats.gouda.nl/api/session/oidc/callback");

  @Test
  @DisplayName("the flow cookie opens only with the seal of the same organiser key, and unchanged")
  void seal() {
    OidcSignIn one = new OidcSignIn(null, CONFIG, null, "the organiser key of the cluster", true);
    OidcSignIn sameKey = new OidcSignIn(null, CONFIG, null, "the organiser key of the cluster", true);
    OidcSignIn otherKey = new OidcSignIn(null, CONFIG, null, "another server's organiser key", true);
    String sealed = one.seal("state.nonce.verifier.123");
    assertArrayEquals(new String[] {"state", "nonce", "verifier", "123"}, sameKey.unseal(sealed), "another member opens it");
    assertNull(otherKey.unseal(sealed));
    assertNull(one.unseal(sealed.replace("state", "statf")));
    assertNull(one.unseal("no seal at all"));
  }

  @Test
  @DisplayName("PKCE S256 as RFC 7636 appendix B computes it; issuers compare up to a trailing slash")
  void challengeAndIssuer() {
    assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        OidcSignIn.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    assertTrue(OidcSignIn.sameIssuer("https://id.gouda.nl", "https://id.gouda.nl/"));
    assertFalse(OidcSignIn.sameIssuer("https://id.gouda.nl", "https://id.gouda.nl.evil.example"));
    assertFalse(OidcSignIn.sameIssuer("https://id.gouda.nl", null));
  }
}

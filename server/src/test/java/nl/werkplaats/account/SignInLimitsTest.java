package nl.werkplaats.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nl.werkplaats.gateway.AddressLimiter;
import nl.werkplaats.gateway.ClientAddress;
import nl.werkplaats.gateway.RequestLimits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignInLimitsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("an account is locked after five wrong passwords, whatever the address; one more try a minute later")
  void lockOut() {
    SignInLimits limits = new SignInLimits(new RequestLimits(ClientAddress.direct()),
        new AddressLimiter(SignInLimits.ACCOUNT_PER_SECOND, SignInLimits.ACCOUNT_BURST, 100));
    long t = 0;
    for (int i = 0; i < 5; i++) {
      assertTrue(limits.mayTryAccount("anna@gouda.nl", t), "attempt " + (i + 1));
      limits.wrongPassword("anna@gouda.nl", t);
    }
    assertFalse(limits.mayTryAccount("anna@gouda.nl", t), "locked after five wrong passwords");
    assertFalse(limits.mayTryAccount("anna@gouda.nl", t + 30 * SECOND), "still locked half a minute later");
    assertTrue(limits.mayTryAccount("bram@gouda.nl", t), "another account is not locked");
    assertTrue(limits.mayTryAccount("anna@gouda.nl", t + 61 * SECOND), "one more try a minute later");
    limits.wrongPassword("anna@gouda.nl", t + 61 * SECOND);
    assertFalse(limits.mayTryAccount("anna@gouda.nl", t + 62 * SECOND), "and locked again after it");
  }
}

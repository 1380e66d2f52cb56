package nl.werkplaats.account;

import io.vertx.core.http.HttpServerRequest;
import nl.werkplaats.gateway.AddressLimiter;
import nl.werkplaats.gateway.RequestLimits;

/**
 * Limits on wrong passwords: per client address (the node's limit on wrong credentials, shared with wrong
 * keys: 10 at once, then one every 6 seconds) and per account (5 at once, then one a minute), so that
 * neither one address guessing many accounts nor many addresses guessing one account get far. A limited
 * attempt is refused before its password is checked. Per node: a cluster of n nodes allows n times as many.
 */
public final class SignInLimits {
  static final int ACCOUNT_BURST = 5;
  static final double ACCOUNT_PER_SECOND = 1 / 60.0;

  private final RequestLimits addresses;
  private final AddressLimiter accounts;

  public SignInLimits(RequestLimits addresses) {
    this(addresses, new AddressLimiter(ACCOUNT_PER_SECOND, ACCOUNT_BURST, RequestLimits.MAX_ADDRESSES));
  }

  SignInLimits(RequestLimits addresses, AddressLimiter accounts) {
    this.addresses = addresses;
    this.accounts = accounts;
  }

  /** Whether a password for {@code email} from this request may be checked now. */
  public boolean mayTry(HttpServerRequest request, String email) {
    return addresses.mayTryCredential(request) && mayTryAccount(email, System.nanoTime());
  }

  boolean mayTryAccount(String email, long nowNanos) {
    return accounts.allows(email, nowNanos);
  }

  /** A wrong password (or unknown address) for {@code email} from this request. */
  public void wrongPassword(HttpServerRequest request, String email) {
    addresses.wrongCredential(request);
    wrongPassword(email, System.nanoTime());
  }

  void wrongPassword(String email, long nowNanos) {
    accounts.take(email, nowNanos);
  }
}

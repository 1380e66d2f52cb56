package nl.werkplaats.gateway;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-client limits of the REST side (docs/api.md, "Limits"), keyed by the real client address
 * ({@link ClientAddress}): join-code look-ups, wrong credentials, and summary verification. Each limiter
 * keeps at most {@link #MAX_ADDRESSES} addresses, least recently used dropped first.
 */
public final class RequestLimits {
  public static final int MAX_ADDRESSES = 10_000;
  /** Wrong organiser keys or room tokens: 10 at once, then one every 6 seconds. */
  static final double FAILED_PER_SECOND = 1 / 6.0;
  static final int FAILED_BURST = 10;
  /** Verifications: 5 at once, then one every 5 seconds per address; at most 2 at a time per node. */
  static final double VERIFY_PER_SECOND = 0.2;
  static final int VERIFY_BURST = 5;
  static final int VERIFY_IN_FLIGHT = 2;

  private final ClientAddress addresses;
  private final AddressLimiter joins = new AddressLimiter(0.2, 10, MAX_ADDRESSES);
  private final AddressLimiter failedCredentials = new AddressLimiter(FAILED_PER_SECOND, FAILED_BURST, MAX_ADDRESSES);
  private final AddressLimiter verifications = new AddressLimiter(VERIFY_PER_SECOND, VERIFY_BURST, MAX_ADDRESSES);
  private final AtomicInteger verifying = new AtomicInteger();

  public RequestLimits(ClientAddress addresses) {
    this.addresses = addresses;
  }

  public RequestLimits(List<String> trustedProxies) {
    this(new ClientAddress(trustedProxies));
  }

  public String address(HttpServerRequest request) {
    return addresses.of(request);
  }

  public boolean join(HttpServerRequest request) {
    return joins.take(address(request), System.nanoTime());
  }

  /** False while this client has given too many wrong credentials: answer 429 without looking at the credential. */
  public boolean mayTryCredential(HttpServerRequest request) {
    return failedCredentials.allows(address(request), System.nanoTime());
  }

  public void wrongCredential(HttpServerRequest request) {
    failedCredentials.take(address(request), System.nanoTime());
  }

  /** A verification slot, or false; give it back with {@link #verified()}. */
  public boolean verify(HttpServerRequest request) {
    if (!verifications.take(address(request), System.nanoTime())) {
      return false;
    }
    if (verifying.incrementAndGet() > VERIFY_IN_FLIGHT) {
      verifying.decrementAndGet();
      return false;
    }
    return true;
  }

  public void verified() {
    verifying.decrementAndGet();
  }
}

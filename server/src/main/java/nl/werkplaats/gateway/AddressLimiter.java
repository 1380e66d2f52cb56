package nl.werkplaats.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate limit per client address with bounded memory: at most {@code maxAddresses} buckets, the least
 * recently used one dropped first (never the whole table at once). A bucket that has refilled is forgotten.
 * Thread-safe.
 */
public final class AddressLimiter {
  private final double perSecond;
  private final double burst;
  private final int maxAddresses;
  private final LinkedHashMap<String, TokenBucket> buckets;

  public AddressLimiter(double perSecond, double burst, int maxAddresses) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxAddresses = maxAddresses;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > AddressLimiter.this.maxAddresses;
      }
    };
  }

  /** Takes one token for {@code address}; false when it has none left. */
  public synchronized boolean take(String address, long nowNanos) {
    return buckets.computeIfAbsent(address, a -> new TokenBucket(perSecond, burst, nowNanos)).take(nowNanos);
  }

  /** Whether {@code address} has a token left, without taking one. */
  public synchronized boolean allows(String address, long nowNanos) {
    TokenBucket b = buckets.get(address);
    return b == null || b.available(nowNanos) >= 1;
  }

  public synchronized int size() {
    return buckets.size();
  }
}

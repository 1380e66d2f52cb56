package nl.werkplaats.gateway;

/** A rate limit: {@code perSecond} on average, up to {@code burst} at once. Not thread-safe. */
public final class TokenBucket {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last;

  public TokenBucket(double perSecond, double burst, long nowNanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** The tokens there are now (refilled up to the burst). */
  public double available(long nowNanos) {
    return Math.min(burst, tokens + (nowNanos - last) / 1e9 * perSecond);
  }

  public boolean take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * perSecond);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}

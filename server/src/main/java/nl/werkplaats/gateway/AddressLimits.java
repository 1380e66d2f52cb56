package nl.werkplaats.gateway;

import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Limits per client address on one node: open WebSockets at once, and joins (a hello that adds a person to a
 * room) as a token bucket. Generous enough for a venue whose people share one public address, tight enough
 * that one address cannot fill a room's participant cap in seconds. One per node, shared by its gateway event
 * loops (thread-safe).
 */
final class AddressLimits {
  /** Open WebSockets per address at once, by default ({@code WERKPLAATS_MAX_CONNECTIONS_PER_ADDRESS}). */
  static final int MAX_CONNECTIONS = 256;
  /** Joins per address: this many at once ({@code WERKPLAATS_JOIN_BURST_PER_ADDRESS}), then one a second. */
  static final int JOIN_BURST = 60;
  static final double JOINS_PER_SECOND = 1;

  final int maxConnections;
  private final int joinBurst;
  private final double joinsPerSecond;
  /** Buckets that have been full this long are forgotten (they would be full again anyway). */
  private final long forgetAfterNanos;
  private final ClientAddress addresses;

  private final Map<String, Integer> open = new HashMap<>();
  private final Map<String, Joins> joins = new HashMap<>();
  private long lastSweep = System.nanoTime();

  AddressLimits(int maxConnections, int joinBurst, double joinsPerSecond, ClientAddress addresses) {
    this.maxConnections = maxConnections;
    this.joinBurst = joinBurst;
    this.joinsPerSecond = joinsPerSecond;
    this.forgetAfterNanos = (long) (joinBurst / joinsPerSecond * 1e9) + 1_000_000_000L;
    this.addresses = addresses;
  }

  private final class Joins {
    final TokenBucket bucket;
    long lastNanos;

    Joins(long now) {
      bucket = new TokenBucket(joinsPerSecond, joinBurst, now);
      lastNanos = now;
    }
  }

  /**
   * The client's address: the socket's peer, or, behind a trusted proxy ({@code WERKPLAATS_TRUSTED_PROXIES}),
   * the address it forwards ({@link ClientAddress}).
   */
  String clientAddress(ServerWebSocket ws) {
    return addresses.of(ws);
  }

  /** Counts an opened connection; false (and not counted) when its address already has the maximum open. */
  synchronized boolean opened(String address) {
    int now = open.getOrDefault(address, 0);
    if (now >= maxConnections) {
      return false;
    }
    open.put(address, now + 1);
    return true;
  }

  synchronized void closed(String address) {
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Takes one join for {@code address}; false when it has joined too often lately. */
  synchronized boolean join(String address, long nowNanos) {
    sweep(nowNanos);
    Joins j = joins.computeIfAbsent(address, a -> new Joins(nowNanos));
    j.lastNanos = nowNanos;
    return j.bucket.take(nowNanos);
  }

  private void sweep(long nowNanos) {
    if (nowNanos - lastSweep < 10_000_000_000L) {
      return;
    }
    lastSweep = nowNanos;
    for (Iterator<Joins> it = joins.values().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next().lastNanos > forgetAfterNanos) {
        it.remove();
      }
    }
  }
}

package nl.werkplaats.gateway;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Limits per client address on one node: open WebSockets at once, and joins (a hello that adds a person to a
 * room) as a token bucket. Generous enough for a venue whose people share one public address, tight enough
 * that one address cannot fill a room's participant cap in seconds. Used on the gateway's event loop only.
 */
final class AddressLimits {
  /** Open WebSockets per address at once. */
  static final int MAX_CONNECTIONS = 256;
  /** Joins per address: this many at once, then {@link #JOINS_PER_SECOND}. */
  static final int JOIN_BURST = 60;
  static final double JOINS_PER_SECOND = 1;
  /** Buckets that have been full this long are forgotten (they would be full again anyway). */
  private static final long FORGET_AFTER_NANOS = (long) (JOIN_BURST / JOINS_PER_SECOND * 1e9) + 1_000_000_000L;

  private final Map<String, Integer> open = new HashMap<>();
  private final Map<String, Joins> joins = new HashMap<>();
  private long lastSweep = System.nanoTime();

  private static final class Joins {
    final TokenBucket bucket;
    long lastNanos;

    Joins(long now) {
      bucket = new TokenBucket(JOINS_PER_SECOND, JOIN_BURST, now);
      lastNanos = now;
    }
  }

  /**
   * The client's address as this node sees it: the peer of the socket. The one place to change when trusted
   * proxies are configured (then the address they forward, from them only).
   */
  static String clientAddress(ServerWebSocket ws) {
    SocketAddress peer = ws.remoteAddress();
    if (peer == null) {
      return "unknown";
    }
    return peer.hostAddress() != null ? peer.hostAddress() : String.valueOf(peer.host());
  }

  /** Counts an opened connection; false (and not counted) when its address already has the maximum open. */
  boolean opened(String address) {
    int now = open.getOrDefault(address, 0);
    if (now >= MAX_CONNECTIONS) {
      return false;
    }
    open.put(address, now + 1);
    return true;
  }

  void closed(String address) {
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Takes one join for {@code address}; false when it has joined too often lately. */
  boolean join(String address, long nowNanos) {
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
      if (nowNanos - it.next().lastNanos > FORGET_AFTER_NANOS) {
        it.remove();
      }
    }
  }
}

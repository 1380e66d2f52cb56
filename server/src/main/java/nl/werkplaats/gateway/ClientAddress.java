package nl.werkplaats.gateway;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the client behind a request. The TCP peer, unless that peer is one of the configured trusted
 * proxies ({@code WERKPLAATS_TRUSTED_PROXIES}: addresses or CIDR ranges); then the right-most address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. The header is never believed from anyone else.
 */
public final class ClientAddress {
  private final List<Range> trusted;

  public ClientAddress(List<String> trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String p : trustedProxies) {
      ranges.add(Range.parse(p));
    }
    this.trusted = List.copyOf(ranges);
  }

  public static ClientAddress direct() {
    return new ClientAddress(List.of());
  }

  public String of(HttpServerRequest request) {
    return of(request.remoteAddress(), request.headers());
  }

  /** The same for a WebSocket (its upgrade request's peer and headers). */
  public String of(io.vertx.core.http.ServerWebSocket ws) {
    return of(ws.remoteAddress(), ws.headers());
  }

  private String of(io.vertx.core.net.SocketAddress remote, io.vertx.core.MultiMap headers) {
    String peer = remote == null ? "?" : remote.hostAddress() != null ? remote.hostAddress() : String.valueOf(remote.host());
    if (trusted.isEmpty() || !trusted(peer)) {
      return peer;
    }
    List<String> forwarded = new ArrayList<>();
    for (String header : headers.getAll("X-Forwarded-For")) {
      for (String part : header.split(",")) {
        String a = part.strip();
        if (!a.isEmpty()) {
          forwarded.add(a);
        }
      }
    }
    for (int i = forwarded.size() - 1; i >= 0; i--) {
      String a = forwarded.get(i);
      if (!trusted(a)) {
        return literal(a) ? a : peer;
      }
    }
    return peer;
  }

  private boolean trusted(String address) {
    byte[] bytes = bytes(address);
    return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
  }

  private static boolean literal(String address) {
    return bytes(address) != null;
  }

  /** The bytes of an IPv4 or IPv6 literal; null for anything else (never a DNS lookup). */
  static byte[] bytes(String address) {
    String a = address.strip();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.isEmpty() || a.length() > 45 || !a.matches("[0-9a-fA-F:.]+") || !(a.contains(".") || a.contains(":"))) {
      return null;
    }
    if (!a.contains(":") && !a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    try {
      return InetAddress.getByName(a).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Range(byte[] network, int bits) {
    static Range parse(String text) {
      String t = text.strip();
      int slash = t.indexOf('/');
      byte[] net = bytes(slash < 0 ? t : t.substring(0, slash));
      if (net == null) {
        throw new IllegalArgumentException("WERKPLAATS_TRUSTED_PROXIES: not an IP address or CIDR range: " + text);
      }
      int bits = slash < 0 ? net.length * 8 : Integer.parseInt(t.substring(slash + 1));
      if (bits < 0 || bits > net.length * 8) {
        throw new IllegalArgumentException("WERKPLAATS_TRUSTED_PROXIES: bad prefix length in " + text);
      }
      return new Range(net, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}

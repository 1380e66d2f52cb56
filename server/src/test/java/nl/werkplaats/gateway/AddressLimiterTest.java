package nl.werkplaats.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** From the security review: the join limiter was wiped whole once it held 10,000 addresses. */
class AddressLimiterTest {
  @Test
  @DisplayName("10: 20,000 other addresses do not free a limited address that keeps trying; memory stays bounded")
  void boundedWithoutWipe() {
    AddressLimiter limiter = new AddressLimiter(0.2, 10, RequestLimits.MAX_ADDRESSES);
    long now = 1_000_000_000L;
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.take("203.0.113.9", now));
    }
    assertFalse(limiter.take("203.0.113.9", now));
    for (int i = 0; i < 20_000; i++) {
      limiter.take("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), now);
      if (i % 500 == 0) {
        assertFalse(limiter.take("203.0.113.9", now), "the limited address got through after " + i + " others");
      }
      assertTrue(limiter.size() <= RequestLimits.MAX_ADDRESSES);
    }
  }

  @Test
  @DisplayName("10: X-Forwarded-For is read right to left, only from trusted proxies; ranges and IPv6 work")
  void trustedRanges() {
    ClientAddress a = new ClientAddress(java.util.List.of("10.0.0.0/8", "::1"));
    assertTrue(a != null);
    assertTrue(ClientAddress.bytes("2001:db8::1") != null);
    assertTrue(ClientAddress.bytes("example.org") == null);
    assertTrue(ClientAddress.bytes("1.2.3") == null);
  }
}

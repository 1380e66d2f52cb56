package nl.werkplaats.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The results link's credential: the same on every node and after a restart, one per room, nothing else. */
class SummaryReadersTest {
  static final String KEY = "a-long-organiser-key-of-the-cluster";

  @Test
  @DisplayName("every node with the cluster's organiser key makes and accepts the same token for a room, restarts included")
  void sameOnEveryNode() {
    SummaryReaders nodeA = new SummaryReaders(KEY);
    SummaryReaders nodeB = new SummaryReaders(KEY); // another member, or this one after a restart
    String token = nodeA.token("r-abc");
    assertEquals(token, nodeB.token("r-abc"));
    assertTrue(nodeB.opens("r-abc", token));
    assertTrue(token.matches("[A-Za-z0-9_-]{32}"), token);
  }

  @Test
  @DisplayName("a room's token opens no other room, and another organiser key's token opens nothing")
  void oneRoomOnly() {
    SummaryReaders readers = new SummaryReaders(KEY);
    String token = readers.token("r-abc");
    assertFalse(readers.opens("r-abd", token));
    assertNotEquals(token, readers.token("r-abd"));
    assertFalse(readers.opens("r-abc", new SummaryReaders(KEY + "-changed").token("r-abc")));
    assertFalse(readers.opens("r-abc", KEY), "not the organiser key itself");
    assertFalse(readers.opens("r-abc", null));
    assertFalse(readers.opens("r-abc", ""));
    assertThrows(IllegalArgumentException.class, () -> new SummaryReaders(""));
  }
}

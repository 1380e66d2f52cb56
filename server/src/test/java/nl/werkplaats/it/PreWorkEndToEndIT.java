package nl.werkplaats.it;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pre-work in Debian's Chromium (web-client/e2e/prework.mjs) on a two-node cluster whose clock is set a day back
 * (WERKPLAATS_CLOCK_OFFSET=-P1D): the organiser makes a session with two steps open for answering beforehand,
 * two participants of two organisations answer them on different nodes, the facilitator sees who answered and
 * copies a reminder. Then the nodes restart on the real clock ("the next day"; the room comes back from
 * PostgreSQL) and the facilitator starts the session: the answers are there per organisation on every screen.
 * Screenshots land in server/target/e2e-artifacts.
 */
class PreWorkEndToEndIT {

  @Test
  @DisplayName("answered the day before on two nodes, seen by the facilitator with a reminder, there per organisation when the session starts")
  void preWork() throws Exception {
    Map<String, String> quickDrain = Map.of("WERKPLAATS_DRAIN_WAIT_SECONDS", "0", "WERKPLAATS_DRAIN_SECONDS", "0");
    Map<String, String> dayBefore = new java.util.HashMap<>(quickDrain);
    dayBefore.put("WERKPLAATS_CLOCK_OFFSET", "-P1D");
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2eprework", dayBefore)) {
      nodes.on("next-day", () -> nodes.restart(Map.of("WERKPLAATS_CLOCK_OFFSET", ""))).runScript("e2e/prework.mjs");
    }
  }
}

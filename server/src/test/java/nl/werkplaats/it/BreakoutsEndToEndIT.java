package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Breakout groups in Debian's Chromium (web-client/e2e/breakouts.mjs) against a two-node cluster: three
 * participants over both nodes write in their own groups at once and see only their group's work, the
 * facilitator looks into a group live and sends a message all see, and back in plenary the results stand side
 * by side and a merge puts a group's answer in the plenary. Screenshots land in server/target/e2e-artifacts.
 */
class BreakoutsEndToEndIT {

  @Test
  @DisplayName("three groups on two nodes write at once; the facilitator looks in, broadcasts, ends and merges a group's result")
  void breakouts() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2ebreakouts")) {
      nodes.runScript("e2e/breakouts.mjs");
    }
  }
}

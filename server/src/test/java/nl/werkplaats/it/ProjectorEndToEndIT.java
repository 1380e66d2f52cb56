package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The projector in Debian's Chromium (web-client/e2e/projector.mjs) against a two-node cluster: the facilitator
 * makes the projector link on node 1, the projector shows a checklist question with four organisations'
 * answers from node 2 at 1920x1080 and 1280x720 without scrolling, the join code and QR code until the end,
 * what was agreed after it, and a renewed link closes it. Screenshots land in server/target/e2e-artifacts.
 */
class ProjectorEndToEndIT {

  @Test
  @DisplayName("the projector shows a checklist question with four organisations' answers on one screen, at two sizes")
  void projector() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2eprojector")) {
      nodes.runScript("e2e/projector.mjs");
    }
  }
}

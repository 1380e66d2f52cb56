package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A self-guided session in Debian's Chromium (web-client/e2e/selfguided.mjs) against a two-node cluster: an
 * organiser creates it on the organiser page, three participants of three organisations join on both nodes with
 * no facilitator anywhere, the chair moves through the steps and passes the chair on, the others have no step
 * controls, the new chair ends it, and the results link downloads a summary with their answers. Screenshots land
 * in server/target/e2e-artifacts.
 */
class SelfGuidedEndToEndIT {

  @Test
  @DisplayName("a group runs a Checklist session on its own: the chair moves, the others answer, the summary holds it all")
  void selfGuided() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2eselfguided")) {
      nodes.runScript("e2e/selfguided.mjs");
    }
  }
}

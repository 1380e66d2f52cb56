package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The browser client in Debian's Chromium (driven by playwright-core, web-client/e2e/run.mjs) against a
 * two-node cluster of real server processes on PostgreSQL. Screenshots land in server/target/e2e-artifacts.
 */
class BrowserEndToEndIT {

  @Test
  @DisplayName("a facilitator and two participants on two nodes run three steps in Chromium; a node dies, nothing is lost")
  void browserSession() throws Exception {
    try (BrowserCluster cluster = BrowserCluster.start("e2e", 2)) {
      cluster.run("e2e/run.mjs");
    }
  }
}

package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The organisations' assent to a joint answer, looking back, and anonymity in Debian's Chromium
 * (web-client/e2e/consent.mjs) against a two-node cluster: a joint answer needs every organisation's assent,
 * an edit after assent asks again, the facilitator calls everybody back, and in an anonymous session with a
 * two-person organisation the facilitator's screen shows no figures for it. Screenshots land in
 * server/target/e2e-artifacts.
 */
class ConsentEndToEndIT {

  @Test
  @DisplayName("a joint answer needs every organisation's assent; an anonymous session shows no breakdown for a two-person organisation")
  void consent() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2econsent")) {
      nodes.runScript("e2e/consent.mjs");
    }
  }
}

package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keyboard, screen reader and phone (web-client/e2e/accessibility.mjs) in Debian's Chromium against a real
 * server process on PostgreSQL: a whole Data Team Start with the keyboard only, axe-core on every screen at
 * 1280×800 and 390×844. Screenshots of every screen at both sizes land in server/target/e2e-artifacts.
 */
class AccessibilityIT {

  @Test
  @DisplayName("a whole Data Team Start with the keyboard only, on a phone and a desktop; axe finds nothing on any screen")
  void keyboardAndPhone() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(1, "a11y")) {
      nodes.runScript("e2e/accessibility.mjs");
    }
  }
}

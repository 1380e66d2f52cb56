package nl.werkplaats.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Projects in Debian's Chromium (web-client/e2e/projects.mjs) against a two-node cluster: a project with three
 * partners, a Checklist session whose agreement lands on the project's list, a follow-up whose backlog review
 * shows it on every screen and takes a status change live to all of them and back to the list; the results link
 * and downloads after the Checklist, both sessions' marks on the project page, and sharing the project with a
 * second organiser account by e-mail. Screenshots land in server/target/e2e-artifacts.
 */
class ProjectsEndToEndIT {

  @Test
  @DisplayName("a project's agreements travel from a Checklist to a follow-up's backlog review and back, on every screen")
  void projects() throws Exception {
    try (BrowserNodes nodes = BrowserNodes.start(2, "e2eprojects")) {
      nodes.runScript("e2e/projects.mjs");
    }
  }
}

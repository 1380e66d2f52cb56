package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The projector link on one real node with real WebSocket clients: a read-only credential of its own, made by
 * the facilitator, that shows the room as someone outside it would see it and changes nothing.
 */
class ProjectorTest extends OneNodeRoomTest {
  @Override
  String roomTitle() {
    return "Projector test";
  }

  /** Asks for a new projector link as {@code who}; answers the token from the ack. */
  static String newProjectorLink(TestClient who) {
    String commandId = UUID.randomUUID().toString();
    who.sendCommand(commandId, Map.of("type", "new-projector-link"));
    JsonNode ack = who.await(m -> commandId.equals(m.path("commandId").asText()));
    assertEquals("ack", ack.path("type").asText(), "the facilitator gets a projector link: " + ack);
    String token = ack.path("projectorToken").asText();
    assertTrue(token.length() >= 24, "a random token: " + ack);
    return token;
  }

  static void hello(TestClient c, String roomId, Map<String, Object> auth) {
    c.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "auth", auth));
  }

  JsonNode openProjector(TestClient c, String token) {
    hello(c, roomId, Map.of("kind", "projector", "token", token));
    return c.awaitType("welcome");
  }

  /** The hello is refused: an error not_authenticated and the socket closed with 4001. */
  static void assertRefused(TestClient c, String why) {
    assertEquals("not_authenticated", c.awaitType("error").path("code").asText(), why);
    assertEquals(4001, c.awaitClose(), why);
  }

  @Test
  @DisplayName("the projector page is served at /p/{roomId}, uncached and with the app's security headers")
  void projectorPage() {
    var page = Nodes.get(node, "/p/" + roomId, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<div id=\"app\">"), page.body());
    assertTrue(page.headers().firstValue("Cache-Control").orElse("").contains("no-cache"));
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
  }

  @Test
  @DisplayName("the projector sees the room as an outsider: no tokens, no notes, nobody's private cards or marks, not online")
  void readsTheRoomAsAnOutsider() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "go-to-step", "step", 6));
    long seq = anna.command(Map.of("type", "add-card", "step", 6, "prompt", 0, "text", "Geheim kaartje van Anna"));
    facilitator.awaitSeq(seq);

    String token = newProjectorLink(facilitator);
    TestClient projector = client();
    JsonNode welcome = openProjector(projector, token);
    assertEquals("projector", welcome.path("role").asText());
    assertFalse(welcome.has("participantId"), "a projector is nobody in the room");
    assertFalse(welcome.has("token"), "a projector gets no credential to keep");
    String text = welcome.toString();
    assertFalse(text.contains("facilitatorNotes"), "no facilitator notes on the wall");
    assertFalse(text.contains("Geheim kaartje"), "a private card stays private until reveal");
    assertFalse(text.contains(facilitatorToken) || text.contains(token) || text.contains("tokenHash")
        || text.contains(anna.token), "no credential of anyone");
    assertTrue(projector.replica.content.get(6).cards.values().iterator().next().hidden(), "the card is shown as hidden");

    // Live: a new card arrives, the reveal shows the text.
    seq = anna.command(Map.of("type", "add-card", "step", 6, "prompt", 0, "text", "Tweede kaartje"));
    seq = facilitator.command(Map.of("type", "reveal", "step", 6));
    projector.awaitSeq(seq);
    assertTrue(projector.replicaJson().toString().contains("Geheim kaartje van Anna"), "revealed on the projector");

    // Marks stay hidden until reveal.
    facilitator.command(Map.of("type", "go-to-step", "step", 8));
    seq = anna.command(Map.of("type", "evaluate", "step", 8, "mark", 3, "tips", "Te kort"));
    projector.awaitSeq(seq);
    assertTrue(projector.replica.content.get(8).evaluations.values().iterator().next().hidden(), "Anna's mark is hidden");
    assertFalse(projector.received().toString().contains("Te kort"), "nor her tips");

    // Not counted as someone online.
    TestClient bram = client();
    bram.join(roomId, "Bram", "Provincie Utrecht");
    assertEquals(3, bram.awaitOnline(3).size(), "facilitator, Anna and Bram; not the projector");
  }

  @Test
  @DisplayName("a projector cannot change anything: every command and typing is refused read_only, and the room carries on")
  void everyCommandIsRefused() {
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
    TestClient projector = client();
    openProjector(projector, newProjectorLink(facilitator));
    List<Map<String, Object>> commands = List.of(
        Map.of("type", "next"),
        Map.of("type", "pause"),
        Map.of("type", "end"),
        Map.of("type", "lock", "step", 1, "locked", true),
        Map.of("type", "reveal", "step", 1),
        Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "van de beamer"),
        Map.of("type", "save-agreement", "step", 1, "what", "van de beamer"),
        Map.of("type", "set-role", "participantId", facilitator.participantId, "role", "observer"),
        Map.of("type", "remove-participant", "participantId", facilitator.participantId),
        Map.of("type", "new-projector-link"));
    for (Map<String, Object> command : commands) {
      assertEquals("read_only", projector.refused(command), command.toString());
    }
    projector.send(Map.of("type", "typing", "step", 2, "key", "field:goal"));
    assertEquals("read_only", projector.awaitError("read_only").path("code").asText());

    // Nothing changed, and the room and the projector carry on.
    assertEquals(1, facilitator.replica.currentStep);
    assertTrue(facilitator.replica.content.get(1).cards.isEmpty());
    long seq = facilitator.command(Map.of("type", "next"));
    projector.awaitSeq(seq);
    assertEquals(2, projector.replica.currentStep, "the projector follows the room");
    projector.send(Map.of("type", "ping", "t", 1));
    projector.awaitType("pong");
  }

  @Test
  @DisplayName("only the facilitator makes a projector link; its token is not a facilitator's or a participant's credential")
  void notAFacilitatorCredential() {
    TestClient anna = client();
    JsonNode annaWelcome = anna.join(roomId, "Anna", "Gemeente Woerden");
    assertEquals("forbidden", anna.refused(Map.of("type", "new-projector-link")));
    String token = newProjectorLink(facilitator);

    TestClient asFacilitator = client();
    hello(asFacilitator, roomId, Map.of("kind", "facilitator", "token", token, "name", "Mallory", "organisation", "X"));
    assertRefused(asFacilitator, "a projector token does not open the facilitator console");
    TestClient asParticipant = client();
    hello(asParticipant, roomId, Map.of("kind", "resume", "participantId", annaWelcome.path("participantId").asText(),
        "token", token));
    assertRefused(asParticipant, "nor resumes a participant");
    assertTrue(facilitator.replica.participants.values().stream().noneMatch(p -> "Mallory".equals(p.name())),
        "nobody joined as Mallory");
  }

  @Test
  @DisplayName("a new projector link closes the projectors opened with the old one, and the old token stops working")
  void renewingRevokesTheOldLink() {
    String first = newProjectorLink(facilitator);
    TestClient wall = client();
    openProjector(wall, first);
    String second = newProjectorLink(facilitator);
    assertNotEquals(first, second);
    assertEquals(4001, wall.awaitClose(), "the projector on the old link is closed");

    TestClient again = client();
    hello(again, roomId, Map.of("kind", "projector", "token", first));
    assertRefused(again, "the old link no longer opens the projector");

    TestClient renewed = client();
    assertEquals("projector", openProjector(renewed, second).path("role").asText(), "the new link does");
    long seq = facilitator.command(Map.of("type", "start"));
    renewed.awaitSeq(seq);
  }

  @Test
  @DisplayName("no other token works as a projector, and a projector token opens no other room")
  void onlyItsOwnRoom() {
    TestClient noLinkYet = client();
    hello(noLinkYet, roomId, Map.of("kind", "projector", "token", facilitatorToken));
    assertRefused(noLinkYet, "before any projector link, nothing opens the projector");

    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    String token = newProjectorLink(facilitator);
    TestClient withFacilitatorToken = client();
    hello(withFacilitatorToken, roomId, Map.of("kind", "projector", "token", facilitatorToken));
    assertRefused(withFacilitatorToken, "the facilitator token is not the projector link");
    TestClient withParticipantToken = client();
    hello(withParticipantToken, roomId, Map.of("kind", "projector", "token", anna.token));
    assertRefused(withParticipantToken, "a participant token is not the projector link");

    JsonNode other = Nodes.createRoom(node, "data-team-start", "Another room");
    TestClient otherFacilitator = client();
    otherFacilitator.facilitate(other.path("roomId").asText(), other.path("facilitatorToken").asText(), "Otto", "Provincie");
    newProjectorLink(otherFacilitator);
    TestClient elsewhere = client();
    hello(elsewhere, other.path("roomId").asText(), Map.of("kind", "projector", "token", token));
    assertRefused(elsewhere, "a projector token opens its own room only");
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.UUID;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One real node on port 0, real WebSocket clients: joining, live fan-out, roles and every kind of bad input. */
class GatewayTest extends OneNodeRoomTest {
  @Override
  String roomTitle() {
    return "Gateway test";
  }

  void startAndOpenCheckIn() {
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "next"));
  }

  @Test
  @DisplayName("participants join without an account and see each other's cards appear live")
  void joinAnswerAndFanOut() {
    TestClient anna = client();
    JsonNode welcome = anna.join(roomId, "Anna", "Gemeente Woerden");
    assertFalse(welcome.path("token").asText().isEmpty(), "a new participant gets a reconnect token");
    assertFalse(welcome.path("template").toString().contains("facilitatorNotes"), "participants never get the facilitator notes");
    TestClient bram = client();
    bram.join(roomId, "Bram", "provincie utrecht");
    startAndOpenCheckIn();
    long seq = anna.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "Ik verwacht veel"));
    bram.awaitSeq(seq);
    facilitator.awaitSeq(seq);
    anna.awaitSeq(seq); // the ack comes before the events, to the sender too
    assertTrue(bram.replicaJson().toString().contains("Ik verwacht veel"), "Bram sees Anna's card");
    assertEquals(anna.replicaJson(), bram.replicaJson(), "both participants see the same room");
    assertEquals(java.util.Set.of(facilitator.participantId, anna.participantId, bram.participantId),
        bram.awaitOnline(3), "the welcome's list and the presence changes since");
  }

  @Test
  @DisplayName("a participant can never change the flow, an observer never writes")
  void roles() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    assertEquals("forbidden", anna.refused(Map.of("type", "start")));
    startAndOpenCheckIn();
    for (String flow : new String[] {"next", "previous", "undo-advance", "pause", "clear-timer", "end"}) {
      assertEquals("forbidden", anna.refused(Map.of("type", flow)), flow);
    }
    assertEquals("forbidden", anna.refused(Map.of("type", "lock", "step", 1, "locked", true)));
    TestClient olga = client();
    olga.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", "Olga", "organisation", "Universiteit Utrecht", "role", "observer")));
    olga.awaitType("welcome");
    assertEquals("forbidden", olga.refused(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "hoi")));
    assertEquals("facilitator", facilitator.role);
  }

  @Test
  @DisplayName("bad messages get a clear error and the room carries on for everyone")
  void badInput() {
    TestClient anna = client();
    anna.sendCommand("early", Map.of("type", "start"));
    assertEquals("not_authenticated", anna.awaitError("not_authenticated").path("code").asText());
    anna.join(roomId, "Anna", "Gemeente Woerden");
    startAndOpenCheckIn();

    anna.sendRaw("{this is not json");
    anna.awaitError("bad_json");
    anna.sendRaw("{\"type\":\"make-coffee\",\"commandId\":\"x\"}");
    anna.awaitError("unknown_type");
    anna.sendRaw("{\"type\":\"add-card\",\"commandId\":\"y\",\"step\":\"one\",\"prompt\":0,\"text\":\"x\"}");
    assertTrue(anna.awaitError("invalid_message").path("message").asText().contains("/step"));
    assertEquals("text_too_long", anna.refused(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "x".repeat(501))));
    assertEquals("wrong_room", anna.refused(Map.of("type", "add-card", "roomId", "r-another", "step", 1, "prompt", 0, "text", "x")));
    assertEquals("step_not_open", anna.refused(Map.of("type", "add-card", "step", 6, "prompt", 0, "text", "x")));

    String commandId = UUID.randomUUID().toString();
    anna.sendCommand(commandId, Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "één keer"));
    long first = anna.await(m -> commandId.equals(m.path("commandId").asText())).path("seq").asLong();
    anna.sendCommand(commandId, Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "één keer"));
    JsonNode replay = anna.await(m -> commandId.equals(m.path("commandId").asText()) && m.has("duplicate"));
    assertEquals(first, replay.path("seq").asLong(), "a replayed commandId is acknowledged with its original seq");
    anna.awaitSeq(first);
    assertEquals(1, anna.replica.content.get(1).cards.values().stream().filter(c -> c.text().equals("één keer")).count(),
        "a replayed command is applied once");

    // The room carries on: everyone can still write.
    long seq = facilitator.command(Map.of("type", "add-card", "step", 1, "prompt", 1, "text", "nog steeds hier"));
    anna.awaitSeq(seq);
    anna.command(Map.of("type", "add-card", "step", 1, "prompt", 2, "text", "ik ook"));
  }

  @Test
  @DisplayName("an oversized message closes that connection only")
  void oversizedFrame() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    anna.sendRaw("{\"type\":\"ping\",\"t\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(1009, anna.awaitClose());
    startAndOpenCheckIn();
  }

  @Test
  @DisplayName("a flood is rate-limited and finally closed with 4008; others carry on")
  void flood() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    for (int i = 0; i < 300 && !anna.closed.isDone(); i++) {
      try {
        anna.sendRaw("{\"type\":\"ping\",\"t\":" + i + "}");
      } catch (IllegalStateException closedMeanwhile) {
        break;
      }
    }
    anna.awaitError("rate_limited");
    assertEquals(4008, anna.awaitClose());
    startAndOpenCheckIn();
  }

  @Test
  @DisplayName("reopening the tab brings a participant back as the same person with what they missed")
  void resume() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    String id = anna.participantId;
    String token = anna.token;
    long seen = anna.lastSeq;
    anna.close();
    startAndOpenCheckIn();
    TestClient again = client();
    again.adopt(anna);
    JsonNode welcome = again.resume(roomId, id, token, seen);
    assertEquals(id, welcome.path("participantId").asText());
    assertTrue(welcome.path("state").isNull() || welcome.path("state").isMissingNode(), "only the missed events come");
    assertTrue(welcome.path("events").size() > 0);
    again.awaitSeq(facilitator.lastSeq);
    facilitator.awaitSeq(again.lastSeq);
    assertEquals(facilitator.replicaJson().path("runtime"), again.replicaJson().path("runtime"));

    TestClient impostor = client();
    impostor.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "resume", "participantId", id, "token", "wrong")));
    assertEquals(4001, impostor.awaitClose());
  }

  @Test
  @DisplayName("a client whose history forked (another chain at its seq) gets the whole room on resume; one that did not gets just the missed events")
  void forkedHistoryGetsTheWholeRoom() {
    TestClient anna = client();
    JsonNode joined = anna.join(roomId, "Anna", "Gemeente Woerden");
    String id = anna.participantId;
    String token = anna.token;
    long seen = joined.path("seq").asLong();
    String chain = joined.path("chain").asText();
    assertTrue(chain.matches("[0-9a-f]{16}"), "the welcome carries the room's history hash: " + joined);
    anna.close();
    startAndOpenCheckIn();

    TestClient same = client();
    same.adopt(anna);
    same.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "lastSeq", seen, "lastChain", chain,
        "auth", Map.of("kind", "resume", "participantId", id, "token", token)));
    JsonNode followed = same.awaitType("welcome");
    assertTrue(followed.path("state").isNull() || followed.path("state").isMissingNode(), "only the missed events come");
    JsonNode events = followed.path("events");
    assertEquals(events.get(events.size() - 1).path("chain").asText(), followed.path("chain").asText(),
        "the last missed event ends at the room's chain");
    same.close();

    TestClient forked = client();
    forked.adopt(anna);
    String foreign = chain.equals("ffffffffffffffff") ? "eeeeeeeeeeeeeeee" : "ffffffffffffffff";
    forked.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "lastSeq", seen, "lastChain", foreign,
        "auth", Map.of("kind", "resume", "participantId", id, "token", token)));
    JsonNode healed = forked.awaitType("welcome");
    assertTrue(healed.path("state").isObject(), "a forked client gets the whole room: " + healed);
    assertEquals(followed.path("chain").asText(), healed.path("chain").asText());
  }

  @Test
  @DisplayName("a removed participant is disconnected and cannot come back")
  void removal() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    facilitator.command(Map.of("type", "remove-participant", "participantId", anna.participantId));
    assertEquals(4003, anna.awaitClose());
    TestClient again = client();
    again.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "resume", "participantId", anna.participantId, "token", anna.token)));
    assertEquals(4003, again.awaitClose());
  }

  @Test
  @DisplayName("an unsupported protocol version and an unknown room are closed with their codes")
  void handshakeRefusals() {
    TestClient old = client();
    old.send(Map.of("type", "hello", "protocol", 99, "roomId", roomId, "auth", Map.of("kind", "join", "name", "A", "organisation", "B")));
    assertEquals(4000, old.awaitClose());
    TestClient lost = client();
    lost.send(Map.of("type", "hello", "protocol", 1, "roomId", "r-nothing", "auth", Map.of("kind", "join", "name", "A", "organisation", "B")));
    assertEquals(4004, lost.awaitClose());
    TestClient wrongLink = client();
    wrongLink.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId, "auth", Map.of("kind", "facilitator", "token", "guess")));
    assertEquals(4001, wrongLink.awaitClose());
  }

  @Test
  @DisplayName("a WebSocket from a foreign web page is refused before the upgrade")
  void foreignOrigin(Vertx vertx, VertxTestContext ctx) {
    vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
            .setURI("/ws").addHeader("Origin", "https://evil.example"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e.getMessage().contains("403"), e.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("rooms are created only with the organiser key; join codes resolve and are rate-limited")
  void roomsAndCodes() throws Exception {
    Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "x"), null, 401);
    Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "x"), "wrong", 401);
    JsonNode created = Nodes.createRoom(node, "checklist-samen-data-delen", "Samen data delen");
    String code = created.path("joinCode").asText();
    assertTrue(code.matches("[A-Z2-9]{3}-[A-Z2-9]{3}"), code);
    var found = Nodes.get(node, "/api/join/" + code.toLowerCase(), null);
    assertEquals(200, found.statusCode());
    assertEquals(created.path("roomId").asText(), DomainJson.MAPPER.readTree(found.body()).path("roomId").asText());
    int limited = 0;
    for (int i = 0; i < 15; i++) {
      if (Nodes.get(node, "/api/join/AAAAAA", null).statusCode() == 429) {
        limited++;
      }
    }
    assertTrue(limited > 0, "guessing codes is rate-limited");
    assertNotEquals(created.path("facilitatorToken").asText(), created.path("organiserToken").asText());
  }

  @Test
  @DisplayName("a room made with a house style hands it to everyone who joins; a theme that is not safe or readable is refused")
  void theme() {
    JsonNode refused = Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "x",
        "theme", Map.of("primaryColour", "#00557f;}body{display:none")), Nodes.ORGANISER_KEY, 400);
    assertEquals("invalid_value", refused.path("error").asText(), refused.toString());
    assertTrue(refused.path("message").asText().contains("#rrggbb"), refused.toString());
    JsonNode unreadable = Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "x",
        "theme", Map.of("primaryColour", "#ffdd00")), Nodes.ORGANISER_KEY, 400);
    assertTrue(unreadable.path("message").asText().contains("contrast"), unreadable.toString());
    JsonNode created = Nodes.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "In huisstijl",
        "theme", Map.of("primaryColour", "#00557F", "lightColour", "#e5f1f8")), Nodes.ORGANISER_KEY, 201);
    JsonNode welcome = client().join(created.path("roomId").asText(), "Anouk", "Gemeente Gouda");
    JsonNode theme = welcome.path("state").path("theme");
    assertEquals("#00557f", theme.path("primaryColour").asText(), welcome.toString());
    assertEquals("#e5f1f8", theme.path("lightColour").asText());
    assertTrue(theme.path("logo").isNull());
  }

  @Test
  @DisplayName("an organiser uploads a template; a broken one is refused with every problem by its path")
  void templateUpload() throws Exception {
    String broken = new String(getClass().getResourceAsStream("/templates/broken/too-many-tips.json").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    Nodes.post(node, "/api/templates", broken, null, 401);
    JsonNode refused = Nodes.post(node, "/api/templates", broken, Nodes.ORGANISER_KEY, 422);
    assertEquals("invalid_template", refused.path("error").asText());
    assertTrue(refused.path("problems").toString().contains("/tips"), refused.toString());
    assertFalse(refused.toString().contains("Exception"), "never a stack trace");

    JsonNode own = DomainJson.MAPPER.readTree(getClass().getResourceAsStream("/templates/data-team-start.json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) own).put("id", "eigen-werkvorm").put("version", 3);
    JsonNode stored = Nodes.post(node, "/api/templates", own.toString(), Nodes.ORGANISER_KEY, 201);
    assertEquals("eigen-werkvorm", stored.path("id").asText());
    Nodes.post(node, "/api/templates", own.toString(), Nodes.ORGANISER_KEY, 422);
    JsonNode room = Nodes.createRoom(node, "eigen-werkvorm", "Met een eigen werkvorm");
    TestClient fien = client();
    JsonNode welcome = fien.facilitate(room.path("roomId").asText(), room.path("facilitatorToken").asText(), "Fien", "Gouda");
    assertEquals(3, welcome.path("state").path("templateVersion").asInt());
    var list = Nodes.get(node, "/api/templates", null);
    assertTrue(list.body().contains("eigen-werkvorm"));
    var participantsView = Nodes.get(node, "/api/templates/eigen-werkvorm/3", null);
    assertEquals(200, participantsView.statusCode());
    assertFalse(participantsView.body().contains("facilitatorNotes"));
  }

  @Test
  @DisplayName("a join code stops working when the session ends")
  void joinCodeExpires() {
    JsonNode created = Nodes.createRoom(node, "data-team-start", "Kort");
    String code = created.path("joinCode").asText();
    // From an address of its own, so that the guessing limit of other tests does not count.
    var http = clients.createHttpClient(new io.vertx.core.http.HttpClientOptions().setLocalAddress("127.0.0.9"));
    assertEquals(200, lookUp(http, code));
    TestClient fien = client();
    fien.facilitate(created.path("roomId").asText(), created.path("facilitatorToken").asText(), "Fien", "Gouda");
    fien.command(Map.of("type", "end"));
    assertEquals(404, lookUp(http, code));
  }

  private static int lookUp(io.vertx.core.http.HttpClient http, String code) {
    return TestClient.get(http.request(io.vertx.core.http.HttpMethod.GET, node.port(), "127.0.0.1", "/api/join/" + code)
        .compose(req -> req.send()).map(res -> res.statusCode()).toCompletionStage().toCompletableFuture());
  }

  @Test
  @DisplayName("a join repeated with the same joinKey (its welcome lost) gives the same participant, not a second one")
  void repeatedJoin() {
    String joinKey = "k-" + UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> hello = Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "join", "name", "Anna", "organisation", "Gemeente Woerden", "joinKey", joinKey));
    TestClient first = client();
    first.send(hello);
    JsonNode one = first.awaitType("welcome");
    first.close();
    TestClient again = client();
    again.send(hello);
    JsonNode two = again.awaitType("welcome");
    assertEquals(one.path("participantId").asText(), two.path("participantId").asText());
    assertNotEquals(one.path("token").asText(), two.path("token").asText(), "a new token");
    long annas = again.replica.participants.values().stream().filter(p -> p.name().equals("Anna")).count();
    assertEquals(1, annas);
    TestClient stale = client();
    stale.send(Map.of("type", "hello", "protocol", 1, "roomId", roomId,
        "auth", Map.of("kind", "resume", "participantId", one.path("participantId").asText(), "token", one.path("token").asText())));
    assertEquals(4001, stale.awaitClose(), "the lost welcome's token no longer works");
  }

  @Test
  @DisplayName("a client that asks for a resync gets what it missed, in order")
  void resync() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    startAndOpenCheckIn();
    long seq = facilitator.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "voor de resync"));
    anna.awaitSeq(seq);
    anna.send(Map.of("type", "resync", "fromSeq", 1));
    JsonNode replay = anna.await(m -> "events".equals(m.path("type").asText()) && m.path("events").path(0).path("seq").asLong() == 2);
    long expected = 2;
    for (JsonNode e : replay.path("events")) {
      assertEquals(expected++, e.path("seq").asLong(), "contiguous");
    }
    assertEquals(seq, expected - 1, "up to the latest");
  }

  @Test
  @DisplayName("in an anonymous room participants see organisations, not names; facilitators see names")
  void anonymousRoom() {
    JsonNode created = Nodes.post(node, "/api/rooms",
        Map.of("templateId", "data-team-start", "title", "Anoniem", "anonymous", true), Nodes.ORGANISER_KEY, 201);
    String anonymousRoom = created.path("roomId").asText();
    assertTrue(Nodes.get(node, "/api/rooms/" + anonymousRoom, null).body().contains("\"anonymous\":true"),
        "the join screen can tell people before they join");
    TestClient fien = client();
    fien.facilitate(anonymousRoom, created.path("facilitatorToken").asText(), "Fien", "Datalab");
    TestClient anna = client();
    anna.join(anonymousRoom, "Anna", "Gemeente Woerden");
    TestClient bram = client();
    bram.join(anonymousRoom, "Bram", "Provincie Utrecht");
    anna.awaitSeq(bram.lastSeq);
    fien.awaitSeq(bram.lastSeq);
    assertEquals("", anna.replica.participants.get(bram.participantId).name(), "no names for participants");
    assertEquals("Provincie Utrecht", anna.replica.participants.get(bram.participantId).organisation());
    assertEquals("Anna", anna.replica.participants.get(anna.participantId).name(), "your own name, of course");
    assertFalse(anna.received().toString().contains("Bram"), "Bram's name never reaches Anna");
    assertEquals("Bram", fien.replica.participants.get(bram.participantId).name());

    fien.command(Map.of("type", "set-role", "participantId", anna.participantId, "role", "co-facilitator"));
    anna.await(m -> "snapshot".equals(m.path("type").asText()));
    assertEquals("Bram", anna.replica.participants.get(bram.participantId).name(), "a co-facilitator sees names");
  }

  @Test
  @DisplayName("a client claiming to be ahead of the room gets the whole room, not an empty catch-up")
  void clientAhead() {
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    TestClient again = client();
    JsonNode welcome = again.resume(roomId, anna.participantId, anna.token, anna.lastSeq + 1000);
    assertTrue(welcome.path("state").isObject(), "the full state: " + welcome);
    assertEquals(anna.lastSeq, welcome.path("seq").asLong());
  }

  @Test
  @DisplayName("a member's copy of a room that is behind its store (a promoted backup) is read back, and the next command goes through")
  void roomBehindItsStore() {
    startAndOpenCheckIn();
    var map = node.node().rooms();
    nl.werkplaats.cluster.RoomRecord before = map.get(roomId);
    long first = facilitator.command(Map.of("type", "add-card", "step", 1, "prompt", 0, "text", "opgeslagen en bevestigd"));
    // The member forgets that change without telling the store, as a backup that was promoted before the
    // change reached it would.
    map.putTransient(roomId, before, 0, java.util.concurrent.TimeUnit.SECONDS);
    long second = facilitator.command(Map.of("type", "add-card", "step", 1, "prompt", 1, "text", "daarna"));
    assertTrue(second > first, "the later change comes after the acknowledged one");
    TestClient fresh = client();
    fresh.facilitate(roomId, facilitatorToken, "Fien", "Gemeente Gouda");
    String cards = fresh.replicaJson().path("content").path(1).path("cards").toString();
    assertTrue(cards.contains("opgeslagen en bevestigd") && cards.contains("daarna"), cards);
  }

  @Test
  @DisplayName("a client that holds a history the room does not have (another hash at its seq) is sent the whole room within a heartbeat")
  void forkedClientIsHealedByTheHeartbeat() {
    startAndOpenCheckIn();
    TestClient anna = client();
    anna.join(roomId, "Anna", "Gemeente Woerden");
    var map = node.node().rooms();
    nl.werkplaats.cluster.RoomRecord current = map.get(roomId);
    // The room's history at the same seq becomes another one, as after a network partition in which this
    // client was sent an event that the store then refused.
    nl.werkplaats.cluster.RoomRecord other = current.copyForUpdate();
    other.chain = current.chain.equals("0123456789abcdef") ? "fedcba9876543210" : "0123456789abcdef";
    map.putTransient(roomId, other, 0, java.util.concurrent.TimeUnit.SECONDS);
    try {
      JsonNode snapshot = anna.await(m -> "snapshot".equals(m.path("type").asText()));
      assertEquals(other.chain, snapshot.path("chain").asText());
      assertEquals(current.state.seq, snapshot.path("seq").asLong());
    } finally {
      map.putTransient(roomId, current, 0, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}

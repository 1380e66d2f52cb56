package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Organiser accounts on one real node with the embedded store, over real HTTP: each organiser sees and manages
 * only their own sessions (and those shared with them), the organiser key sees all.
 */
@ExtendWith(VertxExtension.class)
class OrganiserAccountsTest {
  private Werkplaats node;

  @BeforeEach
  void start() {
    node = Nodes.single(TestStores.embedded());
  }

  @AfterEach
  void stop() {
    Nodes.stop(node);
  }

  private static List<String> roomIds(HttpResponse<String> list) {
    assertEquals(200, list.statusCode(), list.body());
    List<String> ids = new ArrayList<>();
    SignedIn.json(list).forEach(r -> ids.add(r.path("roomId").asText()));
    return ids;
  }

  @Test
  @DisplayName("organiser A cannot list, download or delete organiser B's session (404, as for none); the key can")
  void ownSessionsOnly(Vertx clients) {
    SignedIn.createAccount(node, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn.createAccount(node, "bram@woerden.nl", "Bram", "bram's long password");
    SignedIn anna = SignedIn.signIn(node, "Anna@Gouda.nl", "anna's long password");
    SignedIn bram = SignedIn.signIn(node, "bram@woerden.nl", "bram's long password");
    assertEquals("Anna", anna.organiser().path("displayName").asText());

    HttpResponse<String> made = bram.post(node, "/api/rooms", Map.of("templateId", "data-team-start", "title", "Bram's start"));
    assertEquals(201, made.statusCode(), made.body());
    JsonNode room = SignedIn.json(made);
    String roomId = room.path("roomId").asText();
    TestClient fien = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fien.facilitate(roomId, room.path("facilitatorToken").asText(), "Fien", "Gemeente Woerden");
    fien.command(Map.of("type", "start"));
    fien.command(Map.of("type", "end"));
    String adminRoom = Nodes.createRoom(node, "data-team-start", "The administrator's").path("roomId").asText();

    assertEquals(List.of(roomId), roomIds(bram.get(node, "/api/rooms")), "Bram sees his session only");
    assertEquals(List.of(), roomIds(anna.get(node, "/api/rooms")), "Anna sees none of them");
    assertTrue(roomIds(Nodes.get(node, "/api/rooms", Nodes.ORGANISER_KEY)).containsAll(List.of(roomId, adminRoom)),
        "the organiser key sees every session");

    assertEquals(200, bram.get(node, "/api/rooms/" + roomId + "/summaries").statusCode());
    HttpResponse<String> summary = bram.get(node, "/api/rooms/" + roomId + "/summaries/1.json");
    assertEquals(200, summary.statusCode(), summary.body());
    for (String path : List.of("/api/rooms/" + roomId + "/summaries", "/api/rooms/" + roomId + "/summaries/1.json",
        "/api/rooms/" + roomId + "/summaries/1/agreements.ics")) {
      HttpResponse<String> refused = anna.get(node, path);
      assertEquals(404, refused.statusCode(), path + ": " + refused.body());
      assertEquals("not_found", SignedIn.json(refused).path("error").asText());
    }
    HttpResponse<String> noRoom = anna.get(node, "/api/rooms/r-doesnotexist/summaries");
    assertEquals(SignedIn.json(noRoom).path("error").asText(),
        SignedIn.json(anna.get(node, "/api/rooms/" + roomId + "/summaries")).path("error").asText(),
        "another's session answers as no session does");
    assertEquals(0, SignedIn.json(anna.get(node, "/api/evaluations?templateId=data-team-start")).size(),
        "Anna gets no evaluation of Bram's session");
    assertEquals(1, SignedIn.json(bram.get(node, "/api/evaluations?templateId=data-team-start")).size());

    assertEquals(404, anna.delete(node, "/api/rooms/" + roomId).statusCode(), "Anna cannot delete it");
    assertTrue(roomIds(bram.get(node, "/api/rooms")).contains(roomId), "still there");
    assertEquals(404, anna.delete(node, "/api/rooms/" + adminRoom).statusCode(), "nor the administrator's");

    HttpResponse<String> shared = bram.post(node, "/api/rooms/" + roomId + "/organisers", Map.of("email", "anna@gouda.nl"));
    assertEquals(200, shared.statusCode(), shared.body());
    assertEquals(List.of(roomId), roomIds(anna.get(node, "/api/rooms")), "shared with Anna: now she sees it");
    assertEquals(404, anna.post(node, "/api/rooms/" + adminRoom + "/organisers", Map.of("email", "anna@gouda.nl"))
        .statusCode(), "nobody shares what they do not manage");

    HttpResponse<String> deleted = SignedIn.send(node, "DELETE", "/api/rooms/" + roomId, null, null, null);
    assertEquals(401, deleted.statusCode());
    HttpResponse<String> byKey = SignedIn.withKey(node, "DELETE", "/api/rooms/" + adminRoom);
    assertEquals(200, byKey.statusCode(), "the organiser key deletes any session: " + byKey.body());
    HttpResponse<String> byOwner = bram.delete(node, "/api/rooms/" + roomId);
    assertEquals(200, byOwner.statusCode(), byOwner.body());
    assertEquals("organiser-account", SignedIn.json(byOwner).path("by").asText());
    assertEquals(List.of(), roomIds(anna.get(node, "/api/rooms")));
  }

  @Test
  @DisplayName("behind https the session cookie is Secure as well as HttpOnly and SameSite=Strict")
  void secureCookieBehindTls() {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "test-" + java.util.UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_PUBLIC_URL", "https://werkplaats.test");
    Werkplaats tls = Nodes.start(nl.werkplaats.Config.fromEnv(env), TestStores.embedded());
    try {
      SignedIn.createAccount(tls, "anna@gouda.nl", "Anna", "anna's long password");
      HttpResponse<String> res = SignedIn.send(tls, "POST", "/api/session",
          Map.of("email", "anna@gouda.nl", "password", "anna's long password"), null, null);
      String cookie = res.headers().firstValue("Set-Cookie").orElseThrow().toLowerCase(java.util.Locale.ROOT);
      assertTrue(cookie.contains("; secure") && cookie.contains("httponly") && cookie.contains("samesite=strict"), cookie);
      String plain = SignedIn.send(node, "POST", "/api/session", Map.of("email", "x@y.nl", "password", "whatever it is"),
          null, null).headers().firstValue("Set-Cookie").orElse("");
      assertEquals("", plain, "no cookie for a wrong password");
    } finally {
      Nodes.stop(tls);
    }
  }

  @Test
  @DisplayName("a change with the session cookie but without its CSRF token is refused; reading needs none")
  void csrf() {
    SignedIn.createAccount(node, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn anna = SignedIn.signIn(node, "anna@gouda.nl", "anna's long password");
    HttpResponse<String> forged = SignedIn.send(node, "POST", "/api/rooms",
        Map.of("templateId", "data-team-start", "title", "Forged"), anna.cookie(), null);
    assertEquals(403, forged.statusCode(), forged.body());
    assertEquals("csrf", SignedIn.json(forged).path("error").asText());
    HttpResponse<String> wrong = SignedIn.send(node, "POST", "/api/rooms",
        Map.of("templateId", "data-team-start", "title", "Forged"), anna.cookie(), "0".repeat(64));
    assertEquals(403, wrong.statusCode());
    assertEquals(List.of(), roomIds(anna.get(node, "/api/rooms")), "no room was made");
    assertEquals(200, anna.get(node, "/api/session").statusCode());
  }

  @Test
  @DisplayName("sign-out ends the session on the server; wrong passwords lock the account after five")
  void signOutAndLockOut() {
    SignedIn.createAccount(node, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn anna = SignedIn.signIn(node, "anna@gouda.nl", "anna's long password");
    HttpResponse<String> out = anna.delete(node, "/api/session");
    assertEquals(204, out.statusCode(), out.body());
    assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), "the cookie is cleared");
    assertEquals(401, anna.get(node, "/api/session").statusCode(), "the old cookie opens nothing any more");
    assertEquals(401, anna.get(node, "/api/rooms").statusCode());

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> wrong = SignedIn.send(node, "POST", "/api/session",
          Map.of("email", "anna@gouda.nl", "password", "not anna's password " + i), null, null);
      assertEquals(401, wrong.statusCode(), wrong.body());
      assertEquals("wrong_password", SignedIn.json(wrong).path("error").asText());
    }
    HttpResponse<String> locked = SignedIn.send(node, "POST", "/api/session",
        Map.of("email", "anna@gouda.nl", "password", "anna's long password"), null, null);
    assertEquals(429, locked.statusCode(), "even the right password waits now: " + locked.body());
    HttpResponse<String> unknown = SignedIn.send(node, "POST", "/api/session",
        Map.of("email", "nobody@gouda.nl", "password", "whatever it is"), null, null);
    assertEquals("wrong_password", SignedIn.json(unknown).path("error").asText(), "an unknown address answers the same");
  }

  @Test
  @DisplayName("the first-run link makes the first account, which takes over the sessions made before; then it is used up")
  void firstAccount() {
    String earlier = Nodes.createRoom(node, "data-team-start", "Before accounts").path("roomId").asText();
    String link = node.firstAccountLink();
    assertNotNull(link, "a node without accounts offers the first-run link");
    String setup = link.substring(link.indexOf("#setup=") + "#setup=".length());
    assertTrue(SignedIn.json(SignedIn.send(node, "GET", "/api/session/options", null, null, null))
        .path("firstAccount").asBoolean());
    assertEquals(401, SignedIn.send(node, "POST", "/api/organisers",
        Map.of("email", "anna@gouda.nl", "displayName", "Anna", "password", "anna's long password"), null, null).statusCode());
    Nodes.post(node, "/api/organisers",
        Map.of("email", "anna@gouda.nl", "displayName", "Anna", "password", "anna's long password"), setup, 201);
    SignedIn anna = SignedIn.signIn(node, "anna@gouda.nl", "anna's long password");
    assertEquals(List.of(earlier), roomIds(anna.get(node, "/api/rooms")), "the first account has the earlier sessions");
    Nodes.post(node, "/api/organisers",
        Map.of("email", "bram@woerden.nl", "displayName", "Bram", "password", "bram's long password"), setup, 409);
    assertFalse(SignedIn.json(SignedIn.send(node, "GET", "/api/session/options", null, null, null))
        .path("firstAccount").asBoolean());
    Nodes.post(node, "/api/organisers",
        Map.of("email", "cas@gouda.nl", "displayName", "Cas", "password", "short"), Nodes.ORGANISER_KEY, 400);
    assertEquals(403, anna.post(node, "/api/organisers",
        Map.of("email", "cas@gouda.nl", "displayName", "Cas", "password", "cas's long password")).statusCode(),
        "an organiser does not make accounts; the administrator does");
  }

  @Test
  @DisplayName("another organiser sees neither a project nor its sessions until it is shared with them; then both")
  void projectsAreSharedExplicitly() {
    SignedIn.createAccount(node, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn.createAccount(node, "bram@woerden.nl", "Bram", "bram's long password");
    SignedIn anna = SignedIn.signIn(node, "anna@gouda.nl", "anna's long password");
    SignedIn bram = SignedIn.signIn(node, "bram@woerden.nl", "bram's long password");

    HttpResponse<String> made = anna.post(node, "/api/projects",
        Map.of("title", "Datadelen Midden", "partners", List.of("Gemeente Gouda", "Gemeente Woerden", "Provincie Utrecht")));
    assertEquals(201, made.statusCode(), made.body());
    String project = SignedIn.json(made).path("projectId").asText();
    HttpResponse<String> session = anna.post(node, "/api/projects/" + project + "/sessions",
        Map.of("templateId", "checklist-samen-data-delen", "title", "Checklist"));
    assertEquals(201, session.statusCode(), session.body());
    String roomId = SignedIn.json(session).path("roomId").asText();

    assertEquals(0, SignedIn.json(bram.get(node, "/api/projects")).size(), "Bram sees no project of Anna's");
    assertEquals(404, bram.get(node, "/api/projects/" + project).statusCode(), "not even that it exists");
    assertEquals(List.of(), roomIds(bram.get(node, "/api/rooms")), "nor its session");
    HttpResponse<String> edit = bram.post(node, "/api/projects/" + project + "/backlog", Map.of("what", "iets"));
    assertEquals(404, edit.statusCode(), edit.body());
    HttpResponse<String> share = bram.post(node, "/api/projects/" + project + "/organisers", Map.of("email", "bram@woerden.nl"));
    assertEquals(404, share.statusCode(), "Bram cannot share it with himself: " + share.body());

    HttpResponse<String> shared = anna.post(node, "/api/projects/" + project + "/organisers", Map.of("email", "Bram@Woerden.nl"));
    assertEquals(200, shared.statusCode(), shared.body());
    assertEquals(List.of("anna@gouda.nl", "bram@woerden.nl"),
        SignedIn.json(shared).path("sharedWith").findValuesAsText("email"), "the answer names whom it is shared with");
    assertEquals("Bram", SignedIn.json(shared).path("sharedWith").path(1).path("displayName").asText());
    HttpResponse<String> nobody = anna.post(node, "/api/projects/" + project + "/organisers", Map.of("email", "cor@utrecht.nl"));
    assertEquals(422, nobody.statusCode(), nobody.body());
    assertEquals("no_account", SignedIn.json(nobody).path("error").asText(), nobody.body());
    assertEquals(1, SignedIn.json(bram.get(node, "/api/projects")).size(), "now Bram sees the project");
    assertEquals(2, SignedIn.json(bram.get(node, "/api/projects/" + project)).path("sharedWith").size(),
        "the project page names both organisers");
    assertEquals(200, bram.get(node, "/api/projects/" + project).statusCode());
    assertEquals(List.of(roomId), roomIds(bram.get(node, "/api/rooms")), "and its session");
    assertEquals(201, bram.post(node, "/api/projects/" + project + "/backlog", Map.of("what", "Verwerkersovereenkomst")).statusCode());
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Projects over HTTP and WebSocket on one real node: three partners, a Checklist session whose agreements and
 * open points land in the backlog when it ends, a follow-up session whose backlog review reaches every screen
 * live and lands in the backlog when it ends; bad input refused with nothing changed; deletion audited.
 */
class ProjectsTest extends OneNodeRoomTest {
  static final String KEY = Nodes.ORGANISER_KEY;
  static final List<String> PARTNERS = List.of("Gemeente Utrecht", "Provincie Utrecht", "GGD Regio Utrecht");
  static final int AGREEMENTS_STEP = 19; // tasks-and-agreements in the Checklist

  @Override
  String roomTitle() {
    return "Naast het project";
  }

  static HttpResponse<String> send(String method, String path, Object body) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(DomainJson.MAPPER.writeValueAsString(body)))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY);
      return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode ok(HttpResponse<String> res, int status) {
    assertEquals(status, res.statusCode(), res.body());
    try {
      return DomainJson.MAPPER.readTree(res.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void refused(HttpResponse<String> res, int status, String code) {
    JsonNode body = ok(res, status);
    assertEquals(code, body.path("error").asText(), res.body());
    assertTrue(body.path("message").asText().length() > 5, res.body());
  }

  static JsonNode backlog(String projectId) {
    return ok(Nodes.get(node, "/api/projects/" + projectId + "/backlog", KEY), 200);
  }

  static JsonNode item(JsonNode backlog, String kind) {
    for (JsonNode i : backlog) {
      if (kind.equals(i.path("origin").path("kind").asText())) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " in " + backlog);
  }

  static boolean hasBacklogUpdate(JsonNode message, String itemId, String status) {
    if (!"events".equals(message.path("type").asText())) {
      return false;
    }
    for (JsonNode e : message.path("events")) {
      JsonNode ev = e.path("event");
      if ("backlog-item-updated".equals(ev.path("type").asText()) && itemId.equals(ev.path("item").path("id").asText())
          && status.equals(ev.path("item").path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("a Checklist's agreements become backlog items; a follow-up reviews them live and writes the outcome back once")
  void projectAcrossSessions() {
    JsonNode project = ok(send("POST", "/api/projects", Map.of("title", "Jeugdzorg Utrecht",
        "description", "Data delen over jeugdhulp", "partners", PARTNERS)), 201);
    String projectId = project.path("projectId").asText();
    assertEquals(PARTNERS, DomainJson.MAPPER.convertValue(project.path("partners"), List.class));

    // The first session: a Checklist in the project.
    JsonNode checklist = ok(send("POST", "/api/projects/" + projectId + "/sessions",
        Map.of("templateId", "checklist-samen-data-delen", "title", "Checklist jeugdzorg")), 201);
    String first = checklist.path("roomId").asText();
    TestClient fac = client();
    fac.facilitate(first, checklist.path("facilitatorToken").asText(), "Fien", "Bureau Buiten");
    TestClient anna = client();
    JsonNode welcome = anna.join(first, "Anna", "gem. utrecht");
    assertEquals("Gemeente Utrecht",
        welcome.path("state").path("participants").path(anna.participantId).path("organisation").asText(),
        "the room records the partner's canonical name");
    TestClient stranger = client();
    stranger.send(Map.of("type", "hello", "protocol", 1, "roomId", first,
        "auth", Map.of("kind", "join", "name", "Xander", "organisation", "Gemeente Amsterdam")));
    assertTrue(stranger.awaitError("invalid_value").path("message").asText().contains("not a partner"));
    JsonNode suggestion = ok(Nodes.get(node, "/api/rooms/" + first + "/partners?organisation=Utrect%20GGD%20Regio", null), 200);
    assertEquals(PARTNERS, DomainJson.MAPPER.convertValue(suggestion.path("partners"), List.class));

    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next")); // the first question: opened, left open
    fac.command(Map.of("type", "go-to-step", "step", AGREEMENTS_STEP));
    anna.command(Map.of("type", "save-agreement", "step", AGREEMENTS_STEP, "what", "DPIA laten uitvoeren",
        "who", "provincie utrecht", "due", "2027-02-01"));
    fac.command(Map.of("type", "end"));

    JsonNode afterFirst = backlog(projectId);
    JsonNode agreement = item(afterFirst, "agreement");
    assertEquals("DPIA laten uitvoeren", agreement.path("what").asText());
    assertEquals("Provincie Utrecht", agreement.path("ownerOrganisation").asText());
    assertEquals("2027-02-01", agreement.path("due").asText());
    assertEquals("open", agreement.path("status").asText());
    assertEquals(first, agreement.path("origin").path("roomId").asText());
    assertEquals("tasks-and-agreements", agreement.path("origin").path("step").asText());
    assertEquals("societal-issue", item(afterFirst, "open-point").path("origin").path("step").asText());
    assertEquals(afterFirst.size(), backlog(projectId).size(), "reading again adds nothing");
    String itemId = agreement.path("itemId").asText();

    // The follow-up: the open items are in the room; a status change reaches both screens live.
    JsonNode followUp = ok(send("POST", "/api/rooms", Map.of("templateId", "project-follow-up",
        "title", "Vervolg jeugdzorg", "projectId", projectId)), 201);
    String second = followUp.path("roomId").asText();
    TestClient fac2 = client();
    JsonNode seeded = fac2.facilitate(second, followUp.path("facilitatorToken").asText(), "Fien", "Bureau Buiten");
    assertEquals("DPIA laten uitvoeren", seeded.path("state").path("backlog").path(itemId).path("what").asText());
    TestClient bram = client();
    bram.join(second, "Bram", "GGD Regio Utrecht");
    fac2.command(Map.of("type", "start"));
    fac2.command(Map.of("type", "next"));
    assertEquals("invalid_value", bram.refused(Map.of("type", "update-backlog-item", "step", 1, "itemId", itemId,
        "ownerOrganisation", "Gemeente Amsterdam")));
    Map<String, Object> done = Map.of("type", "update-backlog-item", "step", 1, "itemId", itemId, "status", "done",
        "note", "Uitgevoerd in januari");
    bram.sendCommand("review-1", done);
    long seq = bram.await(m -> "review-1".equals(m.path("commandId").asText())).path("seq").asLong();
    bram.sendCommand("review-1", done); // the same command again (a retry after a lost ack): applied once
    JsonNode again = bram.await(m -> "review-1".equals(m.path("commandId").asText()) && m.path("duplicate").asBoolean());
    assertEquals(seq, again.path("seq").asLong());
    fac2.await(m -> hasBacklogUpdate(m, itemId, "done"));
    bram.await(m -> hasBacklogUpdate(m, itemId, "done"));
    assertEquals("open", item(backlog(projectId), "agreement").path("status").asText(), "not before the session ends");
    // Meanwhile the organiser moves the date in the backlog: the session, which did not touch it, keeps it.
    ok(send("PATCH", "/api/projects/" + projectId + "/backlog/" + itemId, Map.of("due", "2027-06-01")), 200);
    fac2.command(Map.of("type", "go-to-step", "step", 3));
    bram.command(Map.of("type", "evaluate", "step", 3, "mark", 8, "tips", "Stuur de lijst een week vooraf rond"));
    fac2.command(Map.of("type", "end"));

    JsonNode after = item(backlog(projectId), "agreement");
    assertEquals("done", after.path("status").asText());
    assertEquals("Uitgevoerd in januari", after.path("note").asText());
    assertEquals("2027-06-01", after.path("due").asText(), "the write-back never undoes the organiser's edit");
    JsonNode history = ok(Nodes.get(node, "/api/projects/" + projectId + "/backlog/" + itemId + "/history", KEY), 200);
    List<String> fields = new ArrayList<>();
    history.forEach(h -> fields.add(h.path("field").asText() + " by " + h.path("by").asText()));
    assertEquals(List.of("created by session " + first, "due by organiser-key", "status by session " + second,
        "note by session " + second), fields);
    backlog(projectId);
    assertEquals(history.size(), ok(Nodes.get(node, "/api/projects/" + projectId + "/backlog/" + itemId + "/history", KEY), 200).size(),
        "writing back again changes nothing");

    // An evaluation tip put on the backlog, once, so that partners see what was done with it.
    JsonNode tips = ok(Nodes.get(node, "/api/projects/" + projectId + "/tips", KEY), 200);
    assertEquals("Stuur de lijst een week vooraf rond", tips.get(0).path("tip").asText());
    assertTrue(tips.get(0).path("item").isNull(), "no item made from the tip yet");
    Map<String, Object> fromTip = Map.of("what", "Agenda en lijst een week vooraf sturen", "ownerOrganisation", "GGD Regio Utrecht",
        "tip", Map.of("roomId", second, "participantId", tips.get(0).path("participantId").asText()));
    JsonNode tipItem = ok(send("POST", "/api/projects/" + projectId + "/backlog", fromTip), 201);
    assertEquals("tip", tipItem.path("origin").path("kind").asText());
    assertEquals("evaluation", tipItem.path("origin").path("step").asText());
    assertEquals(tipItem.path("itemId").asText(),
        ok(send("POST", "/api/projects/" + projectId + "/backlog", fromTip), 201).path("itemId").asText(), "one item per tip");
    ok(send("PATCH", "/api/projects/" + projectId + "/backlog/" + tipItem.path("itemId").asText(),
        Map.of("status", "in-progress")), 200);
    JsonNode tipNow = ok(Nodes.get(node, "/api/projects/" + projectId + "/tips", KEY), 200).get(0).path("item");
    assertEquals(tipItem.path("itemId").asText(), tipNow.path("itemId").asText(), "the tip shows what became of it");
    assertEquals("in-progress", tipNow.path("status").asText());
    assertEquals("Agenda en lijst een week vooraf sturen", tipNow.path("what").asText());

    // The follow-up's summary holds the review as it ended, valid against the summary schema.
    HttpResponse<String> md = Nodes.get(node, "/api/rooms/" + second + "/summaries/1.md", KEY);
    assertEquals(200, md.statusCode(), md.body());
    assertTrue(md.body().contains("| DPIA laten uitvoeren | gedaan | Provincie Utrecht |"), md.body());
    String summary = Nodes.get(node, "/api/rooms/" + second + "/summaries/1.json", KEY).body();
    try {
      var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
          .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("..", "src", "summary", "summary.schema.json")));
      assertEquals(java.util.Set.of(), schema.validate(DomainJson.MAPPER.readTree(summary)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    assertEquals(200, Nodes.get(node, "/api/rooms/" + second + "/summaries/1.pdf", KEY).statusCode());

    // The project page: sessions with attendance per partner.
    JsonNode page = ok(Nodes.get(node, "/api/projects/" + projectId, KEY), 200);
    assertEquals(2, page.path("sessions").size());
    JsonNode utrecht = page.path("sessions").get(0).path("organisations").get(0);
    assertEquals("Gemeente Utrecht", utrecht.path("organisation").asText());
    assertEquals(1, utrecht.path("people").asInt());

    // Exports.
    HttpResponse<String> csv = Nodes.get(node, "/api/projects/" + projectId + "/backlog.csv", KEY);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.body().contains("DPIA laten uitvoeren;Provincie Utrecht"), csv.body());
    HttpResponse<String> ics = Nodes.get(node, "/api/projects/" + projectId + "/backlog.ics", KEY);
    assertTrue(ics.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"));
    assertTrue(!ics.body().contains("DPIA"), "a done item is no longer on the calendar");
    HttpResponse<String> xlsx = Nodes.get(node, "/api/projects/" + projectId + "/backlog.xlsx", KEY);
    assertEquals(200, xlsx.statusCode());
    assertTrue(xlsx.body().startsWith("PK"));
  }

  @Test
  @DisplayName("bad input is refused with the one error shape and changes nothing")
  void badInput() {
    int before = ok(Nodes.get(node, "/api/projects", KEY), 200).size();
    refused(send("POST", "/api/projects", Map.of("title", "Dubbel", "partners",
        List.of("Gemeente Utrecht", "gem. Utrecht", "GGD"))), 400, "invalid_value");
    refused(send("POST", "/api/projects", Map.of("title", "Leeg", "partners", List.of())), 400, "invalid_value");
    assertEquals(before, ok(Nodes.get(node, "/api/projects", KEY), 200).size(), "nothing was made");

    String a = ok(send("POST", "/api/projects", Map.of("title", "A", "partners", PARTNERS)), 201).path("projectId").asText();
    String b = ok(send("POST", "/api/projects", Map.of("title", "B", "partners", List.of("Gemeente Zeist"))), 201)
        .path("projectId").asText();
    JsonNode own = ok(send("POST", "/api/projects/" + a + "/backlog", Map.of("what", "Verwerkersovereenkomst tekenen",
        "ownerOrganisation", "provincie utrecht")), 201);
    assertEquals("Provincie Utrecht", own.path("ownerOrganisation").asText());
    String itemId = own.path("itemId").asText();

    refused(send("PATCH", "/api/projects/" + b + "/backlog/" + itemId, Map.of("status", "done")), 404, "not_found");
    refused(send("PATCH", "/api/projects/" + a + "/backlog/" + itemId, Map.of("status", "finished")), 400, "invalid_value");
    refused(send("PATCH", "/api/projects/" + a + "/backlog/" + itemId, Map.of("ownerOrganisation", "Gemeente Zeist")),
        400, "invalid_value");
    refused(send("PATCH", "/api/projects/" + a + "/backlog/" + itemId, Map.of("due", "1-2-2027")), 400, "invalid_value");
    refused(send("POST", "/api/projects/" + a + "/backlog", Map.of("what", "x", "tip",
        Map.of("roomId", roomId, "participantId", "p-1"))), 404, "not_found");
    refused(send("GET", "/api/projects/pr-nope/backlog.csv", null), 404, "not_found");
    refused(send("POST", "/api/rooms", Map.of("templateId", "project-follow-up", "title", "x", "projectId", "pr-nope")),
        404, "not_found");
    assertEquals("open", ok(Nodes.get(node, "/api/projects/" + a + "/backlog", KEY), 200).get(0).path("status").asText());
    assertEquals(1, ok(Nodes.get(node, "/api/projects/" + a + "/backlog/" + itemId + "/history", KEY), 200).size(),
        "no history row for a refused change");
    assertEquals(0, ok(Nodes.get(node, "/api/projects/" + b + "/backlog", KEY), 200).size());

    JsonNode changed = ok(send("PATCH", "/api/projects/" + a + "/backlog/" + itemId, Map.of("status", "in-progress",
        "due", "2027-03-01")), 200);
    assertEquals("in-progress", changed.path("status").asText());
    assertEquals(3, ok(Nodes.get(node, "/api/projects/" + a + "/backlog/" + itemId + "/history", KEY), 200).size());
    assertEquals(401, Nodes.get(node, "/api/projects/" + a + "/backlog", "wrong-key-of-sixteen").statusCode());
  }

  @Test
  @DisplayName("deleting a project deletes its sessions, summaries and backlog, each audited")
  void deletion() {
    String id = ok(send("POST", "/api/projects", Map.of("title", "Weg", "partners", PARTNERS)), 201).path("projectId").asText();
    JsonNode session = ok(send("POST", "/api/projects/" + id + "/sessions",
        Map.of("templateId", "project-follow-up", "title", "Sessie die weg moet")), 201);
    String room = session.path("roomId").asText();
    ok(send("POST", "/api/projects/" + id + "/backlog", Map.of("what", "iets")), 201);
    ok(send("POST", "/api/organisers", Map.of("email", "anna@utrecht.nl", "displayName", "Anna", "password", "een lang wachtwoord")), 201);
    ok(send("POST", "/api/projects/" + id + "/organisers", Map.of("email", "anna@utrecht.nl")), 200);

    JsonNode receipt = ok(send("DELETE", "/api/projects/" + id, null), 200);
    assertTrue(receipt.path("deleted").asText().contains("backlog items (1)"), receipt.toString());
    assertEquals(404, Nodes.get(node, "/api/rooms/" + room, null).statusCode());
    refused(send("GET", "/api/projects/" + id, null), 404, "not_found");
    JsonNode audit = ok(Nodes.get(node, "/api/deletions", KEY), 200);
    List<String> deleted = new ArrayList<>();
    audit.forEach(d -> deleted.add(d.path("roomId").asText()));
    assertTrue(deleted.contains(id) && deleted.contains(room), audit.toString());
    refused(send("DELETE", "/api/projects/" + id, null), 404, "not_found");
  }
}

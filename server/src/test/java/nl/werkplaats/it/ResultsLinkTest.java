package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The results link on one real node: when a session ends everyone in it gets a read-only credential that
 * downloads that room's frozen summaries in every format, and opens nothing else.
 */
class ResultsLinkTest extends OneNodeRoomTest {
  @Override
  String roomTitle() {
    return "Resultaten voor iedereen";
  }

  @Test
  @DisplayName("everyone in an ended session gets the results link; it downloads every format of that room's summary only")
  void everyoneGetsTheResults() throws Exception {
    TestClient anna = client();
    JsonNode annaWelcome = anna.join(roomId, "Anna", "Gemeente Woerden");
    assertFalse(annaWelcome.has("resultsToken"), "no results before the end");
    facilitator.command(Map.of("type", "start"));
    facilitator.command(Map.of("type", "end"));

    String token = anna.awaitType("results").path("token").asText();
    JsonNode forFacilitator = facilitator.awaitType("results");
    assertEquals(roomId, forFacilitator.path("roomId").asText());
    assertEquals(token, forFacilitator.path("token").asText(), "one link for everyone in the room");
    assertEquals(32, token.length());
    assertNotEquals(facilitatorToken, token);

    // Whoever comes back to the ended room gets it in the welcome.
    TestClient again = client();
    JsonNode welcome = again.resume(roomId, anna.participantId, anna.token, 0);
    assertEquals(token, welcome.path("resultsToken").asText(), "the welcome of an ended room carries it");

    JsonNode versions = DomainJson.MAPPER.readTree(ok("/api/rooms/" + roomId + "/summaries", token).body());
    assertEquals(1, versions.size(), versions.toString());
    for (String format : new String[] {"json", "md", "html", "pdf", "csv", "xlsx", "docx"}) {
      HttpResponse<byte[]> res = bytes("/api/rooms/" + roomId + "/summaries/1." + format, token);
      assertEquals(200, res.statusCode(), format);
      assertTrue(res.body().length > 100, format + " has content");
    }
    assertTrue(ok("/api/rooms/" + roomId + "/summaries/1.md", token).body().contains("Resultaten voor iedereen"));
    assertEquals(200, bytes("/api/rooms/" + roomId + "/summaries/1/agreements.ics", token).statusCode());
    assertEquals(200, bytes("/api/rooms/" + roomId + "/summaries/1/agreements.csv", token).statusCode());

    // Not another room.
    JsonNode other = Nodes.createRoom(node, "data-team-start", "Een andere sessie");
    String otherRoom = other.path("roomId").asText();
    assertEquals(401, Nodes.get(node, "/api/rooms/" + otherRoom + "/summaries", token).statusCode());
    assertEquals(401, Nodes.get(node, "/api/rooms/" + otherRoom + "/summaries/1.json", token).statusCode());
    // Not the organiser's routes.
    assertEquals(401, Nodes.get(node, "/api/rooms", token).statusCode());
    // Not the room itself: as a facilitator's or a projector's credential it is refused.
    TestClient asFacilitator = client();
    ProjectorTest.hello(asFacilitator, roomId, Map.of("kind", "facilitator", "token", token));
    ProjectorTest.assertRefused(asFacilitator, "a results link does not open the room");
    TestClient asProjector = client();
    ProjectorTest.hello(asProjector, roomId, Map.of("kind", "projector", "token", token));
    ProjectorTest.assertRefused(asProjector, "nor as a projector");
    // Not deletion.
    assertEquals(403, delete("/api/rooms/" + roomId, token).statusCode());
    assertEquals(200, ok("/api/rooms/" + roomId + "/summaries", token).statusCode(), "the room is still there");

    // Deleted: the link opens nothing any more.
    assertEquals(200, delete("/api/rooms/" + roomId, organiserToken).statusCode());
    assertEquals(401, Nodes.get(node, "/api/rooms/" + roomId + "/summaries", token).statusCode());
    assertEquals(401, Nodes.get(node, "/api/rooms/" + roomId + "/summaries/1.json", token).statusCode());
  }

  @Test
  @DisplayName("the results page is served at /s/{roomId}, uncached; the token stays in the fragment")
  void resultsPage() {
    var page = Nodes.get(node, "/s/" + roomId, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<div id=\"app\">"), page.body());
    assertTrue(page.headers().firstValue("Cache-Control").orElse("").contains("no-cache"));
  }

  @Test
  @DisplayName("a projector is nobody in the room: it gets no results link when the session ends")
  void noResultsForTheProjector() {
    facilitator.command(Map.of("type", "start"));
    TestClient projector = client();
    ProjectorTest.hello(projector, roomId, Map.of("kind", "projector", "token", ProjectorTest.newProjectorLink(facilitator)));
    projector.awaitType("welcome");
    long seq = facilitator.command(Map.of("type", "end"));
    facilitator.awaitType("results");
    projector.awaitSeq(seq);
    assertFalse(projector.received().toString().contains("\"results\""), "no results link on the wall");
    TestClient again = client();
    ProjectorTest.hello(again, roomId, Map.of("kind", "projector", "token", ProjectorTest.newProjectorLink(facilitator)));
    assertFalse(again.awaitType("welcome").has("resultsToken"));
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private HttpResponse<String> ok(String path, String bearer) {
    HttpResponse<String> res = Nodes.get(node, path, bearer);
    assertEquals(200, res.statusCode(), path + ": " + res.body());
    return res;
  }

  private HttpResponse<byte[]> bytes(String path, String bearer) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> delete(String path, String bearer) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + bearer).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }
}

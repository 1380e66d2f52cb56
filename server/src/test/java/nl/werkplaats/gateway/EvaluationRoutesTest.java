package nl.werkplaats.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.SummaryService;
import nl.werkplaats.testsupport.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation over time on a real embedded store and a real HTTP server: marks per session, per partner
 * organisation, and the Checklist compared across sessions, with nothing shown for fewer than three people.
 */
class EvaluationRoutesTest {
  static final String KEY = "organiser-key-xyz";
  static final String CHECKLIST = "checklist-samen-data-delen";

  @TempDir
  static Path dir;
  static Vertx vertx;
  static HttpServer server;
  static Store store;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    store = H2Store.open(dir, 365);
    SummaryService service = new SummaryService(store, (id, v) -> Optional.of(Sessions.templateJson(id)));
    Sessions.checklist("r-big", new RoomStorage(store)::save); // three participants, three marks
    Sessions.checklistOfTwo("r-small", new RoomStorage(store)::save); // two participants, two marks
    Sessions.teamStart("r-team", new RoomStorage(store)::save);
    for (String room : List.of("r-big", "r-small", "r-team")) {
      service.ensureFrozen(room);
    }
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    EvaluationRoutes.mount(router, vertx, store, service,
        nl.werkplaats.account.OrganiserAuth.keyOnly(vertx, KEY::equals, new RequestLimits(ClientAddress.direct())));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    store.close();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path, KEY);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return DomainJson.MAPPER.readTree(r.body());
  }

  static JsonNode byRoom(JsonNode list, String roomId) {
    for (JsonNode n : list) {
      if (n.path("roomId").asText().equals(roomId)) {
        return n;
      }
    }
    throw new AssertionError("no " + roomId + " in " + list);
  }

  static List<String> rooms(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("roomId").asText()));
    return out;
  }

  @Test
  @DisplayName("marks per session: average, distribution and tips for three marks or more; fewer show only their count")
  void marksPerSession() throws Exception {
    JsonNode marks = json("/api/evaluations?templateId=" + CHECKLIST);
    assertEquals(List.of("r-big", "r-small"), rooms(marks).stream().sorted().toList());
    JsonNode big = byRoom(marks, "r-big");
    assertEquals("8.00", big.path("average").asText());
    assertEquals(3, big.path("count").asInt());
    assertEquals(3, big.path("participants").asInt());
    assertEquals(1, big.path("distribution").path("7").asInt());
    assertEquals(0, big.path("distribution").path("1").asInt());
    assertTrue(big.path("tips").toString().contains("Meer tijd voor de juridische vragen"));
    assertTrue(big.path("organisations").toString().contains("Provincie Zuid-Holland"));
    JsonNode small = byRoom(marks, "r-small");
    assertEquals(2, small.path("count").asInt(), "the count stays visible");
    assertTrue(small.path("average").isNull(), "two marks: no average (k = 3)");
    assertTrue(small.path("distribution").isNull());
    assertTrue(small.path("tips").isNull(), "nor the tips of two people");
    assertTrue(!small.toString().contains("Te kort"));
  }

  @Test
  @DisplayName("a project's sessions (roomIds) or a partner's (organisation) only; a malformed filter is refused")
  void filters() throws Exception {
    assertEquals(List.of("r-small"), rooms(json("/api/evaluations?templateId=" + CHECKLIST + "&roomIds=r-small")));
    assertEquals(List.of("r-big", "r-small"),
        rooms(json("/api/evaluations?templateId=" + CHECKLIST + "&roomIds=r-big,r-small,r-team")).stream().sorted().toList());
    assertEquals(List.of("r-big"), rooms(json("/api/evaluations?templateId=" + CHECKLIST + "&organisation="
        + URLEncoder.encode("universiteit utrecht", StandardCharsets.UTF_8))));
    assertEquals(400, get("/api/evaluations?templateId=" + CHECKLIST + "&roomIds=r-big,;drop", KEY).statusCode());
    assertEquals(400, get("/api/evaluations/comparison?templateId=" + CHECKLIST + "&roomIds=", KEY).statusCode());
    assertEquals(400, get("/api/evaluations/organisations", KEY).statusCode());
  }

  @Test
  @DisplayName("per partner organisation: the marks of the sessions it took part in, none below three")
  void perOrganisation() throws Exception {
    JsonNode all = json("/api/evaluations/organisations?templateId=" + CHECKLIST);
    JsonNode gouda = null;
    for (JsonNode o : all) {
      if (o.path("organisation").asText().equals("Gemeente Gouda")) {
        gouda = o;
      }
    }
    assertEquals(2, gouda.path("sessions").asInt(), all.toString());
    assertEquals(5, gouda.path("count").asInt());
    assertEquals("7.00", gouda.path("average").asText(), "8, 7, 9, 5 and 6");
    JsonNode onlySmall = json("/api/evaluations/organisations?templateId=" + CHECKLIST + "&roomIds=r-small");
    for (JsonNode o : onlySmall) {
      assertTrue(o.path("average").isNull() && o.path("distribution").isNull(), "two marks: nothing but the count: " + o);
    }
  }

  @Test
  @DisplayName("the Checklist across sessions: per area agreed, open, not applicable, not reached; '—' below three participants")
  void comparison() throws Exception {
    JsonNode c = json("/api/evaluations/comparison?templateId=" + CHECKLIST);
    assertEquals(3, c.path("k").asInt());
    String firstArea = c.path("areas").get(0).asText();
    JsonNode big = byRoom(c.path("sessions"), "r-big").path("areas");
    assertEquals(1, big.path(firstArea).path("agreed").asInt(), c.toString());
    int total = 0;
    for (JsonNode area : big) {
      total += area.path("agreed").asInt() + area.path("open").asInt() + area.path("notApplicable").asInt()
          + area.path("notReached").asInt();
    }
    assertEquals(17, total, "every question of the checklist counted once");
    int open = 0;
    int notApplicable = 0;
    for (JsonNode area : big) {
      open += area.path("open").asInt();
      notApplicable += area.path("notApplicable").asInt();
    }
    assertEquals(1, open);
    assertEquals(1, notApplicable);
    JsonNode small = byRoom(c.path("sessions"), "r-small");
    assertEquals(2, small.path("participants").asInt());
    assertTrue(small.path("areas").isNull(), "two participants: no breakdown");

    JsonNode team = json("/api/evaluations/comparison?templateId=data-team-start");
    JsonNode teamSession = byRoom(team.path("sessions"), "r-team");
    assertEquals(3, teamSession.path("raters").asInt());
    assertTrue(teamSession.path("competences").has("data-analysis"), team.toString());
  }

  @Test
  @DisplayName("by project: sessions in no project are one group; its figures only from three participants and marks")
  void comparisonByProject() throws Exception {
    String path = "/api/evaluations/comparison?templateId=" + CHECKLIST + "&by=project&roomIds=";
    JsonNode small = json(path + "r-small").path("groups");
    assertEquals(1, small.size(), small.toString());
    assertEquals("Zonder project", small.get(0).path("title").asText());
    assertTrue(small.get(0).path("projectId").isNull());
    assertEquals(2, small.get(0).path("count").asInt());
    assertTrue(small.get(0).path("average").isNull(), "two marks: no average");
    assertTrue(small.get(0).path("areas").isNull(), "two participants: no breakdown");

    JsonNode both = json(path + "r-big,r-small").path("groups").get(0);
    assertEquals(2, both.path("sessions").asInt());
    assertEquals(5, both.path("participants").asInt());
    assertEquals(5, both.path("count").asInt());
    assertTrue(both.path("average").isTextual(), both.toString());
    int total = 0;
    for (JsonNode area : both.path("areas")) {
      total += area.path("agreed").asInt() + area.path("open").asInt() + area.path("notApplicable").asInt()
          + area.path("notReached").asInt();
    }
    assertEquals(34, total, "every question of both sessions counted once");
    assertEquals(400, get("/api/evaluations/comparison?templateId=" + CHECKLIST + "&by=partner", KEY).statusCode());
  }

  @Test
  @DisplayName("organiser key only")
  void organiserOnly() throws Exception {
    for (String path : List.of("/api/evaluations", "/api/evaluations/organisations", "/api/evaluations/comparison")) {
      assertEquals(401, get(path + "?templateId=" + CHECKLIST, null).statusCode());
      assertEquals(401, get(path + "?templateId=" + CHECKLIST, Sessions.ORGANISER_TOKEN).statusCode());
    }
  }
}

package nl.werkplaats.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.SummaryService;
import nl.werkplaats.testsupport.Sessions;
import org.apache.pdfbox.Loader;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary routes on a real HTTP server (port 0) and a real H2 store. */
class SummaryRoutesTest {
  static final String KEY = "organiser-key-xyz";

  @TempDir
  static Path dir;
  static Vertx vertx;
  static HttpServer server;
  static Store store;
  static String base;
  static final List<String> evicted = new ArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    store = H2Store.open(dir, 365);
    SummaryService service = new SummaryService(store, (id, v) -> Optional.of(Sessions.templateJson(id)));
    Sessions.checklist("room-h", new RoomStorage(store)::save); // ended, not frozen yet: the list route freezes it
    Sessions.teamStart("room-d", new RoomStorage(store)::save);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // The room deleter as the cluster's would be called; the cluster's own deletion is ClusterDeletionTest's.
    SummaryRoutes.mount(router, vertx, store, service, KEY::equals, (roomId, byRole) -> {
      evicted.add(roomId);
      return vertx.executeBlocking(() -> store.deleteRoom(roomId, "request", byRole));
    });
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

  static HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("list: organiser key, organiser token and facilitator token may; nobody else; freezes an ended room")
  void list() throws Exception {
    HttpResponse<byte[]> r = get("/api/rooms/room-h/summaries", Sessions.FACILITATOR_TOKEN);
    assertEquals(200, r.statusCode(), text(r));
    JsonArray list = new JsonArray(text(r));
    assertEquals(1, list.size());
    assertEquals(1, list.getJsonObject(0).getInteger("version"));
    assertTrue(list.getJsonObject(0).getString("sha256").matches("[0-9a-f]{64}"));
    assertEquals(200, get("/api/rooms/room-h/summaries", Sessions.ORGANISER_TOKEN).statusCode());
    assertEquals(200, get("/api/rooms/room-h/summaries", KEY).statusCode());
    HttpResponse<byte[]> none = get("/api/rooms/room-h/summaries", null);
    assertEquals(401, none.statusCode());
    JsonObject err = new JsonObject(text(none));
    assertEquals("unauthorized", err.getString("error"));
    assertEquals(401, get("/api/rooms/room-h/summaries", "wrong").statusCode());
    assertEquals(401, get("/api/rooms/nope/summaries", Sessions.ORGANISER_TOKEN).statusCode());
    assertEquals(404, get("/api/rooms/nope/summaries", KEY).statusCode());
  }

  @Test
  @DisplayName("downloads: every format with its content type and file name; agreements as CSV and ICS")
  void downloads() throws Exception {
    get("/api/rooms/room-d/summaries", KEY);
    String[][] expected = {
        {"1.json", "application/json", "werkplaats-room-d-v1.json"},
        {"1.md", "text/markdown; charset=utf-8", "werkplaats-room-d-v1.md"},
        {"1.html", "text/html; charset=utf-8", "werkplaats-room-d-v1.html"},
        {"1.pdf", "application/pdf", "werkplaats-room-d-v1.pdf"},
        {"1.csv", "text/csv; charset=utf-8", "werkplaats-room-d-v1.csv"},
        {"1.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "werkplaats-room-d-v1.xlsx"},
        {"1/agreements.csv", "text/csv; charset=utf-8", "werkplaats-room-d-v1-agreements.csv"},
        {"1/agreements.ics", "text/calendar; charset=utf-8", "werkplaats-room-d-v1-agreements.ics"},
    };
    String sha = null;
    for (String[] e : expected) {
      HttpResponse<byte[]> r = get("/api/rooms/room-d/summaries/" + e[0], Sessions.FACILITATOR_TOKEN);
      assertEquals(200, r.statusCode(), e[0] + ": " + text(r));
      assertEquals(e[1], r.headers().firstValue("Content-Type").orElse(""), e[0]);
      assertEquals("attachment; filename=\"" + e[2] + "\"", r.headers().firstValue("Content-Disposition").orElse(""));
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
      String header = r.headers().firstValue("X-Summary-SHA256").orElseThrow();
      if (sha != null) {
        assertEquals(sha, header, "every rendering comes from the same frozen version");
      }
      sha = header;
    }
    HttpResponse<byte[]> pdf = get("/api/rooms/room-d/summaries/1.pdf", KEY);
    try (PDDocument doc = Loader.loadPDF(pdf.body())) {
      assertTrue(doc.getNumberOfPages() >= 2);
    }
    HttpResponse<byte[]> xlsx = get("/api/rooms/room-d/summaries/1.xlsx", Sessions.ORGANISER_TOKEN);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      assertEquals("Overview", wb.getFirstSheet().getName(), "the workbook in the session's language (English)");
      assertTrue(wb.findSheet("Competences").isPresent());
    }
    assertTrue(get("/api/rooms/room-d/summaries/1.html", KEY).headers().firstValue("Content-Security-Policy")
        .orElse("").contains("default-src 'none'"));
    assertEquals(404, get("/api/rooms/room-d/summaries/2.pdf", KEY).statusCode());
    assertEquals(404, get("/api/rooms/room-d/summaries/1.exe", KEY).statusCode());
    assertEquals(404, get("/api/rooms/room-d/summaries/abc.pdf", KEY).statusCode());
    assertEquals(404, get("/api/rooms/room-d/summaries/1/minutes.ics", KEY).statusCode());
    assertEquals(401, get("/api/rooms/room-d/summaries/1.pdf", "someone").statusCode());
  }

  @Test
  @DisplayName("the renderings show times in the node's configured zone; the JSON stays in UTC")
  void configuredTimeZone() throws Exception {
    get("/api/rooms/room-h/summaries", KEY);
    Router router = Router.router(vertx);
    SummaryService service = new SummaryService(store, (id, v) -> Optional.of(Sessions.templateJson(id)));
    RequestLimits limits = new RequestLimits(ClientAddress.direct());
    SummaryRoutes.mount(router, vertx, store, service, nl.werkplaats.account.OrganiserAuth.keyOnly(vertx, KEY::equals, limits),
        (roomId, byRole) -> Future.succeededFuture(Optional.empty()), limits, ZoneId.of("Europe/London"), null);
    HttpServer london = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String at = "http://127.0.0.1:" + london.actualPort() + "/api/rooms/room-h/summaries/1.";
      String md = http.send(HttpRequest.newBuilder(URI.create(at + "md")).header("Authorization", "Bearer " + KEY).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(md.contains("Vastgelegd op 1 januari 2026, 10:28 (Tijden in Europe/London)"), md);
      assertTrue(text(get("/api/rooms/room-h/summaries/1.md", KEY)).contains("Vastgelegd op 1 januari 2026, 11:28"),
          "Europe/Amsterdam by default");
      String json = http.send(HttpRequest.newBuilder(URI.create(at + "json")).header("Authorization", "Bearer " + KEY).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(json.contains("\"frozenAt\":\"2026-01-01T10:28:00Z\""), "UTC in the JSON");
    } finally {
      london.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("verify: a downloaded JSON is valid; a changed byte is not; garbage is answered, not thrown")
  void verify() throws Exception {
    get("/api/rooms/room-h/summaries", KEY);
    byte[] json = get("/api/rooms/room-h/summaries/1.json", KEY).body();
    JsonObject ok = post("/api/summaries/verify", json);
    assertTrue(ok.getBoolean("valid"), ok.encode());
    assertEquals("room-h", ok.getString("roomId"));
    assertEquals(1, ok.getInteger("version"));
    byte[] bad = json.clone();
    int i = text(get("/api/rooms/room-h/summaries/1.json", KEY)).indexOf("Convenant");
    bad[i] = 'K';
    assertFalse(post("/api/summaries/verify", bad).getBoolean("valid"));
    JsonObject garbage = post("/api/summaries/verify", "<html>".getBytes(StandardCharsets.UTF_8));
    assertFalse(garbage.getBoolean("valid"));
    assertFalse(garbage.encode().contains("at nl.werkplaats"), "no stack trace");
  }

  static JsonObject post(String path, byte[] body) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), text(r));
    return new JsonObject(text(r));
  }

  @Test
  @DisplayName("evaluations: organiser key only, per template")
  void evaluations() throws Exception {
    get("/api/rooms/room-h/summaries", KEY);
    HttpResponse<byte[]> r = get("/api/evaluations?templateId=checklist-samen-data-delen", KEY);
    assertEquals(200, r.statusCode(), text(r));
    JsonArray marks = new JsonArray(text(r));
    assertEquals(1, marks.size());
    assertEquals("8.00", marks.getJsonObject(0).getString("average"));
    assertEquals(3, marks.getJsonObject(0).getInteger("count"));
    assertEquals(401, get("/api/evaluations?templateId=x", Sessions.ORGANISER_TOKEN).statusCode());
    assertEquals(400, get("/api/evaluations", KEY).statusCode());
  }

  @Test
  @DisplayName("delete: organiser token or key; the facilitator may not; the room is evicted first, audited, and the organiser gets a receipt")
  void delete() throws Exception {
    Sessions.checklist("room-gone", new RoomStorage(store)::save);
    assertEquals(403, send("DELETE", "/api/rooms/room-gone", Sessions.FACILITATOR_TOKEN));
    assertEquals(401, send("DELETE", "/api/rooms/room-gone", null));
    assertEquals(200, send("DELETE", "/api/rooms/room-gone", Sessions.ORGANISER_TOKEN));
    assertTrue(evicted.contains("room-gone"));
    JsonArray audit = new JsonArray(text(get("/api/deletions", KEY)));
    assertEquals("room-gone", audit.getJsonObject(0).getString("roomId"));
    assertEquals("organiser-token", audit.getJsonObject(0).getString("by"));
    assertEquals(401, get("/api/deletions", Sessions.ORGANISER_TOKEN).statusCode());
    assertTrue(store.loadRoom("room-gone").isEmpty());
    assertEquals("organiser-token", store.deletions().get(0).byRole());
    assertEquals(404, send("DELETE", "/api/rooms/room-gone", KEY));
  }

  static int send(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}

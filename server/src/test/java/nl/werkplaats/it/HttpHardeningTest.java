package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.store.H2Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The REST side attacked as the security review did, one test per finding, against a real node on
 * 127.0.0.1 with real HTTP clients (java.net.http, and a plain socket for what that client will not send).
 */
class HttpHardeningTest {
  static Werkplaats node;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
  }

  static HttpResponse<String> send(Werkplaats n, HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder req(Werkplaats n, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + path));
  }

  /** The one error shape: JSON {"error": code, "message": text}. */
  static JsonNode assertJsonError(int status, int gotStatus, String contentType, String body) throws IOException {
    assertEquals(status, gotStatus, body);
    assertNotNull(contentType, "no Content-Type on a " + gotStatus + ": " + body);
    assertTrue(contentType.startsWith("application/json"), contentType + ": " + body);
    JsonNode err = DomainJson.MAPPER.readTree(body);
    assertTrue(err.path("error").isTextual() && !err.path("error").asText().isEmpty(), body);
    assertTrue(err.path("message").isTextual(), body);
    return err;
  }

  static JsonNode assertJsonError(int status, HttpResponse<String> r) throws IOException {
    return assertJsonError(status, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
  }

  static JsonNode assertJsonError(int status, RawHttp.Response r) throws IOException {
    return assertJsonError(status, r.status(), r.header("Content-Type"), r.text());
  }

  static long uploads() throws IOException {
    Path dir = Path.of("file-uploads");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  static byte[] multipart(String boundary, int fileBytes) {
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    byte[] file = new byte[fileBytes];
    java.util.Arrays.fill(file, (byte) 'A');
    String tail = "\r\n--" + boundary + "--\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + file.length + t.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(file, 0, all, h.length, file.length);
    System.arraycopy(t, 0, all, h.length + file.length, t.length);
    return all;
  }

  // ------------------------------------------------------------------------------------------ 4

  @Test
  @DisplayName("4: multipart POSTs to /api/* (a 404 route, a route without its credential, with it) leave no file on disk")
  void multipartUploadsNothing() throws Exception {
    long before = uploads();
    String boundary = "b" + UUID.randomUUID();
    byte[] body = multipart(boundary, 4096);
    for (String[] target : new String[][] {{"/api/nothing-here", null}, {"/api/rooms", null},
        {"/api/templates", "wrong-key-" + UUID.randomUUID()}, {"/api/templates", Nodes.ORGANISER_KEY},
        {"/api/summaries/verify", null}}) {
      HttpRequest.Builder b = req(node, target[0]).POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary);
      if (target[1] != null) {
        b.header("Authorization", "Bearer " + target[1]);
      }
      HttpResponse<String> r = send(node, b);
      assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, target[0] + " answered " + r.statusCode());
      assertJsonError(r.statusCode(), r);
    }
    Thread.sleep(200);
    assertEquals(before, uploads(), "files were left in " + Path.of("file-uploads").toAbsolutePath());
  }

  // ------------------------------------------------------------------------------------------ 6

  @Test
  @DisplayName("6: CSP without inline script, frame-ancestors 'none', DENY, nosniff, no-referrer; index.html not cached immutable")
  void browserHeaders() throws Exception {
    for (String path : new String[] {"/", "/o", "/f/r-x", "/api/templates", "/api/nope"}) {
      HttpResponse<String> r = send(node, req(node, path).GET());
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
      assertTrue(csp.contains("script-src 'self'") && !csp.matches(".*script-src[^;]*'unsafe-inline'.*"), path + ": " + csp);
      assertTrue(csp.contains("object-src 'none'"), path + ": " + csp);
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
    }
    for (String path : new String[] {"/", "/index.html", "/o", "/j/r-x"}) {
      HttpResponse<String> r = send(node, req(node, path).GET());
      assertEquals(200, r.statusCode(), path);
      assertTrue(r.body().contains("<div id=\"app\">"), path);
      String cache = r.headers().firstValue("Cache-Control").orElse("");
      assertFalse(cache.contains("immutable"), path + ": " + cache);
      assertTrue(cache.contains("no-cache"), path + ": " + cache);
      assertFalse(r.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), path + ": an inline script in " + r.body());
    }
  }

  // ------------------------------------------------------------------------------------------ 9

  static Map<String, String> env(String key) {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "test-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    if (key == null) {
      env.remove("WERKPLAATS_ORGANISER_KEY");
    } else {
      env.put("WERKPLAATS_ORGANISER_KEY", key);
    }
    return env;
  }

  @Test
  @DisplayName("9: an organiser key of one character is refused at start, with a clear message")
  void shortKeyRefused() throws Exception {
    for (String key : new String[] {"a", "0123456789abcde"}) {
      var started = Werkplaats.start(Config.fromEnv(env(key)), null).toCompletionStage().toCompletableFuture();
      Throwable failure = null;
      try {
        Werkplaats w = started.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Nodes.stop(w);
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }
      assertNotNull(failure, "a node started with the organiser key '" + key + "'");
      assertTrue(failure.getMessage().contains("too short") && failure.getMessage().contains("16"), failure.getMessage());
      assertFalse(key.length() > 1 && failure.getMessage().contains(key), "the message repeats the key");
    }
  }

  @Test
  @DisplayName("9: 100 wrong organiser keys in a row: 429 before long, for the REST routes and the summary routes")
  void wrongKeysRateLimited() throws Exception {
    Werkplaats own = Nodes.start(Config.fromEnv(env(Nodes.ORGANISER_KEY)), TestStores.embedded());
    try {
      int limited = 0;
      int firstLimited = -1;
      for (int i = 0; i < 100; i++) {
        HttpResponse<String> r = send(own, req(own, "/api/rooms").GET().header("Authorization", "Bearer guess-" + i));
        if (r.statusCode() == 429) {
          assertJsonError(429, r);
          limited++;
          firstLimited = firstLimited < 0 ? i : firstLimited;
        } else {
          assertJsonError(401, r);
        }
      }
      assertTrue(limited >= 80, "only " + limited + " of 100 wrong keys were refused with 429");
      assertTrue(firstLimited <= 10, "the first 429 came at attempt " + firstLimited);
      HttpResponse<String> summary = send(own, req(own, "/api/rooms/r-x/summaries").GET()
          .header("Authorization", "Bearer another-guess"));
      assertJsonError(429, summary);
      HttpResponse<String> evaluations = send(own, req(own, "/api/evaluations?templateId=x").GET()
          .header("Authorization", "Bearer another-guess"));
      assertJsonError(429, evaluations);
    } finally {
      Nodes.stop(own);
    }
  }

  // ------------------------------------------------------------------------------------------ 10

  @Test
  @DisplayName("10: behind a trusted proxy every participant has a join budget of their own; X-Forwarded-For from others is ignored")
  void joinLimitPerRealClient() throws Exception {
    Map<String, String> e = env(Nodes.ORGANISER_KEY);
    e.put("WERKPLAATS_TRUSTED_PROXIES", "127.0.0.1, ::1");
    Werkplaats proxied = Nodes.start(Config.fromEnv(e), TestStores.embedded());
    try {
      for (int person = 1; person <= 30; person++) {
        for (int attempt = 0; attempt < 2; attempt++) {
          HttpResponse<String> r = send(proxied, req(proxied, "/api/join/ABC-DEF").GET()
              .header("X-Forwarded-For", "203.0.113." + person));
          assertJsonError(404, r);
        }
      }
      // A spoofed left-most entry does not buy a fresh budget: the proxy appends the real address.
      int limited = 0;
      for (int i = 0; i < 15; i++) {
        HttpResponse<String> r = send(proxied, req(proxied, "/api/join/ABC-DEF").GET()
            .header("X-Forwarded-For", "198.51.100." + i + ", 203.0.113.200"));
        limited += r.statusCode() == 429 ? 1 : 0;
      }
      assertTrue(limited >= 4, "one client behind the proxy was never limited");
    } finally {
      Nodes.stop(proxied);
    }
    Werkplaats direct = Nodes.start(Config.fromEnv(env(Nodes.ORGANISER_KEY)), TestStores.embedded());
    try {
      int limited = 0;
      for (int i = 0; i < 15; i++) {
        HttpResponse<String> r = send(direct, req(direct, "/api/join/ABC-DEF").GET()
            .header("X-Forwarded-For", "198.51.100." + i));
        limited += r.statusCode() == 429 ? 1 : 0;
      }
      assertTrue(limited >= 4, "X-Forwarded-For from an untrusted peer was believed");
    } finally {
      Nodes.stop(direct);
    }
  }

  // ------------------------------------------------------------------------------------------ 11

  @Test
  @DisplayName("11: POST /api/summaries/verify is rate-limited per client; an announced oversize body is refused unread")
  void verifyLimited() throws Exception {
    Werkplaats own = Nodes.start(Config.fromEnv(env(Nodes.ORGANISER_KEY)), TestStores.embedded());
    try {
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = send(own, req(own, "/api/summaries/verify")
            .POST(HttpRequest.BodyPublishers.ofString("{\"not\":\"a summary\"}")).header("Content-Type", "application/json"));
        if (r.statusCode() == 429) {
          assertJsonError(429, r);
          limited++;
        } else {
          assertEquals(200, r.statusCode(), r.body());
        }
      }
      assertTrue(limited >= 10, "only " + limited + " of 20 quick verifications were limited");
      RawHttp.Response big = RawHttp.send(own.port(), "POST /api/summaries/verify HTTP/1.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + (64L * 1024 * 1024), new byte[16]);
      assertTrue(big.status() == 413 || big.status() == 429, "answered " + big.status());
      assertJsonError(big.status(), big);
    } finally {
      Nodes.stop(own);
    }
  }

  // ------------------------------------------------------------------------------------------ 12

  @Test
  @DisplayName("12: data directory 700, its files 600, no plaintext token in demo-room.json, the generated key 600")
  void dataDirectoryPrivate() throws Exception {
    Map<String, String> e = env(null);
    e.put("WERKPLAATS_DEMO_ROOM", "true");
    Path dir = Path.of(e.get("WERKPLAATS_DATA_DIR")).resolve("data");
    e.put("WERKPLAATS_DATA_DIR", dir.toString());
    Werkplaats w = Nodes.start(Config.fromEnv(e), H2Store.open(dir, 365));
    try {
      assertNotNull(w.demoRoom());
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      List<String> wide = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
          if (Files.isRegularFile(f) && !perms.equals("rw-------")) {
            wide.add(f.getFileName() + " " + perms);
          }
        }
      }
      assertTrue(wide.isEmpty(), "readable by others: " + wide);
      String demo = Files.readString(dir.resolve("demo-room.json"));
      assertFalse(demo.contains(w.demoRoom().facilitatorToken()), demo);
      assertFalse(demo.contains(w.demoRoom().organiserToken()), demo);
      assertFalse(demo.contains(w.organiserKey()), demo);
      assertTrue(demo.contains(w.demoRoom().roomId()), demo);
    } finally {
      Nodes.stop(w);
    }
    // A later start finds the demo room again, without any token on disk.
    Werkplaats again = Nodes.start(Config.fromEnv(e), H2Store.open(dir, 365));
    try {
      assertNotNull(again.demoRoom());
      assertEquals(null, again.demoRoom().facilitatorToken());
    } finally {
      Nodes.stop(again);
    }
  }

  // ------------------------------------------------------------------------------------------ 15

  @Test
  @DisplayName("15: a form-encoded POST over 8 KiB is answered in JSON and logs no stack trace")
  void formPostNoStackTrace() throws Exception {
    String form = "a=" + "x".repeat(20 * 1024);
    try (LogCapture log = LogCapture.start()) {
      for (String[] target : new String[][] {{"/api/rooms", null}, {"/api/rooms", Nodes.ORGANISER_KEY},
          {"/api/summaries/verify", null}, {"/api/nothing", null}}) {
        HttpRequest.Builder b = req(node, target[0]).POST(HttpRequest.BodyPublishers.ofString(form))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if (target[1] != null) {
          b.header("Authorization", "Bearer " + target[1]);
        }
        HttpResponse<String> r = send(node, b);
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, target[0] + ": " + r.statusCode());
        assertJsonError(r.statusCode(), r);
      }
      Thread.sleep(300);
      assertTrue(log.stackTraces().isEmpty(), LogCapture.describe(log.stackTraces()));
    }
  }

  // ------------------------------------------------------------------------------------------ 21

  @Test
  @DisplayName("21: POST /api/templates with 5,000 nested [ is a 422 invalid_template, not a 500")
  void deeplyNestedTemplate() throws Exception {
    HttpResponse<String> r = send(node, req(node, "/api/templates")
        .POST(HttpRequest.BodyPublishers.ofString("[".repeat(5000))).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + Nodes.ORGANISER_KEY));
    assertEquals("invalid_template", assertJsonError(422, r).path("error").asText());
    HttpResponse<String> objects = send(node, req(node, "/api/templates")
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":".repeat(5000))).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + Nodes.ORGANISER_KEY));
    assertJsonError(422, objects);
  }

  // ------------------------------------------------------------------------------------------ 22

  @Test
  @DisplayName("22: 404, 405, 413, 414, 431 and a bad %-escape under /api/ all answer {error, message} in JSON; no SEVERE")
  void oneErrorShape() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      assertJsonError(404, send(node, req(node, "/api/no/such/thing").GET()));
      HttpResponse<String> put = send(node, req(node, "/api/rooms").PUT(HttpRequest.BodyPublishers.ofString("{}")));
      assertJsonError(put.statusCode() == 405 ? 405 : 404, put);
      assertJsonError(400, RawHttp.send(node.port(), "GET /api/rooms/%ZZ HTTP/1.1", null));
      assertJsonError(400, RawHttp.send(node.port(), "GET /api/join/%E0%A4%A HTTP/1.1", null));
      assertJsonError(413, RawHttp.send(node.port(), "POST /api/rooms HTTP/1.1\r\nAuthorization: Bearer "
          + Nodes.ORGANISER_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024), new byte[10]));
      byte[] big = ("{\"title\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
      assertJsonError(413, RawHttp.send(node.port(), "POST /api/rooms HTTP/1.1\r\nAuthorization: Bearer "
          + Nodes.ORGANISER_KEY + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
          chunked(big)));
      assertJsonError(414, RawHttp.send(node.port(), "GET /api/rooms/" + "r".repeat(10_000) + " HTTP/1.1", null));
      assertJsonError(431, RawHttp.send(node.port(), "GET /api/templates HTTP/1.1\r\nX-Big: " + "h".repeat(20_000), null));
      assertTrue(log.severe().isEmpty(), LogCapture.describe(log.severe()));
    }
  }

  static byte[] chunked(byte[] body) {
    String head = Integer.toHexString(body.length) + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] t = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length + t.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    System.arraycopy(t, 0, all, h.length + body.length, t.length);
    return all;
  }

  static Map<String, String> copy(Map<String, String> m) {
    return new HashMap<>(m);
  }
}

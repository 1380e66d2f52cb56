package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz run of the REST surface (docs/api.md): a few thousand malformed and mutated requests over plain
 * sockets to one node on 127.0.0.1. Every answer under /api/ has a documented status and, when it is an error,
 * the JSON shape {@code {"error","message"}}; nothing is logged as SEVERE, nothing is 5xx, no file is uploaded.
 * Set {@code -Dfuzz.seed=…} to replay a run.
 */
class RestFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 11L);
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 2500);
  /** Every status docs/api.md lists for the REST side. */
  static final Set<Integer> DOCUMENTED = Set.of(200, 201, 204, 304, 400, 401, 403, 404, 405, 413, 414, 415, 422, 429, 431);

  static Werkplaats node;

  @BeforeAll
  static void start() {
    node = Nodes.single(TestStores.embedded());
  }

  @AfterAll
  static void stop() {
    Nodes.stop(node);
  }

  static final String[] PATHS = {
      "/api/templates", "/api/templates/data-team-start/1", "/api/templates/x/%ZZ", "/api/rooms", "/api/rooms/r-x",
      "/api/rooms/r-x/summaries", "/api/rooms/r-x/summaries/1.pdf", "/api/rooms/r-x/summaries/1/agreements.ics",
      "/api/rooms/%ZZ", "/api/rooms/%", "/api/rooms/%C0%AF", "/api/join/ABC-DEF", "/api/join/%00", "/api/summaries/verify",
      "/api/evaluations", "/api/evaluations?templateId=data-team-start", "/api/", "/api", "/api/../api/rooms",
      "/api/rooms/r-x/summaries/0.json", "/api/rooms/r-x/summaries/99999999999.md", "/api//rooms", "/api/rooms?x=%ZZ",
      "/api/rooms/\u00e9", "/api/join/" + "A".repeat(300), "/health",
  };
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "GET", "POST"};
  static final String[] TYPES = {null, "application/json", "application/json; charset=utf-8", "text/plain",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "multipart/form-data",
      "application/xml", "application/json; charset=\u00ff", "*/*", ""};
  static final String[] BODIES = {"", "{}", "[]", "null", "{\"templateId\":\"data-team-start\",\"title\":\"Fuzz\"}",
      "{\"title\":" + "[".repeat(3000), "{\"a\":1e400}", "\u0000\u0001\u0002", "a=b&c=d", "--zz\r\nContent-Disposition: form-data; "
      + "name=\"f\"; filename=\"x\"\r\n\r\nAAAA\r\n--zz--\r\n", "{\"title\":\"\\ud800\"}", "{\"templateId\":null}",
      "\"just a string\"", "{\"id\":\"x\",\"version\":1,\"steps\":[{}]}"};

  static String mutatePath(Random r, String p) {
    StringBuilder sb = new StringBuilder(p);
    int edits = r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = 5 + r.nextInt(Math.max(1, sb.length() - 4));
      at = Math.min(at, sb.length());
      switch (r.nextInt(6)) {
        case 0 -> sb.insert(at, "%" + Integer.toHexString(r.nextInt(256)));
        case 1 -> sb.insert(at, "%" + (char) ('G' + r.nextInt(20)));
        case 2 -> sb.insert(at, "/" + Integer.toString(r.nextInt(1000), 36));
        case 3 -> sb.insert(at, "..");
        case 4 -> sb.insert(at, ";x=y");
        default -> {
          if (at < sb.length()) {
            sb.deleteCharAt(at);
          }
        }
      }
    }
    String out = sb.toString();
    if (out.startsWith("/ws")) {
      out = "/api" + out;
    }
    return out.replace(" ", "%20").replace("\r", "").replace("\n", "");
  }

  static byte[] mutateBody(Random r, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0 && r.nextInt(3) == 0) {
      b = b.clone();
      for (int i = 0; i < 1 + r.nextInt(4); i++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
    }
    if (r.nextInt(25) == 0) {
      byte[] big = new byte[(1 + r.nextInt(3)) * 1024 * 1024 + r.nextInt(1000)];
      java.util.Arrays.fill(big, (byte) '[');
      return big;
    }
    return b;
  }

  static long uploads() throws Exception {
    Path dir = Path.of("file-uploads");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  @DisplayName("fuzz: a few thousand malformed requests get documented statuses, JSON errors under /api/, no SEVERE, no 5xx")
  void fuzz() throws Exception {
    Random r = new Random(SEED);
    long uploadsBefore = uploads();
    List<String> problems = new ArrayList<>();
    long started = System.nanoTime();
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < REQUESTS && problems.size() < 20; i++) {
        String method = METHODS[r.nextInt(METHODS.length)];
        String path = mutatePath(r, PATHS[r.nextInt(PATHS.length)]);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1");
        String type = TYPES[r.nextInt(TYPES.length)];
        if (type != null) {
          head.append("\r\nContent-Type: ").append(type);
        }
        switch (r.nextInt(6)) {
          case 0 -> head.append("\r\nAuthorization: Bearer ").append(Nodes.ORGANISER_KEY);
          case 1 -> head.append("\r\nAuthorization: Bearer guess-").append(r.nextInt());
          case 2 -> head.append("\r\nAuthorization: Basic ").append("x".repeat(r.nextInt(40)));
          default -> { }
        }
        if (r.nextInt(8) == 0) {
          head.append("\r\nX-Forwarded-For: ").append(r.nextInt(256)).append(".0.0.").append(r.nextInt(256));
        }
        if (r.nextInt(40) == 0) {
          head.append("\r\nX-Long: ").append("y".repeat(9000 + r.nextInt(5000)));
        }
        if (r.nextInt(40) == 0) {
          head.replace(0, head.indexOf(" HTTP/1.1"), method + " /api/rooms/" + "z".repeat(5000));
        }
        byte[] body = method.equals("GET") && r.nextBoolean() ? new byte[0] : mutateBody(r, BODIES[r.nextInt(BODIES.length)]);
        if (body.length > 0 || !method.equals("GET")) {
          head.append("\r\nContent-Length: ").append(body.length);
        }
        RawHttp.Response res;
        try {
          res = RawHttp.send(node.port(), head.toString(), body);
        } catch (Exception e) {
          problems.add("#" + i + " " + head.toString().split("\r\n")[0] + ": no answer (" + e + ")");
          continue;
        }
        String what = "#" + i + " " + method + " " + (path.length() > 80 ? path.substring(0, 80) + "…" : path);
        if (!DOCUMENTED.contains(res.status())) {
          problems.add(what + ": undocumented status " + res.status() + " " + res.text());
          continue;
        }
        boolean api = path.startsWith("/api") || path.startsWith("/health") || res.status() == 414 || res.status() == 431;
        if (api && res.status() >= 400 && !method.equals("HEAD")) {
          String ct = res.header("Content-Type");
          try {
            JsonNode err = DomainJson.MAPPER.readTree(res.text());
            if (ct == null || !ct.startsWith("application/json") || !err.path("error").isTextual()
                || !err.path("message").isTextual()) {
              problems.add(what + ": " + res.status() + " not the JSON error shape: " + ct + " " + res.text());
            }
          } catch (Exception e) {
            problems.add(what + ": " + res.status() + " not JSON: " + ct + " " + res.text());
          }
        }
      }
      Thread.sleep(300);
      problems.addAll(log.severe().stream().map(rec -> "SEVERE " + rec.getLoggerName() + ": " + rec.getMessage()
          + (rec.getThrown() == null ? "" : " / " + rec.getThrown())).toList());
    }
    assertTrue(problems.isEmpty(), "seed " + SEED + ":\n" + String.join("\n", problems));
    assertEquals(uploadsBefore, uploads(), "files were uploaded to disk");
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertTrue(seconds < 60, "the run took " + seconds + " s");
  }
}

package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml against what a real node answers: every operation is called, and each answer's status,
 * content type and (for JSON) body must be what the document says for that operation.
 */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final JsonNode doc;
  private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Set<String> answered = new TreeSet<>();
  private final List<String> problems = new ArrayList<>();
  private Werkplaats node;

  OpenApiContractTest() throws Exception {
    doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOCUMENT));
  }

  @Test
  @DisplayName("every route answers what docs/openapi.yaml says: status, content type and JSON schema")
  void routesAnswerAsDocumented(Vertx vertx) throws Exception {
    assertEquals("3.1.0", doc.path("openapi").asText());
    node = Nodes.single(TestStores.embedded());
    try {
      String key = Nodes.ORGANISER_KEY;
      call("GET", "/health", null, null, 200);
      call("GET", "/ready", null, null, 200);
      call("GET", "/metrics", null, null, 401);
      call("GET", "/metrics", key, null, 200);

      call("GET", "/api/templates", null, null, 200);
      call("GET", "/api/templates/data-team-start/1", null, null, 200);
      call("GET", "/api/templates/no-such-template/1", null, null, 404);
      ObjectNode own = (ObjectNode) DomainJson.MAPPER.readTree(
          Files.readString(Path.of("..", "src", "templates", "data-team-start.json")));
      own.put("id", "eigen-werkvorm");
      call("POST", "/api/templates", key, own.toString(), 201);
      call("POST", "/api/templates", key, "{}", 422);
      call("POST", "/api/templates", null, own.toString(), 401);

      JsonNode room = DomainJson.MAPPER.readTree(call("POST", "/api/rooms", key,
          "{\"templateId\":\"data-team-start\",\"title\":\"Contract\"}", 201).body());
      call("POST", "/api/rooms", key, "{\"templateId\":\"data-team-start\",\"title\":\"Huisstijl\","
          + "\"theme\":{\"primaryColour\":\"#01689b\",\"lightColour\":\"#e5f0f5\"}}", 201);
      call("POST", "/api/rooms", key, "{\"templateId\":\"data-team-start\",\"title\":\"x\",\"theme\":{\"primaryColour\":\"red\"}}", 400);
      call("POST", "/api/rooms", key, "{\"templateId\":\"data-team-start\",\"title\":\"x\",\"language\":\"fr\"}", 400);
      call("POST", "/api/rooms", key, "{\"templateId\":\"no-such-template\",\"title\":\"x\"}", 404);
      call("POST", "/api/rooms", null, "{\"templateId\":\"data-team-start\",\"title\":\"x\"}", 401);
      String roomId = room.path("roomId").asText();
      String organiserToken = room.path("organiserToken").asText();
      String facilitatorToken = room.path("facilitatorToken").asText();
      call("GET", "/api/rooms", key, null, 200);
      call("GET", "/api/rooms", null, null, 401);
      call("GET", "/api/rooms/" + roomId, null, null, 200);
      call("GET", "/api/rooms/r-nothing", null, null, 404);
      call("GET", "/api/join/" + room.path("joinCode").asText(), null, null, 200);
      call("GET", "/api/join/AAA-AAA", null, null, 404);

      TestClient fien = TestClient.connect(vertx, node.port(), Nodes.ORIGIN);
      fien.facilitate(roomId, facilitatorToken, "Fien", "Datalab");
      fien.command(Map.of("type", "start"));
      call("GET", "/api/rooms/" + roomId + "/overview.pdf", facilitatorToken, null, 200);
      call("GET", "/api/rooms/" + roomId + "/overview.pdf", null, null, 401);
      fien.command(Map.of("type", "end"));
      String resultsToken = fien.awaitType("results").path("token").asText();
      fien.close();

      String base = "/api/rooms/" + roomId + "/summaries";
      call("GET", base, organiserToken, null, 200);
      call("GET", base, facilitatorToken, null, 200);
      call("GET", base, null, null, 401);
      String summary = call("GET", base + "/1.json", organiserToken, null, 200).body();
      for (String format : List.of("md", "html", "pdf", "csv", "xlsx", "docx")) {
        call("GET", base + "/1." + format, facilitatorToken, null, 200);
      }
      call("GET", base, resultsToken, null, 200);
      call("GET", base + "/1.docx", resultsToken, null, 200);
      call("GET", base + "/9.json", organiserToken, null, 404);
      call("GET", base + "/1/agreements.csv", organiserToken, null, 200);
      call("GET", base + "/1/agreements.ics", key, null, 200);
      call("GET", base + "/1/agreements.ics", null, null, 401);

      call("POST", "/api/summaries/verify", null, summary, 200);
      call("POST", "/api/summaries/verify", null, "", 400);
      call("GET", "/api/evaluations?templateId=data-team-start", key, null, 200);
      call("GET", "/api/evaluations", key, null, 400);
      call("GET", "/api/evaluations?templateId=data-team-start", null, null, 401);
      call("GET", "/api/evaluations?templateId=data-team-start&roomIds=" + roomId, key, null, 200);
      call("GET", "/api/evaluations?templateId=data-team-start&roomIds=x", key, null, 400);
      call("GET", "/api/evaluations/organisations?templateId=data-team-start", key, null, 200);
      call("GET", "/api/evaluations/organisations?templateId=data-team-start", null, null, 401);
      call("GET", "/api/evaluations/comparison?templateId=data-team-start&organisation=Datalab", key, null, 200);
      call("GET", "/api/evaluations/comparison?templateId=data-team-start&by=project", key, null, 200);
      call("GET", "/api/evaluations/comparison?templateId=data-team-start&by=partner", key, null, 400);
      call("GET", "/api/evaluations/comparison", key, null, 400);

      String project = DomainJson.MAPPER.readTree(call("POST", "/api/projects", key,
          "{\"title\":\"Contract\",\"partners\":[\"Gemeente Utrecht\",\"Provincie Utrecht\"]}", 201).body())
          .path("projectId").asText();
      call("POST", "/api/projects", key, "{\"title\":\"x\",\"partners\":[\"GGD\",\"ggd\"]}", 400);
      call("POST", "/api/projects", null, "{\"title\":\"x\",\"partners\":[\"GGD\"]}", 401);
      call("GET", "/api/projects", key, null, 200);
      String pr = "/api/projects/" + project;
      JsonNode followUp = DomainJson.MAPPER.readTree(call("POST", pr + "/sessions", key,
          "{\"templateId\":\"project-follow-up\",\"title\":\"Vervolg\"}", 201).body());
      call("POST", "/api/projects/pr-nothing/sessions", key, "{\"templateId\":\"project-follow-up\",\"title\":\"x\"}", 404);
      call("POST", pr + "/organisers", key, "{\"email\":\"nobody@example.org\"}", 422);
      call("POST", pr + "/organisers", key, "{\"organiser\":\"anna\"}", 400);
      JsonNode item = DomainJson.MAPPER.readTree(call("POST", pr + "/backlog", key,
          "{\"what\":\"Verwerkersovereenkomst\",\"ownerOrganisation\":\"gem. utrecht\",\"due\":\"2027-01-31\"}", 201).body());
      call("POST", pr + "/backlog", key, "{\"what\":\"x\",\"ownerOrganisation\":\"Gemeente Zeist\"}", 400);
      String itemPath = pr + "/backlog/" + item.path("itemId").asText();
      call("PATCH", itemPath, key, "{\"status\":\"in-progress\"}", 200);
      call("PATCH", itemPath, key, "{\"status\":\"later\"}", 400);
      call("PATCH", pr + "/backlog/b-nothing", key, "{\"status\":\"done\"}", 404);
      call("GET", itemPath + "/history", key, null, 200);
      call("GET", pr + "/backlog", key, null, 200);
      for (String format : List.of("csv", "xlsx", "ics")) {
        call("GET", pr + "/backlog." + format, key, null, 200);
      }
      call("GET", pr + "/tips", key, null, 200);
      call("GET", pr, key, null, 200);
      call("GET", "/api/projects/pr-nothing", key, null, 404);
      call("GET", "/api/rooms/" + followUp.path("roomId").asText() + "/partners?organisation=gem%20utrecht", null, null, 200);
      call("DELETE", pr, key, null, 200);
      call("DELETE", pr, null, null, 401);

      call("DELETE", "/api/rooms/" + roomId, facilitatorToken, null, 403);
      call("DELETE", "/api/rooms/" + roomId, resultsToken, null, 403);
      call("DELETE", "/api/rooms/" + roomId, organiserToken, null, 200);
      call("DELETE", "/api/rooms/" + roomId, key, null, 404);
      call("GET", "/api/deletions", key, null, 200);
      call("GET", "/api/deletions", null, null, 401);

      call("GET", "/api/session/options", null, null, 200);
      String anna = "{\"email\":\"anna@gouda.nl\",\"displayName\":\"Anna\",\"password\":\"anna's long password\"}";
      call("POST", "/api/organisers", key, anna, 201);
      call("POST", "/api/organisers", key, anna, 409);
      call("POST", "/api/organisers", null, anna, 401);
      call("POST", "/api/organisers", key, "{\"email\":\"bram@gouda.nl\",\"displayName\":\"Bram\",\"password\":\"short\"}", 400);
      call("POST", "/api/session", null, "{\"email\":\"anna@gouda.nl\",\"password\":\"not her password\"}", 401);
      call("POST", "/api/session", null, "{\"email\":\"anna\"}", 400);
      HttpResponse<String> signedIn = call("POST", "/api/session", null,
          "{\"email\":\"anna@gouda.nl\",\"password\":\"anna's long password\"}", 200);
      String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String csrf = DomainJson.MAPPER.readTree(signedIn.body()).path("csrfToken").asText();
      Map<String, String> session = Map.of("Cookie", cookie, "X-CSRF-Token", csrf);
      call("GET", "/api/session", null, null, 401);
      callWith("GET", "/api/session", session, null, 200);
      JsonNode hers = DomainJson.MAPPER.readTree(callWith("POST", "/api/rooms", session,
          "{\"templateId\":\"data-team-start\",\"title\":\"Van Anna\"}", 201).body());
      callWith("POST", "/api/rooms", Map.of("Cookie", cookie), "{\"templateId\":\"data-team-start\",\"title\":\"x\"}", 403);
      callWith("GET", "/api/rooms", session, null, 200);
      call("POST", "/api/organisers", key, anna.replace("anna@", "cas@"), 201);
      String shared = DomainJson.MAPPER.readTree(callWith("POST", "/api/projects", session,
          "{\"title\":\"Gedeeld\",\"partners\":[\"Gemeente Gouda\"]}", 201).body()).path("projectId").asText();
      callWith("POST", "/api/projects/" + shared + "/organisers", session, "{\"email\":\"cas@gouda.nl\"}", 200);
      String share = "/api/rooms/" + hers.path("roomId").asText() + "/organisers";
      callWith("POST", share, session, "{\"email\":\"cas@gouda.nl\"}", 200);
      callWith("POST", share, session, "{\"email\":\"nobody@gouda.nl\"}", 422);
      callWith("POST", "/api/rooms/r-nothing/organisers", session, "{\"email\":\"cas@gouda.nl\"}", 404);
      call("POST", share, null, "{\"email\":\"cas@gouda.nl\"}", 401);
      callWith("GET", "/api/rooms/" + hers.path("roomId").asText() + "/summaries", session, null, 200);
      callWith("GET", "/api/rooms/" + roomId + "/summaries", session, null, 404);
      callWith("DELETE", "/api/session", Map.of("Cookie", cookie), null, 403);
      callWith("DELETE", "/api/session", session, null, 204);
    } finally {
      Nodes.stop(node);
    }
    assertEquals(List.of(), problems, "answers that docs/openapi.yaml does not describe");
    Set<String> documented = new TreeSet<>();
    doc.path("paths").forEach(path -> path.fields().forEachRemaining(op -> {
      if (op.getValue().has("operationId")) {
        documented.add(op.getValue().path("operationId").asText());
      }
    }));
    assertEquals(documented, answered, "every documented operation was called and answered 2xx");
  }

  /** Calls a route, expects {@code status}, and checks the answer against the document. */
  private HttpResponse<String> call(String method, String path, String bearer, String body, int status) throws Exception {
    return callWith(method, path, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer), body, status);
  }

  /** The same with these request headers (a signed-in organiser's cookie and CSRF token). */
  private HttpResponse<String> callWith(String method, String path, Map<String, String> headers, String body, int status)
      throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      req.header("Content-Type", "application/json");
    }
    headers.forEach(req::header);
    HttpResponse<byte[]> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(res.body(), StandardCharsets.UTF_8);
    assertEquals(status, res.statusCode(), method + " " + path + ": " + text);
    check(method, path, res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), text);
    return new Answer(res, text);
  }

  private void check(String method, String path, int status, String contentType, String body) throws Exception {
    String where = method + " " + path + " " + status;
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    JsonNode operation = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (bare.matches(p.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
        operation = p.getValue().get(method.toLowerCase());
      }
    }
    if (operation == null) {
      problems.add(where + ": no such operation");
      return;
    }
    JsonNode response = resolve(operation.path("responses").get(String.valueOf(status)));
    if (response == null) {
      problems.add(where + ": status not documented for " + operation.path("operationId").asText());
      return;
    }
    if (status / 100 == 2) {
      answered.add(operation.path("operationId").asText());
    }
    String mediaType = contentType.split(";")[0].strip();
    if (!response.has("content") && body.isEmpty()) {
      return; // documented without a body (204), and none came
    }
    JsonNode media = response.path("content").get(mediaType);
    if (media == null) {
      problems.add(where + ": content type " + contentType + " not documented");
      return;
    }
    if (mediaType.equals("application/json")) {
      // The operation's schema with the document's schemas as $defs (JSON Schema 2020-12, as OpenAPI 3.1 uses).
      ObjectNode schema = ((ObjectNode) media.path("schema")).deepCopy();
      schema.set("$defs", doc.path("components").path("schemas"));
      JsonNode standalone = DomainJson.MAPPER.readTree(schema.toString().replace("#/components/schemas/", "#/$defs/"));
      Set<ValidationMessage> errors = schemas.getSchema(standalone).validate(DomainJson.MAPPER.readTree(body));
      errors.forEach(e -> problems.add(where + ": " + e.getMessage()));
    }
  }

  private JsonNode resolve(JsonNode node) {
    if (node != null && node.has("$ref")) {
      return doc.at(node.path("$ref").asText().substring(1));
    }
    return node;
  }

  /** The answer with its body as text. */
  private record Answer(HttpResponse<byte[]> raw, String text) implements HttpResponse<String> {
    @Override public int statusCode() { return raw.statusCode(); }
    @Override public HttpRequest request() { return raw.request(); }
    @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
    @Override public java.net.http.HttpHeaders headers() { return raw.headers(); }
    @Override public String body() { return text; }
    @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return raw.sslSession(); }
    @Override public URI uri() { return raw.uri(); }
    @Override public HttpClient.Version version() { return raw.version(); }
  }
}

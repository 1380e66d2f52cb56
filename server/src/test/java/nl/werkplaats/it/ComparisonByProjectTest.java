package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The Checklist compared across projects on one real node with organiser accounts: each organiser sees the
 * projects they manage and their sessions in no project, the organiser key all; a group of fewer than three
 * participants or marks has no figure.
 */
@ExtendWith(VertxExtension.class)
class ComparisonByProjectTest {
  static final String CHECKLIST = "checklist-samen-data-delen";
  static final int EVALUATION_STEP = 20;
  static final String PATH = "/api/evaluations/comparison?templateId=" + CHECKLIST + "&by=project";
  private Werkplaats node;
  private Vertx clients;

  @BeforeEach
  void start(Vertx vertx) {
    clients = vertx;
    node = Nodes.single(TestStores.embedded());
  }

  @AfterEach
  void stop() {
    Nodes.stop(node);
  }

  /** A Checklist session: its first question opened and left open, one mark of 8 per participant, ended. */
  private void session(JsonNode created, List<String> people, String organisation) {
    TestClient fac = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
    fac.facilitate(created.path("roomId").asText(), created.path("facilitatorToken").asText(), "Fien", "Bureau Buiten");
    List<TestClient> joined = new ArrayList<>();
    for (String name : people) {
      TestClient c = TestClient.connect(clients, node.port(), Nodes.ORIGIN);
      c.join(created.path("roomId").asText(), name, organisation);
      joined.add(c);
    }
    fac.command(Map.of("type", "start"));
    fac.command(Map.of("type", "next"));
    fac.command(Map.of("type", "go-to-step", "step", EVALUATION_STEP));
    joined.forEach(c -> c.command(Map.of("type", "evaluate", "step", EVALUATION_STEP, "mark", 8, "tips", "")));
    fac.command(Map.of("type", "end"));
    joined.forEach(TestClient::close);
    fac.close();
  }

  private static JsonNode created(HttpResponse<String> res) {
    assertEquals(201, res.statusCode(), res.body());
    return SignedIn.json(res);
  }

  private static JsonNode group(JsonNode answer, String title) {
    for (JsonNode g : answer.path("groups")) {
      if (title.equals(g.path("title").asText())) {
        return g;
      }
    }
    throw new AssertionError("no group " + title + " in " + answer);
  }

  private static List<String> titles(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.path("groups").forEach(g -> out.add(g.path("title").asText()));
    return out;
  }

  /** The answer once the summaries of {@code sessions} ended sessions are frozen (freezing follows the end). */
  private JsonNode comparison(HttpResponse<String> first, java.util.function.Supplier<HttpResponse<String>> again,
      int sessions) throws InterruptedException {
    HttpResponse<String> res = first;
    for (int i = 0; i < 100; i++) {
      assertEquals(200, res.statusCode(), res.body());
      JsonNode answer = SignedIn.json(res);
      int n = 0;
      for (JsonNode g : answer.path("groups")) {
        n += g.path("sessions").asInt();
      }
      if (n == sessions) {
        return answer;
      }
      Thread.sleep(100);
      res = again.get();
    }
    throw new AssertionError("not all sessions frozen: " + res.body());
  }

  @Test
  @DisplayName("per project the caller manages: Checklist areas and marks, '—' below three, sessions in no project apart")
  void comparedAcrossProjects() throws Exception {
    SignedIn.createAccount(node, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn.createAccount(node, "bram@woerden.nl", "Bram", "bram's long password");
    SignedIn anna = SignedIn.signIn(node, "anna@gouda.nl", "anna's long password");
    SignedIn bram = SignedIn.signIn(node, "bram@woerden.nl", "bram's long password");
    JsonNode mine = created(anna.post(node, "/api/projects", Map.of("title", "Datadelen Gouda", "partners",
        List.of("Gemeente Gouda"))));
    JsonNode theirs = created(bram.post(node, "/api/projects", Map.of("title", "Datadelen Woerden", "partners",
        List.of("Gemeente Woerden"))));
    session(created(anna.post(node, "/api/projects/" + mine.path("projectId").asText() + "/sessions",
        Map.of("templateId", CHECKLIST, "title", "Checklist Gouda"))), List.of("Ans", "Bas", "Cor"), "Gemeente Gouda");
    session(created(bram.post(node, "/api/projects/" + theirs.path("projectId").asText() + "/sessions",
        Map.of("templateId", CHECKLIST, "title", "Checklist Woerden"))), List.of("Dirk", "Eva", "Fleur"), "Gemeente Woerden");
    session(created(anna.post(node, "/api/rooms", Map.of("templateId", CHECKLIST, "title", "Losse checklist"))),
        List.of("Gijs", "Hanna"), "Gemeente Gouda");

    JsonNode annas = comparison(anna.get(node, PATH), () -> anna.get(node, PATH), 2);
    assertEquals(List.of("Datadelen Gouda", "Zonder project"), titles(annas), "Bram's project is not in Anna's answer");
    assertEquals(3, annas.path("k").asInt());
    JsonNode gouda = group(annas, "Datadelen Gouda");
    assertEquals(mine.path("projectId").asText(), gouda.path("projectId").asText());
    assertEquals(1, gouda.path("sessions").asInt());
    assertEquals(3, gouda.path("count").asInt());
    assertEquals("8.00", gouda.path("average").asText());
    String firstArea = annas.path("areas").get(0).asText();
    assertEquals(1, gouda.path("areas").path(firstArea).path("open").asInt(), gouda.toString());
    assertEquals(0, gouda.path("areas").path(firstArea).path("agreed").asInt());
    assertTrue(gouda.path("areas").path(firstArea).path("notReached").asInt() > 0, gouda.toString());

    JsonNode loose = group(annas, "Zonder project");
    assertTrue(loose.path("projectId").isNull());
    assertEquals(2, loose.path("count").asInt(), "the count stays visible");
    assertTrue(loose.path("average").isNull(), "no average of two marks");
    assertEquals(2, loose.path("participants").asInt());
    assertTrue(loose.path("areas").isNull(), "no figures of fewer than three participants");
    assertTrue(!annas.toString().contains("Ans") && !annas.toString().contains("Gijs"), "no names: " + annas);

    JsonNode all = comparison(SignedIn.withKey(node, "GET", PATH), () -> SignedIn.withKey(node, "GET", PATH), 3);
    assertEquals(List.of("Datadelen Gouda", "Datadelen Woerden", "Zonder project"), titles(all));
    assertEquals("8.00", group(all, "Datadelen Woerden").path("average").asText());

    HttpResponse<String> bad = anna.get(node, "/api/evaluations/comparison?templateId=" + CHECKLIST + "&by=partner");
    assertEquals(400, bad.statusCode(), bad.body());
  }
}

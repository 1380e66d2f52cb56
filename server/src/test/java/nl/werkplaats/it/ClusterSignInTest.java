package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Organiser accounts in a cluster: two real Hazelcast members sharing a real PostgreSQL database. */
class ClusterSignInTest {
  List<Werkplaats> nodes = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    nodes.forEach(Nodes::stop);
  }

  @Test
  @DisplayName("a sign-in on one member holds on the other; a session made there is listed here; sign-out ends it on both")
  void signInHoldsOnEveryMember() {
    PostgresServer.Database db = TestStores.sharedDatabase("signin");
    nodes = new ArrayList<>(Nodes.cluster(2, i -> TestStores.member(db)));
    Werkplaats a = nodes.get(0);
    Werkplaats b = nodes.get(1);
    assertNull(a.firstAccountLink(), "a cluster prints no first-run link: the administrator makes the accounts");
    SignedIn.createAccount(a, "anna@gouda.nl", "Anna", "anna's long password");
    SignedIn anna = SignedIn.signIn(a, "anna@gouda.nl", "anna's long password");

    HttpResponse<String> onB = anna.get(b, "/api/session");
    assertEquals(200, onB.statusCode(), "the cookie from member A opens member B: " + onB.body());
    assertEquals("anna@gouda.nl", SignedIn.json(onB).path("organiser").path("email").asText());
    HttpResponse<String> made = anna.post(b, "/api/rooms", Map.of("templateId", "data-team-start", "title", "Op B gemaakt"));
    assertEquals(201, made.statusCode(), "the CSRF token from A holds on B: " + made.body());
    String roomId = SignedIn.json(made).path("roomId").asText();
    JsonNode listedOnA = SignedIn.json(anna.get(a, "/api/rooms"));
    assertEquals(1, listedOnA.size());
    assertEquals(roomId, listedOnA.get(0).path("roomId").asText(), "member A lists the session made on B as Anna's");

    assertEquals(204, anna.delete(b, "/api/session").statusCode());
    assertEquals(401, anna.get(a, "/api/session").statusCode(), "signed out on B: signed out on A too");
  }
}

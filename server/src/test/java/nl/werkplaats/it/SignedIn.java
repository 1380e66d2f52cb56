package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.werkplaats.Werkplaats;
import nl.werkplaats.room.DomainJson;

/**
 * An organiser signed in on a node over real HTTP, as the organiser page is: the session cookie the node set
 * (sent back by hand, as a browser would) and the CSRF token it answered.
 */
record SignedIn(String cookie, String csrfToken, JsonNode organiser) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Signs in with {@code POST /api/session}; fails the test unless it answers 200 with a session cookie. */
  static SignedIn signIn(Werkplaats node, String email, String password) {
    HttpResponse<String> res = send(node, "POST", "/api/session", Map.of("email", email, "password", password), null, null);
    assertEquals(200, res.statusCode(), res.body());
    String setCookie = res.headers().firstValue("Set-Cookie").orElse(null);
    assertNotNull(setCookie, "a session cookie");
    assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && setCookie.contains("SameSite=Strict"), setCookie);
    JsonNode body = json(res);
    return new SignedIn(setCookie.substring(0, setCookie.indexOf(';')), body.path("csrfToken").asText(), body.path("organiser"));
  }

  /** The administrator makes an account with the organiser key. */
  static JsonNode createAccount(Werkplaats node, String email, String name, String password) {
    return Nodes.post(node, "/api/organisers", Map.of("email", email, "displayName", name, "password", password),
        Nodes.ORGANISER_KEY, 201);
  }

  HttpResponse<String> get(Werkplaats node, String path) {
    return send(node, "GET", path, null, cookie, null);
  }

  HttpResponse<String> post(Werkplaats node, String path, Object body) {
    return send(node, "POST", path, body, cookie, csrfToken);
  }

  HttpResponse<String> delete(Werkplaats node, String path) {
    return send(node, "DELETE", path, null, cookie, csrfToken);
  }

  /** A request with the organiser key (the administrator's). */
  static HttpResponse<String> withKey(Werkplaats node, String method, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
          .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + Nodes.ORGANISER_KEY)
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> send(Werkplaats node, String method, String path, Object body, String cookie, String csrf) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(DomainJson.MAPPER.writeValueAsString(body)));
      if (body != null) {
        req.header("Content-Type", "application/json");
      }
      if (cookie != null) {
        req.header("Cookie", cookie);
      }
      if (csrf != null) {
        req.header("X-CSRF-Token", csrf);
      }
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> res) {
    try {
      return DomainJson.MAPPER.readTree(res.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + res.body(), e);
    }
  }
}

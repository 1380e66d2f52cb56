package nl.werkplaats.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import nl.werkplaats.Config;
import nl.werkplaats.Werkplaats;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect sign-in against a real OpenID provider ({@code oidc-provider} from npm, started here on
 * 127.0.0.1 by {@code src/test/oidc/provider.mjs}): an HTTP client with a cookie jar goes through the whole
 * authorization-code flow, the provider's login and consent forms included, as a browser would.
 */
class OpenIdConnectSignInTest {
  private static final String CLIENT_ID = "werkplaats";
  private static final String CLIENT_SECRET = "a-client-secret-for-this-test";
  private static Process provider;
  private static Werkplaats node;
  private static int nodePort;
  private static String issuer;

  @BeforeAll
  static void start() throws Exception {
    int providerPort = Nodes.freePort();
    nodePort = Nodes.freePort();
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder("node", Path.of("src", "test", "oidc", "provider.mjs").toString())
        .redirectErrorStream(true);
    pb.environment().put("OIDC_PROVIDER_MODULE",
        webClient.resolve("node_modules/oidc-provider/lib/index.js").toString());
    pb.environment().put("PORT", String.valueOf(providerPort));
    pb.environment().put("CLIENT_ID", CLIENT_ID);
    pb.environment().put("CLIENT_SECRET", CLIENT_SECRET);
    pb.environment().put("REDIRECT_URI", "http://127.0.0.1:" + nodePort + "/api/session/oidc/callback");
    provider = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
      // the provider's warnings about its development set-up
    }
    if (line == null) {
      throw new IllegalStateException("the OpenID provider did not start");
    }
    issuer = line.substring("ready ".length()).strip();
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
    drain.setDaemon(true);
    drain.start();
    node = startNode(nodePort, issuer);
  }

  private static Werkplaats startNode(int port, String configuredIssuer) {
    Map<String, String> env = Nodes.env(Nodes.tempDir(), "test-" + UUID.randomUUID(), Nodes.freePort(), List.of());
    env.put("WERKPLAATS_PORT", String.valueOf(port));
    env.put("WERKPLAATS_OIDC_ISSUER", configuredIssuer);
    env.put("WERKPLAATS_OIDC_CLIENT_ID", CLIENT_ID);
    env.put("WERKPLAATS_OIDC_CLIENT_SECRET", CLIENT_SECRET);
    env.put("WERKPLAATS_OIDC_REDIRECT_URL", "http://127.0.0.1:" + port + "/api/session/oidc/callback");
    return Nodes.start(Config.fromEnv(env), TestStores.embedded());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      Nodes.stop(node);
    }
    if (provider != null) {
      provider.destroy();
      provider.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A browser's part: a cookie jar, redirects followed by hand, forms submitted. */
  private static final class Browser {
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
      StringJoiner body = new StringJoiner("&");
      fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Follows redirects from {@code url}, signing in as {@code user} on the provider's forms, until a redirect
     * to Werkplaats' callback: answers that URL (not requested).
     */
    String throughProvider(String url, String user) throws Exception {
      String callback = "http://127.0.0.1:" + nodePort + "/api/session/oidc/callback";
      HttpResponse<String> res = get(url);
      for (int hops = 0; hops < 20; hops++) {
        if (res.statusCode() / 100 == 3) {
          String next = res.request().uri().resolve(res.headers().firstValue("Location").orElseThrow()).toString();
          if (next.startsWith(callback)) {
            return next;
          }
          res = get(next);
        } else if (res.statusCode() == 200) {
          Document page = Jsoup.parse(res.body(), res.request().uri().toString());
          Element form = page.selectFirst("form");
          if (form == null) {
            throw new AssertionError("the provider showed a page without a form: " + res.body());
          }
          Map<String, String> fields = new LinkedHashMap<>();
          for (Element input : form.select("input")) {
            fields.put(input.attr("name"), input.val());
          }
          if (fields.containsKey("login")) {
            fields.put("login", user);
            fields.put("password", "any password: the development login takes every one");
          }
          fields.remove("");
          res = postForm(form.absUrl("action"), fields);
        } else {
          throw new AssertionError("the provider answered " + res.statusCode() + ": " + res.body());
        }
      }
      throw new AssertionError("too many redirects");
    }

    String location(HttpResponse<String> res) {
      return res.headers().firstValue("Location").orElse("");
    }
  }

  private static String node(String path) {
    return "http://127.0.0.1:" + nodePort + path;
  }

  @Test
  @DisplayName("an organiser signs in through the provider and is signed in with an account of that e-mail address")
  void signsIn() throws Exception {
    assertTrue(SignedIn.json(SignedIn.send(node, "GET", "/api/session/options", null, null, null))
        .path("openIdConnect").asBoolean(), "the sign-in form offers OpenID Connect");
    Browser browser = new Browser();
    HttpResponse<String> start = browser.get(node("/api/session/oidc"));
    assertEquals(302, start.statusCode());
    String toProvider = browser.location(start);
    assertTrue(toProvider.startsWith(issuer + "/auth?"), toProvider);
    assertTrue(toProvider.contains("code_challenge_method=S256") && toProvider.contains("nonce="), toProvider);

    String callback = browser.throughProvider(toProvider, "anna");
    HttpResponse<String> back = browser.get(callback);
    assertEquals(303, back.statusCode(), back.body());
    assertEquals("/o", browser.location(back), "back on the organiser page, signed in");
    HttpResponse<String> session = browser.get(node("/api/session"));
    assertEquals(200, session.statusCode(), session.body());
    JsonNode who = SignedIn.json(session).path("organiser");
    assertEquals("anna@example.org", who.path("email").asText());
    assertEquals("Organiser anna", who.path("displayName").asText());

    HttpResponse<String> replay = browser.get(callback);
    assertEquals("/o#signin=state", browser.location(replay), "the same callback twice is refused");
  }

  @Test
  @DisplayName("a callback with a forged state, or without the browser's flow cookie, signs nobody in")
  void forgedState() throws Exception {
    Browser browser = new Browser();
    String toProvider = browser.location(browser.get(node("/api/session/oidc")));
    String callback = browser.throughProvider(toProvider, "mallory");
    String forged = callback.replaceAll("state=[^&]+", "state=forged-state");
    HttpResponse<String> refused = browser.get(forged);
    assertEquals(303, refused.statusCode());
    assertEquals("/o#signin=state", browser.location(refused));
    assertEquals(401, browser.get(node("/api/session")).statusCode(), "nobody is signed in");

    Browser victim = new Browser(); // another browser, handed an attacker's callback: no flow of its own
    Browser attacker = new Browser();
    String attackersCallback = attacker.throughProvider(attacker.location(attacker.get(node("/api/session/oidc"))), "mallory");
    assertEquals("/o#signin=state", victim.location(victim.get(attackersCallback)));
    assertEquals(401, victim.get(node("/api/session")).statusCode(), "the victim is not signed in as the attacker");
  }

  @Test
  @DisplayName("a node configured with another issuer than the provider's refuses the provider")
  void wrongIssuer() throws Exception {
    int port = Nodes.freePort();
    Werkplaats other = startNode(port, issuer.replace("127.0.0.1", "localhost"));
    try {
      Browser browser = new Browser();
      HttpResponse<String> start = browser.get("http://127.0.0.1:" + port + "/api/session/oidc");
      assertEquals(303, start.statusCode(), start.body());
      assertEquals("/o#signin=unavailable", browser.location(start));
      assertFalse(browser.location(start).startsWith(issuer), "never sent to the provider");
    } finally {
      Nodes.stop(other);
    }
  }
}

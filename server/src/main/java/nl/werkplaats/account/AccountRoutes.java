package nl.werkplaats.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.gateway.HttpGuards;
import nl.werkplaats.gateway.Secrets;
import nl.werkplaats.room.DomainJson;

/**
 * The organiser sign-in routes (docs/api.md, "Organiser accounts"): sign in with an e-mail address and a
 * password, who is signed in, sign out, the administrator making accounts (or the first account through the
 * set-up link), sharing a session with another organiser, and OpenID Connect ({@link OidcSignIn}).
 */
public final class AccountRoutes {
  private static final Logger LOG = Logger.getLogger(AccountRoutes.class.getName());
  static final long MAX_BODY = 4 * 1024;

  private final Vertx vertx;
  private final OrganiserAuth auth;
  private final OrganiserAccounts accounts;
  private final RoomOrganisers rooms;
  private final SignInLimits signIns;
  private final long sessionMillis;
  private final String setupToken;
  private final OidcSignIn oidc;

  /**
   * @param setupToken opens {@code POST /api/organisers} while the server has no account (the first-run link of
   *     a single node); null in a cluster, where the administrator makes the accounts with the key
   * @param oidc the OpenID Connect sign-in, or null when not configured
   */
  public AccountRoutes(Vertx vertx, OrganiserAuth auth, RoomOrganisers rooms, long sessionMillis, String setupToken,
      OidcSignIn oidc) {
    this.vertx = vertx;
    this.auth = auth;
    this.accounts = auth.accounts();
    this.rooms = rooms;
    this.signIns = new SignInLimits(auth.limits());
    this.sessionMillis = sessionMillis;
    this.setupToken = setupToken;
    this.oidc = oidc;
  }

  /** The set-up token of a server with this organiser key: what the first-run link carries. */
  public static String setupToken(String organiserKey) {
    return Secrets.sha256("first organiser account\n" + organiserKey).substring(0, 40);
  }

  public void mount(Router router) {
    router.get("/api/session/options").handler(this::options);
    router.get("/api/session").handler(this::current);
    router.post("/api/session").handler(HttpGuards.jsonBody(MAX_BODY)).handler(this::signIn);
    router.delete("/api/session").handler(this::signOut);
    router.post("/api/organisers").handler(this::administratorOrSetup).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(this::createAccount);
    router.post("/api/rooms/:roomId/organisers").handler(auth.required()).handler(HttpGuards.jsonBody(MAX_BODY))
        .handler(this::share);
    if (oidc != null) {
      oidc.mount(router, this::startSession);
    }
  }

  /** What the sign-in form offers: passwords always, OpenID Connect when configured, the first account when none. */
  private void options(RoutingContext ctx) {
    blocking(accounts::count).onSuccess(n -> json(ctx, 200, new JsonObject().put("passwords", true)
        .put("openIdConnect", oidc != null).put("firstAccount", n == 0))).onFailure(e -> fail(ctx, e));
  }

  private void current(RoutingContext ctx) {
    auth.signedIn(ctx).onSuccess(who -> {
      if (who.isEmpty()) {
        error(ctx, 401, "not_authenticated", "nobody is signed in");
      } else {
        json(ctx, 200, signedIn(who.get(), OrganiserAuth.sessionToken(ctx)));
      }
    }).onFailure(e -> fail(ctx, e));
  }

  private void signIn(RoutingContext ctx) {
    JsonNode body = body(ctx);
    if (body == null) {
      return;
    }
    String email = OrganiserAccounts.normaliseEmail(body.path("email").asText(null));
    String password = body.path("password").asText(null);
    if (email == null || password == null || password.isEmpty() || password.length() > PasswordHashing.MAX_LENGTH) {
      error(ctx, 400, "invalid_value", "send an e-mail address and a password");
      return;
    }
    if (!signIns.mayTry(ctx.request(), email)) {
      ctx.response().putHeader("Retry-After", "60");
      error(ctx, 429, "rate_limited", "too many wrong passwords; wait a minute");
      return;
    }
    blocking(() -> {
      Optional<OrganiserAccounts.Account> account = accounts.findByEmail(email);
      boolean right = PasswordHashing.matches(password, account.map(OrganiserAccounts.Account::passwordHash).orElse(null));
      return right ? account.map(OrganiserAccounts.Account::organiser) : Optional.<Organiser>empty();
    }).onSuccess(who -> {
      if (who.isEmpty()) {
        signIns.wrongPassword(ctx.request(), email);
        error(ctx, 401, "wrong_password", "the e-mail address or the password is wrong");
        return;
      }
      startSession(ctx, who.get()).onSuccess(token -> json(ctx, 200, signedIn(who.get(), token)))
          .onFailure(e -> fail(ctx, e));
    }).onFailure(e -> fail(ctx, e));
  }

  /** Starts a session for {@code who} and sets its cookie; answers the session's token. */
  Future<String> startSession(RoutingContext ctx, Organiser who) {
    long now = System.currentTimeMillis();
    return blocking(() -> accounts.startSession(who, now, now + sessionMillis))
        .onSuccess(token -> auth.setSessionCookie(ctx, token, sessionMillis / 1000));
  }

  private void signOut(RoutingContext ctx) {
    String token = OrganiserAuth.sessionToken(ctx);
    auth.signedIn(ctx).compose(who -> blocking(() -> {
      accounts.endSession(token);
      return null;
    })).onSuccess(v -> {
      auth.setSessionCookie(ctx, "", 0);
      ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }).onFailure(e -> fail(ctx, e));
  }

  /** The administrator (organiser key), or the set-up token while the server has no organiser account. */
  private void administratorOrSetup(RoutingContext ctx) {
    auth.paused(ctx);
    String token = OrganiserAuth.bearer(ctx);
    if (token != null && setupToken != null && OrganiserAuth.sameSecret(setupToken, token)) {
      blocking(accounts::count).onSuccess(n -> {
        if (n == 0) {
          ctx.put("firstAccount", true);
          ctx.next();
        } else {
          HttpGuards.refuse(ctx, 409, "exists", "this server has organiser accounts already; the set-up link is used up");
        }
      }).onFailure(e -> OrganiserAuth.refuse(ctx, e));
      return;
    }
    auth.organiser(ctx).onSuccess(who -> {
      if (who.administrator()) {
        ctx.next();
      } else {
        HttpGuards.refuse(ctx, 403, "forbidden", "only the administrator (the organiser key) makes accounts");
      }
    }).onFailure(e -> OrganiserAuth.refuse(ctx, e));
  }

  private void createAccount(RoutingContext ctx) {
    JsonNode body = body(ctx);
    if (body == null) {
      return;
    }
    String email = OrganiserAccounts.normaliseEmail(body.path("email").asText(null));
    String name = OrganiserAccounts.normaliseName(body.path("displayName").asText(null));
    String password = body.path("password").asText(null);
    if (email == null) {
      error(ctx, 400, "invalid_value", "email is an e-mail address of at most " + OrganiserAccounts.MAX_EMAIL + " characters");
      return;
    }
    if (name == null) {
      error(ctx, 400, "invalid_value", "displayName is 1 to " + OrganiserAccounts.MAX_NAME + " characters");
      return;
    }
    String problem = PasswordHashing.problem(password);
    if (problem != null) {
      error(ctx, 400, "weak_password", problem);
      return;
    }
    boolean first = Boolean.TRUE.equals(ctx.get("firstAccount"));
    blocking(() -> {
      String hash = PasswordHashing.hash(password);
      return first ? accounts.createFirst(email, name, hash) : accounts.create(email, name, hash);
    }).onSuccess(made -> json(ctx, 201, organiser(made))).onFailure(e -> fail(ctx, e));
  }

  /** Shares a session with another organiser account (by e-mail address); the owner, a sharer or the administrator. */
  private void share(RoutingContext ctx) {
    JsonNode body = body(ctx);
    if (body == null) {
      return;
    }
    Organiser who = OrganiserAuth.of(ctx);
    String roomId = ctx.pathParam("roomId");
    String email = OrganiserAccounts.normaliseEmail(body.path("email").asText(null));
    if (email == null) {
      error(ctx, 400, "invalid_value", "email is the e-mail address of an organiser account");
      return;
    }
    blocking(() -> {
      if (!auth.access().mayManage(who, roomId)) {
        throw new Refusal(404, "not_found", "no room " + roomId);
      }
      Organiser with = accounts.findByEmail(email).map(OrganiserAccounts.Account::organiser)
          .orElseThrow(() -> new Refusal(422, "no_account", "no organiser account has this e-mail address"));
      rooms.share(roomId, with.id(), System.currentTimeMillis());
      return with;
    }).onSuccess(with -> json(ctx, 200, new JsonObject().put("roomId", roomId).put("sharedWith", organiser(with))))
        .onFailure(e -> fail(ctx, e));
  }

  // ------------------------------------------------------------------------------------------ plumbing

  static JsonObject organiser(Organiser o) {
    return new JsonObject().put("id", o.id()).put("email", o.email()).put("displayName", o.displayName());
  }

  private static JsonObject signedIn(Organiser o, String token) {
    return new JsonObject().put("organiser", organiser(o)).put("csrfToken", OrganiserAuth.csrfToken(token));
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  private static JsonNode body(RoutingContext ctx) {
    try {
      String text = ctx.body().asString();
      JsonNode node = DomainJson.MAPPER.readTree(text == null ? "" : text);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (Exception ignored) {
      // answered below
    }
    error(ctx, 400, "bad_json", "the body must be a JSON object");
    return null;
  }

  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Refusal r) {
      error(ctx, r.status(), r.code(), r.getMessage());
      return;
    }
    LOG.log(Level.WARNING, "organiser route " + ctx.request().path() + " failed", e);
    error(ctx, 500, "internal", "the server failed; try again");
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}

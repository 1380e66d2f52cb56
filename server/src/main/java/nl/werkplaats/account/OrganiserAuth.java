package nl.werkplaats.account;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Predicate;
import nl.werkplaats.gateway.HttpGuards;
import nl.werkplaats.gateway.RequestLimits;
import nl.werkplaats.gateway.Secrets;

/**
 * Who is asking, as an organiser: the administrator ({@code Authorization: Bearer <organiser key>}) or a
 * signed-in organiser account (the {@value #COOKIE} cookie: {@code HttpOnly; SameSite=Strict}, {@code Secure}
 * when the public address is https). A request that changes something with the cookie also carries the
 * session's CSRF token in {@value #CSRF_HEADER} (a value the page learns from {@code GET /api/session}, which
 * another site can neither read nor send). Wrong keys count against the caller's address.
 */
public final class OrganiserAuth {
  public static final String COOKIE = "werkplaats_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String ORGANISER = "organiser";

  private final Vertx vertx;
  private final Predicate<String> isOrganiserKey;
  private final OrganiserAccounts accounts;
  private final OrganiserAccess access;
  private final RequestLimits limits;
  private final boolean secureCookies;

  /**
   * @param accounts the accounts, or null on a node without a store (the organiser key alone opens)
   * @param secureCookies whether cookies get {@code Secure} (the public address is https)
   */
  public OrganiserAuth(Vertx vertx, Predicate<String> isOrganiserKey, OrganiserAccounts accounts, OrganiserAccess access,
      RequestLimits limits, boolean secureCookies) {
    this.vertx = vertx;
    this.isOrganiserKey = isOrganiserKey;
    this.accounts = accounts;
    this.access = access;
    this.limits = limits;
    this.secureCookies = secureCookies;
  }

  /** The organiser key alone (tests of routes without accounts). */
  public static OrganiserAuth keyOnly(Vertx vertx, Predicate<String> isOrganiserKey, RequestLimits limits) {
    return new OrganiserAuth(vertx, isOrganiserKey, null, OrganiserAccess.ADMINISTRATOR_ONLY, limits, false);
  }

  public OrganiserAccess access() {
    return access;
  }

  public OrganiserAccounts accounts() {
    return accounts;
  }

  public RequestLimits limits() {
    return limits;
  }

  public boolean isOrganiserKey(String token) {
    return isOrganiserKey.test(token);
  }

  /**
   * The organiser behind the request: the key's holder, else the signed-in account. Fails with a
   * {@link Refusal}: 401 (nothing valid), 403 (the cookie without its CSRF token on a change), 429 (too many
   * wrong keys from this address).
   */
  public Future<Organiser> organiser(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token != null) {
      if (!limits.mayTryCredential(ctx.request())) {
        return Future.failedFuture(new Refusal(429, "rate_limited", "too many wrong keys from this address; wait a minute"));
      }
      if (isOrganiserKey.test(token)) {
        return Future.succeededFuture(Organiser.ADMINISTRATOR);
      }
      limits.wrongCredential(ctx.request());
      return Future.failedFuture(new Refusal(401, "not_authenticated", "sign in, or send the organiser key"));
    }
    return signedIn(ctx).compose(who -> who.isPresent() ? Future.succeededFuture(who.get())
        : Future.failedFuture(new Refusal(401, "not_authenticated", "sign in, or send the organiser key")));
  }

  /**
   * The signed-in organiser account of the request's cookie, if any (empty without a cookie or with an
   * expired or ended session). Fails with 403 when a change comes without the session's CSRF token.
   */
  public Future<Optional<Organiser>> signedIn(RoutingContext ctx) {
    String session = sessionToken(ctx);
    if (session == null || accounts == null) {
      return Future.succeededFuture(Optional.empty());
    }
    if (changes(ctx.request().method()) && !sameSecret(csrfToken(session), ctx.request().getHeader(CSRF_HEADER))) {
      return Future.failedFuture(new Refusal(403, "csrf", "send the session's " + CSRF_HEADER + " header with a change"));
    }
    return vertx.executeBlocking(() -> accounts.session(session, System.currentTimeMillis()), false);
  }

  /** A route step that lets organisers on (the organiser in the context: {@link #of}) and answers the rest. */
  public Handler<RoutingContext> required() {
    return ctx -> paused(ctx).organiser(ctx).onSuccess(who -> {
      ctx.put(ORGANISER, who);
      ctx.next();
    }).onFailure(e -> refuse(ctx, e));
  }

  /**
   * Holds the request's body back while a check waits for the store: the body step after it ({@code
   * HttpGuards.jsonBody}, or a refusal) reads it; unpaused, it would be gone by then.
   */
  OrganiserAuth paused(RoutingContext ctx) {
    ctx.request().pause();
    return this;
  }

  /** The organiser a {@link #required()} step let on. */
  public static Organiser of(RoutingContext ctx) {
    return ctx.get(ORGANISER);
  }

  /** Answers a refusal as JSON without reading the body; any other failure is a 500. */
  public static void refuse(RoutingContext ctx, Throwable e) {
    if (e instanceof Refusal r) {
      HttpGuards.refuse(ctx, r.status(), r.code(), r.getMessage());
    } else {
      java.util.logging.Logger.getLogger(OrganiserAuth.class.getName())
          .log(java.util.logging.Level.WARNING, "checking an organiser failed", e);
      HttpGuards.refuse(ctx, 500, "internal", "the server failed; try again");
    }
  }

  // ------------------------------------------------------------------------------------------ cookies

  /** The CSRF token of a session: derived from its token, so that every node knows it without storing it. */
  public static String csrfToken(String sessionToken) {
    return Secrets.sha256("csrf\n" + sessionToken);
  }

  public static String sessionToken(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c == null || c.getValue().isEmpty() ? null : c.getValue();
  }

  /** Sets the session cookie for {@code maxAgeSeconds} (0 clears it). */
  public void setSessionCookie(RoutingContext ctx, String token, long maxAgeSeconds) {
    Cookie c = Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(secureCookies).setMaxAge(maxAgeSeconds);
    ctx.response().addCookie(c);
  }

  public boolean secureCookies() {
    return secureCookies;
  }

  static boolean changes(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  static boolean sameSecret(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.strip().getBytes(StandardCharsets.UTF_8));
  }

  public static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}

package nl.werkplaats.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.werkplaats.Config;
import nl.werkplaats.gateway.Secrets;

/**
 * Organisers sign in through their organisation's OpenID provider: the authorization-code flow with PKCE
 * (S256), a state bound to the browser and a nonce bound to the ID token. The flow's state, nonce and code
 * verifier travel in a short-lived {@value #FLOW_COOKIE} cookie ({@code HttpOnly; SameSite=Lax}, sealed with an
 * HMAC keyed from the organiser key, so any node of the cluster can finish a flow another node started). The
 * ID token's signature, audience and expiry are checked by {@code vertx-auth-oauth2}; its issuer and nonce,
 * and a verified e-mail address, here. The account is found by issuer and subject, else by that e-mail
 * address, else made ({@link OrganiserAccounts#forOpenIdSubject}).
 */
public final class OidcSignIn {
  private static final Logger LOG = Logger.getLogger(OidcSignIn.class.getName());
  static final String FLOW_COOKIE = "werkplaats_oidc";
  static final String START = "/api/session/oidc";
  static final String CALLBACK = "/api/session/oidc/callback";
  static final long FLOW_SECONDS = 600;

  private final Vertx vertx;
  private final Config.OpenIdConnect config;
  private final OrganiserAccounts accounts;
  private final byte[] sealKey;
  private final boolean secureCookies;
  private Future<OAuth2Auth> provider;

  public OidcSignIn(Vertx vertx, Config.OpenIdConnect config, OrganiserAccounts accounts, String organiserKey,
      boolean secureCookies) {
    this.vertx = vertx;
    this.config = config;
    this.accounts = accounts;
    this.sealKey = Secrets.sha256("openid connect flow\n" + organiserKey).getBytes(StandardCharsets.US_ASCII);
    this.secureCookies = secureCookies;
  }

  void mount(Router router, BiFunction<RoutingContext, Organiser, Future<String>> startSession) {
    router.get(START).handler(this::start);
    router.get(CALLBACK).handler(ctx -> callback(ctx, startSession));
  }

  /** The provider's endpoints and keys, discovered once (again after a failure). */
  private synchronized Future<OAuth2Auth> provider() {
    if (provider == null || provider.failed()) {
      OAuth2Options options = new OAuth2Options().setSite(config.issuer()).setClientId(config.clientId())
          .setClientSecret(config.clientSecret()).setValidateIssuer(true);
      provider = OpenIDConnectAuth.discover(vertx, options)
          .onFailure(e -> LOG.log(Level.WARNING, "cannot discover the OpenID provider " + config.issuer() + ": " + e.getMessage()));
    }
    return provider;
  }

  private void start(RoutingContext ctx) {
    String state = Secrets.token(24);
    String nonce = Secrets.token(24);
    String verifier = Secrets.token(32);
    provider().onSuccess(oauth -> {
      String url = oauth.authorizeURL(new OAuth2AuthorizationURL()
          .setRedirectUri(config.redirectUrl())
          .setScopes(List.of("openid", "email", "profile"))
          .setState(state)
          .setCodeChallenge(challenge(verifier))
          .setCodeChallengeMethod("S256")
          .putAdditionalParameter("nonce", nonce));
      long expires = System.currentTimeMillis() + FLOW_SECONDS * 1000;
      ctx.response().addCookie(flowCookie(seal(state + "." + nonce + "." + verifier + "." + expires), FLOW_SECONDS));
      ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end();
    }).onFailure(e -> back(ctx, "unavailable"));
  }

  private void callback(RoutingContext ctx, BiFunction<RoutingContext, Organiser, Future<String>> startSession) {
    Cookie cookie = ctx.request().getCookie(FLOW_COOKIE);
    ctx.response().addCookie(flowCookie("", 0));
    String[] flow = cookie == null ? null : unseal(cookie.getValue());
    String state = ctx.request().getParam("state");
    String code = ctx.request().getParam("code");
    if (flow == null || flow.length != 4 || Long.parseLong(flow[3]) < System.currentTimeMillis()
        || !OrganiserAuth.sameSecret(flow[0], state)) {
      back(ctx, "state");
      return;
    }
    if (code == null || code.isEmpty() || code.length() > 2048) {
      back(ctx, "refused");
      return;
    }
    String nonce = flow[1];
    provider().compose(oauth -> oauth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
            .setRedirectUri(config.redirectUrl()).setCodeVerifier(flow[2]))
        .compose(user -> claims(oauth, user, nonce)))
        .compose(claims -> vertx.executeBlocking(() -> accounts.forOpenIdSubject(config.issuer(), claims.getString("sub"),
            claims.getString("email"), name(claims)), false))
        .compose(who -> startSession.apply(ctx, who))
        .onSuccess(token -> back(ctx, null))
        .onFailure(e -> {
          LOG.log(Level.INFO, "an OpenID Connect sign-in was refused: " + e.getMessage());
          back(ctx, e instanceof Refusal r ? r.code() : "refused");
        });
  }

  /** The ID token's claims once checked (issuer, nonce, subject, verified e-mail); the userinfo's for what it lacks. */
  private Future<JsonObject> claims(OAuth2Auth oauth, User user, String nonce) {
    JsonObject idToken = user.attributes().getJsonObject("idToken");
    if (idToken == null) {
      return Future.failedFuture(new Refusal(401, "refused", "the provider sent no ID token"));
    }
    if (!sameIssuer(config.issuer(), idToken.getString("iss"))) {
      return Future.failedFuture(new Refusal(401, "issuer", "the ID token comes from another issuer"));
    }
    if (!OrganiserAuth.sameSecret(nonce, idToken.getString("nonce"))) {
      return Future.failedFuture(new Refusal(401, "nonce", "the ID token's nonce is not this sign-in's"));
    }
    String subject = idToken.getString("sub");
    if (subject == null || subject.isEmpty() || subject.length() > 255) {
      return Future.failedFuture(new Refusal(401, "refused", "the ID token names no subject"));
    }
    Future<JsonObject> all = idToken.containsKey("email") ? Future.succeededFuture(idToken)
        : oauth.userInfo(user).map(info -> {
          if (!subject.equals(info.getString("sub"))) {
            throw new Refusal(401, "refused", "the userinfo is about someone else");
          }
          return info.copy().mergeIn(new JsonObject().put("sub", subject));
        });
    return all.map(claims -> {
      String email = OrganiserAccounts.normaliseEmail(claims.getString("email"));
      if (email == null || !Boolean.TRUE.equals(claims.getValue("email_verified"))) {
        throw new Refusal(401, "email", "the provider vouches for no verified e-mail address");
      }
      return claims.copy().put("email", email);
    });
  }

  /** The configured issuer and a token's, the same up to a trailing slash (some providers' issuers end in one). */
  static boolean sameIssuer(String configured, String claimed) {
    return claimed != null && strip(configured).equals(strip(claimed));
  }

  private static String strip(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }

  private static String name(JsonObject claims) {
    String name = OrganiserAccounts.normaliseName(claims.getString("name"));
    return name != null ? name : claims.getString("email");
  }

  /** Back to the organiser page: signed in, or with why not ({@code /o#signin=<reason>}). */
  private static void back(RoutingContext ctx, String problem) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(303).putHeader("Location", problem == null ? "/o" : "/o#signin=" + problem)
        .putHeader("Cache-Control", "no-store").end();
  }

  private Cookie flowCookie(String value, long maxAge) {
    return Cookie.cookie(FLOW_COOKIE, value).setPath(START).setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies).setMaxAge(maxAge);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String seal(String value) {
    return value + "." + mac(value);
  }

  /** The sealed value's parts, or null when its seal is not ours. */
  String[] unseal(String sealed) {
    int dot = sealed.lastIndexOf('.');
    if (dot < 0 || !OrganiserAuth.sameSecret(mac(sealed.substring(0, dot)), sealed.substring(dot + 1))) {
      return null;
    }
    return sealed.substring(0, dot).split("\\.");
  }

  private String mac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sealKey, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package nl.werkplaats.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every HTTP answer shares (docs/api.md, docs/security.md): the browser hardening headers, one JSON
 * error shape {@code {"error","message"}} for every HTTP error under {@code /api/}, and request bodies read
 * only by the routes that take one, only after their credential check, into memory, never to disk, never
 * parsed as a form.
 */
public final class HttpGuards {
  private static final Logger LOG = Logger.getLogger(HttpGuards.class.getName());

  /** No inline script; styles may be inline (the components set widths); no framing anywhere. */
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; font-src 'self'; connect-src 'self'%s; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  private HttpGuards() {}

  /**
   * Mounted first: the security headers on every answer, and {@code no-cache} on the app's HTML.
   * {@code nodeOrigins} are the origins of this deployment's nodes (its public URL and the allowed origins):
   * a tab may fall back to their WebSockets.
   */
  public static void mountHeaders(Router router, java.util.List<String> nodeOrigins) {
    StringBuilder nodes = new StringBuilder();
    for (String origin : nodeOrigins) {
      String o = origin.strip().replaceAll("/+$", "");
      if (o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]{1,300}")) {
        String ws = o.startsWith("https://") ? "wss://" + o.substring(8) : "ws://" + o.substring(7);
        nodes.append(' ').append(o).append(' ').append(ws);
      }
    }
    router.route().handler(ctx -> {
      HttpServerResponse res = ctx.response();
      String host = ctx.request().getHeader(HttpHeaders.HOST);
      String ws = (host != null && host.matches("[A-Za-z0-9.\\-\\[\\]:]{1,300}") ? " ws://" + host + " wss://" + host : "")
          + nodes;
      res.putHeader("Content-Security-Policy", String.format(Locale.ROOT, CSP, ws))
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      res.headersEndHandler(v -> {
        String type = res.headers().get(HttpHeaders.CONTENT_TYPE);
        String path = ctx.request().path() == null ? "" : ctx.request().path();
        boolean app = path.equals("/") || path.endsWith(".html") || path.matches("/(j|f|o)(/.*)?");
        if (!path.startsWith("/api/") && (app || (type != null && type.startsWith("text/html")))) {
          res.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
      });
      ctx.next();
    });
  }

  /** Every HTTP error the router produces itself (404, 405, 400 for a bad path, 413, 500, …) as JSON under /api/. */
  public static void mountErrors(Router router) {
    for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503}) {
      router.errorHandler(status, ctx -> routerError(ctx, status));
    }
  }

  private static void routerError(RoutingContext ctx, int status) {
    Throwable failure = ctx.failure();
    if (status >= 500 && failure != null) {
      LOG.log(Level.WARNING, "request failed: " + ctx.request().method() + " " + safePath(ctx.request()), failure);
    } else if (failure != null) {
      LOG.log(Level.FINE, "bad request: " + failure);
    }
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    String code = switch (status) {
      case 400 -> "bad_request";
      case 401 -> "not_authenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
    String message = switch (status) {
      case 400 -> "the request could not be read (a bad path or header?)";
      case 404 -> "nothing here; see docs/api.md";
      case 405 -> "this method is not allowed here";
      case 413 -> "the body is too large";
      default -> status >= 500 ? "the server failed; try again" : "the request was refused";
    };
    String path = ctx.request().path() == null ? "" : ctx.request().path();
    if (path.startsWith("/api") || path.startsWith("/health") || path.startsWith("/ready")
        || path.startsWith("/metrics") || path.startsWith("/ws")) {
      json(ctx.response(), status, code, message);
    } else {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(status + " " + message + "\n");
    }
  }

  /** Requests the HTTP decoder refused (414 URI too long, 431 headers too large, 400 malformed): JSON too. */
  public static void invalidRequest(HttpServerRequest request) {
    int status = 400;
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      status = m.contains("header") ? 431 : 414;
    }
    HttpServerResponse res = request.response();
    res.putHeader(HttpHeaders.CONNECTION, "close");
    json(res, status, status == 414 ? "uri_too_long" : status == 431 ? "headers_too_large" : "bad_request",
        status == 414 ? "the request line is too long" : status == 431 ? "the headers are too large"
            : "the request could not be read");
  }

  /**
   * Reads a body of at most {@code limit} bytes into the routing context, for {@code ctx.body()}; JSON only
   * (another declared type gets 415, unread), more than the limit gets 413 and the connection closed.
   * Mounted after the route's credential check.
   */
  public static Handler<RoutingContext> jsonBody(long limit) {
    return ctx -> {
      HttpServerRequest req = ctx.request();
      String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
      if (type != null && !type.isBlank()) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        if (!(t.startsWith("application/json") || t.startsWith("text/plain") || t.startsWith("application/octet-stream")
            || t.matches("application/[a-z0-9.+-]*\\+json.*"))) {
          refuse(ctx, 415, "unsupported_media_type", "send the body as application/json");
          return;
        }
      }
      String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null) {
        long n;
        try {
          n = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
          n = Long.MAX_VALUE;
        }
        if (n > limit) {
          refuse(ctx, 413, "too_large", "the body is at most " + limit + " bytes");
          return;
        }
      }
      Buffer body = Buffer.buffer();
      boolean[] over = {false};
      req.handler(chunk -> {
        if (over[0]) {
          return;
        }
        if (body.length() + chunk.length() > limit) {
          over[0] = true;
          refuse(ctx, 413, "too_large", "the body is at most " + limit + " bytes");
          return;
        }
        body.appendBuffer(chunk);
      });
      req.exceptionHandler(e -> over[0] = true);
      req.endHandler(v -> {
        if (!over[0]) {
          ((RoutingContextInternal) ctx).visitHandler(RoutingContextInternal.BODY_HANDLER).setBody(body);
          ctx.next();
        }
      });
      req.resume();
    };
  }

  /** Answers without reading the body; an HTTP/1 connection with a body still coming is closed after the answer. */
  public static void refuse(RoutingContext ctx, int status, String code, String message) {
    HttpServerResponse res = ctx.response();
    if (res.ended() || res.headWritten()) {
      return;
    }
    HttpServerRequest req = ctx.request();
    boolean unread = !req.isEnded() && req.version() != io.vertx.core.http.HttpVersion.HTTP_2;
    if (!unread) {
      json(res, status, code, message);
      return;
    }
    // The body is still coming. Closing the socket with unread bytes in it makes the kernel send a reset,
    // which can destroy the answer before the client reads it; so the rest of the body is read and dropped
    // (at most DRAIN_BYTES, for at most DRAIN_MS), then the answer goes, with "Connection: close".
    res.putHeader(HttpHeaders.CONNECTION, "close");
    long[] seen = {0};
    boolean[] answered = {false};
    Runnable answer = () -> {
      if (!answered[0]) {
        answered[0] = true;
        json(res, status, code, message).onComplete(v -> {
          if (req.connection() != null) {
            req.connection().close();
          }
        });
      }
    };
    long timer = ctx.vertx().setTimer(DRAIN_MS, t -> answer.run());
    req.handler(chunk -> {
      seen[0] += chunk.length();
      if (seen[0] > DRAIN_BYTES) {
        req.pause();
        ctx.vertx().cancelTimer(timer);
        answer.run();
      }
    });
    req.exceptionHandler(e -> answer.run());
    req.endHandler(v -> {
      ctx.vertx().cancelTimer(timer);
      answer.run();
    });
    req.resume();
  }

  /** How much of a refused request's body is read and dropped before the answer, and for how long. */
  static final long DRAIN_BYTES = 1024 * 1024;
  static final long DRAIN_MS = 5000;

  static io.vertx.core.Future<Void> json(HttpServerResponse res, int status, String code, String message) {
    if (res.ended() || res.headWritten()) {
      return io.vertx.core.Future.succeededFuture();
    }
    return res.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  private static String safePath(HttpServerRequest req) {
    String p = req.path() == null ? "" : req.path();
    return p.length() > 200 ? p.substring(0, 200) + "…" : p;
  }
}

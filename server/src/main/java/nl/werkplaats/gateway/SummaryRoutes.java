package nl.werkplaats.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import nl.werkplaats.account.Organiser;
import nl.werkplaats.account.OrganiserAuth;
import nl.werkplaats.account.Refusal;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.Format;
import nl.werkplaats.summary.SummaryService;

/**
 * The HTTP routes of frozen summaries (docs/api.md): list, download in every format, verify a download,
 * and deleting a room (the marks over time: {@link EvaluationRoutes}). Credentials come as
 * {@code Authorization: Bearer <token>}: the server's organiser key (the administrator: every room), the room's
 * organiser or facilitator token, or a participant's read-only summary link (compared as SHA-256 hex with the
 * hash the room keeps, in constant time); or as a signed-in organiser account's cookie ({@link OrganiserAuth}),
 * which opens the rooms that organiser manages and answers 404 for the others, as for a room that does not
 * exist. Store calls run on worker threads. Errors are JSON
 * {@code {"error","message"}}; a stack trace never leaves the server.
 */
public final class SummaryRoutes {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SummaryRoutes.class.getName());
  private static final long MAX_VERIFY_BYTES = 8L * 1024 * 1024;

  private final Vertx vertx;
  private final Store store;
  private final SummaryService summaries;
  private final Predicate<String> isOrganiserKey;
  private final OrganiserAuth auth;
  private final RequestLimits limits;
  private final RoomDeleter deleter;
  private final ZoneId zone;
  private final SummaryReaders readers;

  /** Deletes a room for a caller's role; answers the audit line (the receipt), or empty when there was none. */
  @FunctionalInterface
  public interface RoomDeleter {
    Future<java.util.Optional<Store.Deletion>> delete(String roomId, String byRole);
  }

  /** The checklist poster of a live room as a PDF (ChecklistPoster); empty when there is no such room. */
  @FunctionalInterface
  public interface Poster {
    Future<Optional<byte[]>> pdf(String roomId);
  }

  /** Who is asking, as far as a room is concerned. */
  enum Caller { ORGANISER_KEY, ORGANISER_ACCOUNT, ORGANISER_TOKEN, FACILITATOR_TOKEN, SUMMARY_READER }

  private SummaryRoutes(Vertx vertx, Store store, SummaryService summaries, OrganiserAuth auth,
      RoomDeleter deleter, RequestLimits limits, ZoneId zone, SummaryReaders readers) {
    this.auth = auth;
    this.readers = readers;
    this.limits = limits;
    this.zone = zone;
    this.vertx = vertx;
    this.store = store;
    this.summaries = summaries;
    this.isOrganiserKey = auth::isOrganiserKey;
    this.deleter = deleter;
  }

  /** The same with limits of its own and times in Europe/Amsterdam (tests of these routes alone). */
  public static void mount(Router router, Vertx vertx, Store store, SummaryService summaries,
      Predicate<String> isOrganiserKey, RoomDeleter deleter) {
    RequestLimits limits = new RequestLimits(ClientAddress.direct());
    mount(router, vertx, store, summaries, OrganiserAuth.keyOnly(vertx, isOrganiserKey, limits), deleter, limits,
        Format.defaultZone(), null);
  }

  /**
   * @param deleter deletes a room through the cluster (tombstone, out of memory, sockets closed, join codes
   *     cleared: {@code RoomService.delete})
   * @param auth the organiser key and the organiser accounts, with who manages which room
   * @param limits the node's per-client limits (wrong credentials, verification), shared with {@link HttpApi}
   * @param zone the time zone of the dates and times in the renderings ({@code WERKPLAATS_TIME_ZONE})
   * @param readers the participants' read-only summary links, or null when there are none
   */
  public static void mount(Router router, Vertx vertx, Store store, SummaryService summaries,
      OrganiserAuth auth, RoomDeleter deleter, RequestLimits limits, ZoneId zone, SummaryReaders readers) {
    mount(router, vertx, store, summaries, auth, deleter, limits, zone, readers, null);
  }

  /** The same, with the checklist poster of a live room ({@code GET /api/rooms/{roomId}/overview.pdf}). */
  public static void mount(Router router, Vertx vertx, Store store, SummaryService summaries,
      OrganiserAuth auth, RoomDeleter deleter, RequestLimits limits, ZoneId zone, SummaryReaders readers, Poster poster) {
    SummaryRoutes r = new SummaryRoutes(vertx, store, summaries, auth, deleter, limits, zone, readers);
    if (poster != null) {
      router.get("/api/rooms/:roomId/overview.pdf").handler(ctx -> r.poster(ctx, poster));
    }
    router.get("/api/rooms/:roomId/summaries").handler(r::list);
    router.get("/api/rooms/:roomId/summaries/:version/:file").handler(r::agreements);
    router.get("/api/rooms/:roomId/summaries/:file").handler(r::download);
    router.post("/api/summaries/verify").handler(r::verifySlot).handler(HttpGuards.jsonBody(MAX_VERIFY_BYTES))
        .handler(r::verify);
    router.delete("/api/rooms/:roomId").handler(r::delete);
    router.get("/api/deletions").handler(r::deletions);
  }

  // ------------------------------------------------------------------------------------------ routes

  private void list(RoutingContext ctx) {
    String roomId = ctx.pathParam("roomId");
    authorize(ctx, roomId, false).compose(caller -> blocking(() -> {
      summaries.ensureFrozen(roomId); // safety net: an ended room whose summary was not frozen yet
      JsonArray out = new JsonArray();
      for (Store.SummaryInfo s : store.listSummaries(roomId)) {
        out.add(new JsonObject().put("version", s.version()).put("sha256", s.sha256()).put("frozenAt", s.frozenAt()));
      }
      return out;
    })).onSuccess(out -> json(ctx, 200, out.encode())).onFailure(e -> fail(ctx, e));
  }

  private void download(RoutingContext ctx) {
    String roomId = ctx.pathParam("roomId");
    String file = ctx.pathParam("file");
    int dot = file.lastIndexOf('.');
    Integer version = dot > 0 ? version(file.substring(0, dot)) : null;
    Optional<Format> format = dot > 0 ? Format.ofSummary(file.substring(dot + 1)) : Optional.empty();
    if (version == null || format.isEmpty()) {
      error(ctx, 404, "not_found", "ask for <version>.json, .md, .html, .pdf, .csv, .xlsx or .docx, e.g. 1.pdf");
      return;
    }
    serve(ctx, roomId, version, format.get());
  }

  /** The checklist overview of a live room as an A2 poster, for its organiser and facilitator. */
  private void poster(RoutingContext ctx, Poster poster) {
    String roomId = ctx.pathParam("roomId");
    authorize(ctx, roomId, false).compose(caller -> caller == Caller.SUMMARY_READER
        ? Future.failedFuture(new Refusal(403, "forbidden", "a results link reads the frozen summaries only"))
        : poster.pdf(roomId)).onSuccess(pdf -> {
      if (pdf.isEmpty()) {
        error(ctx, 404, "room_not_found", "room " + roomId + " is not open (any more)");
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "application/pdf")
          .putHeader("Content-Disposition", "attachment; filename=\"werkplaats-" + roomId + "-overview.pdf\"")
          .putHeader("Cache-Control", "no-store")
          .end(io.vertx.core.buffer.Buffer.buffer(pdf.get()));
    }).onFailure(e -> fail(ctx, e));
  }

  private void agreements(RoutingContext ctx) {
    String roomId = ctx.pathParam("roomId");
    Integer version = version(ctx.pathParam("version"));
    String file = ctx.pathParam("file");
    Optional<Format> format = file.startsWith("agreements.")
        ? Format.ofAgreements(file.substring("agreements.".length())) : Optional.empty();
    if (version == null || format.isEmpty()) {
      error(ctx, 404, "not_found", "ask for <version>/agreements.csv or <version>/agreements.ics");
      return;
    }
    serve(ctx, roomId, version, format.get());
  }

  private void serve(RoutingContext ctx, String roomId, int version, Format format) {
    authorize(ctx, roomId, false)
        .compose(caller -> blocking(() -> summaries.load(roomId, version)
            // Just ended: the freeze may still be on its way; do it here rather than answer 404.
            .or(() -> summaries.ensureFrozen(roomId).flatMap(frozen -> summaries.load(roomId, version)))
            .map(s -> new Rendered(format.render(s, zone), s.sha256()))))
        .onSuccess(rendered -> {
          if (rendered.isEmpty()) {
            error(ctx, 404, "not_found", "room " + roomId + " has no summary version " + version);
            return;
          }
          var response = ctx.response()
              .putHeader("Content-Type", format.contentType())
              .putHeader("Content-Disposition", "attachment; filename=\"" + format.fileName(roomId, version) + "\"")
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Cache-Control", "private, no-store")
              .putHeader("X-Summary-SHA256", rendered.get().sha256());
          if (format == Format.HTML) {
            response.putHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
          }
          response.setStatusCode(200).end(Buffer.buffer(rendered.get().bytes()));
        })
        .onFailure(e -> fail(ctx, e));
  }

  private record Rendered(byte[] bytes, String sha256) {}

  /** Verification costs CPU: a few per client, two at a time per node, before any of the body is read. */
  private void verifySlot(RoutingContext ctx) {
    if (!limits.verify(ctx.request())) {
      ctx.response().putHeader("Retry-After", "5").putHeader("Cache-Control", "no-store");
      HttpGuards.refuse(ctx, 429, "rate_limited", "too many verifications; wait a few seconds");
      return;
    }
    boolean[] released = {false};
    Runnable release = () -> {
      if (!released[0]) {
        released[0] = true;
        limits.verified();
      }
    };
    ctx.addEndHandler(v -> release.run());
    if (ctx.request().connection() != null) {
      ctx.request().connection().closeHandler(v -> release.run());
    }
    ctx.next();
  }

  private void verify(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      error(ctx, 400, "invalid", "send the downloaded JSON summary as the request body");
      return;
    }
    byte[] bytes = body.getBytes();
    blocking(() -> summaries.verify(bytes)).onSuccess(v -> {
      JsonObject out = new JsonObject().put("valid", v.valid()).put("sha256", v.sha256()).put("roomId", v.roomId())
          .put("version", v.version());
      if (v.reason() != null) {
        out.put("reason", v.reason());
      }
      json(ctx, 200, out.encode());
    }).onFailure(e -> fail(ctx, e));
  }

  private void delete(RoutingContext ctx) {
    String roomId = ctx.pathParam("roomId");
    authorize(ctx, roomId, true)
        .compose(caller -> deleter.delete(roomId, role(caller)))
        .onSuccess(receipt -> {
          if (receipt.isEmpty()) {
            error(ctx, 404, "not_found", "no room " + roomId);
          } else {
            json(ctx, 200, receipt(receipt.get()).encode());
          }
        })
        .onFailure(e -> fail(ctx, e));
  }

  /** The audit log of deletions, newest first (organiser key only; no personal data in it). */
  private void deletions(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null || !isOrganiserKey.test(token)) {
      error(ctx, 401, "unauthorized", "send Authorization: Bearer <organiser key>");
      return;
    }
    blocking(() -> {
      JsonArray out = new JsonArray();
      for (Store.Deletion d : store.deletions()) {
        out.add(receipt(d));
      }
      return out;
    }).onSuccess(out -> json(ctx, 200, out.encode())).onFailure(e -> fail(ctx, e));
  }

  private static JsonObject receipt(Store.Deletion d) {
    return new JsonObject().put("roomId", d.roomId()).put("deleted", d.what()).put("reason", d.reason())
        .put("by", d.byRole()).put("at", d.at());
  }

  // ------------------------------------------------------------------------------------------ access

  /**
   * Who the caller is for this room: the organiser key always; otherwise the room's organiser token or (when
   * not {@code organiserOnly}) its facilitator token or summary reader token. Fails with 401, 403 or 404.
   */
  private Future<Caller> authorize(RoutingContext ctx, String roomId, boolean organiserOnly) {
    String token = bearer(ctx);
    if (token == null) {
      return signedIn(ctx, roomId);
    }
    if (!limits.mayTryCredential(ctx.request())) {
      return Future.failedFuture(new Refusal(429, "rate_limited", "too many wrong credentials; wait a minute"));
    }
    boolean organiser = isOrganiserKey.test(token);
    return blocking(() -> store.roomAccess(roomId)).compose(access -> {
      if (access.isEmpty()) {
        return Future.failedFuture(organiser ? new Refusal(404, "not_found", "no room " + roomId)
            : new Refusal(401, "unauthorized", "this credential does not open room " + roomId));
      }
      if (organiser) {
        return Future.succeededFuture(Caller.ORGANISER_KEY);
      }
      String hash = sha256Hex(token);
      if (same(access.get().organiserTokenHash(), hash)) {
        return Future.succeededFuture(Caller.ORGANISER_TOKEN);
      }
      if (same(access.get().facilitatorTokenHash(), hash)) {
        return organiserOnly
            ? Future.failedFuture(new Refusal(403, "forbidden", "only the organiser can do this"))
            : Future.succeededFuture(Caller.FACILITATOR_TOKEN);
      }
      if (readers != null && readers.opens(roomId, token)) {
        return organiserOnly
            ? Future.failedFuture(new Refusal(403, "forbidden", "a results link only reads the summaries"))
            : Future.succeededFuture(Caller.SUMMARY_READER);
      }
      return Future.failedFuture(new Refusal(401, "unauthorized", "this credential does not open room " + roomId));
    }).onFailure(e -> {
      if (e instanceof Refusal h && h.status() == 401) {
        limits.wrongCredential(ctx.request());
      }
    });
  }

  /** A signed-in organiser account: the rooms they manage; 404 for the others, as for no room at all. */
  private Future<Caller> signedIn(RoutingContext ctx, String roomId) {
    return auth.signedIn(ctx).compose(who -> {
      if (who.isEmpty()) {
        return Future.failedFuture(new Refusal(401, "unauthorized", "sign in, or send Authorization: Bearer <token>"));
      }
      return blocking(() -> store.roomAccess(roomId).isPresent() && auth.access().mayManage(who.get(), roomId))
          .compose(mine -> mine ? Future.succeededFuture(Caller.ORGANISER_ACCOUNT)
              : Future.failedFuture(new Refusal(404, "not_found", "no room " + roomId)));
    });
  }

  private static String role(Caller caller) {
    return switch (caller) {
      case ORGANISER_KEY -> "organiser-key";
      case ORGANISER_ACCOUNT -> "organiser-account";
      case ORGANISER_TOKEN -> "organiser-token";
      case FACILITATOR_TOKEN -> "facilitator-token";
      case SUMMARY_READER -> "summary-reader";
    };
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static boolean same(String storedHash, String givenHash) {
    if (storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(storedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        givenHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static Integer version(String text) {
    if (text == null || !text.matches("[1-9][0-9]{0,8}")) {
      return null;
    }
    return Integer.parseInt(text);
  }

  // ------------------------------------------------------------------------------------------ plumbing

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }


  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Refusal r) {
      error(ctx, r.status(), r.code(), r.getMessage());
      return;
    }
    LOG.log(java.util.logging.Level.SEVERE, "summary route " + ctx.request().method() + " " + ctx.request().path() + " failed", e);
    error(ctx, 500, "internal", "the server could not complete this request; it has been logged");
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    json(ctx, status, new JsonObject().put("error", code).put("message", message).encode());
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}

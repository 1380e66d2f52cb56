package nl.werkplaats.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.Config;
import nl.werkplaats.account.Organiser;
import nl.werkplaats.account.OrganiserAuth;
import nl.werkplaats.account.RoomOrganisers;
import nl.werkplaats.cluster.ReadRoom;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.cluster.RoomService;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.Rejected;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.Theme;
import nl.werkplaats.store.Store;
import nl.werkplaats.template.Template;
import nl.werkplaats.template.TemplateRegistry;

/** The REST side of a node (docs/api.md), the web client's files, and the WebSocket upgrade with its Origin check. */
public final class HttpApi {
  private static final Logger LOG = Logger.getLogger(HttpApi.class.getName());

  private final Vertx vertx;
  private final Config config;
  private final RoomService rooms;
  private final TemplateRegistry templates;
  private final Store store;
  private final String organiserKeyHash;
  private final RequestLimits limits;
  private OrganiserAuth auth;
  private RoomOrganisers owners;

  /** Bodies: a template upload and a new room's settings. */
  static final long MAX_TEMPLATE_BODY = 1024 * 1024;
  static final long MAX_ROOM_BODY = 64 * 1024;

  public HttpApi(Vertx vertx, Config config, RoomService rooms, TemplateRegistry templates, Store store,
      String organiserKey) {
    this(vertx, config, rooms, templates, store, organiserKey, new RequestLimits(config.trustedProxies()));
  }

  public HttpApi(Vertx vertx, Config config, RoomService rooms, TemplateRegistry templates, Store store,
      String organiserKey, RequestLimits limits) {
    this.limits = limits;
    this.vertx = vertx;
    this.config = config;
    this.rooms = rooms;
    this.templates = templates;
    this.store = store;
    this.organiserKeyHash = Secrets.sha256(organiserKey);
    this.auth = OrganiserAuth.keyOnly(vertx, this::isOrganiserKey, limits);
  }

  /**
   * Organiser accounts: from now on signed-in organisers create rooms (they own them) and list theirs; the
   * organiser key stays the administrator's, who sees all. Mount after this.
   */
  public void useAccounts(OrganiserAuth auth, RoomOrganisers owners) {
    this.auth = auth;
    this.owners = owners;
  }

  public OrganiserAuth auth() {
    return auth;
  }

  public boolean isOrganiserKey(String token) {
    return token != null && Room.sameSecret(organiserKeyHash, Secrets.sha256(token));
  }

  /** What a new room hands out once: the links and tokens. */
  public record CreatedRoom(String roomId, String joinCode, String participantUrl, String facilitatorUrl,
      String organiserToken, String facilitatorToken) {}

  public RequestLimits limits() {
    return limits;
  }

  /** Mounted before every other route: the security headers (docs/security.md). */
  public void mountFirst(Router router) {
    List<String> origins = new ArrayList<>();
    origins.add(config.publicUrl());
    origins.addAll(config.extraOrigins());
    HttpGuards.mountHeaders(router, origins);
  }

  /**
   * Mounts the WebSocket upgrade and the REST routes of docs/api.md on {@code router}. A body is read only by
   * the routes that take one, after their credential check, into memory ({@link HttpGuards#jsonBody}).
   */
  public void mount(Router router, WebSocketGateway gateway) {
    HttpGuards.mountErrors(router);
    router.route("/ws").handler(ctx -> upgrade(ctx, gateway));
    router.get("/api/templates").handler(this::listTemplates);
    router.get("/api/templates/:id/:version").handler(this::getTemplate);
    router.post("/api/templates").handler(auth.required()).handler(HttpGuards.jsonBody(MAX_TEMPLATE_BODY))
        .handler(this::uploadTemplate);
    router.post("/api/rooms").handler(auth.required()).handler(HttpGuards.jsonBody(MAX_ROOM_BODY))
        .handler(this::createRoom);
    router.get("/api/rooms/:roomId").handler(this::roomInfo);
    router.get("/api/join/:code").handler(this::join);
    router.get("/api/rooms").handler(this::listRooms);
  }

  /** Static files and the single-page fallback; mounted last. */
  public void mountWebClient(Router router) {
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html"));
    router.getWithRegex("/(j|f|p|o|s)(/.*)?").handler(ctx -> {
      if (HttpApi.class.getClassLoader().getResource("webroot/index.html") != null) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").sendFile("webroot/index.html");
      } else {
        ctx.response().setStatusCode(503).end("The web client was not built into this server.");
      }
    });
  }

  private void upgrade(RoutingContext ctx, WebSocketGateway gateway) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !allowedOrigin(origin)) {
      ctx.response().setStatusCode(403).end("origin not allowed");
      return;
    }
    ctx.request().toWebSocket().onSuccess(gateway::handle)
        .onFailure(e -> LOG.log(Level.FINE, "websocket upgrade failed", e));
  }

  boolean allowedOrigin(String origin) {
    if (origin(config.publicUrl()).equals(origin(origin))) {
      return true;
    }
    return config.extraOrigins().stream().anyMatch(o -> origin(o).equals(origin(origin)));
  }

  private static String origin(String url) {
    try {
      URI u = URI.create(url.strip());
      int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      return (u.getScheme() + "://" + u.getHost() + ":" + port).toLowerCase();
    } catch (IllegalArgumentException e) {
      return "invalid";
    }
  }

  // ---------------------------------------------------------------------------------------- templates

  private void listTemplates(RoutingContext ctx) {
    vertx.executeBlocking(() -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Template t : templates.newest()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("version", t.version());
        m.put("title", t.json().path("title"));
        m.put("description", t.json().path("description"));
        m.put("builtIn", t.builtIn());
        out.add(m);
      }
      return out;
    }).onSuccess(list -> json(ctx, 200, list)).onFailure(e -> fail(ctx, e));
  }

  private void getTemplate(RoutingContext ctx) {
    int version = parseInt(ctx.pathParam("version"));
    vertx.executeBlocking(() -> templates.find(ctx.pathParam("id"), version))
        .onSuccess(t -> t.ifPresentOrElse(found -> json(ctx, 200, found.forParticipants()),
            () -> error(ctx, 404, "not_found", "no such template")))
        .onFailure(e -> fail(ctx, e));
  }

  private void uploadTemplate(RoutingContext ctx) {
    String body = ctx.body().asString();
    vertx.executeBlocking(() -> templates.upload(body == null ? "" : body))
        .onSuccess(t -> json(ctx, 201, Map.of("id", t.id(), "version", t.version())))
        .onFailure(e -> {
          if (e instanceof TemplateRegistry.InvalidTemplate invalid) {
            json(ctx, 422, Map.of("error", "invalid_template", "message", invalid.getMessage(),
                "problems", invalid.problems()));
          } else {
            fail(ctx, e);
          }
        });
  }

  // ---------------------------------------------------------------------------------------- rooms

  /** Makes a session in a project: {@code POST /api/rooms} with a {@code projectId} (see docs/projects.md). */
  public interface SessionInProject {
    /** What a new room of the project starts with; fails with a {@link Rejected} (not_found, forbidden). */
    Future<java.util.function.Consumer<RoomState>> prepare(RoutingContext ctx, String projectId);

    /** The room was made: it is now a session of the project. */
    Future<Void> created(String projectId, String roomId);
  }

  private SessionInProject sessionInProject;

  public void sessionsInProjects(SessionInProject handler) {
    this.sessionInProject = handler;
  }

  private void createRoom(RoutingContext ctx) {
    JsonNode body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    createRoom(ctx, body);
  }

  /** Makes a room from a checked body; with {@code projectId} as a session of that project. */
  public void createRoom(RoutingContext ctx, JsonNode body) {
    String projectId = body.hasNonNull("projectId") ? body.path("projectId").asText() : null;
    if (projectId != null && sessionInProject == null) {
      error(ctx, 404, "not_found", "no such project");
      return;
    }
    String templateId = body.path("templateId").asText("");
    String title = body.path("title").asText("").strip();
    String language = body.path("language").asText("nl");
    if (!language.equals("nl") && !language.equals("en")) {
      error(ctx, 400, "invalid_value", "language is nl or en");
      return;
    }
    if (title.isEmpty() || title.length() > 200) {
      error(ctx, 400, "invalid_value", "title is 1 to 200 characters");
      return;
    }
    Theme theme;
    int minimumGroupSize;
    nl.werkplaats.room.SelfGuided selfGuided;
    try {
      theme = Theme.fromJson(body.get("theme"));
      minimumGroupSize = minimumGroupSize(body.get("minimumGroupSize"));
      selfGuided = selfGuided(body);
    } catch (Rejected r) {
      error(ctx, 400, r.code().wire(), r.getMessage());
      return;
    }
    Organiser owner = OrganiserAuth.of(ctx);
    vertx.executeBlocking(() -> body.has("templateVersion")
            ? templates.find(templateId, body.path("templateVersion").asInt())
            : templates.newest(templateId))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(new Rejected(nl.werkplaats.room.ErrorCode.NOT_FOUND, "no such template"));
          }
          boolean anonymous = body.path("anonymous").asBoolean(false);
          java.util.function.Consumer<RoomState> preWork = preWork(body.get("preWork"), found.get().agenda());
          if (projectId == null) {
            return create(found.get(), title, language, anonymous, theme, minimumGroupSize,
                preWork.andThen(state -> state.selfGuided = selfGuided))
                .compose(created -> owned(created, owner));
          }
          return sessionInProject.prepare(ctx, projectId)
              .compose(prepare -> create(found.get(), title, language, anonymous, theme, minimumGroupSize,
                  prepare.andThen(preWork).andThen(state -> state.selfGuided = selfGuided)))
              .compose(created -> owned(created, owner))
              .compose(created -> sessionInProject.created(projectId, created.roomId()).map(created));
        })
        .onSuccess(created -> json(ctx, 201, created))
        .onFailure(e -> {
          if (e instanceof Rejected r) {
            int status = switch (r.code()) {
              case NOT_FOUND -> 404;
              case FORBIDDEN -> 403;
              default -> 400;
            };
            error(ctx, status, r.code().wire(), r.getMessage());
          } else {
            fail(ctx, e);
          }
        });
  }

  /** Creates a room from a template with fresh links and tokens, in the given house style (or none). */
  public Future<CreatedRoom> create(Template template, String title, String language, boolean anonymous, Theme theme) {
    return create(template, title, language, anonymous, theme, nl.werkplaats.room.Anonymity.DEFAULT_MINIMUM_GROUP_SIZE,
        state -> { });
  }

  /**
   * {@code preWork} of a new room's body ({@code {"steps": [2, 3], "from": "2026-03-01T09:00:00Z", "until":
   * "2026-03-08T09:00:00Z"}}, each moment an ISO-8601 instant or epoch milliseconds, until optional), checked against the template's steps and the node's clock; absent or
   * null: no pre-work. Refused ({@link Rejected}) like the open-pre-work command.
   */
  private java.util.function.Consumer<RoomState> preWork(JsonNode value, List<nl.werkplaats.room.StepSpec> agenda) {
    if (value == null || value.isNull()) {
      return state -> { };
    }
    if (!value.isObject() || !value.path("steps").isArray() || value.path("steps").size() > agenda.size()) {
      throw new Rejected(nl.werkplaats.room.ErrorCode.INVALID_VALUE,
          "preWork is {steps: [step numbers], from: ISO-8601 instant or epoch milliseconds}");
    }
    List<Integer> steps = new java.util.ArrayList<>();
    for (JsonNode step : value.path("steps")) {
      if (!step.isIntegralNumber() || !step.canConvertToInt()) {
        throw new Rejected(nl.werkplaats.room.ErrorCode.INVALID_VALUE, "preWork.steps are step numbers (from 0)");
      }
      steps.add(step.intValue());
    }
    Long fromMs = instant(value.path("from"), "from");
    Long untilMs = value.hasNonNull("until") ? instant(value.path("until"), "until") : null;
    nl.werkplaats.room.PreWork checked =
        nl.werkplaats.room.PreWork.checked(agenda, steps, fromMs, untilMs, config.clock().millis());
    return state -> state.preWork = checked;
  }

  /** A moment of a request body: an ISO-8601 instant or epoch milliseconds; missing: null. */
  private static Long instant(JsonNode value, String name) {
    try {
      return value.isIntegralNumber() && value.canConvertToLong() ? Long.valueOf(value.longValue())
          : value.isTextual() ? Long.valueOf(java.time.Instant.parse(value.asText()).toEpochMilli()) : null;
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      throw new Rejected(nl.werkplaats.room.ErrorCode.INVALID_VALUE,
          "preWork." + name + " is an ISO-8601 instant such as 2026-03-01T09:00:00Z, not " + value.asText());
    }
  }

  /** {@code minimumGroupSize} of a new room's body: absent means the default; not a whole number 2..50 is refused. */
  private static int minimumGroupSize(JsonNode value) {
    if (value == null || value.isNull()) {
      return nl.werkplaats.room.Anonymity.minimumGroupSize(null);
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new Rejected(nl.werkplaats.room.ErrorCode.INVALID_GROUP_SIZE, "minimumGroupSize is a whole number from 2 to "
          + nl.werkplaats.room.Anonymity.MAX_MINIMUM_GROUP_SIZE);
    }
    return nl.werkplaats.room.Anonymity.minimumGroupSize(value.intValue());
  }

  /**
   * How a new room is run, from its body: {@code facilitation} "facilitator" (the default) gives null, "self-guided"
   * a session without a facilitator, moved by {@code guide} "anyone" (the default) or "chair".
   */
  private static nl.werkplaats.room.SelfGuided selfGuided(JsonNode body) {
    return nl.werkplaats.room.SelfGuided.chosen(optionalText(body, "facilitation"), optionalText(body, "guide"));
  }

  /** A field that is absent, null or a string: its text, or null; anything else is refused. */
  private static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Rejected(nl.werkplaats.room.ErrorCode.INVALID_VALUE, field + " is a text");
    }
    return value.asText();
  }


  /**
   * The same, with the smallest group an anonymous session shows figures for apart; {@code prepare} fills in what
   * the new room starts with besides (a project's partners and backlog).
   */
  public Future<CreatedRoom> create(Template template, String title, String language, boolean anonymous, Theme theme,
      int minimumGroupSize, java.util.function.Consumer<RoomState> prepare) {
    String roomId = Secrets.id("r");
    String facilitatorToken = Secrets.token(24);
    String organiserToken = Secrets.token(24);
    return reserveJoinCode(roomId, 0).compose(code -> {
      RoomState state = Room.create(roomId, title, template.id(), template.version(), language, anonymous, code,
          template.agenda(), Secrets.sha256(facilitatorToken), Secrets.sha256(organiserToken),
          config.clock().millis());
      state.theme = theme;
      state.minimumGroupSize = minimumGroupSize;
      prepare.accept(state);
      return rooms.create(RoomRecord.of(state)).map(v -> new CreatedRoom(roomId,
          code.substring(0, 3) + "-" + code.substring(3),
          config.publicUrl() + "/j/" + roomId,
          config.publicUrl() + "/f/" + roomId + "#" + facilitatorToken,
          organiserToken, facilitatorToken));
    });
  }

  /** Records the account that created a room as its owner (the administrator's rooms have none). */
  private Future<CreatedRoom> owned(CreatedRoom created, Organiser owner) {
    if (owner == null || owner.administrator() || owners == null) {
      return Future.succeededFuture(created);
    }
    return vertx.executeBlocking(() -> {
      owners.setOwner(created.roomId(), owner);
      return created;
    }, false);
  }

  private Future<String> reserveJoinCode(String roomId, int attempt) {
    String code = Secrets.joinCode();
    return rooms.reserveJoinCode(code, roomId)
        .compose(reserved -> !reserved || store == null ? Future.succeededFuture(reserved)
            : vertx.executeBlocking(() -> store.roomIdForJoinCode(code).isEmpty()))
        .compose(free -> free ? Future.succeededFuture(code)
            : attempt < 10 ? reserveJoinCode(roomId, attempt + 1)
            : Future.failedFuture(new IllegalStateException("no free join code")));
  }

  private void roomInfo(RoutingContext ctx) {
    String roomId = ctx.pathParam("roomId");
    rooms.read(roomId, null, ReadRoom.Credential.NONE, null, ReadRoom.METADATA_ONLY).onSuccess(r -> {
      if ("no_room".equals(r.status())) {
        error(ctx, 404, "room_not_found", "no such room");
        return;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("roomId", roomId);
      m.put("title", r.title());
      m.put("status", r.roomStatus());
      m.put("templateId", r.templateId());
      m.put("templateVersion", r.templateVersion());
      m.put("organisations", r.organisations());
      m.put("anonymous", r.anonymous());
      json(ctx, 200, m);
    }).onFailure(e -> fail(ctx, e));
  }

  private void join(RoutingContext ctx) {
    if (!limits.join(ctx.request())) {
      error(ctx, 429, "rate_limited", "too many join attempts; wait a minute");
      return;
    }
    String code = Secrets.normaliseCode(ctx.pathParam("code"));
    rooms.roomForJoinCode(code)
        .compose(inCluster -> inCluster.isPresent() || store == null ? Future.succeededFuture(inCluster)
            : vertx.executeBlocking(() -> store.roomIdForJoinCode(code)))
        .compose(roomId -> roomId.isEmpty()
            ? Future.succeededFuture((ReadRoom.Reading) null)
            : rooms.read(roomId.get(), null, ReadRoom.Credential.NONE, null, ReadRoom.METADATA_ONLY))
        .onSuccess(r -> {
          if (r == null || !"ok".equals(r.status()) || "ended".equals(r.roomStatus())) {
            error(ctx, 404, "not_found", "no open session with this code");
          } else {
            json(ctx, 200, Map.of("roomId", r.roomId(), "title", r.title()));
          }
        }).onFailure(e -> fail(ctx, e));
  }

  /** The signed-in organiser's sessions (own and shared); every session for the administrator. */
  private void listRooms(RoutingContext ctx) {
    auth.organiser(ctx).onSuccess(who -> listRooms(ctx, who)).onFailure(e -> {
      if (e instanceof nl.werkplaats.account.Refusal r) {
        error(ctx, r.status(), r.code(), r.getMessage());
      } else {
        fail(ctx, e);
      }
    });
  }

  private void listRooms(RoutingContext ctx, Organiser who) {
    if (store == null) {
      json(ctx, 200, List.of());
      return;
    }
    vertx.executeBlocking(() -> auth.access().manageable(who, store.listRooms(), Store.RoomListing::roomId).stream().map(room -> {
      Map<String, Object> m = DomainJson.MAPPER.convertValue(room, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
      m.put("summaries", store.listSummaries(room.roomId()));
      return m;
    }).toList()).onSuccess(list -> json(ctx, 200, list)).onFailure(e -> fail(ctx, e));
  }

  // ---------------------------------------------------------------------------------------- helpers

  /** Passes a request with the organiser key (the administrator's) on; answers 401 (or 429 after many wrong keys) otherwise. */
  public void organiserOnly(RoutingContext ctx) {
    String refusal = refusal(ctx);
    if (refusal == null) {
      ctx.next();
    } else if (refusal.equals("rate_limited")) {
      HttpGuards.refuse(ctx, 429, refusal, "too many wrong keys from this address; wait a minute");
    } else {
      HttpGuards.refuse(ctx, 401, refusal, "an organiser key is needed (Authorization: Bearer …)");
    }
  }

  /** Null for the organiser key; else the error code. Wrong keys count against the caller's address. */
  private String refusal(RoutingContext ctx) {
    String token = bearer(ctx);
    boolean given = token != null && !token.isEmpty();
    if (given && !limits.mayTryCredential(ctx.request())) {
      return "rate_limited";
    }
    if (!isOrganiserKey(token)) {
      if (given) {
        limits.wrongCredential(ctx.request());
      }
      return "not_authenticated";
    }
    return null;
  }

  public static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
  }

  public static JsonNode jsonBody(RoutingContext ctx) {
    try {
      JsonNode node = DomainJson.MAPPER.readTree(ctx.body().asString() == null ? "" : ctx.body().asString());
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (Exception ignored) {
      // answered below
    }
    error(ctx, 400, "bad_json", "the body must be a JSON object");
    return null;
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .end(DomainJson.PUBLIC.writeValueAsString(body));
    } catch (Exception e) {
      fail(ctx, e);
    }
  }

  public static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, Map.of("error", code, "message", message));
  }

  public static void fail(RoutingContext ctx, Throwable e) {
    LOG.log(Level.WARNING, "request failed: " + ctx.request().path(), e);
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .end("{\"error\":\"internal\",\"message\":\"the server failed; try again\"}");
    }
  }
}

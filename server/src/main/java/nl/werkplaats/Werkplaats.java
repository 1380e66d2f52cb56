package nl.werkplaats;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.account.AccountRoutes;
import nl.werkplaats.account.OidcSignIn;
import nl.werkplaats.account.OrganiserAccounts;
import nl.werkplaats.account.OrganiserAuth;
import nl.werkplaats.account.RoomOrganisers;
import nl.werkplaats.cluster.ClusterNode;
import nl.werkplaats.cluster.ReadRoom;
import nl.werkplaats.cluster.RoomService;
import nl.werkplaats.gateway.EvaluationRoutes;
import nl.werkplaats.gateway.HttpApi;
import nl.werkplaats.gateway.RequestLimits;
import nl.werkplaats.gateway.Secrets;
import nl.werkplaats.gateway.WebSocketGateway;
import nl.werkplaats.ops.Health;
import nl.werkplaats.ops.ManagementServer;
import nl.werkplaats.ops.NodeMetrics;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.gateway.SummaryReaders;
import nl.werkplaats.gateway.SummaryRoutes;
import nl.werkplaats.project.ProjectAccess;
import nl.werkplaats.project.ProjectRoutes;
import nl.werkplaats.project.ProjectStore;
import nl.werkplaats.store.JdbcStore;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.SummaryService;
import nl.werkplaats.template.Template;
import nl.werkplaats.template.TemplateRegistry;

/** One running Werkplaats node: cluster member, store, HTTP and WebSocket server, and (by default) a demo room. */
public final class Werkplaats {
  private static final Logger LOG = Logger.getLogger(Werkplaats.class.getName());

  private final Config config;
  private final ClusterNode node;
  private final Store store;
  /** One gateway per event loop serving HTTP and WebSockets ({@link WebSocketGateway#eventLoops()}). */
  private final java.util.List<WebSocketGateway> gateways;
  private final HttpVerticle http;
  private final HttpApi api;
  private final String organiserKey;
  private final Health health;
  private final NodeMetrics metrics;
  private HttpApi.CreatedRoom demoRoom;
  private String firstAccountLink;

  private Werkplaats(Config config, ClusterNode node, Store store, java.util.List<WebSocketGateway> gateways, HttpVerticle http,
      HttpApi api, String organiserKey, Health health, NodeMetrics metrics) {
    this.config = config;
    this.health = health;
    this.metrics = metrics;
    this.node = node;
    this.store = store;
    this.gateways = java.util.List.copyOf(gateways);
    this.http = http;
    this.api = api;
    this.organiserKey = organiserKey;
  }

  /** Starts a node; completes when it accepts connections. */
  public static Future<Werkplaats> start(Config config, Store store) {
    String organiserKey;
    RequestLimits limits;
    try {
      DataDir.secure(config.dataDir());
      organiserKey = organiserKey(config);
      limits = new RequestLimits(config.trustedProxies());
      config.timeZone(); // a wrong zone stops the start, not the first download
      config.clock(); // so does an unreadable clock offset
      config.openIdConnect(); // so does an incomplete OpenID Connect set-up
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException("cannot read or write the organiser key in " + config.dataDir(), e));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    NodeMetrics metrics = new NodeMetrics();
    return ClusterNode.start(config, store, metrics.vertxOptions(), metrics.vertxFactory()).compose(node -> {
      metrics.watch(node);
      if (store != null) {
        store.onBatchWritten(metrics::storeBatch);
      }
      Health health = new Health(node.vertx(), node, store, config.minimumClusterSize());
      TemplateRegistry templates = new TemplateRegistry(store);
      RoomService rooms = new RoomService(node);
      SummaryService summaries = store == null ? null
          : new SummaryService(store, (id, version) -> templates.find(id, version).map(t -> t.json().toString()));
      SummaryReaders readers = store == null ? null : new SummaryReaders(organiserKey);
      ProjectStore projectStore = store instanceof JdbcStore jdbc ? new ProjectStore(jdbc) : null;
      // Every event loop serves HTTP and WebSockets with its own gateway (its rooms' delivery state is its
      // own); the limits per client address are the node's.
      WebSocketGateway.Shared shared = new WebSocketGateway.Shared(config);
      java.util.List<WebSocketGateway> gateways = new java.util.concurrent.CopyOnWriteArrayList<>();
      HttpApi[] apiRef = new HttpApi[1];
      java.util.function.Function<io.vertx.core.Vertx, Router> routes = vertx -> {
        ProjectRoutes projects = projectStore == null ? null : new ProjectRoutes(vertx, projectStore, store, summaries,
            templates, ProjectAccess.SHARED, (roomId, byRole) -> rooms.delete(roomId, "request", byRole), config.timeZone());
        WebSocketGateway gateway = new WebSocketGateway(vertx, rooms, templates,
            roomId -> freeze(vertx, summaries, projects, roomId), shared, metrics, readers);
        HttpApi api = new HttpApi(vertx, config, rooms, templates, store, organiserKey, limits);
        gateways.add(gateway);
        synchronized (apiRef) {
          if (apiRef[0] == null) {
            apiRef[0] = api;
          }
        }
        Router router = Router.router(vertx);
        api.mountFirst(router);
        health.mount(router);
        router.get("/metrics").handler(api::organiserOnly).handler(ManagementServer.metrics(metrics));
        if (store instanceof JdbcStore jdbc) {
          mountAccounts(router, vertx, config, api, jdbc, limits, organiserKey);
        }
        if (store != null) {
          SummaryRoutes.mount(router, vertx, store, summaries, api.auth(),
              (SummaryRoutes.RoomDeleter) (roomId, byRole) -> rooms.delete(roomId, "request", byRole), limits,
              config.timeZone(), readers, roomId -> poster(vertx, rooms, templates, roomId));
          EvaluationRoutes.mount(router, vertx, store, summaries, api.auth(), projectStore);
        }
        if (projects != null) {
          projects.mount(router, api);
        }
        api.mount(router, gateway);
        api.mountWebClient(router);
        return router;
      };
      if (store != null) {
        scheduleRetention(node, rooms, store);
      }
      scheduleEviction(node, rooms);
      // One server per event loop, all on the same port (Vert.x hands each new connection to the next one). A
      // random port (0) is asked for as -1: Vert.x's "shared random port" (with 0 each would get its own).
      int port = config.httpPort() == 0 ? -1 : config.httpPort();
      java.util.List<HttpVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
      return node.vertx().deployVerticle(() -> {
            HttpVerticle server = new HttpVerticle(config, port, routes);
            servers.add(server);
            return server;
          }, new io.vertx.core.DeploymentOptions().setInstances(shared.loops()))
          .map(id -> new Werkplaats(config, node, store, gateways, servers.get(0), apiRef[0], organiserKey, health,
              metrics))
          .recover(e -> node.stop().transform(v -> Future.failedFuture(e)));
    }).compose(w -> config.demoRoom() ? w.ensureDemoRoom().map(w) : Future.succeededFuture(w))
        .compose(Werkplaats::findFirstAccountLink)
        .compose(Werkplaats::startManagement)
        .onSuccess(w -> w.health.started());
  }

  /** Organiser accounts in the store: sign-in (password, OpenID Connect when configured), who manages which room. */
  private static void mountAccounts(Router router, io.vertx.core.Vertx vertx, Config config, HttpApi api, JdbcStore store,
      RequestLimits limits, String organiserKey) {
    OrganiserAccounts accounts = new OrganiserAccounts(store);
    RoomOrganisers owners = new RoomOrganisers(store);
    boolean secure = config.publicUrl().startsWith("https:");
    OrganiserAuth auth = new OrganiserAuth(vertx, api::isOrganiserKey, accounts, owners, limits, secure);
    api.useAccounts(auth, owners);
    Config.OpenIdConnect oidc = config.openIdConnect();
    new AccountRoutes(vertx, auth, owners, config.sessionHours() * 3600_000L,
        config.clustered() ? null : AccountRoutes.setupToken(organiserKey),
        oidc == null ? null : new OidcSignIn(vertx, oidc, accounts, organiserKey, secure)).mount(router);
  }

  /**
   * While a single node has no organiser account: the link that makes the first one (the organiser page
   * with the set-up token), printed at the start; it stops working once an account exists. A cluster has
   * none: its administrator makes the accounts with the organiser key.
   */
  private Future<Werkplaats> findFirstAccountLink() {
    if (!(store instanceof JdbcStore jdbc) || config.clustered()) {
      return Future.succeededFuture(this);
    }
    return node.vertx().executeBlocking(() -> new OrganiserAccounts(jdbc).count()).map(n -> {
      firstAccountLink = n == 0 ? config.publicUrl() + "/o#setup=" + AccountRoutes.setupToken(organiserKey) : null;
      return this;
    });
  }

  /** The first-run link (see {@link #findFirstAccountLink}), or null when accounts exist. */
  public String firstAccountLink() {
    return firstAccountLink;
  }

  /** The management port, when one is configured (docs/operations.md#metrics). */
  private Future<Werkplaats> startManagement() {
    if (config.metricsPort() == null) {
      return Future.succeededFuture(this);
    }
    return ManagementServer.start(node.vertx(), config.metricsHost(), config.metricsPort(), health, metrics)
        .map(this)
        .onFailure(e -> stop()); // after the failure is passed on: stop() closes the event loop that passes it
  }

  /** Freezes the summary of a room that was just ended; the summary list also does it, should this node die first. */
  /** The checklist poster of a live room, as its organiser sees the room (no names needed). */
  private static Future<java.util.Optional<byte[]>> poster(io.vertx.core.Vertx vertx, RoomService rooms,
      TemplateRegistry templates, String roomId) {
    return rooms.read(roomId, null, nl.werkplaats.cluster.ReadRoom.Credential.NONE, null, 0).compose(reading -> {
      if (!"ok".equals(reading.status()) || reading.state() == null) {
        return Future.succeededFuture(java.util.Optional.<byte[]>empty());
      }
      var state = reading.state();
      return vertx.executeBlocking(() -> java.util.Optional.of(nl.werkplaats.summary.ChecklistPoster.pdf(
          nl.werkplaats.summary.ChecklistPoster.overview(state,
              templates.find(state.templateId, state.templateVersion).map(Template::json)
                  .orElse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())))));
    });
  }

  private static void freeze(io.vertx.core.Vertx vertx, SummaryService summaries, ProjectRoutes projects, String roomId) {
    if (summaries != null) {
      vertx.executeBlocking(() -> {
        summaries.ensureFrozen(roomId);
        if (projects != null) {
          projects.harvest(roomId); // a project session's agreements and review land in the project's backlog
        }
        return null;
      })
          .onFailure(e -> LOG.log(Level.WARNING, "could not freeze the summary of a room that ended", e));
    }
  }

  /** Ended rooms stay in memory this long after they ended (for the summary and a reopen), then leave it. */
  static final long ENDED_IN_MEMORY_MS = Long.getLong("werkplaats.ended-in-memory-ms", 3600_000L);

  /**
   * Deletes expired rooms and summaries every six hours; the oldest member does it for the cluster, through
   * the cluster (tombstone, out of memory, sockets closed, join codes cleared), never in the store alone.
   */
  private static void scheduleRetention(ClusterNode node, RoomService rooms, Store store) {
    node.vertx().setPeriodic(60_000, 6 * 3600_000L, id -> {
      if (node.oldest()) {
        rooms.purgeExpired(store, System.currentTimeMillis())
            .onFailure(e -> LOG.log(Level.WARNING, "retention clean-up failed", e));
      }
    });
  }

  /** Every member takes the ended rooms it owns out of memory a while after they ended. */
  private static void scheduleEviction(ClusterNode node, RoomService rooms) {
    long every = Math.max(1_000, Math.min(ENDED_IN_MEMORY_MS / 4, 600_000));
    node.vertx().setPeriodic(every, id -> rooms.evictEnded(System.currentTimeMillis(), ENDED_IN_MEMORY_MS)
        .onFailure(e -> LOG.log(Level.FINE, "evicting ended rooms failed (member stopping?)", e)));
  }

  /** The retention purge now, through the cluster (what the six-hourly chore does); answers the rooms deleted. */
  public Future<Integer> purgeExpired() {
    return store == null ? Future.succeededFuture(0)
        : new RoomService(node).purgeExpired(store, System.currentTimeMillis());
  }

  /**
   * The configured organiser key, else the one kept in the data directory, else a new one written there
   * (600 from creation). A key shorter than {@link Config#MIN_ORGANISER_KEY_LENGTH} is refused: the node
   * does not start.
   */
  private static String organiserKey(Config config) throws IOException {
    if (config.organiserKey() != null) {
      return checkedKey(config.organiserKey(), "WERKPLAATS_ORGANISER_KEY");
    }
    Path file = keyFile(config);
    if (Files.exists(file)) {
      return checkedKey(Files.readString(file).strip(), file.toString());
    }
    String key = Secrets.token(24);
    DataDir.writePrivate(file, (key + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return key;
  }

  private static String checkedKey(String key, String source) {
    if (key.strip().length() < Config.MIN_ORGANISER_KEY_LENGTH) {
      throw new IllegalArgumentException("the organiser key in " + source + " is too short: "
          + key.strip().length() + " characters; use at least " + Config.MIN_ORGANISER_KEY_LENGTH
          + " random characters (or leave it unset and a key is generated into the data directory)");
    }
    return key.strip();
  }

  /** Where a generated organiser key is kept (readable by the server's user only). */
  public static Path keyFile(Config config) {
    return config.dataDir().resolve("organiser-key.txt");
  }

  /** The demo room of a single node: made once, its links kept in the data directory for later starts. */
  private Future<Void> ensureDemoRoom() {
    Path file = config.dataDir().resolve("demo-room.json");
    RoomService rooms = new RoomService(node);
    Future<HttpApi.CreatedRoom> existing = Future.succeededFuture(null);
    if (Files.exists(file)) {
      try {
        JsonNode kept = DomainJson.MAPPER.readTree(file.toFile());
        HttpApi.CreatedRoom saved = new HttpApi.CreatedRoom(kept.path("roomId").asText(), kept.path("joinCode").asText(),
            kept.path("participantUrl").asText(), null, null, null);
        if (kept.has("facilitatorUrl") || kept.has("organiserToken") || kept.has("facilitatorToken")) {
          writeDemoRoom(file, saved); // an older file kept the tokens in plain text: no more
        }
        existing = rooms.read(saved.roomId(), null, ReadRoom.Credential.NONE, null, ReadRoom.METADATA_ONLY)
            .map(r -> "ok".equals(r.status()) ? saved : null);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "ignoring unreadable " + file, e);
      }
    }
    return existing.compose(found -> found != null ? Future.succeededFuture(found)
        : new TemplateRegistry(store).newest("data-team-start")
            .map(t -> api.create(t, "Demo: Data Team Start", "nl", false, null)
                .onSuccess(created -> writeDemoRoom(file, created)))
            .orElse(Future.failedFuture("the data-team-start template is missing")))
        .onSuccess(created -> demoRoom = created)
        .mapEmpty();
  }

  /** Keeps the demo room's public links (never its tokens: those are shown once, when it is made). */
  private static void writeDemoRoom(Path file, HttpApi.CreatedRoom room) {
    try {
      Map<String, String> kept = new java.util.LinkedHashMap<>();
      kept.put("roomId", room.roomId());
      kept.put("joinCode", room.joinCode());
      kept.put("participantUrl", room.participantUrl());
      DataDir.writePrivate(file, DomainJson.MAPPER.writeValueAsBytes(kept));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot keep the demo room's links in " + file, e);
    }
  }

  public int port() {
    return http.port();
  }

  public String organiserKey() {
    return organiserKey;
  }

  public HttpApi.CreatedRoom demoRoom() {
    return demoRoom;
  }

  public ClusterNode node() {
    return node;
  }

  public Config config() {
    return config;
  }

  /** Stops the node: connections close with 1001, the member leaves the cluster gracefully. */
  public Future<Void> stop() {
    return Future.join(gateways.stream().map(WebSocketGateway::stop).toList())
        .transform(v -> node.stop()).onComplete(ar -> {
      metrics.close();
      if (store != null) {
        store.close();
      }
    });
  }

  /**
   * The graceful stop (SIGTERM): {@code /ready} goes DOWN, so that load balancers send nobody new here; after
   * {@link Config#drainWaitSeconds()} the WebSockets are closed with 1001 over {@link Config#drainSeconds()},
   * each once the commands it sent are answered; then the member leaves the cluster and stops.
   */
  public Future<Void> drain() {
    health.draining();
    gateways.forEach(WebSocketGateway::refuseNewConnections);
    LOG.info("draining: not ready any more; closing connections in " + config.drainWaitSeconds() + " s");
    // Not chained on the timer's future: that one calls back on an event loop, which stop() closes.
    Promise<Void> stopped = Promise.promise();
    node.vertx().timer(config.drainWaitSeconds() * 1000L + 1)
        .compose(v -> Future.join(gateways.stream()
            .map(g -> g.drain(config.drainSeconds() * 1000L, DRAIN_GRACE_MS)).toList()))
        .onComplete(v -> stop().onComplete(stopped));
    return stopped.future();
  }

  /** A connection still waiting for an answer from the cluster this long after the spread is closed anyway. */
  static final long DRAIN_GRACE_MS = 10_000;

  /** The longest {@link #drain()} can take before the member leaves (what a shutdown hook should wait). */
  public long drainMillis() {
    return drainMillis(config);
  }

  public static long drainMillis(Config config) {
    return (config.drainWaitSeconds() + config.drainSeconds()) * 1000L + DRAIN_GRACE_MS;
  }

  public Health health() {
    return health;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** The demo room's public links; its facilitator link only on the start that made it (it is kept nowhere). */
  public Map<String, String> banner() {
    if (demoRoom == null) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("participant", demoRoom.participantUrl());
    out.put("code", demoRoom.joinCode());
    if (demoRoom.facilitatorUrl() != null) {
      out.put("facilitator", demoRoom.facilitatorUrl());
    }
    return out;
  }
}

package nl.werkplaats.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.werkplaats.cluster.ClusterNode;
import nl.werkplaats.store.Store;

/**
 * Liveness ({@code /health}: the process answers) and readiness ({@code /ready}: send users here), with
 * vertx-health-check procedures. A node is ready once it has started, while its store answers, while its
 * cluster has at least the configured number of members ({@code WERKPLAATS_MIN_CLUSTER_SIZE}), and until it
 * starts to drain. Both answer 200 when UP and 503 when DOWN, with the checks in the body
 * (docs/operations.md#health-and-readiness).
 */
public final class Health {
  /** A store that does not answer within this is taken as gone. */
  static final long STORE_TIMEOUT_MS = 2_000;

  private final ClusterNode node;
  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private volatile boolean started;
  private volatile boolean draining;

  public Health(Vertx vertx, ClusterNode node, Store store, int minimumMembers) {
    this.node = node;
    this.liveness = HealthChecks.create(vertx)
        .register("event-loop", p -> p.complete(Status.OK()));
    this.readiness = HealthChecks.create(vertx)
        .register("started", p -> p.complete(started ? Status.OK() : Status.KO(reason("the node is starting"))))
        .register("draining", p -> p.complete(draining ? Status.KO(reason("the node is shutting down")) : Status.OK()))
        .register("cluster", p -> members(p, minimumMembers))
        .register("store", STORE_TIMEOUT_MS, p -> store(vertx, store, p));
  }

  private void members(Promise<Status> p, int minimumMembers) {
    int members = node.members();
    JsonObject data = new JsonObject().put("members", members).put("required", minimumMembers);
    p.complete(members >= minimumMembers ? Status.OK(data) : Status.KO(data.put("reason", "too few cluster members")));
  }

  /** A cheap indexed read: the store answers (a lost database, a full pool that times out, do not). */
  private static void store(Vertx vertx, Store store, Promise<Status> p) {
    if (store == null) {
      p.complete(Status.KO(reason("this node has no store")));
      return;
    }
    vertx.executeBlocking(() -> store.roomIdForJoinCode("ready-probe"), false)
        .onSuccess(v -> p.tryComplete(Status.OK()))
        .onFailure(e -> p.tryComplete(Status.KO(reason("the store does not answer: "
            + nl.werkplaats.Redact.secrets(String.valueOf(e.getMessage()))))));
  }

  private static JsonObject reason(String reason) {
    return new JsonObject().put("reason", reason);
  }

  /** Users may be sent here from now on. */
  public void started() {
    started = true;
  }

  /** From now on the node is not ready; it never becomes ready again. */
  public void draining() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }

  public Future<Boolean> ready() {
    return readiness.checkStatus().map(CheckResult::isUp);
  }

  /** {@code GET /health} and {@code GET /ready}, before the routes that need a credential. */
  public void mount(Router router) {
    router.get("/health").handler(ctx -> answer(ctx, liveness));
    router.get("/ready").handler(ctx -> answer(ctx, readiness));
  }

  private void answer(RoutingContext ctx, HealthChecks checks) {
    checks.checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : CheckResult.from("node", ar.cause());
      boolean up = CheckResult.isUp(result);
      JsonArray list = new JsonArray();
      if (result.getChecks() != null) {
        for (CheckResult c : result.getChecks()) {
          JsonObject one = new JsonObject().put("id", c.getId()).put("status", CheckResult.isUp(c) ? "UP" : "DOWN");
          if (c.getData() != null && !c.getData().isEmpty()) {
            one.put("data", c.getData());
          }
          list.add(one);
        }
      }
      JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN")
          .put("node", node.memberUuid()).put("members", node.members()).put("checks", list);
      ctx.response().setStatusCode(up ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(body.encode());
    });
  }
}

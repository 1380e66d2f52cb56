package nl.werkplaats.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The optional management port ({@code WERKPLAATS_METRICS_PORT}, on {@code WERKPLAATS_METRICS_HOST}, 127.0.0.1 by
 * default): {@code /metrics}, {@code /health} and {@code /ready} without a credential, for a Prometheus and
 * probes that reach the node on a network users do not. On the main port {@code /metrics} needs the organiser
 * key.
 */
public final class ManagementServer {
  private final HttpServer server;

  private ManagementServer(HttpServer server) {
    this.server = server;
  }

  public static Future<ManagementServer> start(Vertx vertx, String host, int port, Health health, NodeMetrics metrics) {
    Router router = Router.router(vertx);
    health.mount(router);
    router.get("/metrics").handler(metrics(metrics));
    // HTTP/1.1 only, as on the main port: with the h2c upgrade on, a client that offers it (the JDK's
    // HttpClient does by default) could wait for an answer that never came.
    io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions()
        .setHttp2ClearTextEnabled(false).setIdleTimeout(60);
    return vertx.createHttpServer(options)
        // A scraper's or health check's reset connection is the network's matter, as on the main port: without
        // a handler Vert.x logs it as SEVERE.
        .connectionHandler(connection -> connection.exceptionHandler(
            e -> java.util.logging.Logger.getLogger(ManagementServer.class.getName())
                .log(java.util.logging.Level.FINE, "client connection failed: " + e)))
        .requestHandler(router).listen(port, host).map(ManagementServer::new);
  }

  /** The Prometheus text format of {@code metrics}. */
  public static Handler<RoutingContext> metrics(NodeMetrics metrics) {
    return ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(metrics.scrape());
  }

  public int port() {
    return server.actualPort();
  }
}

package nl.werkplaats;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.werkplaats.gateway.WebSocketGateway;

/** Serves HTTP and WebSockets; started once {@code listen} has succeeded. */
final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(HttpVerticle.class.getName());
  /** Closes a connection that neither sent nor received anything for this long. */
  static final int IDLE_TIMEOUT_SECONDS = 60;
  private final Config config;
  private final int port;
  private final java.util.function.Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  /**
   * Listens on {@code port}; several instances on one port share it (Vert.x hands each new connection to the
   * next instance's event loop).
   */
  HttpVerticle(Config config, int port, java.util.function.Function<io.vertx.core.Vertx, Router> routes) {
    this.config = config;
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(port)
        .setMaxWebSocketFrameSize(WebSocketGateway.MAX_TRANSPORT_BYTES)
        .setMaxWebSocketMessageSize(WebSocketGateway.MAX_TRANSPORT_BYTES)
        // No WebSocket compression: a small deflated message could inflate to many MiB on the event loop
        // before any size check sees it. Messages are small JSON; HTTP responses stay compressed.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // A connection with nothing read or written for this long is closed (WebSockets get a heartbeat
        // every few seconds, so only dead or stalled ones are).
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        // No HTTP/2 upgrade over plain text (browsers use HTTP/2 over TLS only): a connection is then known
        // from its first byte, so that the header timeout (RequestDeadlines) holds from there.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true);
    RequestDeadlines deadlines = new RequestDeadlines(vertx);
    server = vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          // A client's (or a load balancer's health check's) reset connection is the network's matter, not
          // a failure of the server: without a handler Vert.x logs it as SEVERE.
          connection.exceptionHandler(e -> LOG.log(Level.FINE, "client connection failed: " + e));
          deadlines.connected(connection);
        })
        .requestHandler(deadlines.watching(routes.apply(vertx)))
        .invalidRequestHandler(nl.werkplaats.gateway.HttpGuards::invalidRequest);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }
}

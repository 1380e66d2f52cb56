package nl.werkplaats;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import nl.werkplaats.gateway.WebSocketGateway;

/** Serves HTTP and WebSockets; started once {@code listen} has succeeded. */
final class HttpVerticle extends VerticleBase {
  private final Config config;
  private final java.util.function.Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  HttpVerticle(Config config, java.util.function.Function<io.vertx.core.Vertx, Router> routes) {
    this.config = config;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpPort())
        .setMaxWebSocketFrameSize(WebSocketGateway.MAX_TRANSPORT_BYTES)
        .setMaxWebSocketMessageSize(WebSocketGateway.MAX_TRANSPORT_BYTES)
        .setCompressionSupported(true);
    server = vertx.createHttpServer(options).requestHandler(routes.apply(vertx))
        .invalidRequestHandler(nl.werkplaats.gateway.HttpGuards::invalidRequest);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }
}

package nl.werkplaats;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A header timeout: a connection whose next request's headers have not arrived in time is closed. The first
 * request must arrive within {@link #FIRST_REQUEST_SECONDS} of connecting; the next one on a kept-alive
 * connection within {@link #NEXT_REQUEST_SECONDS} of the previous response. A WebSocket, once upgraded, is
 * the gateway's (its hello timeout, then the server's idle timeout).
 */
final class RequestDeadlines {
  static final int FIRST_REQUEST_SECONDS = 10;
  static final int NEXT_REQUEST_SECONDS = 60;

  private final Vertx vertx;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  RequestDeadlines(Vertx vertx) {
    this.vertx = vertx;
  }

  /** For {@code HttpServer.connectionHandler}. */
  void connected(HttpConnection connection) {
    arm(connection, FIRST_REQUEST_SECONDS);
    connection.closeHandler(v -> disarm(connection));
  }

  /** Wraps the server's request handler: a request's headers arrived. */
  Handler<HttpServerRequest> watching(Handler<HttpServerRequest> next) {
    return request -> {
      HttpConnection connection = request.connection();
      if (connection != null) {
        disarm(connection);
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
          request.response().endHandler(v -> arm(connection, NEXT_REQUEST_SECONDS));
        }
      }
      next.handle(request);
    };
  }

  private void arm(HttpConnection connection, int seconds) {
    long id = vertx.setTimer(seconds * 1000L, t -> {
      if (timers.remove(connection, t)) {
        connection.close();
      }
    });
    Long before = timers.put(connection, id);
    if (before != null) {
      vertx.cancelTimer(before);
    }
  }

  private void disarm(HttpConnection connection) {
    Long id = timers.remove(connection);
    if (id != null) {
      vertx.cancelTimer(id);
    }
  }
}

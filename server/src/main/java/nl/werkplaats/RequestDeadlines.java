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
 * connection within {@link #NEXT_REQUEST_SECONDS} of the previous request (or of its response, when that
 * took longer). A WebSocket, once upgraded, is
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
          awaitNext(connection, request);
        }
      }
      next.handle(request);
    };
  }

  /**
   * After a request, the next one must come within {@link #NEXT_REQUEST_SECONDS}; checked then, and again
   * while the response is still being written (not through the response's end handler: routes may set it).
   */
  private void awaitNext(HttpConnection connection, HttpServerRequest request) {
    long id = vertx.setTimer(NEXT_REQUEST_SECONDS * 1000L, t -> {
      if (!timers.remove(connection, t)) {
        return;
      }
      if (request.response().ended() || request.response().closed()) {
        connection.close();
      } else {
        awaitNext(connection, request);
      }
    });
    replace(connection, id);
  }

  private void arm(HttpConnection connection, int seconds) {
    long id = vertx.setTimer(seconds * 1000L, t -> {
      if (timers.remove(connection, t)) {
        connection.close();
      }
    });
    replace(connection, id);
  }

  private void replace(HttpConnection connection, long id) {
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

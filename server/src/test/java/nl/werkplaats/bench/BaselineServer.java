package nl.werkplaats.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's baseline: a bare Vert.x WebSocket broadcast server. No room state, no cluster, no
 * storage, no validation: {@code hello} puts the socket in a room, every other message is acknowledged to
 * its sender and relayed to everyone in the room (sender included) in an {@code events} envelope with a
 * per-room counter as {@code seq}, so the benchmark's clients check it exactly like Werkplaats. Like a
 * Werkplaats node it serves all sockets from one event loop. Run as its own JVM:
 * {@code java -cp ... nl.werkplaats.bench.BaselineServer <port>}.
 */
public final class BaselineServer extends VerticleBase {
  private final int port;
  private final Map<String, Room> rooms = new HashMap<>();
  private HttpServer server;
  private long participants;

  private static final class Room {
    final List<ServerWebSocket> sockets = new ArrayList<>();
    long seq;
  }

  BaselineServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx();
    BaselineServer verticle = new BaselineServer(port);
    vertx.deployVerticle(verticle).onComplete(ar -> {
      if (ar.failed()) {
        ar.cause().printStackTrace();
        System.exit(1);
      }
      System.out.println("Baseline is running on port " + verticle.server.actualPort());
    });
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxWebSocketFrameSize(256 * 1024).setMaxWebSocketMessageSize(256 * 1024))
        .webSocketHandler(this::handle);
    return server.listen();
  }

  private void handle(ServerWebSocket ws) {
    Room[] joined = new Room[1];
    ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      String type = m.getString("type", "");
      if ("hello".equals(type)) {
        Room room = rooms.computeIfAbsent(m.getString("roomId"), id -> new Room());
        room.sockets.add(ws);
        joined[0] = room;
        ws.writeTextMessage(new JsonObject().put("type", "welcome").put("protocol", 1)
            .put("participantId", "p-" + (++participants)).put("seq", room.seq).encode());
      } else if ("ping".equals(type)) {
        ws.writeTextMessage(new JsonObject().put("type", "pong").put("t", m.getValue("t")).encode());
      } else if (joined[0] != null) {
        Room room = joined[0];
        long seq = ++room.seq;
        ws.writeTextMessage(new JsonObject().put("type", "ack").put("commandId", m.getString("commandId"))
            .put("seq", seq).encode());
        String relay = "{\"type\":\"events\",\"events\":[{\"seq\":" + seq + ",\"event\":" + text + "}]}";
        for (ServerWebSocket s : room.sockets) {
          s.writeTextMessage(relay);
        }
      }
    });
    ws.closeHandler(v -> {
      if (joined[0] != null) {
        joined[0].sockets.remove(ws);
      }
    });
  }
}

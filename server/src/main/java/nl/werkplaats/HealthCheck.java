package nl.werkplaats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Exits 0 when the local node answers /health with UP: the container health check (no curl needed). */
public final class HealthCheck {
  private HealthCheck() {}

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("WERKPLAATS_PORT", "8080");
    try {
      HttpResponse<String> res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.exit(res.statusCode() == 200 && res.body().contains("\"UP\"") ? 0 : 1);
    } catch (Exception e) {
      System.exit(1);
    }
  }
}

package nl.werkplaats;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration, from environment variables (documented in the README). Every value has a
 * default that gives a single node with an embedded store and a demo room.
 */
public record Config(
    String httpHost,
    int httpPort,
    String publicUrl,
    List<String> extraOrigins,
    String clusterName,
    String clusterHost,
    int clusterPort,
    List<String> clusterMembers,
    int failureDetectionSeconds,
    int minimumClusterSize,
    int mergeCheckSeconds,
    String organiserKey,
    Path dataDir,
    boolean demoRoom,
    Map<String, String> env) {

  public static Config fromEnv(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("WERKPLAATS_PORT", "8080"));
    List<String> members = list(env.get("WERKPLAATS_CLUSTER_MEMBERS"));
    return new Config(
        env.getOrDefault("WERKPLAATS_HOST", "0.0.0.0"),
        port,
        trimSlash(env.getOrDefault("WERKPLAATS_PUBLIC_URL", "http://localhost:" + port)),
        list(env.get("WERKPLAATS_ALLOWED_ORIGINS")),
        env.getOrDefault("WERKPLAATS_CLUSTER_NAME", "werkplaats"),
        env.getOrDefault("WERKPLAATS_CLUSTER_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("WERKPLAATS_CLUSTER_PORT", "5701")),
        members,
        Integer.parseInt(env.getOrDefault("WERKPLAATS_FAILURE_DETECTION_SECONDS", "10")),
        Integer.parseInt(env.getOrDefault("WERKPLAATS_MIN_CLUSTER_SIZE", String.valueOf(defaultQuorum(members.size())))),
        Integer.parseInt(env.getOrDefault("WERKPLAATS_MERGE_CHECK_SECONDS", "5")),
        emptyToNull(env.get("WERKPLAATS_ORGANISER_KEY")),
        Path.of(env.getOrDefault("WERKPLAATS_DATA_DIR", "data")),
        Boolean.parseBoolean(env.getOrDefault("WERKPLAATS_DEMO_ROOM",
            String.valueOf(members.isEmpty() && emptyToNull(env.get(KUBERNETES_SERVICE_DNS)) == null))),
        Map.copyOf(env));
  }

  /**
   * A majority of the listed members, from three members on. Two members have no majority that survives
   * the loss of one: they keep serving alone, and the store's fencing keeps what was acknowledged.
   */
  static int defaultQuorum(int members) {
    return members >= 3 ? members / 2 + 1 : 1;
  }

  /**
   * The reverse proxies whose {@code X-Forwarded-For} is believed ({@code WERKPLAATS_TRUSTED_PROXIES}: IP
   * addresses or CIDR ranges, comma-separated); none by default.
   */
  public List<String> trustedProxies() {
    return list(env.get("WERKPLAATS_TRUSTED_PROXIES"));
  }

  /** The shortest organiser key a node accepts. */
  public static final int MIN_ORGANISER_KEY_LENGTH = 16;

  /** Open WebSockets one client address may have on one node ({@code WERKPLAATS_MAX_CONNECTIONS_PER_ADDRESS}). */
  public int maxConnectionsPerAddress() {
    return positive("WERKPLAATS_MAX_CONNECTIONS_PER_ADDRESS", 256);
  }

  /**
   * Joins one client address may make on one node at once ({@code WERKPLAATS_JOIN_BURST_PER_ADDRESS}); after
   * them, one a second. Raise both for a venue whose people all share one public address without a proxy.
   */
  public int joinBurstPerAddress() {
    return positive("WERKPLAATS_JOIN_BURST_PER_ADDRESS", 60);
  }

  /**
   * The time zone of the dates and times in the summaries' renderings ({@code WERKPLAATS_TIME_ZONE}, an IANA
   * name such as {@code Europe/Brussels}; default Europe/Amsterdam). The frozen JSON keeps UTC.
   */
  public ZoneId timeZone() {
    String v = env.get("WERKPLAATS_TIME_ZONE");
    if (v == null || v.isBlank()) {
      return ZoneId.of("Europe/Amsterdam");
    }
    try {
      return ZoneId.of(v.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("WERKPLAATS_TIME_ZONE must be a time zone such as Europe/Amsterdam, not " + v);
    }
  }

  /**
   * The node's clock: every time the room domain is given (pre-work opening, timers, joins) comes from it. UTC
   * system time, moved by {@code WERKPLAATS_CLOCK_OFFSET} (an ISO-8601 duration such as {@code -P1D} or
   * {@code PT-2H}; none by default). The offset is meant for rehearsals and tests ("the day before"), never for a
   * production cluster, whose members must share one time.
   */
  public java.time.Clock clock() {
    String v = env == null ? null : env.get("WERKPLAATS_CLOCK_OFFSET");
    if (v == null || v.isBlank()) {
      return java.time.Clock.systemUTC();
    }
    try {
      return java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.parse(v.strip()));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("WERKPLAATS_CLOCK_OFFSET must be an ISO-8601 duration such as -P1D, not " + v);
    }
  }

  /** Seconds {@code /ready} reports DOWN before a draining node closes its first socket ({@code WERKPLAATS_DRAIN_WAIT_SECONDS}). */
  public int drainWaitSeconds() {
    return atLeastZero("WERKPLAATS_DRAIN_WAIT_SECONDS", 2);
  }

  /** Seconds over which a draining node spreads the closing of its sockets ({@code WERKPLAATS_DRAIN_SECONDS}). */
  public int drainSeconds() {
    return atLeastZero("WERKPLAATS_DRAIN_SECONDS", 5);
  }

  /**
   * The management port serving {@code /metrics}, {@code /health} and {@code /ready} without a credential
   * ({@code WERKPLAATS_METRICS_PORT}; unset: none, and {@code /metrics} on the main port needs the organiser key).
   */
  public Integer metricsPort() {
    String v = env.get("WERKPLAATS_METRICS_PORT");
    return v == null || v.isBlank() ? null : Integer.parseInt(v.strip());
  }

  /** The address the management port listens on ({@code WERKPLAATS_METRICS_HOST}, 127.0.0.1). */
  public String metricsHost() {
    return env.getOrDefault("WERKPLAATS_METRICS_HOST", "127.0.0.1");
  }

  /** Log lines as JSON objects, one a line ({@code WERKPLAATS_LOG_FORMAT=json}), or as text (the default). */
  public boolean jsonLogs() {
    return "json".equalsIgnoreCase(env.getOrDefault("WERKPLAATS_LOG_FORMAT", "text").strip());
  }

  /** How long an organiser stays signed in ({@code WERKPLAATS_SESSION_HOURS}, 12). */
  public int sessionHours() {
    return positive("WERKPLAATS_SESSION_HOURS", 12);
  }

  /**
   * OpenID Connect sign-in for organisers, when {@code WERKPLAATS_OIDC_ISSUER} is set: the issuer (its
   * discovery document is {@code <issuer>/.well-known/openid-configuration}), {@code WERKPLAATS_OIDC_CLIENT_ID},
   * {@code WERKPLAATS_OIDC_CLIENT_SECRET} and {@code WERKPLAATS_OIDC_REDIRECT_URL} (default
   * {@code <public URL>/api/session/oidc/callback}); null when not configured.
   */
  public OpenIdConnect openIdConnect() {
    String issuer = emptyToNull(env.get("WERKPLAATS_OIDC_ISSUER"));
    if (issuer == null) {
      return null;
    }
    String clientId = emptyToNull(env.get("WERKPLAATS_OIDC_CLIENT_ID"));
    if (clientId == null) {
      throw new IllegalArgumentException("WERKPLAATS_OIDC_ISSUER is set: set WERKPLAATS_OIDC_CLIENT_ID too");
    }
    String redirect = emptyToNull(env.get("WERKPLAATS_OIDC_REDIRECT_URL"));
    return new OpenIdConnect(trimSlash(issuer.strip()), clientId.strip(), emptyToNull(env.get("WERKPLAATS_OIDC_CLIENT_SECRET")),
        redirect != null ? redirect.strip() : publicUrl + "/api/session/oidc/callback");
  }

  /** The organisation's OpenID provider and this server's registration with it. */
  public record OpenIdConnect(String issuer, String clientId, String clientSecret, String redirectUrl) {
    @Override
    public String toString() {
      return "OpenIdConnect[" + issuer + ", " + clientId + "]"; // never the secret
    }
  }

  private int positive(String name, int fallback) {
    return atLeast(name, fallback, 1);
  }

  private int atLeastZero(String name, int fallback) {
    return atLeast(name, fallback, 0);
  }

  private int atLeast(String name, int fallback, int minimum) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    int n = Integer.parseInt(v.strip());
    if (n < minimum) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", not " + v);
    }
    return n;
  }


  /** Members find each other through this Kubernetes headless Service's DNS name instead of a list. */
  public static final String KUBERNETES_SERVICE_DNS = "WERKPLAATS_KUBERNETES_SERVICE_DNS";

  /** The headless Service whose DNS name lists the members (Kubernetes discovery), or null. */
  public String kubernetesServiceDns() {
    return emptyToNull(env.get(KUBERNETES_SERVICE_DNS));
  }

  public boolean clustered() {
    return !clusterMembers.isEmpty() || kubernetesServiceDns() != null;
  }

  public Config withHttpPort(int port) {
    return new Config(httpHost, port, publicUrl, extraOrigins, clusterName, clusterHost, clusterPort, clusterMembers,
        failureDetectionSeconds, minimumClusterSize, mergeCheckSeconds, organiserKey, dataDir, demoRoom, env);
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

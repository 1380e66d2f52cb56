package nl.werkplaats.cluster;

import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashMap;
import nl.werkplaats.Config;
import nl.werkplaats.store.Store;

/**
 * One member of the Werkplaats cluster: a clustered Vert.x on a Hazelcast member. The same code runs a
 * single node (no join configured) and a cluster (TCP-IP members listed; multicast is always off).
 */
public final class ClusterNode {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ClusterNode.class.getName());
  public static final String ROOMS = "werkplaats.rooms";
  public static final String PRESENCE = "werkplaats.presence";
  public static final String JOIN_CODES = "werkplaats.join-codes";
  static final String ROOMS_QUORUM = "werkplaats.rooms-quorum";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final java.time.Clock clock;

  private ClusterNode(Vertx vertx, HazelcastInstance hazelcast, java.time.Clock clock) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.clock = clock;
  }

  public static Future<ClusterNode> start(Config config, Store store) {
    return start(config, store, null, null);
  }

  /** Starts a member whose Vert.x reports its metrics to {@code metrics} (null: none). */
  public static Future<ClusterNode> start(Config config, Store store, io.vertx.core.metrics.MetricsOptions metricsOptions,
      io.vertx.core.spi.VertxMetricsFactory metrics) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(config, store));
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBusOptions(config));
    if (metricsOptions != null) {
      options.setMetricsOptions(metricsOptions);
    }
    warnIfOpen(config);
    return Vertx.builder().with(options).withMetrics(metrics).withClusterManager(manager).buildClustered()
        .map(vertx -> {
          vertx.exceptionHandler(ClusterNode::unhandled);
          HazelcastInstance hz = manager.getHazelcastInstance();
          hz.getLifecycleService().addLifecycleListener(event -> {
            switch (event.getState()) {
              case MERGING -> LOG.warning("network partition healed: this member's side is merging into the larger"
                  + " side; rooms written on both sides keep the larger side's state (see docs/operations.md)");
              case MERGED -> LOG.warning("merge after a network partition finished");
              case MERGE_FAILED -> LOG.severe("merge after a network partition failed");
              default -> { }
            }
          });
          return new ClusterNode(vertx, hz, config.clock());
        });
  }

  /** PKCS#12 key store with this member's key and certificate for the event bus (TLS between members). */
  public static final String TLS_KEYSTORE = "WERKPLAATS_CLUSTER_TLS_KEYSTORE";
  public static final String TLS_PASSWORD = "WERKPLAATS_CLUSTER_TLS_PASSWORD";
  /** PKCS#12 trust store with the certificates (or their CA) of the members; defaults to the key store. */
  public static final String TLS_TRUSTSTORE = "WERKPLAATS_CLUSTER_TLS_TRUSTSTORE";

  static boolean tls(Config config) {
    String keystore = config.env() == null ? null : config.env().get(TLS_KEYSTORE);
    return keystore != null && !keystore.isBlank();
  }

  /**
   * The event bus between members: bound to the cluster address; with TLS both ways when a key store is
   * configured (each member presents its certificate and accepts only members its trust store trusts).
   */
  static EventBusOptions eventBusOptions(Config config) {
    EventBusOptions options = new EventBusOptions().setHost(config.clusterHost()).setPort(0);
    if (tls(config)) {
      String password = config.env().getOrDefault(TLS_PASSWORD, "");
      String trust = config.env().getOrDefault(TLS_TRUSTSTORE, config.env().get(TLS_KEYSTORE));
      options.setSsl(true)
          .setTrustAll(false)
          .setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED)
          .setKeyCertOptions(new io.vertx.core.net.PfxOptions().setPath(config.env().get(TLS_KEYSTORE)).setPassword(password))
          .setTrustOptions(new io.vertx.core.net.PfxOptions().setPath(trust).setPassword(password));
    }
    return options;
  }

  /** A cluster reachable beyond this machine without TLS on the event bus: say so at start-up. */
  private static void warnIfOpen(Config config) {
    if (!config.clustered() || tls(config) || loopback(config.clusterHost())) {
      return;
    }
    LOG.warning("the cluster listens on " + config.clusterHost() + " (Hazelcast port " + config.clusterPort()
        + " and the event bus) without TLS: anyone who can reach these ports can read room events on the event bus."
        + " Keep them on a private network reachable only by the other members, and set " + TLS_KEYSTORE
        + " (docs/operations.md, Security)");
  }

  static boolean loopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * What escaped a Vert.x context. Vert.x 5's clustered event bus completes a write's promise twice when its
   * connection to another member closes with messages queued (a member died or stopped): "Promise already
   * completed", thrown from the connection's close. Nothing is lost by it that the clients' gap repair does
   * not bring back; it is one warning line. Anything else stays SEVERE, with its stack trace.
   */
  static void unhandled(Throwable e) {
    if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("Promise already completed")) {
      LOG.warning("an event-bus connection to another member closed with messages queued (" + e.getMessage() + ")");
      return;
    }
    LOG.log(java.util.logging.Level.SEVERE, "Unhandled exception", e);
  }

  /** Partition threads: {@code werkplaats.partition-threads} (a system property), 16 unless set. */
  static int partitionThreads() {
    return Math.max(1, Integer.getInteger("werkplaats.partition-threads", 16));
  }

  static com.hazelcast.config.Config hazelcastConfig(Config config, Store store) {
    com.hazelcast.config.Config hc = ConfigUtil.loadConfig();
    hc.setClusterName(config.clusterName());
    hc.setProperty("hazelcast.logging.type", "jdk");
    hc.setProperty("hazelcast.phone.home.enabled", "false");
    // Failure detection: a member that misses heartbeats this long is taken out, and its rooms' backups
    // take over. Hazelcast's own default is 60 s; a live workshop cannot wait that long.
    hc.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hc.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(config.failureDetectionSeconds()));
    // A graceful stop hands partitions over first; bounded so that a stop never hangs for minutes.
    hc.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    hc.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
    // No shutdown hook of Hazelcast's own: on SIGTERM the node drains first (Werkplaats.drain: sockets
    // closed after their commands are answered), then leaves the cluster; Hazelcast's hook would leave at once.
    hc.setProperty("hazelcast.shutdownhook.enabled", "false");
    hc.setProperty("hazelcast.partition.count", "71");
    // A room's command waits on its partition thread until the store's group commit has its change: with
    // as many partition threads as cores (Hazelcast's default), a commit could hold at most that many changes.
    // More threads, mostly waiting, let changes of more rooms share one commit (docs/decisions/0004).
    hc.setProperty("hazelcast.operation.partition.thread.count", String.valueOf(partitionThreads()));
    // Look for another side to merge with soon after a network partition heals (Hazelcast's defaults are
    // 300 s after start, then every 120 s).
    hc.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(config.mergeCheckSeconds()));
    hc.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(config.mergeCheckSeconds()));
    // Listen on the cluster address only, not on every interface of the machine.
    hc.setProperty("hazelcast.socket.bind.any", "false");
    hc.setProperty("hazelcast.socket.server.bind.any", "false");

    // Members only: the advanced network configuration opens a member endpoint and no client endpoint, so a
    // Hazelcast client (which knows the cluster name) cannot connect to the member port and read the maps.
    com.hazelcast.config.AdvancedNetworkConfig network = hc.getAdvancedNetworkConfig().setEnabled(true);
    com.hazelcast.config.ServerSocketEndpointConfig member = new com.hazelcast.config.ServerSocketEndpointConfig();
    member.setPort(config.clusterPort()).setPortAutoIncrement(!config.clustered());
    member.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(config.clusterHost()));
    network.setMemberEndpointConfig(member);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!config.clusterMembers().isEmpty()).setMembers(config.clusterMembers());
    kubernetesDiscovery(config, join);

    for (JsonSerializer<?> json : java.util.List.of(JsonSerializer.ROOM_RECORDS, JsonSerializer.OUTCOMES)) {
      hc.getSerializationConfig().addSerializerConfig(
          new SerializerConfig().setTypeClass(json.type()).setImplementation(json));
    }

    // OBJECT: entry processors work on the record itself. In the default BINARY format every command
    // deserialized and serialized the whole record (state, event log, applied command ids: hundreds of KB
    // of JSON in a busy room), which took most of a node's CPU (docs/benchmarks.md). ApplyCommand changes a
    // copy (RoomRecord.copyForUpdate), never the record in the map.
    MapConfig rooms = new MapConfig(ROOMS).setBackupCount(1).setAsyncBackupCount(0)
        .setInMemoryFormat(com.hazelcast.config.InMemoryFormat.OBJECT);
    if (store != null) {
      // Rooms are read from the store lazily by the partition owner, which takes them (fencing epoch);
      // changes are appended by ApplyCommand/CreateRoom themselves, conditionally, before the map changes.
      hc.getUserContext().put(RoomOwner.KEY, store);
      rooms.setMapStoreConfig(new MapStoreConfig()
          .setEnabled(true)
          .setImplementation(new RoomMapStore(store))
          .setOffload(false)
          .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
    }
    // After a network partition heals, the smaller side's room records are dropped, never put over the
    // larger side's: the store holds the truth, and the next owner of a room reads it back from there.
    rooms.getMergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName());
    int quorum = config.minimumClusterSize();
    if (quorum > 1) {
      // A side with fewer members stops taking room commands (SplitBrainProtectionException) as soon as it
      // has seen the others go; the store's fencing is what guarantees nothing acknowledged is lost.
      hc.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(ROOMS_QUORUM, true, quorum)
          .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
      rooms.setSplitBrainProtectionName(ROOMS_QUORUM);
    }
    hc.addMapConfig(rooms);
    hc.addMapConfig(new MapConfig(PRESENCE).setBackupCount(1));
    hc.addMapConfig(new MapConfig(JOIN_CODES).setBackupCount(1));
    return hc;
  }

  /**
   * Kubernetes: members find each other through the DNS name of a headless Service
   * ({@code WERKPLAATS_KUBERNETES_SERVICE_DNS}, deploy/kubernetes/), on the cluster port; no API access needed.
   */
  private static void kubernetesDiscovery(Config config, JoinConfig join) {
    if (config.kubernetesServiceDns() != null) {
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", config.kubernetesServiceDns())
          .setProperty("service-port", String.valueOf(config.clusterPort()));
    }
  }

  /** The node's clock ({@link Config#clock()}): the time of every command this member applies. */
  public java.time.Clock clock() {
    return clock;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public IMap<String, RoomRecord> rooms() {
    return hazelcast.getMap(ROOMS);
  }

  public IMap<String, HashMap<String, String>> presence() {
    return hazelcast.getMap(PRESENCE);
  }

  public IMap<String, String> joinCodes() {
    return hazelcast.getMap(JOIN_CODES);
  }

  public String memberUuid() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** This member is the oldest in the cluster: it does the cluster-wide chores (presence clean-up). */
  public boolean oldest() {
    return hazelcast.getCluster().getMembers().iterator().next().localMember();
  }

  public int members() {
    return hazelcast.getCluster().getMembers().size();
  }

  public Future<Void> stop() {
    return vertx.close();
  }
}

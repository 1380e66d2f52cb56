package nl.werkplaats.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * One node's metrics, served in Prometheus format on {@code /metrics} (docs/operations.md#metrics): Vert.x's
 * own (HTTP, event bus, pools) and the JVM's through vertx-micrometer-metrics, and the workshop's own below.
 * Each node has its own registry, so that several nodes in one JVM (the tests) do not mix their counts.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String registryName = "werkplaats-" + java.util.UUID.randomUUID();
  private final AtomicLong connections = new AtomicLong();
  /** What each of the node's gateway event loops last sampled: rooms, held events, slow sockets. */
  private final Map<Object, long[]> fanOut = new ConcurrentHashMap<>();
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();
  private final Timer ackLatency;
  private final Timer eventLoopDelay;
  private final DistributionSummary storeBatchChanges;
  private final Timer storeBatchLatency;
  private final Counter migrationsCompleted;
  private final Counter migrationsFailed;

  public NodeMetrics() {
    Gauge.builder("werkplaats_connections", connections, AtomicLong::get)
        .description("open WebSockets on this node").register(registry);
    Gauge.builder("werkplaats_rooms_connected", fanOut, m -> sum(m, 0))
        .description("rooms with at least one WebSocket on this node (once per gateway event loop they have sockets on)")
        .register(registry);
    Gauge.builder("werkplaats_fanout_backlog_events", fanOut, m -> sum(m, 1))
        .description("events held for this node's connections (beyond a gap or before a welcome)").register(registry);
    Gauge.builder("werkplaats_fanout_slow_connections", fanOut, m -> sum(m, 2))
        .description("connections whose write queue is full (a slow or stalled client)").register(registry);
    ackLatency = Timer.builder("werkplaats_command_ack")
        .description("from a command's arrival to its answer (ack or error)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    eventLoopDelay = Timer.builder("werkplaats_event_loop_delay")
        .description("how late a timer on the gateway's event loop fires (blocked or busy loop)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    storeBatchChanges = DistributionSummary.builder("werkplaats_store_batch_changes")
        .description("changes written to the store in one batch").publishPercentileHistogram()
        .minimumExpectedValue(1.0).maximumExpectedValue(10_000.0).register(registry);
    storeBatchLatency = Timer.builder("werkplaats_store_batch")
        .description("time to write one batch to the store")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    migrationsCompleted = Counter.builder("werkplaats_partition_migrations").tag("result", "completed")
        .description("Hazelcast partition replica migrations this member took part in").register(registry);
    migrationsFailed = Counter.builder("werkplaats_partition_migrations").tag("result", "failed")
        .description("Hazelcast partition replica migrations this member took part in").register(registry);
  }

  /** The Vert.x metrics options: everything Vert.x measures, and the JVM, into this node's registry. */
  public MetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true).setRegistryName(registryName);
  }

  public VertxMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** The Prometheus text exposition of everything above. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A gauge read at scrape time (e.g. the cluster's member count). */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  /**
   * A command answered: {@code type} is a known client message type (the schema's list, so the label stays
   * small), {@code outcome} one of applied, duplicate, rejected, unavailable.
   */
  public void command(String type, String outcome, long receivedNanos) {
    commands.computeIfAbsent(type + '\0' + outcome, k -> Counter.builder("werkplaats_commands")
        .tag("type", type).tag("outcome", outcome).description("commands answered, by type and outcome")
        .register(registry)).increment();
    ackLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * What one gateway's sampler saw on its event loop (rooms with connections, held events, slow sockets);
   * {@code loop} tells the node's gateway event loops apart, the gauges add them up.
   */
  public void fanOut(Object loop, int rooms, long backlog, int slow) {
    fanOut.put(loop, new long[] {rooms, backlog, slow});
  }

  private final Map<Integer, AtomicLong> loopConnections = new ConcurrentHashMap<>();

  /** The WebSockets open on one of the node's gateway event loops (numbered from 0), as its sampler saw them. */
  public void loopConnections(int loop, int open) {
    loopConnections.computeIfAbsent(loop, l -> {
      AtomicLong count = new AtomicLong();
      Gauge.builder("werkplaats_gateway_connections", count, AtomicLong::get).tag("loop", String.valueOf(l))
          .description("open WebSockets per gateway event loop (how evenly the node's loops share them)")
          .register(registry);
      return count;
    }).set(open);
  }

  private static double sum(Map<Object, long[]> byLoop, int index) {
    long total = 0;
    for (long[] sampled : byLoop.values()) {
      total += sampled[index];
    }
    return total;
  }

  public void eventLoopDelay(long nanos) {
    eventLoopDelay.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** One batch written to the store: how many changes it held and how long the write took. */
  public void storeBatch(int changes, long nanos) {
    storeBatchChanges.record(changes);
    storeBatchLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void migration(boolean completed) {
    (completed ? migrationsCompleted : migrationsFailed).increment();
  }

  /** The cluster as this member sees it: members, the rooms it holds, partition migrations. */
  public void watch(nl.werkplaats.cluster.ClusterNode node) {
    gauge("werkplaats_cluster_members", "members of the cluster as this member sees them", node,
        n -> n.members());
    gauge("werkplaats_rooms_in_memory", "rooms this member owns in memory (Hazelcast partitions it owns)", node,
        n -> n.rooms().getLocalMapStats().getOwnedEntryCount());
    node.hazelcast().getPartitionService().addMigrationListener(new com.hazelcast.partition.MigrationListener() {
      @Override
      public void migrationStarted(com.hazelcast.partition.MigrationState state) {}

      @Override
      public void migrationFinished(com.hazelcast.partition.MigrationState state) {}

      @Override
      public void replicaMigrationCompleted(com.hazelcast.partition.ReplicaMigrationEvent event) {
        migration(true);
      }

      @Override
      public void replicaMigrationFailed(com.hazelcast.partition.ReplicaMigrationEvent event) {
        migration(false);
      }
    });
  }

  /** Releases the JVM and Vert.x binders of this registry. */
  public void close() {
    registry.close();
  }
}

package nl.werkplaats.store;

/** Opens the configured store, and refuses a combination that cannot keep the guarantees. */
public final class Stores {
  private Stores() {}

  /**
   * Opens the store for this server. A cluster must share one store: an embedded file database on each
   * member would give every member its own, diverging copy, so a clustered server configured with the
   * embedded store is refused before anything is opened.
   *
   * @param clustered whether cluster members are configured for this server
   */
  public static Store open(StoreConfig config, boolean clustered) {
    requireShareableForCluster(config, clustered);
    return switch (config.kind()) {
      case H2 -> H2Store.open(config.dataDir(), config.retentionDays());
      case POSTGRES -> PostgresStore.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.retentionDays());
    };
  }

  /** Throws when a cluster is configured with the embedded store. */
  public static void requireShareableForCluster(StoreConfig config, boolean clustered) {
    if (clustered && config.kind() == StoreConfig.Kind.H2) {
      throw new IllegalStateException(clusterWithEmbeddedStoreMessage());
    }
  }

  public static String clusterWithEmbeddedStoreMessage() {
    return "Cluster members are configured, but the store is the embedded H2 file database (WERKPLAATS_STORE=h2, the "
        + "default): an embedded store cannot be shared by a cluster, and every member would keep its own diverging "
        + "copy. Set WERKPLAATS_STORE=postgres and WERKPLAATS_DB_URL (with WERKPLAATS_DB_USER and "
        + "WERKPLAATS_DB_PASSWORD) to one PostgreSQL database for all members, or run a single node without cluster "
        + "members.";
  }
}

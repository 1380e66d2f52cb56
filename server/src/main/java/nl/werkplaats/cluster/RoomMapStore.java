package nl.werkplaats.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoader;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import nl.werkplaats.store.Store;

/**
 * Loads rooms into the cluster's room map from the durable store, lazily, on first use: the member that owns
 * the room's partition takes it (a new ownership epoch, see {@link RoomOwner}). Changes are not written
 * through here: {@link ApplyCommand} and {@link CreateRoom} append them to the store themselves, under the
 * epoch, before the map changes.
 */
public final class RoomMapStore implements MapLoader<String, RoomRecord>, MapLoaderLifecycleSupport {
  private final Store store;
  private volatile HazelcastInstance hazelcast;

  public RoomMapStore(Store store) {
    this.store = store;
  }

  @Override
  public void init(HazelcastInstance hazelcastInstance, Properties properties, String mapName) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public void destroy() {}

  @Override
  public RoomRecord load(String key) {
    return new RoomStorage(store).claim(key, hazelcast.getCluster().getLocalMember().getUuid().toString()).orElse(null);
  }

  @Override
  public Map<String, RoomRecord> loadAll(Collection<String> keys) {
    Map<String, RoomRecord> out = new HashMap<>();
    for (String key : keys) {
      RoomRecord r = load(key);
      if (r != null) {
        out.put(key, r);
      }
    }
    return out;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return null; // lazy: nothing is loaded at start-up
  }
}

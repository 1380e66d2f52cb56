package nl.werkplaats.cluster;

import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import nl.werkplaats.store.Store;

/**
 * Write-through from the cluster's room map to the durable store: a change is stored before the command
 * that made it is acknowledged. Rooms are loaded back lazily, on first use after a restart.
 */
public final class RoomMapStore implements MapStore<String, RoomRecord> {
  private final Store store;

  public RoomMapStore(Store store) {
    this.store = store;
  }

  @Override
  public void store(String key, RoomRecord value) {
    store.saveRoom(value);
  }

  @Override
  public void storeAll(Map<String, RoomRecord> map) {
    map.values().forEach(store::saveRoom);
  }

  @Override
  public void delete(String key) {
    // Rooms are deleted through the store itself (with an audit line); evicting from memory deletes nothing.
  }

  @Override
  public void deleteAll(Collection<String> keys) {}

  @Override
  public RoomRecord load(String key) {
    return store.loadRoom(key).orElse(null);
  }

  @Override
  public Map<String, RoomRecord> loadAll(Collection<String> keys) {
    Map<String, RoomRecord> out = new HashMap<>();
    for (String key : keys) {
      store.loadRoom(key).ifPresent(r -> out.put(key, r));
    }
    return out;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return null; // lazy: nothing is loaded at start-up
  }
}

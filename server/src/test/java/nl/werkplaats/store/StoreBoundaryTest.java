package nl.werkplaats.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store and the cluster meet at a narrow port: the store speaks in rooms, events and command keys
 * ({@link RoomChange}, {@link StoredRoom}) and never names a class of the cluster; the cluster uses only the
 * port's types of the store. Read from the sources, so that a dependency that comes back fails here.
 */
class StoreBoundaryTest {
  private static final Path MAIN = Path.of("src/main/java/nl/werkplaats");
  /** What the cluster may use of the store. */
  private static final Set<String> PORT = Set.of("Store", "RoomChange", "StoredRoom", "StoreException",
      "StaleOwnerException", "DivergingHistoryException");
  private static final Pattern NAMED = Pattern.compile("nl\\.werkplaats\\.(cluster|store)\\.([A-Z]\\w*)");

  @Test
  @DisplayName("no class of the store names a class of the cluster")
  void storeDoesNotKnowTheCluster() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : sources("store")) {
      Matcher m = NAMED.matcher(Files.readString(file));
      while (m.find()) {
        if (m.group(1).equals("cluster")) {
          found.add(file.getFileName() + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  @DisplayName("the cluster uses the store only through its port")
  void clusterUsesOnlyThePort() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path file : sources("cluster")) {
      Matcher m = NAMED.matcher(Files.readString(file));
      while (m.find()) {
        if (m.group(1).equals("store")) {
          used.add(m.group(2));
        }
      }
    }
    assertFalse(used.isEmpty(), "the scan found the cluster's sources");
    used.removeAll(PORT);
    assertEquals(Set.of(), used, "store classes the cluster uses outside the port");
  }

  private static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
      List<Path> out = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertFalse(out.isEmpty(), "no sources in " + MAIN.resolve(pkg).toAbsolutePath());
      return out;
    }
  }
}

package nl.werkplaats.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The deployment recipes under deploy/, read as the tools that run them do (YAML anchors and merge keys included). */
public final class Recipes {
  public static final Path DEPLOY = Path.of("..", "deploy");

  private Recipes() {}

  /** deploy/compose.yaml as plain maps and lists. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> compose() {
    try {
      return (Map<String, Object>) new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> service(String name) {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    Map<String, Object> service = (Map<String, Object>) services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("deploy/compose.yaml has no service " + name);
    }
    return service;
  }

  /** A compose service's environment, values as written (a {@code ${VAR:?…}} stays as it is). */
  @SuppressWarnings("unchecked")
  public static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    ((Map<String, Object>) service(service).getOrDefault("environment", Map.of()))
        .forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}

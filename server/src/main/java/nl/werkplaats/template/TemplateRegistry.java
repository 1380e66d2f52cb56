package nl.werkplaats.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.werkplaats.protocol.SchemaCheck;
import nl.werkplaats.protocol.SchemaCheck.Problem;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.store.Store;

/**
 * The workshop templates a room can be started from: the built-in ones shipped in the jar, and those
 * organisers uploaded (kept in the store, so every member of a cluster sees them). A template version never
 * changes once known: a room pins id and version.
 */
public final class TemplateRegistry {
  public static final List<String> BUILT_IN = List.of("checklist-samen-data-delen.json", "data-team-start.json", "project-follow-up.json");
  private static final int MAX_TEMPLATE_BYTES = 512 * 1024;

  private final SchemaCheck schema = SchemaCheck.fromClasspath("templates/template.schema.json");
  private final Map<String, Template> known = new ConcurrentHashMap<>();
  private final Store store;

  public TemplateRegistry(Store store) {
    this.store = store;
    for (String file : BUILT_IN) {
      JsonNode json = readClasspath("templates/" + file);
      List<Problem> problems = validate(json);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("built-in template " + file + " is invalid: " + problems);
      }
      Template t = new Template(json.path("id").asText(), json.path("version").asInt(), json, true);
      known.put(key(t.id(), t.version()), t);
    }
  }

  /** Thrown for a template that does not pass; lists every problem by its path in the file. */
  public static final class InvalidTemplate extends RuntimeException {
    private final List<Problem> problems;

    public InvalidTemplate(List<Problem> problems) {
      super("invalid template: " + problems.size() + " problem(s)", null, false, false);
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** Every problem of {@code json} as a template: the schema's, then the checks a schema cannot express. */
  public List<Problem> validate(JsonNode json) {
    List<Problem> problems = new ArrayList<>(schema.check(json));
    if (!problems.isEmpty()) {
      return problems;
    }
    Set<String> stepIds = new HashSet<>();
    JsonNode steps = json.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      if (!stepIds.add(step.path("id").asText())) {
        problems.add(new Problem("/steps/" + i + "/id", "step id '" + step.path("id").asText() + "' is used twice"));
      }
      for (String list : List.of("competences", "roles", "fields")) {
        Set<String> ids = new HashSet<>();
        JsonNode items = step.path(list);
        for (int j = 0; j < items.size(); j++) {
          if (!ids.add(items.get(j).path("id").asText())) {
            problems.add(new Problem("/steps/" + i + "/" + list + "/" + j + "/id",
                "id '" + items.get(j).path("id").asText() + "' is used twice in this step"));
          }
        }
      }
    }
    return problems;
  }

  /** Validates and stores an uploaded template. A version that exists already is refused. */
  public Template upload(String body) {
    if (body.length() > MAX_TEMPLATE_BYTES) {
      throw new InvalidTemplate(List.of(new Problem("", "a template is at most " + MAX_TEMPLATE_BYTES + " bytes")));
    }
    JsonNode json;
    try {
      json = DomainJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // A nesting or size limit of the parser has no location.
      String where = e.getLocation() == null ? ": " + e.getOriginalMessage().split("\\(")[0].strip()
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw new InvalidTemplate(List.of(new Problem("", "not valid JSON" + where)));
    }
    if (json == null || !json.isObject()) {
      throw new InvalidTemplate(List.of(new Problem("", "a template is a JSON object")));
    }
    List<Problem> problems = validate(json);
    if (!problems.isEmpty()) {
      throw new InvalidTemplate(problems);
    }
    Template t = new Template(json.path("id").asText(), json.path("version").asInt(), json, false);
    if (find(t.id(), t.version()).isPresent()) {
      throw new InvalidTemplate(List.of(new Problem("/version",
          "version " + t.version() + " of '" + t.id() + "' exists already; a template version never changes, raise the version")));
    }
    if (store != null) {
      store.saveTemplate(t.id(), t.version(), body);
    }
    known.put(key(t.id(), t.version()), t);
    return t;
  }

  public Optional<Template> find(String id, int version) {
    Template t = known.get(key(id, version));
    if (t == null && store != null) {
      t = store.loadTemplate(id, version).map(json -> new Template(id, version, read(json), false)).orElse(null);
      if (t != null) {
        known.put(key(id, version), t);
      }
    }
    return Optional.ofNullable(t);
  }

  /** The newest version of every template. */
  public Collection<Template> newest() {
    if (store != null) {
      for (String json : store.listTemplates()) {
        JsonNode node = read(json);
        known.putIfAbsent(key(node.path("id").asText(), node.path("version").asInt()),
            new Template(node.path("id").asText(), node.path("version").asInt(), node, false));
      }
    }
    Map<String, Template> newest = new java.util.TreeMap<>();
    for (Template t : known.values()) {
      newest.merge(t.id(), t, (a, b) -> a.version() >= b.version() ? a : b);
    }
    return newest.values();
  }

  public Optional<Template> newest(String id) {
    return newest().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  private static String key(String id, int version) {
    return id + "@" + version;
  }

  private static JsonNode read(String json) {
    try {
      return DomainJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored template is unreadable", e);
    }
  }

  private static JsonNode readClasspath(String resource) {
    try (InputStream in = TemplateRegistry.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return DomainJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

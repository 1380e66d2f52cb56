package nl.werkplaats.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/** A JSON Schema (draft 2020-12) from the classpath, answering problems as JSON Pointer paths. */
public final class SchemaCheck {
  private final JsonSchema schema;

  private SchemaCheck(JsonSchema schema) {
    this.schema = schema;
  }

  public static SchemaCheck fromClasspath(String resource) {
    try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema not on the classpath: " + resource);
      }
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
      return new SchemaCheck(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  /** A problem at {@code path} (a JSON Pointer, "" for the whole document). */
  public record Problem(String path, String message) {}

  /**
   * The document's problems, sorted by path; never throws: a value the validator cannot handle (a number
   * beyond a double, such as 1e400, in an enum) is a problem of the document, not a failure.
   */
  public List<Problem> check(JsonNode document) {
    java.util.Set<ValidationMessage> messages;
    try {
      messages = schema.validate(document);
    } catch (RuntimeException e) {
      return List.of(new Problem("", "a value the schema cannot take (a number out of range?)"));
    }
    return messages.stream()
        .map(SchemaCheck::problem)
        .distinct()
        .sorted(Comparator.comparing(Problem::path).thenComparing(Problem::message))
        .toList();
  }

  private static Problem problem(ValidationMessage m) {
    String path = m.getInstanceLocation().toString();
    if (m.getProperty() != null && ("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))) {
      path = path + "/" + m.getProperty();
    }
    String message = m.getMessage();
    // The library prefixes messages with the path; the path is reported separately.
    int colon = message.indexOf(": ");
    if (colon >= 0 && message.startsWith(m.getInstanceLocation().toString())) {
      message = message.substring(colon + 2);
    }
    return new Problem(path, message);
  }
}

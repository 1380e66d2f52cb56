package nl.werkplaats.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.DomainJson;
import nl.werkplaats.room.ErrorCode;
import nl.werkplaats.room.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The wire contract has one source, src/protocol/*.schema.json (the web client's types are generated from it):
 * this fails when the server's command, event or error-code types differ from the schemas.
 */
class SchemaDriftTest {

  private static JsonNode schema(String name) throws Exception {
    try (InputStream in = SchemaDriftTest.class.getClassLoader().getResourceAsStream("protocol/" + name)) {
      return DomainJson.MAPPER.readTree(in);
    }
  }

  private static Set<String> subTypes(Class<?> type) {
    return Arrays.stream(type.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  @DisplayName("every command the server reads is in client-message.schema.json, and nothing else")
  void commands() throws Exception {
    Set<String> server = subTypes(Command.class);
    server.removeAll(Set.of("join", "claim-facilitator")); // issued by the gateway, never sent by a client
    Set<String> schema = new TreeSet<>();
    schema("client-message.schema.json").path("properties").path("type").path("enum").forEach(n -> schema.add(n.asText()));
    schema.removeAll(Set.of("hello", "ping", "resync", "typing")); // connection messages, not commands
    assertEquals(schema, server);
    JsonNode defs = schema("client-message.schema.json").path("$defs");
    for (String type : server) {
      assertEquals(type, defs.path(type).path("properties").path("type").path("const").asText(), "a $defs entry for " + type);
    }
  }

  @Test
  @DisplayName("the connection messages (hello, ping, resync, typing) each have their $defs entry")
  void connectionMessages() throws Exception {
    JsonNode defs = schema("client-message.schema.json").path("$defs");
    for (String type : Set.of("hello", "ping", "resync", "typing")) {
      assertEquals(type, defs.path(type).path("properties").path("type").path("const").asText(), "a $defs entry for " + type);
    }
  }

  @Test
  @DisplayName("every event the server sends is in server-message.schema.json, and nothing else")
  void events() throws Exception {
    JsonNode defs = schema("server-message.schema.json").path("$defs");
    Set<String> schema = new TreeSet<>();
    for (JsonNode ref : defs.path("event").path("oneOf")) {
      String name = ref.path("$ref").asText().replace("#/$defs/", "");
      schema.add(defs.path(name).path("properties").path("type").path("const").asText());
    }
    assertEquals(schema, subTypes(Event.class));
  }

  @Test
  @DisplayName("the error codes are the same list on both sides")
  void errorCodes() throws Exception {
    Set<String> schema = new TreeSet<>();
    schema("server-message.schema.json").path("$defs").path("msg-error").path("properties").path("code").path("enum")
        .forEach(n -> schema.add(n.asText()));
    Set<String> server = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(schema, server);
  }
}

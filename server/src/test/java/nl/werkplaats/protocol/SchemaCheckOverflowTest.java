package nl.werkplaats.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;

import nl.werkplaats.room.DomainJson;
import org.junit.jupiter.api.Test;

/** Numbers the validator cannot compare are problems of the message, never exceptions. */
class SchemaCheckOverflowTest {
  private static final SchemaCheck CLIENT = SchemaCheck.fromClasspath("protocol/client-message.schema.json");

  @Test
  void overflowingNumbersInEnumFields() throws Exception {
    for (String m : new String[] {
        "{\"type\":\"set-status\",\"commandId\":\"x1\",\"step\":6,\"status\":1e400}",
        "{\"type\":\"vote\",\"commandId\":\"x2\",\"step\":6,\"cardId\":\"c-1\",\"delta\":1e400}",
        "{\"type\":\"set-role\",\"commandId\":\"x3\",\"participantId\":\"p-1\",\"role\":-1e400}",
        "{\"type\":\"hello\",\"protocol\":1,\"roomId\":\"r-1\",\"auth\":{\"kind\":\"join\",\"name\":\"A\","
            + "\"organisation\":\"B\",\"role\":1e400}}"}) {
      assertFalse(CLIENT.check(DomainJson.MAPPER.readTree(m)).isEmpty(), m);
    }
  }
}

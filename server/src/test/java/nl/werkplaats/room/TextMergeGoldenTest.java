package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * src/protocol/text-merge-cases.json pins what the server makes of concurrent edits; the browser client is
 * tested against the same file, so that its optimistic view equals what the server stores.
 */
class TextMergeGoldenTest {

  @Test
  @DisplayName("the server merges every shared case exactly as the contract file says")
  void sharedCases() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("protocol/text-merge-cases.json")) {
      JsonNode cases = DomainJson.MAPPER.readTree(in).path("cases");
      assertEquals(true, cases.size() > 40);
      for (JsonNode c : cases) {
        assertEquals(c.path("merged").asText(),
            TextMerge.merge(c.path("base").asText(), c.path("mine").asText(), c.path("current").asText()), c.toString());
      }
    }
  }
}

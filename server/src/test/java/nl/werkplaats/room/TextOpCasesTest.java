package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** src/protocol/text-ot-cases.json: the browser client runs the same cases (web-client/test/textOt.test.ts). */
class TextOpCasesTest {

  private static JsonNode cases() throws Exception {
    try (InputStream in = TextOpCasesTest.class.getClassLoader().getResourceAsStream("protocol/text-ot-cases.json")) {
      return DomainJson.MAPPER.readTree(in);
    }
  }

  static TextOp op(JsonNode node) {
    return TextOp.fromJson(DomainJson.MAPPER.convertValue(node, new TypeReference<List<Object>>() {}));
  }

  @TestFactory
  Stream<DynamicTest> sharedCases() throws Exception {
    JsonNode all = cases();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : all.get("apply")) {
      tests.add(DynamicTest.dynamicTest("apply: " + c.get("name").asText(), () -> {
        String doc = c.get("doc").asText();
        if (c.path("error").asBoolean()) {
          assertThrows(IllegalArgumentException.class, () -> op(c.get("op")).apply(doc));
        } else {
          assertEquals(c.get("result").asText(), op(c.get("op")).apply(doc));
        }
      }));
    }
    for (JsonNode c : all.get("compose")) {
      tests.add(DynamicTest.dynamicTest("compose: " + c.get("name").asText(), () -> {
        TextOp a = op(c.get("a"));
        TextOp b = op(c.get("b"));
        TextOp ab = TextOp.compose(a, b);
        assertEquals(op(c.get("result")), ab);
        String doc = c.get("doc").asText();
        assertEquals(b.apply(a.apply(doc)), ab.apply(doc));
      }));
    }
    for (JsonNode c : all.get("transform")) {
      tests.add(DynamicTest.dynamicTest("transform: " + c.get("name").asText(), () -> {
        TextOp a = op(c.get("a"));
        TextOp b = op(c.get("b"));
        if (c.path("error").asBoolean()) {
          assertThrows(IllegalArgumentException.class, () -> TextOp.transform(a, b));
          return;
        }
        TextOp.Pair p = TextOp.transform(a, b);
        String doc = c.get("doc").asText();
        String viaA = p.b().apply(a.apply(doc));
        String viaB = p.a().apply(b.apply(doc));
        assertEquals(c.get("result").asText(), viaA);
        assertEquals(viaA, viaB, "both orders give the same text");
        if (c.has("aPrime")) {
          assertEquals(op(c.get("aPrime")), p.a());
          assertEquals(op(c.get("bPrime")), p.b());
        }
      }));
    }
    for (JsonNode c : all.get("transformIndex")) {
      tests.add(DynamicTest.dynamicTest("transformIndex: " + c.get("name").asText(), () ->
          assertEquals(c.get("result").asInt(),
              TextOp.transformIndex(op(c.get("op")), c.get("index").asInt(), c.get("stay").asBoolean()))));
    }
    return tests.stream();
  }
}

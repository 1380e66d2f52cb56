package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** src/protocol/organisation-cases.json: the one rule for who answers for an organisation. */
class OrganisationCasesTest {

  @TestFactory
  Stream<DynamicTest> sharedCases() throws Exception {
    JsonNode all;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("protocol/organisation-cases.json")) {
      all = DomainJson.MAPPER.readTree(in);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : all.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
        RoomState s = new RoomState();
        int i = 0;
        for (JsonNode p : c.get("participants")) {
          String id = "p-" + (i++);
          s.participants.put(id, new Participant(id, "Iemand", p.get("organisation").asText(), "",
              DomainJson.MAPPER.treeToValue(p.get("role"), Role.class), i, p.path("removed").asBoolean()));
        }
        List<String> expected = new ArrayList<>();
        c.get("organisations").forEach(o -> expected.add(o.asText()));
        assertEquals(expected, s.organisations());
      }));
    }
    return tests.stream();
  }

  @Test
  @DisplayName("a participant promoted to co-facilitator still writes their organisation's answer; the facilitator's organisation has none")
  void promotedKeepsTheirOrganisation() {
    TestRoom r = TestRoom.at(TestRoom.CHECKLIST);
    r.ok(TestRoom.FAC, new Command.SetRole(TestRoom.ANNA, Role.CO_FACILITATOR));
    String org = r.participant(TestRoom.ANNA).organisation();
    r.ok(TestRoom.ANNA, Texts.typed(TestRoom.CHECKLIST, "org:" + org, "Ja"));
    String host = r.participant(TestRoom.FAC).organisation();
    if (!r.s.organisations().contains(host)) {
      assertEquals(ErrorCode.NOT_FOUND, r.refused(TestRoom.FAC, Texts.typed(TestRoom.CHECKLIST, "org:" + host, "x")));
    }
  }
}

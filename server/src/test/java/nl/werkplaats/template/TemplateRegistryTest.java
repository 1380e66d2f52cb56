package nl.werkplaats.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.werkplaats.protocol.SchemaCheck.Problem;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;
import nl.werkplaats.template.TemplateRegistry.InvalidTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Workshop templates: the built-in ones, uploads and validation")
class TemplateRegistryTest {
  private static TemplateRegistry registry;

  /** A fresh registry (built-ins only, no store) for every test. */
  @BeforeEach
  void load() {
    registry = new TemplateRegistry(null);
  }

  private static Path brokenDir() {
    try {
      return Path.of(TemplateRegistryTest.class.getClassLoader().getResource("templates/broken/EXPECTED.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The table of EXPECTED.md: fixture file -> the JSON Pointer its error must name. */
  private static Map<String, String> expected() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\|\\s*`([^`]+\\.json)`\\s*\\|\\s*`([^`]*)`\\s*\\|")
        .matcher(Files.readString(brokenDir().resolve("EXPECTED.md")));
    while (m.find()) {
      rows.put(m.group(1), m.group(2));
    }
    return rows;
  }

  static Stream<Arguments> brokenFixtures() throws IOException {
    return expected().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<StepType> types(Template t) {
    return t.agenda().stream().map(StepSpec::type).toList();
  }

  /** A valid template of our own, made from a built-in one. */
  private static ObjectNode custom(String id, int version) {
    ObjectNode json = registry.newest("data-team-start").orElseThrow().json().deepCopy();
    json.put("id", id);
    json.put("version", version);
    return json;
  }

  private static List<String> paths(InvalidTemplate e) {
    return e.problems().stream().map(Problem::path).toList();
  }

  @Test
  @DisplayName("The built-in templates pass validation")
  void builtInsAreValid() {
    for (String id : List.of("checklist-samen-data-delen", "data-team-start", "project-follow-up")) {
      Template t = registry.find(id, 1).orElseThrow(() -> new AssertionError(id + " is not built in"));
      assertTrue(t.builtIn());
      assertEquals(List.of(), registry.validate(t.json()), id);
    }
    assertEquals(Set.of("checklist-samen-data-delen", "data-team-start", "project-follow-up"),
        registry.newest().stream().map(Template::id).collect(Collectors.toSet()));
  }

  @Test
  @DisplayName("Data Team Start gives its nine steps, with the card, canvas, competence and role settings a room needs")
  void dataTeamStartAgenda() {
    Template t = registry.newest("data-team-start").orElseThrow();
    assertEquals(List.of(StepType.INFO, StepType.CARDS, StepType.CANVAS, StepType.COMPETENCES, StepType.INFO,
        StepType.ROLES, StepType.CARDS, StepType.AGREEMENTS, StepType.EVALUATION), types(t));
    List<StepSpec> agenda = t.agenda();
    assertEquals(240 * 60, agenda.stream().mapToInt(StepSpec::durationSeconds).sum(), "four hours");
    StepSpec reflection = agenda.get(6);
    assertEquals("collaboration-reflection", reflection.id());
    assertTrue(reflection.privateUntilReveal());
    assertEquals(3, reflection.votesPerParticipant());
    assertEquals(9, reflection.maxCardsPerParticipant());
    assertEquals(3, reflection.prompts());
    StepSpec checkIn = agenda.get(1);
    assertFalse(checkIn.privateUntilReveal());
    assertEquals(0, checkIn.votesPerParticipant());
    assertTrue(agenda.get(2).fieldIds().contains("main-question"));
    assertEquals(12, agenda.get(3).competenceIds().size());
    assertTrue(agenda.get(5).roleIds().contains("data-steward"));
  }

  @Test
  @DisplayName("The Checklist gives a welcome, 17 questions around a break, the agreements and an evaluation")
  void checklistAgenda() {
    List<StepType> types = types(registry.newest("checklist-samen-data-delen").orElseThrow());
    List<StepType> expected = new ArrayList<>();
    expected.add(StepType.INFO);
    expected.addAll(Collections.nCopies(9, StepType.CHECKLIST_QUESTION));
    expected.add(StepType.INFO);
    expected.addAll(Collections.nCopies(8, StepType.CHECKLIST_QUESTION));
    expected.add(StepType.AGREEMENTS);
    expected.add(StepType.EVALUATION);
    assertEquals(expected, types);
    assertEquals(210 * 60, registry.newest("checklist-samen-data-delen").orElseThrow().agenda().stream()
        .mapToInt(StepSpec::durationSeconds).sum(), "three and a half hours");
  }

  @Test
  @DisplayName("A room can be made from each built-in agenda")
  void roomsFromBuiltIns() {
    for (Template t : registry.newest()) {
      RoomState s = Room.create("r-x", "Sessie", t.id(), t.version(), "nl", false, "ABC123", t.agenda(), "f", "o", 1L);
      assertEquals(t.agenda().size(), s.runtime.size());
    }
  }

  @Test
  @DisplayName("EXPECTED.md names every broken fixture, and every fixture is in it")
  void everyFixtureIsListed() throws IOException {
    Set<String> files;
    try (Stream<Path> list = Files.list(brokenDir())) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(files, new TreeSet<>(expected().keySet()));
    assertEquals(12, files.size());
  }

  @ParameterizedTest(name = "{0} is refused at {1}")
  @MethodSource("brokenFixtures")
  @DisplayName("Each broken template is refused with a problem at exactly the place EXPECTED.md names")
  void brokenTemplateRefused(String file, String pointer) {
    String body = read(brokenDir().resolve(file));
    InvalidTemplate e = assertThrows(InvalidTemplate.class, () -> registry.upload(body), file + " was accepted");
    List<String> paths = paths(e);
    assertTrue(paths.contains(pointer), file + ": expected a problem at " + pointer + ", got " + e.problems());
    for (String p : paths) {
      assertTrue(pointer.equals(p) || pointer.startsWith(p + "/"),
          file + ": a problem at " + p + " is neither " + pointer + " nor above it: " + e.problems());
    }
    for (Problem p : e.problems()) {
      assertFalse(p.message().isBlank(), "every problem says what is wrong");
    }
    String id = body.replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([^\"]*)\".*$", "$1");
    assertTrue(registry.find(id, 1).isEmpty(), "a refused upload stores nothing (" + id + ")");
  }

  @Test
  @DisplayName("Uploading the same id and version twice is refused; a higher version is taken and becomes the newest")
  void sameVersionTwice() {
    String id = "gemeente-voorbeeld-teamstart";
    Template first = registry.upload(custom(id, 1).toString());
    assertFalse(first.builtIn());
    InvalidTemplate again = assertThrows(InvalidTemplate.class, () -> registry.upload(custom(id, 1).put("title",
        "changed").toString().replace("\"title\":\"changed\"", "\"title\":{\"nl\":\"Anders\",\"en\":\"Changed\"}")));
    assertEquals(List.of("/version"), paths(again));
    assertEquals(first.json(), registry.find(id, 1).orElseThrow().json(), "version 1 did not change");

    registry.upload(custom(id, 2).toString());
    assertEquals(2, registry.newest(id).orElseThrow().version());
    assertNotNull(registry.find(id, 1).orElse(null), "older versions stay available for rooms that pinned them");
  }

  @Test
  @DisplayName("A built-in template cannot be overwritten by an upload")
  void builtInCannotBeReplaced() {
    ObjectNode copy = custom("data-team-start", 1);
    InvalidTemplate e = assertThrows(InvalidTemplate.class, () -> registry.upload(copy.toString()));
    assertEquals(List.of("/version"), paths(e));
    assertTrue(registry.find("data-team-start", 1).orElseThrow().builtIn());
  }

  @Test
  @DisplayName("Something that is not JSON, or not an object, is refused at the document")
  void notATemplate() {
    assertEquals(List.of(""), paths(assertThrows(InvalidTemplate.class, () -> registry.upload("{\"id\": "))));
    assertEquals(List.of(""), paths(assertThrows(InvalidTemplate.class, () -> registry.upload("[1, 2]"))));
  }

  @Test
  @DisplayName("What participants get of a template holds no facilitator notes anywhere, and the template itself keeps them")
  void forParticipantsHasNoFacilitatorNotes() {
    registry.upload(custom("gemeente-voorbeeld-notities", 1).toString());
    for (Template t : registry.newest()) {
      JsonNode shown = t.forParticipants();
      assertFalse(containsField(shown, "facilitatorNotes"), t.id());
      for (JsonNode step : shown.path("steps")) {
        assertTrue(step.has("instructions"), "participants still get the instructions");
      }
      assertEquals(t.json().path("steps").size(), shown.path("steps").size());
      assertTrue(t.json().path("steps").get(0).has("facilitatorNotes"), "the facilitators' copy is untouched");
    }
  }

  private static boolean containsField(JsonNode node, String name) {
    if (node.isObject()) {
      var it = node.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (e.getKey().equals(name) || containsField(e.getValue(), name)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (containsField(item, name)) {
          return true;
        }
      }
    }
    return false;
  }
}

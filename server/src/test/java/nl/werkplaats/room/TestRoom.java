package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A small room for the tests: a hand-made agenda with one step of every type, a facilitator, three
 * participants from two organisations and an observer. Commands are judged and applied the way the cluster
 * does it (decide, then evolve every event); the clock only moves when a test says so.
 */
final class TestRoom {
  static final String FAC = "p-fac";
  static final String ANNA = "p-anna";
  static final String BRAM = "p-bram";
  static final String CHRIS = "p-chris";
  static final String OBS = "p-obs";

  static final String GOUDA = "Gemeente Gouda";
  static final String UTRECHT = "Provincie Utrecht";

  static final int INFO = 0;
  static final int CHECKLIST = 1;
  static final int PRIVATE_CARDS = 2;
  static final int CANVAS = 3;
  static final int COMPETENCES = 4;
  static final int ROLES = 5;
  static final int AGREEMENTS = 6;
  static final int EVALUATION = 7;
  static final int OPEN_CARDS = 8;

  static final long T0 = 1_764_000_000_000L;
  static final String FACILITATOR_LINK_HASH = "hash-of-the-facilitator-link";

  RoomState s;
  long now = T0;

  /** One step of every type; durations in seconds. */
  static List<StepSpec> agenda() {
    return List.of(
        StepSpec.simple("welcome", StepType.INFO, 600),
        StepSpec.simple("legal-basis", StepType.CHECKLIST_QUESTION, 480),
        new StepSpec("reflection", StepType.CARDS, 900, true, 3, 3, 2, null, null, null),
        new StepSpec("canvas", StepType.CANVAS, 1200, false, 0, 0, 0, null, null, List.of("goal", "data-sources")),
        new StepSpec("competences", StepType.COMPETENCES, 900, false, 0, 0, 0,
            List.of("data-analysis", "privacy-and-law"), null, null),
        new StepSpec("roles", StepType.ROLES, 900, false, 0, 0, 0, null, List.of("project-lead", "data-steward"), null),
        StepSpec.simple("agreements", StepType.AGREEMENTS, 1200),
        StepSpec.simple("evaluation", StepType.EVALUATION, 600),
        new StepSpec("check-in", StepType.CARDS, 600, false, 0, 2, 1, null, null, null));
  }

  /** In the lobby, everybody in. */
  static TestRoom lobby() {
    TestRoom r = new TestRoom();
    r.s = Room.create("r-test", "Datadelen Midden-Holland", "test", 1, "nl", false, "KX7M4Q", agenda(),
        FACILITATOR_LINK_HASH, "hash-of-the-organiser-key", T0);
    r.ok(null, new Command.ClaimFacilitator(FAC, "Fenna", "Datawerkplaats", "tok-fac", FACILITATOR_LINK_HASH));
    r.ok(null, new Command.Join(ANNA, "Anna", GOUDA, "beleidsadviseur", Role.PARTICIPANT, "tok-anna"));
    r.ok(null, new Command.Join(BRAM, "Bram", "gemeente gouda", "data-analist", Role.PARTICIPANT, "tok-bram"));
    r.ok(null, new Command.Join(CHRIS, "Chris", UTRECHT, "privacy officer", Role.PARTICIPANT, "tok-chris"));
    r.ok(null, new Command.Join(OBS, "Olga", "Rijksoverheid", null, Role.OBSERVER, "tok-obs"));
    return r;
  }

  /** Started: step 0 is open and its timer runs. */
  static TestRoom running() {
    TestRoom r = lobby();
    r.ok(FAC, new Command.Start());
    return r;
  }

  /** Running, at {@code step} (opened by the facilitator). */
  static TestRoom at(int step) {
    TestRoom r = running();
    if (step != 0) {
      r.ok(FAC, new Command.GoToStep(step));
    }
    return r;
  }

  /** Judges and applies; fails the test when the room refuses. */
  List<Event> ok(String actor, Command command) {
    List<Event> events;
    try {
      events = Room.decide(s, actor, command, now);
    } catch (Rejected r) {
      throw new AssertionError(command + " by " + actor + " was refused: " + r.code() + " " + r.getMessage(), r);
    }
    for (Event e : events) {
      Room.evolve(s, e);
    }
    return events;
  }

  /** Expects a refusal; checks that nothing changed, and answers the error code. */
  ErrorCode refused(String actor, Command command) {
    String before = json(s);
    try {
      List<Event> events = Room.decide(s, actor, command, now);
      fail(command + " by " + actor + " was accepted, giving " + events);
      return null;
    } catch (Rejected r) {
      assertEquals(before, json(s), "a refused command must not change the room");
      return r.code();
    }
  }

  void tick(long ms) {
    now += ms;
  }

  StepRuntime runtime(int step) {
    return s.runtime.get(step);
  }

  StepContent content(int step) {
    return s.content.get(step);
  }

  Participant participant(String id) {
    return s.participant(id);
  }

  /** The room as {@code viewer} gets it in a welcome: the public JSON of {@link Room#view}. */
  JsonNode viewOf(String viewer) {
    return publicTree(Room.view(s, viewer));
  }

  static String json(Object value) {
    try {
      return DomainJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a client receives: the public JSON (never the server-only fields). */
  static JsonNode publicTree(Object value) {
    try {
      return DomainJson.MAPPER.readTree(DomainJson.PUBLIC.writeValueAsBytes(value));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

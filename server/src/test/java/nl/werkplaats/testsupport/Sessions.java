package nl.werkplaats.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import nl.werkplaats.cluster.RoomRecord;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.Event;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.SequencedEvent;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;

/**
 * Whole workshop sessions for tests, driven through {@link Room#decide} and {@link Room#evolve} as the
 * cluster's entry processor does, with participants from three organisations and answers that try to break
 * every output format.
 */
public final class Sessions {
  public static final String SCRIPT = "<script>alert(1)</script>";
  public static final String FORMULA = "=HYPERLINK(\"http://x\",\"y\")";
  public static final String EMOJI = "🎉";
  public static final String ARABIC = "مرحبا";
  public static final String DUTCH = "Coördinatie bij de provincie; ĳverig overleg, kosten € 12.500 per jaar";
  public static final String FACILITATOR_TOKEN = "facilitator-token-123";
  public static final String ORGANISER_TOKEN = "organiser-token-456";

  public static final long T0 = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sessions() {}

  public static String templateJson(String id) {
    try (InputStream in = Sessions.class.getResourceAsStream("/templates/" + id + ".json")) {
      if (in == null) {
        throw new IllegalStateException("no fixture template " + id);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode template(String id) {
    try {
      return JSON.readTree(templateJson(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The steps a room pins from its template (what the template package will do). */
  public static List<StepSpec> agenda(JsonNode template) {
    List<StepSpec> out = new ArrayList<>();
    for (JsonNode step : template.path("steps")) {
      StepType type = JSON.convertValue(step.path("type").asText(), StepType.class);
      JsonNode cards = step.path("cards");
      out.add(new StepSpec(step.path("id").asText(), type, step.path("durationMinutes").asInt() * 60,
          cards.path("privateUntilReveal").asBoolean(), cards.path("votesPerParticipant").asInt(),
          cards.path("maxCardsPerParticipant").asInt(), cards.path("prompts").size(),
          ids(step.path("competences")), ids(step.path("roles")), ids(step.path("fields"))));
    }
    return out;
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  public static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs commands against one room like the cluster's entry processor, handing every change to a sink. */
  public static final class Driver {
    public final RoomRecord record;
    private final Consumer<RoomRecord> sink;
    private long now;
    private int commandNo;

    public Driver(RoomState state, Consumer<RoomRecord> sink) {
      this.record = RoomRecord.of(state);
      this.sink = sink;
      this.now = state.createdAt;
      sink.accept(record); // a newly created room: no events yet
    }

    public RoomState state() {
      return record.state;
    }

    public long now() {
      return now;
    }

    /** Applies {@code command} from {@code actor} one minute after the previous one. */
    public List<SequencedEvent> run(String actor, Command command) {
      now += 60_000;
      List<Event> events = Room.decide(record.state, actor, command, now);
      List<SequencedEvent> batch = new ArrayList<>();
      for (Event e : events) {
        Room.evolve(record.state, e);
        batch.add(new SequencedEvent(record.state.seq, e));
      }
      if (!batch.isEmpty()) {
        record.remember((actor == null ? "gateway" : actor) + ":cmd-" + (++commandNo), batch);
        sink.accept(record);
      }
      return batch;
    }

    public String lastCommandKey() {
      return record.lastCommandKey;
    }

    void edit(String actor, int step, String key, String text) {
      run(actor, nl.werkplaats.room.Texts.replace(record.state, step, key, text));
    }
  }

  private static Driver room(String roomId, String templateId, String title, String language, boolean anonymous,
      Consumer<RoomRecord> sink) {
    JsonNode template = template(templateId);
    RoomState s = Room.create(roomId, title, templateId, template.path("version").asInt(), language, anonymous,
        "JC" + Math.abs(roomId.hashCode() % 10000), agenda(template), sha256Hex(FACILITATOR_TOKEN),
        sha256Hex(ORGANISER_TOKEN), T0);
    Driver d = new Driver(s, sink);
    d.run(null, new Command.ClaimFacilitator("fac", "Fleur de Begeleider", "Gemeente Gouda", sha256Hex("p-fac"),
        sha256Hex(FACILITATOR_TOKEN)));
    d.run(null, new Command.Join("p1", "Anouk de Vries", "Gemeente Gouda", "beleidsadviseur", Role.PARTICIPANT,
        sha256Hex("p-1")));
    d.run(null, new Command.Join("p2", "Joëlle Bakker", "Provincie Zuid-Holland", "data-analist", Role.PARTICIPANT,
        sha256Hex("p-2")));
    d.run(null, new Command.Join("p3", "Ĳsbrand Müller", "Universiteit Utrecht", "privacyadviseur", Role.PARTICIPANT,
        sha256Hex("p-3")));
    d.run(null, new Command.Join("obs", "Olaf Observer", "gemeente gouda", "", Role.OBSERVER, sha256Hex("p-obs")));
    return d;
  }

  /** A Checklist Samen Data Delen session, run to its end. */
  public static Driver checklist(String roomId, Consumer<RoomRecord> sink) {
    Driver d = room(roomId, "checklist-samen-data-delen", "Datadelen jeugdzorg Gouda–Zuid-Holland", "nl", false, sink);
    d.run("fac", new Command.Start());
    d.run("fac", new Command.Next()); // 1: societal-issue
    d.edit("p1", 1, "org:Gemeente Gouda", SCRIPT);
    d.edit("p2", 1, "org:Provincie Zuid-Holland", FORMULA);
    d.edit("p3", 1, "org:Universiteit Utrecht", "Onderzoek naar jeugdzorg " + EMOJI + " en " + ARABIC);
    d.edit("fac", 1, "joint", DUTCH);
    d.run("fac", new Command.SetStatus(1, ChecklistStatus.AGREED));
    d.run("p1", new Command.SaveAgreement(null, 1, "DPIA laten uitvoeren; vóór de zomer", "Anouk, privacy", "2026-06-30"));
    d.run("fac", new Command.Next()); // 2: goal-and-result
    d.edit("p1", 2, "org:Gemeente Gouda", "Minder wachttijd\nin de jeugdzorg");
    d.edit("fac", 2, "joint", "Eerst een pilot, \"klein beginnen\"");
    d.run("p2", new Command.SaveAgreement(null, 2, FORMULA + " " + SCRIPT, "Joëlle, provincie", "2026-09-01"));
    d.run("fac", new Command.GoToStep(14)); // dpia
    d.edit("p3", 14, "org:Universiteit Utrecht", "Ja, een DPIA is nodig");
    d.run("fac", new Command.SetStatus(14, ChecklistStatus.NOT_APPLICABLE));
    d.run("fac", new Command.GoToStep(19)); // tasks-and-agreements
    d.run("fac", new Command.SaveAgreement(null, 19, "Convenant opstellen, met bijlage " + EMOJI, "Gemeente Gouda", null));
    d.run("fac", new Command.GoToStep(20)); // evaluation
    d.run("p1", new Command.Evaluate(20, 8, "Meer tijd voor de juridische vragen"));
    d.run("p2", new Command.Evaluate(20, 7, SCRIPT));
    d.run("p3", new Command.Evaluate(20, 9, ""));
    d.run("fac", new Command.Reveal(20));
    d.run("fac", new Command.End());
    return d;
  }

  /**
   * A small Checklist session, run to its end: Ĳsbrand is removed, so two people take part and both give a
   * mark (5 and 6, tips "Te kort"); the first question is agreed, the second still open.
   */
  public static Driver checklistOfTwo(String roomId, Consumer<RoomRecord> sink) {
    Driver d = room(roomId, "checklist-samen-data-delen", "Kleine verkenning", "nl", false, sink);
    d.run("fac", new Command.RemoveParticipant("p3", null));
    d.run("fac", new Command.Start());
    d.run("fac", new Command.Next()); // 1: societal-issue
    d.run("fac", new Command.SetStatus(1, ChecklistStatus.AGREED));
    d.run("fac", new Command.Next()); // 2: goal-and-result
    d.run("fac", new Command.GoToStep(20)); // evaluation
    d.run("p1", new Command.Evaluate(20, 5, "Te kort"));
    d.run("p2", new Command.Evaluate(20, 6, ""));
    d.run("fac", new Command.End());
    return d;
  }

  /** A Data Team Start session (English), run to its end. */
  public static Driver teamStart(String roomId, Consumer<RoomRecord> sink) {
    Driver d = room(roomId, "data-team-start", "Data team start — Achterhoek", "en", false, sink);
    d.run("fac", new Command.Start());
    d.run("fac", new Command.Next()); // 1: check-in cards
    d.run("p1", new Command.AddCard(1, 0, "Zin in " + EMOJI));
    d.run("fac", new Command.Next()); // 2: canvas
    d.edit("p2", 2, "field:societal-issue", "Jeugdzorg kost te veel; " + ARABIC);
    d.edit("p3", 2, "field:main-question", SCRIPT);
    d.run("fac", new Command.Next()); // 3: competences
    d.run("p1", new Command.Rate(3, "domain-knowledge", 5));
    d.run("p2", new Command.Rate(3, "domain-knowledge", 3));
    d.run("p3", new Command.Rate(3, "domain-knowledge", 4));
    d.run("p2", new Command.Rate(3, "data-analysis", 4));
    d.run("p3", new Command.Rate(3, "data-analysis", 2));
    d.run("p1", new Command.Rate(3, "data-analysis", 1));
    d.run("fac", new Command.GoToStep(5)); // roles
    d.run("p1", new Command.TakeRole(5, "project-owner", "p1", true));
    d.run("p2", new Command.TakeRole(5, "project-lead", "p2", true));
    d.run("fac", new Command.TakeRole(5, "project-lead", "p3", true));
    d.run("fac", new Command.Next()); // 6: reflection, private until reveal, 3 dots each
    d.run("p1", new Command.AddCard(6, 0, "Open sfeer, " + EMOJI));
    d.run("p2", new Command.AddCard(6, 1, FORMULA));
    d.run("p3", new Command.AddCard(6, 1, SCRIPT + " " + ARABIC));
    d.run("p3", new Command.AddCard(6, 2, "Duidelijke besluiten"));
    d.run("fac", new Command.Reveal(6));
    d.run("fac", new Command.SaveGroup(6, null, "Communicatie & \"afstemming\""));
    String group = d.state().content.get(6).groups.keySet().iterator().next();
    List<String> cardIds = new ArrayList<>(d.state().content.get(6).cards.keySet());
    d.run("fac", new Command.MoveCard(6, cardIds.get(1), group));
    d.run("fac", new Command.MoveCard(6, cardIds.get(2), group));
    d.run("p1", new Command.Vote(6, cardIds.get(1), 1));
    d.run("p1", new Command.Vote(6, cardIds.get(1), 1));
    d.run("p2", new Command.Vote(6, cardIds.get(0), 1));
    d.run("p3", new Command.Vote(6, cardIds.get(2), 1));
    d.run("fac", new Command.Next()); // 7: agreements
    d.run("p1", new Command.SaveAgreement(null, 7, "Weekly stand-up, Tuesdays; " + SCRIPT, "Anouk", "2026-02-03"));
    d.run("p2", new Command.SaveAgreement(null, 7, FORMULA, "Joëlle", "2026-03-15"));
    d.run("fac", new Command.Next()); // 8: evaluation
    d.run("p1", new Command.Evaluate(8, 8, "Good " + EMOJI));
    d.run("p2", new Command.Evaluate(8, 6, FORMULA));
    d.run("fac", new Command.End());
    return d;
  }

  /**
   * A Data Team Start session in which a two-person organisation (Waterschap Rijnland) rates "data-analysis"
   * 1 and 2, an average (1.50) nobody else's ratings give: three people of Gemeente Gouda rate 5, one of
   * Provincie Zuid-Holland and one of Universiteit Utrecht rate 4. Anonymous or named, minimum group size 3.
   */
  public static Driver teamWithSmallGroup(String roomId, boolean anonymous) {
    Driver d = room(roomId, "data-team-start", "Datateam Rijnland", "nl", anonymous, r -> { });
    d.run(null, new Command.Join("p4", "Bas Jansen", "Gemeente Gouda", "", Role.PARTICIPANT, sha256Hex("p-4")));
    d.run(null, new Command.Join("p5", "Carla Smit", "Gemeente Gouda", "", Role.PARTICIPANT, sha256Hex("p-5")));
    d.run(null, new Command.Join("p6", "Dirk Visser", "Waterschap Rijnland", "", Role.PARTICIPANT, sha256Hex("p-6")));
    d.run(null, new Command.Join("p7", "Eva de Boer", "Waterschap Rijnland", "", Role.PARTICIPANT, sha256Hex("p-7")));
    d.run("fac", new Command.Start());
    d.run("fac", new Command.GoToStep(3)); // competences
    for (String p : List.of("p1", "p4", "p5")) {
      d.run(p, new Command.Rate(3, "data-analysis", 5));
    }
    d.run("p2", new Command.Rate(3, "data-analysis", 4));
    d.run("p3", new Command.Rate(3, "data-analysis", 4));
    d.run("p6", new Command.Rate(3, "data-analysis", 1));
    d.run("p7", new Command.Rate(3, "data-analysis", 2));
    d.run("fac", new Command.End());
    return d;
  }

  /**
   * A checklist session in which, at the first question, Gemeente Gouda (Anouk) and Provincie Zuid-Holland
   * (Joëlle) assent to the joint answer at revision 1, then Joëlle changes it (revision 2) and assents again;
   * Universiteit Utrecht never assents. Named or anonymous.
   */
  public static Driver checklistWithAssents(String roomId, boolean anonymous) {
    Driver d = room(roomId, "checklist-samen-data-delen", "Instemming per organisatie", "nl", anonymous, r -> { });
    d.run("fac", new Command.Start());
    d.run("fac", new Command.Next());
    d.edit("p1", 1, "joint", "Wij delen geaggregeerde cijfers.");
    d.run("p1", new Command.AssentJointAnswer(1, 1));
    d.run("p2", new Command.AssentJointAnswer(1, 1));
    d.edit("p2", 1, "joint", "Wij delen geaggregeerde cijfers per wijk.");
    d.run("p2", new Command.AssentJointAnswer(1, 2));
    d.run("fac", new Command.End());
    return d;
  }

  /**
   * A Checklist session whose first question is split into two mixed groups: each writes its joint answer,
   * group 2 also an agreement; back in plenary, group 2's result is merged; then the session ends.
   */
  public static Driver checklistWithGroups(String roomId, boolean anonymous) {
    Driver d = room(roomId, "checklist-samen-data-delen", "Groepswerk", "nl", anonymous, r -> { });
    if (anonymous) {
      // An anonymous session splits only into groups of at least its minimum group size (here 2, as set when it
      // was made): a fourth person, so that neither group is one person whose work would show who wrote it.
      d.state().minimumGroupSize = 2;
      d.run(null, new Command.Join("p4", "Pim Jansen", "Gemeente Gouda", "jurist", Role.PARTICIPANT, sha256Hex("p-4")));
    }
    d.run("fac", new Command.Start());
    d.run("fac", new Command.Next());
    d.run("fac", new Command.StartBreakout(1, "mixed", 2, null));
    d.edit("p1", 1, "joint", "Groep een deelt alleen met toestemming.");
    d.edit("p2", 1, "joint", "Alleen geaggregeerde cijfers.");
    d.run("p2", new Command.SaveAgreement(null, 1, "Zuid-Holland levert de cijfers", "Joëlle", "2026-03-01"));
    d.run("fac", new Command.BroadcastToGroups("Nog vijf minuten"));
    d.run("fac", new Command.EndBreakout());
    d.run("fac", new Command.MergeGroupResult(1, 2, "all"));
    d.run("fac", new Command.End());
    return d;
  }
}

package nl.werkplaats.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.werkplaats.cluster.RoomStorage;
import nl.werkplaats.room.ChecklistStatus;
import nl.werkplaats.room.Command;
import nl.werkplaats.room.Role;
import nl.werkplaats.room.Room;
import nl.werkplaats.room.RoomState;
import nl.werkplaats.room.StepSpec;
import nl.werkplaats.room.StepType;
import nl.werkplaats.store.H2Store;
import nl.werkplaats.store.Store;
import nl.werkplaats.summary.Format;
import nl.werkplaats.summary.SummaryService;
import nl.werkplaats.testsupport.Sessions;

/**
 * Scenario 5: freezing and rendering the PDF of a full Checklist Samen Data Delen session with 100
 * participants, built through the domain ({@link Room#decide}/{@link Room#evolve}, as the cluster's entry
 * processor does) and frozen with {@link SummaryService} on an embedded H2 store, as a node does at the end
 * of a session; the PDF is rendered from the stored summary, as a download does.
 */
final class SummaryBench {
  static final String TEMPLATE = "checklist-samen-data-delen";
  private static final String[] ORGANISATIONS = {
      "Gemeente Gouda", "Gemeente Utrecht", "Gemeente Zeist", "Provincie Utrecht", "Provincie Zuid-Holland",
      "Universiteit Utrecht", "Rijkswaterstaat", "CBS", "GGD regio Utrecht", "Waterschap De Stichtse Rijnlanden"};

  record Timing(long freezeMicros, long pdfMicros, int pdfBytes, int canonicalBytes, long seq) {
    long totalMicros() {
      return freezeMicros + pdfMicros;
    }
  }

  record Result(Timing cold, List<Timing> warm, int participants) {
    long warmMedianMicros() {
      long[] t = warm.stream().mapToLong(Timing::totalMicros).sorted().toArray();
      return t[t.length / 2];
    }

    long warmMaxMicros() {
      return warm.stream().mapToLong(Timing::totalMicros).max().orElse(0);
    }
  }

  static Result run(int participants, int warmRuns, java.io.PrintStream log) throws Exception {
    Path dir = Files.createTempDirectory("werkplaats-bench-summary");
    Store store = H2Store.open(dir, 365);
    try {
      SummaryService service = new SummaryService(store, (id, v) -> Optional.of(Sessions.templateJson(id)));
      Timing cold = once(store, service, "bench-summary-0", participants);
      log.printf("  cold (first in this JVM): freeze %s ms + PDF %s ms = %s ms (%d events, PDF %d KiB, summary %d KiB)%n",
          Metrics.ms(cold.freezeMicros()), Metrics.ms(cold.pdfMicros()), Metrics.ms(cold.totalMicros()), cold.seq(),
          cold.pdfBytes() / 1024, cold.canonicalBytes() / 1024);
      List<Timing> warm = new ArrayList<>();
      for (int i = 1; i <= warmRuns; i++) {
        warm.add(once(store, service, "bench-summary-" + i, participants));
      }
      return new Result(cold, warm, participants);
    } finally {
      store.close();
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Timing once(Store store, SummaryService service, String roomId, int participants) {
    Sessions.Driver d = session(roomId, participants);
    new RoomStorage(store).save(d.record);
    RoomState state = d.state();
    String template = Sessions.templateJson(TEMPLATE);
    long t0 = System.nanoTime();
    Store.StoredSummary frozen = service.freeze(state, template);
    long t1 = System.nanoTime();
    byte[] pdf = service.render(roomId, frozen.version(), Format.PDF).orElseThrow();
    long t2 = System.nanoTime();
    return new Timing((t1 - t0) / 1000, (t2 - t1) / 1000, pdf.length, frozen.canonical().length, state.seq);
  }

  /**
   * A full session: 100 people from ten organisations; on every question an answer per organisation (several
   * people add to it), a joint answer written by several, a status; agreements; every participant evaluates.
   */
  static Sessions.Driver session(String roomId, int participants) {
    var template = Sessions.template(TEMPLATE);
    List<StepSpec> agenda = Sessions.agenda(template);
    RoomState s = Room.create(roomId, "Benchmark: datadelen in de regio", TEMPLATE, template.path("version").asInt(), "nl",
        false, "BEN" + Math.abs(roomId.hashCode() % 1000), agenda, Sessions.sha256Hex("fac-token"),
        Sessions.sha256Hex("org-token"), Sessions.T0);
    Sessions.Driver d = new Sessions.Driver(s, r -> { });
    d.run(null, new Command.ClaimFacilitator("fac", "Fleur de Begeleider", ORGANISATIONS[0], Sessions.sha256Hex("p-fac"),
        Sessions.sha256Hex("fac-token")));
    List<String> people = new ArrayList<>();
    for (int i = 1; i < participants; i++) {
      String id = "p" + i;
      people.add(id);
      d.run(null, new Command.Join(id, "Deelnemer " + i + " " + (i % 3 == 0 ? "Ĳsbrand" : "Anouk"),
          ORGANISATIONS[i % ORGANISATIONS.length], "functie " + (i % 7), Role.PARTICIPANT, Sessions.sha256Hex("t" + i)));
    }
    d.run("fac", new Command.Start());
    String sentence = "Wij delen gegevens over jeugdzorg alleen met een duidelijke grondslag; de DPIA volgt vóór de zomer.";
    for (int step = 1; step < agenda.size(); step++) {
      StepSpec spec = agenda.get(step);
      d.run("fac", new Command.GoToStep(step));
      if (spec.type() == StepType.CHECKLIST_QUESTION) {
        // every participant adds a sentence to the answer of their organisation
        for (int i = 0; i < people.size(); i++) {
          String org = ORGANISATIONS[(i + 1) % ORGANISATIONS.length];
          edit(d, people.get(i), step, "org:" + org, "\n" + "Deelnemer " + (i + 1) + ": " + sentence);
        }
        for (int w = 0; w < 5; w++) {
          edit(d, people.get((step * 7 + w) % people.size()), step, "joint", "\n" + "Gezamenlijk " + w + ": " + sentence);
        }
        d.run("fac", new Command.SetStatus(step, step % 5 == 0 ? ChecklistStatus.NOT_APPLICABLE : ChecklistStatus.AGREED));
        d.run(people.get(step % people.size()), new Command.SaveAgreement(null, step,
            "Actie bij stap " + step + ": " + sentence, "Deelnemer " + step, "2026-0" + (1 + step % 9) + "-15"));
      } else if (spec.type() == StepType.AGREEMENTS) {
        for (int i = 0; i < 20; i++) {
          d.run(people.get(i), new Command.SaveAgreement(null, step, "Afspraak " + i + ": " + sentence, "Team " + i, null));
        }
      } else if (spec.type() == StepType.EVALUATION) {
        for (int i = 0; i < people.size(); i++) {
          d.run(people.get(i), new Command.Evaluate(step, 1 + (i % 10), i % 2 == 0 ? "Goed voorbereid; " + sentence : ""));
        }
        d.run("fac", new Command.Reveal(step));
      }
    }
    d.run("fac", new Command.End());
    return d;
  }

  private static void edit(Sessions.Driver d, String actor, int step, String key, String add) {
    var texts = d.state().content.get(step).texts;
    String base = texts.containsKey(key) ? texts.get(key).text() : "";
    d.run(actor, nl.werkplaats.room.Texts.replace(d.state(), step, key, (base + add).strip()));
  }

  static String describe(Result r) {
    long[] warm = r.warm().stream().mapToLong(Timing::totalMicros).toArray();
    return "warm runs (ms): " + Arrays.toString(Arrays.stream(warm).mapToObj(Metrics::ms).toArray());
  }
}

package nl.werkplaats.room;

import java.util.List;
import java.util.Random;

/**
 * What a shared-text operation costs the room (docs/decisions/0003-shared-texts-ot.md): CPU per operation
 * (decide + evolve) when it must be transformed against 0, 10 and 50 operations sequenced meanwhile, and the
 * size of a text's kept history. Not a test; run its main method on the test class path.
 */
public final class TextOpBench {
  private TextOpBench() {}

  public static void main(String[] args) throws Exception {
    for (int round = 0; round < 2; round++) {
      for (int behind : new int[] {0, 10, 50}) {
        measure(behind, round == 1);
      }
    }
  }

  private static void measure(int behind, boolean print) throws Exception {
    TestRoom r = TestRoom.at(TestRoom.CHECKLIST);
    int step = TestRoom.CHECKLIST;
    String key = "joint";
    Random rnd = new Random(1);
    r.ok(TestRoom.BRAM, Texts.typed(step, key, "x".repeat(2000)));
    int iterations = 5_000;
    long cpu = 0;
    for (int i = 0; i < iterations; i++) {
      SharedText t = r.s.content.get(step).texts.get(key);
      int length = t.text().length();
      TextOp mine = TextOp.insertAt(length, rnd.nextInt(length + 1), "a", true);
      int base = t.rev();
      for (int k = 0; k < behind; k++) {
        // somebody else replaces one character: the length stays, so `mine` fits every revision in between
        int at = rnd.nextInt(length);
        r.ok(TestRoom.BRAM, new Command.EditText(step, key, base + k,
            new TextOp.Builder().retain(at).insert("y", false).delete(1).retain(length - at - 1).build(), null));
      }
      long t0 = System.nanoTime();
      List<Event> events = Room.decide(r.s, TestRoom.ANNA, new Command.EditText(step, key, base, mine, "m" + i), r.now);
      for (Event e : events) {
        Room.evolve(r.s, e);
      }
      cpu += System.nanoTime() - t0;
      SharedText after = r.s.content.get(step).texts.get(key);
      r.ok(TestRoom.ANNA, new Command.EditText(step, key, after.rev(), TextOp.deleteAt(after.text().length(), 0, 1), null));
    }
    if (print) {
      String log = DomainJson.MAPPER.writeValueAsString(r.s.textLog);
      String event = DomainJson.MAPPER.writeValueAsString(new Event.TextEdited(step, key, 1, TextOp.insertAt(2000, 1000, "a", true),
          "p-B4kpd-J2NvHeIJFO", "o1a2b3c4d5e6f7", r.now));
      System.out.printf("behind %d: %.1f us per operation (decide + evolve, 2,000-character text); kept history %d ops = %d bytes of JSON; one event %d bytes%n",
          behind, cpu / 1000.0 / iterations, r.s.textLog.values().stream().mapToInt(List::size).sum(), log.length(), event.length());
    }
  }
}

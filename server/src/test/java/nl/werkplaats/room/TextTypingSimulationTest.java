package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several people type into one shared text at once, through the real room ({@link Room#decide} and
 * {@link Room#evolve}), with random delays, lost messages and reconnects. Each simulated client follows the
 * browser client's algorithm (web-client/src/textSync.ts): one operation in flight, the rest composed in a
 * buffer, incoming operations transformed against both, the caret kept before insertions at it.
 *
 * <p>Checked for every seed: all replicas end with the room's text; every run (what one person typed without
 * moving the caret) is in the text in one piece; nothing typed is lost. Seeds that once failed stay as tests.
 */
class TextTypingSimulationTest {
  private static final int STEP = TestRoom.CHECKLIST;
  private static final String KEY = "joint";
  private static final List<String> PEOPLE = List.of(TestRoom.FAC, TestRoom.ANNA, TestRoom.BRAM, TestRoom.CHRIS);

  /** One simulated browser. */
  static final class Client {
    final String id;
    final int index;
    // the text as the room last told us, and its revision
    String server = "";
    int rev;
    long seq;
    TextOp inflight;
    String inflightId;
    TextOp buffer;
    String doc = "";
    int caret;
    /** What this person typed since the caret last moved (without the runs that ended). */
    StringBuilder run = new StringBuilder();
    final List<String> runs = new ArrayList<>();
    boolean online = true;
    final Deque<SequencedEvent> inbox = new ArrayDeque<>();
    int opNo;

    Client(String id, int index) {
      this.id = id;
      this.index = index;
    }

    void local(TextOp op) {
      doc = op.apply(doc);
      if (inflight == null) {
        inflight = op;
        inflightId = id.replace("-", "") + "o" + (++opNo);
      } else {
        buffer = buffer == null ? op : TextOp.compose(buffer, op);
      }
    }

    void type(char ch) {
      boolean continues = run.length() > 0;
      local(TextOp.insertAt(doc.length(), caret, String.valueOf(ch), continues));
      caret++;
      run.append(ch);
    }

    void backspace() {
      if (run.length() == 0) {
        return;
      }
      local(TextOp.deleteAt(doc.length(), caret - 1, 1));
      caret--;
      run.setLength(run.length() - 1);
    }

    void moveTo(int position) {
      endRun();
      caret = position;
    }

    void endRun() {
      if (run.length() > 0) {
        runs.add(run.toString());
      }
      run = new StringBuilder();
    }

    /** An event from the room, in seq order. */
    void receive(SequencedEvent e) {
      seq = e.seq();
      if (!(e.event() instanceof Event.TextEdited t) || t.step() != STEP || !t.key().equals(KEY)) {
        return;
      }
      server = t.op().apply(server);
      rev = t.rev();
      if (inflight != null && inflightId.equals(t.opId())) {
        inflight = buffer;
        buffer = null;
        if (inflight != null) {
          inflightId = id.replace("-", "") + "o" + (++opNo);
        }
        return;
      }
      TextOp op = t.op();
      if (inflight != null) {
        TextOp.Pair p = TextOp.transform(op, inflight);
        inflight = p.b();
        op = p.a();
      }
      if (buffer != null) {
        TextOp.Pair p = TextOp.transform(op, buffer);
        buffer = p.b();
        op = p.a();
      }
      doc = op.apply(doc);
      // Somebody else's insertion right at the caret: it stays before it while this person is typing a run
      // there (their next character continues it), and moves past it otherwise (they had not started yet).
      caret = TextOp.transformIndex(op, caret, run.length() > 0);
    }

    /**
     * The room acknowledged an operation that changed nothing (typed and deleted again, or transformed into
     * nothing): no event will come for it. The browser client knows it when its store reaches the ack's seq
     * without having seen the operation.
     */
    void ackedWithoutEvent(String opId) {
      if (inflight != null && inflightId.equals(opId)) {
        inflight = buffer;
        buffer = null;
        if (inflight != null) {
          inflightId = id.replace("-", "") + "o" + (++opNo);
        }
      }
    }

    /** The operation to send now (the one in flight, again after a reconnect), or null. */
    Command.EditText outgoing() {
      return inflight == null ? null : new Command.EditText(STEP, KEY, rev - pendingRevOffset(), inflight, inflightId);
    }

    int pendingRevOffset() {
      return 0;
    }

    /** The room no longer keeps our revision: rebase what is pending onto its text as a whole. */
    void revisionGone(SharedText now) {
      TextOp pending = inflight;
      if (buffer != null) {
        pending = TextOp.compose(pending, buffer);
      }
      TextOp theirs = TextOp.replace(server, now.text());
      TextOp.Pair p = TextOp.transform(theirs, pending);
      server = now.text();
      rev = now.rev();
      inflight = p.b();
      inflightId = id.replace("-", "") + "o" + (++opNo);
      buffer = null;
      doc = p.a().apply(doc);
      caret = TextOp.transformIndex(p.a(), caret, true);
    }
  }

  /** The room with its dedupe of command ids, like the cluster's record. */
  static final class Server {
    final TestRoom room = TestRoom.at(STEP);
    final List<SequencedEvent> log = new ArrayList<>();
    final Map<String, Long> applied = new HashMap<>();
    boolean lastWasEmpty;

    /** Applies one command; answers the error code or null. */
    ErrorCode apply(String actor, String commandId, Command c) {
      Long earlier = applied.get(actor + ":" + commandId);
      if (earlier != null) {
        lastWasEmpty = earlier < 0;
        return null;
      }
      List<Event> events;
      try {
        events = Room.decide(room.s, actor, c, room.now);
      } catch (Rejected r) {
        return r.code();
      }
      lastWasEmpty = events.isEmpty();
      for (Event e : events) {
        Room.evolve(room.s, e);
        log.add(new SequencedEvent(room.s.seq, e));
      }
      applied.put(actor + ":" + commandId, events.isEmpty() ? -1L : room.s.seq);
      return null;
    }

    SharedText text() {
      return room.s.content.get(STEP).texts.getOrDefault(KEY, SharedText.EMPTY);
    }
  }

  /** Runs one seeded session; answers a description of what went wrong, or null. */
  static void simulate(long seed, int steps) {
    Random rnd = new Random(seed);
    Server server = new Server();
    long start = server.room.s.seq;
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < PEOPLE.size(); i++) {
      Client c = new Client(PEOPLE.get(i), i);
      c.seq = start;
      clients.add(c);
    }
    // Messages on their way to the room: (client, command) in the order each client sent them.
    Map<Client, Deque<Command.EditText>> outbox = new HashMap<>();
    clients.forEach(c -> outbox.put(c, new ArrayDeque<>()));
    Map<Client, String> sentId = new HashMap<>();
    int delivered = 0;
    for (int t = 0; t < steps; t++) {
      for (Client k : clients) {
        TextOp pending = k.inflight == null ? k.buffer : k.buffer == null ? k.inflight : TextOp.compose(k.inflight, k.buffer);
        String expect = pending == null ? k.server : pending.apply(k.server);
        if (!expect.equals(k.doc)) {
          throw new AssertionError("seed " + seed + " step " + t + ": " + k.id + " doc [" + k.doc + "] but server+pending [" + expect + "]");
        }
      }
      Client c = clients.get(rnd.nextInt(clients.size()));
      int roll = rnd.nextInt(100);
      if (roll < 45) {
        // typing: mostly on, sometimes a new place, now and then a correction
        int what = rnd.nextInt(20);
        if (what == 0) {
          c.moveTo(boundary(c.doc, rnd));
        } else if (what == 1) {
          c.backspace();
        } else {
          c.type((char) ('a' + c.index * 5 + rnd.nextInt(5)));
        }
      } else if (roll < 70) {
        // the client sends its operation in flight (if not sent yet)
        Command.EditText out = c.outgoing();
        if (out != null && c.online && !c.inflightId.equals(sentId.get(c))) {
          outbox.get(c).add(out);
          sentId.put(c, c.inflightId);
        }
      } else if (roll < 85) {
        // the room takes the next message of one client
        Command.EditText cmd = outbox.get(c).poll();
        if (cmd != null) {
          ErrorCode code = server.apply(c.id, cmd.opId(), cmd);
          if (code == ErrorCode.TEXT_REVISION_GONE) {
            // Not applied (a retried command the room has applied is answered as a duplicate): the client
            // catches up, which rebases what it has in flight, and sends it again.
            catchUp(server, c);
            sentId.remove(c);
          } else if (code != null) {
            throw new AssertionError("seed " + seed + ": " + c.id + "'s operation was refused: " + code);
          } else if (server.lastWasEmpty && c.online) {
            c.ackedWithoutEvent(cmd.opId());
          }
          for (Client other : clients) {
            if (other.online) {
              for (SequencedEvent e : server.log.subList(Math.min(server.log.size(), delivered), server.log.size())) {
                other.inbox.add(e);
              }
            }
          }
          delivered = server.log.size();
        }
      } else if (roll < 97) {
        // events reach a client, a few at a time
        for (int n = rnd.nextInt(4); n > 0 && !c.inbox.isEmpty(); n--) {
          SequencedEvent e = c.inbox.poll();
          if (e.seq() == c.seq + 1) {
            c.receive(e);
          }
        }
      } else if (c.online) {
        // the connection drops: what was on its way in either direction may be lost
        c.online = false;
        c.inbox.clear();
        if (rnd.nextBoolean()) {
          outbox.get(c).clear();
        }
      } else {
        // back: missed events from the room's log, then what is in flight again
        c.online = true;
        catchUp(server, c);
        sentId.remove(c);
      }
    }
    // Everybody comes back and everything is delivered.
    for (int round = 0; round < 1000; round++) {
      boolean busy = false;
      for (Client c : clients) {
        c.online = true;
        catchUp(server, c);
        Command.EditText out = c.outgoing();
        if (out != null) {
          busy = true;
          ErrorCode code = server.apply(c.id, out.opId(), out);
          if (code == ErrorCode.TEXT_REVISION_GONE) {
            catchUp(server, c);
          } else if (code != null) {
            throw new AssertionError("seed " + seed + ": refused at the end: " + code);
          } else if (server.lastWasEmpty) {
            c.ackedWithoutEvent(out.opId());
          }
          catchUp(server, c);
        }
      }
      if (!busy) {
        break;
      }
    }
    String text = server.text().text();
    for (Client c : clients) {
      c.endRun();
      assertEquals(text, c.doc, "seed " + seed + ": " + c.id + " converges");
      assertEquals(text, c.server, "seed " + seed + ": " + c.id + "'s room text");
    }
    int typed = 0;
    for (Client c : clients) {
      for (String run : c.runs) {
        typed += run.length();
        assertTrue(text.contains(run), "seed " + seed + ": " + c.id + "'s run [" + run + "] is in one piece in [" + text + "]");
      }
    }
    assertEquals(typed, text.length(), "seed " + seed + ": nothing typed is lost, nothing added");
  }

  /** The events a client missed, in order (the welcome of a reconnect). */
  private static void catchUp(Server server, Client c) {
    c.inbox.clear();
    for (SequencedEvent e : server.log) {
      if (e.seq() == c.seq + 1) {
        c.receive(e);
      }
    }
  }

  /** A place between runs: the start, the end, or after a character that ended a run (see {@link #simulate}). */
  private static int boundary(String doc, Random rnd) {
    return rnd.nextBoolean() ? doc.length() : rnd.nextInt(4) == 0 ? 0 : doc.length();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  @DisplayName("people typing at once at random moments, with drops and reconnects, converge with every run in one piece")
  void seeded(long seed) {
    simulate(seed, 3000);
  }

  @Test
  @DisplayName("seed 10: somebody puts the caret at the end of a run still being typed; the run is not split")
  void seed10CaretAtAnotherPersonsRun() {
    simulate(10, 3000);
  }

  @Test
  @DisplayName("seed 12: the same at the start of the text")
  void seed12() {
    simulate(12, 3000);
  }

  @Test
  @DisplayName("seed 107: typed and deleted again before sending: an operation that changes nothing is acknowledged without an event")
  void seed107NoopOperation() {
    simulate(107, 800);
  }

  @Test
  @DisplayName("seed 167: such an operation sent again after a reconnect")
  void seed167NoopResent() {
    simulate(167, 800);
  }

  @Test
  @DisplayName("many more seeds, shorter sessions")
  void manySeeds() {
    for (long seed = 100; seed < 400; seed++) {
      simulate(seed, 800);
    }
  }

  @Test
  @DisplayName("three people type a sentence each at the same spot at once: three whole sentences")
  void threeAtOneSpot() {
    Server server = new Server();
    List<Client> clients = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Client c = new Client(PEOPLE.get(i), i);
      c.seq = server.room.s.seq;
      clients.add(c);
    }
    String[] sentences = {"Gouda deelt wijkdata. ", "Utrecht levert kaarten. ", "De provincie betaalt. "};
    for (int k = 0; k < 30; k++) {
      for (int i = 0; i < 3; i++) {
        Client c = clients.get(i);
        if (k < sentences[i].length()) {
          c.type(sentences[i].charAt(k));
        }
        Command.EditText out = c.outgoing();
        if (out != null && k % 3 == i) {
          server.apply(c.id, out.opId(), out);
          if (server.lastWasEmpty) {
            c.ackedWithoutEvent(out.opId());
          }
        }
      }
      if (k % 4 == 0) {
        clients.forEach(c -> catchUp(server, c));
      }
    }
    for (int round = 0; round < 50; round++) {
      for (Client c : clients) {
        catchUp(server, c);
        Command.EditText out = c.outgoing();
        if (out != null) {
          server.apply(c.id, out.opId(), out);
        }
      }
    }
    String text = server.text().text();
    for (Client c : clients) {
      catchUp(server, c);
      assertEquals(text, c.doc);
    }
    for (String s : sentences) {
      assertTrue(text.contains(s), "[" + s + "] in one piece: [" + text + "]");
    }
    assertEquals(sentences[0].length() + sentences[1].length() + sentences[2].length(), text.length());
  }
}

package nl.werkplaats.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nl.werkplaats.template.TemplateRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sessions: a facilitator and 4 to 8 participants from three organisations (and an observer)
 * send random commands, valid and invalid, while their clients drop out and come back. Every client keeps a
 * replica of the room the way the browser does: it starts from the view it gets at join, and applies every
 * event as it receives it (redacted for it, through the public JSON). After every batch of commands each
 * client must show exactly the room the server would show it, and no client may ever have held another
 * participant's private card or hidden evaluation.
 */
@DisplayName("Every client converges on the server's room")
class RoomConvergenceTest {
  private static final int SEEDS = 200;
  private static final int COMMANDS = 300;
  private static final int BATCH = 10;
  private static final int LOG_SIZE = 40;

  private static final List<StepSpec> DATA_TEAM_START =
      new TemplateRegistry(null).newest("data-team-start").orElseThrow().agenda();
  private static final List<String> ORGANISATIONS = List.of("Gemeente Gouda", "Provincie Zuid-Holland", "Universiteit Utrecht");

  @Test
  @DisplayName("Random sessions with reconnects: every replica equals the server's view of it, nothing private leaks")
  void randomSessionsConverge() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      run(seed, COMMANDS);
    }
  }

  @Test
  @DisplayName("Deciding a command twice on copies of the same room gives the same events (the backup re-runs it)")
  void decideIsDeterministicOnCopies() {
    for (long seed = 1001; seed <= 1010; seed++) {
      Simulation sim = new Simulation(seed, agendaFor(seed));
      sim.copyCheckEvery = 1;
      sim.run(200);
    }
  }

  @Test
  @DisplayName("A room rebuilt from its stored form decides exactly like the original (found with seed 17)")
  void rebuiltRoomDecidesAlike() {
    TestRoom r = TestRoom.at(TestRoom.PRIVATE_CARDS);
    r.ok(TestRoom.ANNA, new Command.AddCard(TestRoom.PRIVATE_CARDS, 0, "Samen sterker"));
    r.ok(TestRoom.FAC, new Command.Reveal(TestRoom.PRIVATE_CARDS));
    String card = r.content(TestRoom.PRIVATE_CARDS).cards.keySet().iterator().next();
    r.ok(TestRoom.FAC, new Command.Vote(TestRoom.PRIVATE_CARDS, card, 1));
    r.ok(TestRoom.FAC, new Command.GoToStep(TestRoom.ROLES));
    r.ok(TestRoom.ANNA, new Command.TakeRole(TestRoom.ROLES, "project-lead", TestRoom.ANNA, true));
    r.ok(TestRoom.FAC, new Command.GoToStep(TestRoom.EVALUATION));
    r.ok(TestRoom.CHRIS, new Command.Evaluate(TestRoom.EVALUATION, 7, ""));
    RoomState rebuilt = copy(r.s); // e.g. the backup after a migration, or the room loaded from the store

    List<Object[]> later = List.of(
        new Object[] {TestRoom.CHRIS, new Command.Vote(TestRoom.PRIVATE_CARDS, card, 1)},
        new Object[] {TestRoom.BRAM, new Command.Vote(TestRoom.PRIVATE_CARDS, card, 1)},
        new Object[] {TestRoom.ANNA, new Command.Vote(TestRoom.PRIVATE_CARDS, card, 1)},
        new Object[] {TestRoom.ANNA, new Command.TakeRole(TestRoom.ROLES, "data-steward", TestRoom.ANNA, true)},
        new Object[] {TestRoom.BRAM, new Command.Evaluate(TestRoom.EVALUATION, 8, "")},
        new Object[] {TestRoom.ANNA, new Command.Evaluate(TestRoom.EVALUATION, 6, "")});
    for (Object[] l : later) {
      for (Event e : Room.decide(r.s, (String) l[0], (Command) l[1], r.now)) {
        Room.evolve(r.s, e);
        Room.evolve(rebuilt, e);
      }
    }
    for (Command c : List.of(new Command.RemoveCard(TestRoom.PRIVATE_CARDS, card), new Command.Reveal(TestRoom.EVALUATION),
        new Command.RemoveParticipant(TestRoom.ANNA))) {
      assertEquals(TestRoom.json(Room.decide(r.s, TestRoom.FAC, c, r.now)),
          TestRoom.json(Room.decide(rebuilt, TestRoom.FAC, c, r.now)), c.toString());
    }
  }

  // Regression seeds: sessions that once failed. Keep them; add new ones with the seed in the name.

  @Test
  @DisplayName("Seed 17: after the backup was rebuilt, reveal sent the marks in another order than the server")
  void seed_17_reveal_after_the_backup_was_rebuilt() {
    run(17, COMMANDS);
  }

  @Test
  @DisplayName("Seed 39: an edit glued to a change both sides made lost its first word in the conflict line")
  void seed_39_edit_next_to_a_change_made_on_both_sides() {
    run(39, COMMANDS);
  }

  @Test
  @DisplayName("Seed 1011: an edit inside one word was split between the text and the conflict line")
  void seed_1011_edit_inside_one_word_split_by_the_merge() {
    Simulation sim = new Simulation(1011, agendaFor(1011));
    sim.copyCheckEvery = 1;
    sim.run(200);
  }

  @Test
  @DisplayName("Seed 76: an observer editing a removed agreement was told not_found instead of forbidden")
  void seed_76_observer_edits_a_removed_agreement() {
    run(76, COMMANDS);
  }

  private static void run(long seed, int commands) {
    new Simulation(seed, agendaFor(seed)).run(commands);
  }

  private static List<StepSpec> agendaFor(long seed) {
    return seed % 2 == 0 ? DATA_TEAM_START : TestRoom.agenda();
  }

  /** One browser: its participant and its local copy of the room. */
  private static final class Client {
    final String id;
    RoomState replica;
    boolean online = true;
    /** Earlier versions of shared texts this client saw: stale bases to edit from. */
    final Map<String, List<SharedText>> seenTexts = new HashMap<>();

    Client(String id, RoomState replica) {
      this.id = id;
      this.replica = replica;
    }
  }

  private static final class Simulation {
    final long seed;
    final Random rnd;
    /** Its own stream, so that adding it left the sessions of older seeds as they were. */
    final Random migrations;
    final List<StepSpec> agenda;
    final RoomState server;
    /** The backup replica: a copy that re-runs every command itself. */
    RoomState backup;
    final List<SequencedEvent> log = new ArrayList<>();
    final Map<String, Client> clients = new LinkedHashMap<>();
    final List<String> everyone = new ArrayList<>();
    int copyCheckEvery = 17;
    long now = 1_764_000_000_000L;
    int counter;
    int commandNo;
    Command lastCommand;
    String lastActor;

    Simulation(long seed, List<StepSpec> agenda) {
      this.seed = seed;
      this.rnd = new Random(seed);
      this.migrations = new Random(seed * 31 + 7);
      this.agenda = agenda;
      this.server = Room.create("r-" + seed, "Sessie " + seed, "t", 1, "nl", false, "ABC123", agenda, "fh", "oh", now);
      this.backup = copy(server);
    }

    void run(int commands) {
      try {
        join(new Command.ClaimFacilitator("p-f", "Fenna", "Datawerkplaats", "tf", "fh"), "p-f");
        int n = 4 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          joinParticipant(Role.PARTICIPANT);
        }
        joinParticipant(Role.OBSERVER);
        for (commandNo = 1; commandNo <= commands; commandNo++) {
          step();
          if (commandNo % BATCH == 0) {
            checkAll();
          }
        }
        for (Client c : clients.values()) {
          if (!c.online) {
            reconnect(c);
          }
        }
        checkAll();
      } catch (Throwable t) {
        AssertionError e = new AssertionError("seed " + seed + ", command " + commandNo + " (" + lastActor + ": "
            + lastCommand + "): " + t.getMessage(), t);
        System.err.println("RoomConvergenceTest failed with seed " + seed + ": " + t);
        throw e;
      }
    }

    // ------------------------------------------------------------------------------------ actions

    void step() {
      now += rnd.nextInt(20_000);
      if (migrations.nextInt(50) == 0) {
        backup = copy(server); // the room moved to another member: its backup now comes from the stored form
      }
      int roll = rnd.nextInt(100);
      List<Client> all = new ArrayList<>(clients.values());
      if (roll < 4) {
        Client c = all.get(rnd.nextInt(all.size()));
        if (c.online) {
          c.online = false;
        }
        return;
      }
      if (roll < 9) {
        List<Client> offline = all.stream().filter(c -> !c.online).toList();
        if (!offline.isEmpty()) {
          reconnect(offline.get(rnd.nextInt(offline.size())));
          return;
        }
      }
      if (roll < 10 && activeParticipants() < 8) {
        joinParticipant(rnd.nextInt(6) == 0 ? Role.OBSERVER : Role.PARTICIPANT);
        return;
      }
      String actor = pickActor();
      Participant p = server.participant(actor);
      boolean steers = p != null && p.role().runsFlow();
      Command c = (steers ? rnd.nextInt(100) < 40 : rnd.nextInt(100) < 8) ? flowCommand(actor) : contentCommand(actor);
      apply(actor, c);
    }

    String pickActor() {
      int roll = rnd.nextInt(100);
      if (roll < 3) {
        return rnd.nextBoolean() ? "p-nobody" : everyone.get(rnd.nextInt(everyone.size()));
      }
      List<String> active = everyone.stream().filter(id -> {
        Participant p = server.participant(id);
        return p != null && !p.removed();
      }).toList();
      if (roll < 30) {
        List<String> steering = active.stream().filter(id -> server.participant(id).role().runsFlow()).toList();
        if (!steering.isEmpty()) {
          return steering.get(rnd.nextInt(steering.size()));
        }
      }
      return active.get(rnd.nextInt(active.size()));
    }

    int activeParticipants() {
      return (int) server.participants.values().stream().filter(p -> !p.removed() && p.role() != Role.OBSERVER).count();
    }

    void joinParticipant(Role role) {
      String id = "p-" + (++counter);
      String org = ORGANISATIONS.get(rnd.nextInt(ORGANISATIONS.size()));
      if (rnd.nextInt(4) == 0) {
        org = org.toLowerCase();
      }
      join(new Command.Join(id, "Naam " + counter, org, rnd.nextBoolean() ? "adviseur" : null, role, "t" + counter), id);
    }

    void join(Command c, String id) {
      lastCommand = c;
      lastActor = id;
      List<Event> events = decideBoth(null, c);
      commit(events);
      everyone.add(id);
      Client client = new Client(id, welcomeState(id));
      clients.put(id, client);
    }

    /** A client back after a drop: the events it missed from the recent log, or else a fresh view. */
    void reconnect(Client c) {
      long last = c.replica.seq;
      boolean logReaches = last >= server.seq || (!log.isEmpty() && log.get(0).seq() <= last + 1);
      if (logReaches && rnd.nextInt(3) != 0) {
        for (SequencedEvent e : log) {
          if (e.seq() > last) {
            deliver(c, e);
          }
        }
      } else {
        c.replica = welcomeState(c.id);
      }
      c.online = true;
    }

    // ------------------------------------------------------------------------------------ commands

    Command flowCommand(String actor) {
      RoomState seen = seenBy(actor);
      int steps = agenda.size();
      if (seen.status == RoomStatus.LOBBY && rnd.nextInt(3) > 0) {
        return new Command.Start();
      }
      if (seen.status == RoomStatus.ENDED && rnd.nextBoolean()) {
        return new Command.Reopen();
      }
      if (seen.status == RoomStatus.PAUSED && rnd.nextInt(3) == 0) {
        return new Command.Resume();
      }
      switch (rnd.nextInt(22)) {
        case 0: case 1: case 2: return new Command.Next();
        case 3: return new Command.Previous();
        case 4: case 5: return new Command.GoToStep(rnd.nextInt(steps + 2) - 1);
        case 6: return new Command.UndoAdvance();
        case 7: return new Command.Pause();
        case 8: return new Command.Resume();
        case 9: return new Command.Lock(rnd.nextInt(100) < 70 ? seen.currentStep : rnd.nextInt(steps), rnd.nextBoolean());
        case 10: case 11: return new Command.Reveal(rnd.nextInt(100) < 70 ? seen.currentStep : rnd.nextInt(steps + 1));
        case 12: return new Command.SetTimer(rnd.nextInt(10) == 0 ? rnd.nextInt(20_000) - 10 : 1 + rnd.nextInt(1800));
        case 13: return new Command.ExtendTimer(rnd.nextInt(10) == 0 ? 3601 : 1 + rnd.nextInt(600));
        case 14: return new Command.ClearTimer();
        case 15: case 16: {
          Role[] roles = Role.values();
          return new Command.SetRole(randomParticipant(seen), roles[rnd.nextInt(roles.length)]);
        }
        case 17: return rnd.nextInt(4) == 0 ? new Command.HandOver(randomParticipant(seen)) : new Command.Next();
        case 18: return activeParticipants() > 3 && rnd.nextInt(3) == 0
            ? new Command.RemoveParticipant(randomParticipant(seen)) : new Command.Previous();
        case 19: return rnd.nextInt(3) == 0 ? new Command.End() : new Command.Pause();
        case 20: return new Command.SaveGroup(cardStep(seen), rnd.nextBoolean() ? null : randomGroup(seen), "Groep " + (++counter));
        default: return new Command.MoveCard(cardStep(seen), randomCard(seen), rnd.nextInt(4) == 0 ? null : randomGroup(seen));
      }
    }

    Command contentCommand(String actor) {
      RoomState seen = seenBy(actor);
      int step = rnd.nextInt(100) < 80 ? seen.currentStep : rnd.nextInt(agenda.size() + 1);
      StepType type = step < agenda.size() ? agenda.get(step).type() : StepType.INFO;
      if (rnd.nextInt(100) < 10) {
        type = StepType.values()[rnd.nextInt(StepType.values().length)];
      }
      switch (type) {
        case CHECKLIST_QUESTION:
          if (rnd.nextInt(5) == 0) {
            ChecklistStatus[] all = ChecklistStatus.values();
            return new Command.SetStatus(step, rnd.nextInt(10) == 0 ? null : all[rnd.nextInt(all.length)]);
          }
          return editText(actor, seen, step, checklistKey(actor, seen));
        case CANVAS: {
          List<String> fields = step < agenda.size() ? agenda.get(step).fieldIds() : List.of();
          String key = fields.isEmpty() || rnd.nextInt(10) == 0 ? "field:unknown" : "field:" + fields.get(rnd.nextInt(fields.size()));
          return editText(actor, seen, step, key);
        }
        case CARDS:
          return cardCommand(actor, seen, step);
        case COMPETENCES: {
          List<String> ids = step < agenda.size() ? agenda.get(step).competenceIds() : List.of();
          String id = ids.isEmpty() || rnd.nextInt(10) == 0 ? "unknown" : ids.get(rnd.nextInt(ids.size()));
          Integer value = rnd.nextInt(8) == 0 ? null : rnd.nextInt(7);
          return new Command.Rate(step, id, value);
        }
        case ROLES: {
          List<String> ids = step < agenda.size() ? agenda.get(step).roleIds() : List.of();
          String id = ids.isEmpty() || rnd.nextInt(10) == 0 ? "unknown" : ids.get(rnd.nextInt(ids.size()));
          String who = rnd.nextInt(4) == 0 ? randomParticipant(seen) : actor;
          return new Command.TakeRole(step, id, who, rnd.nextInt(3) > 0);
        }
        case EVALUATION:
          return new Command.Evaluate(step, rnd.nextInt(12), rnd.nextBoolean() ? "tip" + secret() : null);
        default:
          return agreementCommand(seen, step);
      }
    }

    Command cardCommand(String actor, RoomState seen, int step) {
      int roll = rnd.nextInt(100);
      if (roll < 40) {
        int prompts = step < agenda.size() ? Math.max(1, agenda.get(step).prompts()) : 1;
        return new Command.AddCard(step, rnd.nextInt(prompts + 1) - (rnd.nextInt(20) == 0 ? 1 : 0), "kaart" + secret());
      }
      if (roll < 55) {
        String card = rnd.nextInt(3) > 0 ? ownCard(actor, seen, step) : randomCard(seen);
        return new Command.EditCard(step, card, "kaart" + secret());
      }
      if (roll < 63) {
        return new Command.RemoveCard(step, rnd.nextBoolean() ? ownCard(actor, seen, step) : randomCard(seen));
      }
      return new Command.Vote(step, randomCard(seen), rnd.nextInt(4) == 0 ? -1 : 1);
    }

    Command agreementCommand(RoomState seen, int step) {
      List<String> ids = new ArrayList<>(seen.agreements.keySet());
      int roll = rnd.nextInt(100);
      if (roll < 15 && !ids.isEmpty()) {
        return new Command.RemoveAgreement(ids.get(rnd.nextInt(ids.size())));
      }
      String id = roll < 35 && !ids.isEmpty() ? ids.get(rnd.nextInt(ids.size())) : null;
      String[] dues = {null, "", "2026-03-31", "2026-02-30", "volgende week"};
      return new Command.SaveAgreement(id, step, "afspraak" + secret(), rnd.nextBoolean() ? "Anna" : null,
          dues[rnd.nextInt(dues.length)]);
    }

    Command editText(String actor, RoomState seen, int step, String key) {
      Client c = clients.get(actor);
      SharedText base = SharedText.EMPTY;
      if (step >= 0 && step < seen.content.size()) {
        base = seen.content.get(step).texts.getOrDefault(key, SharedText.EMPTY);
      }
      List<SharedText> older = c == null ? List.of() : c.seenTexts.getOrDefault(step + "/" + key, List.of());
      if (!older.isEmpty() && rnd.nextInt(3) == 0) {
        base = older.get(rnd.nextInt(older.size())); // typed on top of an older revision
      }
      String text = base.text();
      // A word inserted at a space (or an end), or one space-separated word deleted.
      List<Integer> gaps = new ArrayList<>();
      gaps.add(0);
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == ' ') {
          gaps.add(i);
        }
      }
      gaps.add(text.length());
      int at = gaps.get(rnd.nextInt(gaps.size()));
      TextOp op;
      if (text.isEmpty() || rnd.nextInt(3) > 0) {
        op = TextOp.insertAt(text.length(), at, (at == 0 ? "" : " ") + "w" + (++counter) + (at == 0 ? " " : ""),
            rnd.nextBoolean());
      } else {
        int end = text.indexOf(' ', at + 1);
        end = end < 0 ? text.length() : end;
        op = TextOp.deleteAt(text.length(), at, end - at);
      }
      if (rnd.nextInt(40) == 0) {
        op = TextOp.insertAt(text.length() + 3, 0, "x", false); // does not fit the text
      }
      return new Command.EditText(step, key, base.rev(), op, "op" + counter);
    }

    String checklistKey(String actor, RoomState seen) {
      Participant p = seen.participant(actor);
      int roll = rnd.nextInt(10);
      if (roll < 4 || p == null) {
        return "joint";
      }
      if (roll < 7) {
        return "org:" + (roll == 6 ? p.organisation().toUpperCase() : p.organisation());
      }
      if (roll < 9) {
        return "org:" + ORGANISATIONS.get(rnd.nextInt(ORGANISATIONS.size()));
      }
      return rnd.nextBoolean() ? "org:Nergenshuizen" : "notes";
    }

    String secret() {
      return "s" + seed + "x" + (++counter) + "z";
    }

    int cardStep(RoomState seen) {
      for (int i = 0; i < 3; i++) {
        int s = rnd.nextInt(agenda.size());
        if (agenda.get(s).type() == StepType.CARDS) {
          return s;
        }
      }
      return seen.currentStep;
    }

    String randomParticipant(RoomState seen) {
      List<String> ids = new ArrayList<>(seen.participants.keySet());
      return rnd.nextInt(20) == 0 || ids.isEmpty() ? "p-nobody" : ids.get(rnd.nextInt(ids.size()));
    }

    String randomCard(RoomState seen) {
      List<String> ids = new ArrayList<>();
      for (StepContent c : seen.content) {
        ids.addAll(c.cards.keySet());
      }
      return ids.isEmpty() || rnd.nextInt(15) == 0 ? "c-0" : ids.get(rnd.nextInt(ids.size()));
    }

    String ownCard(String actor, RoomState seen, int step) {
      if (step < 0 || step >= seen.content.size()) {
        return "c-0";
      }
      List<String> ids = seen.content.get(step).cards.values().stream()
          .filter(k -> k.authorId().equals(actor)).map(Card::id).toList();
      return ids.isEmpty() ? randomCard(seen) : ids.get(rnd.nextInt(ids.size()));
    }

    String randomGroup(RoomState seen) {
      List<String> ids = new ArrayList<>();
      for (StepContent c : seen.content) {
        ids.addAll(c.groups.keySet());
      }
      return ids.isEmpty() || rnd.nextInt(10) == 0 ? "g-0" : ids.get(rnd.nextInt(ids.size()));
    }

    /** What the actor's browser shows (a removed or unknown actor has none: the server's own state then). */
    RoomState seenBy(String actor) {
      Client c = clients.get(actor);
      return c == null ? server : c.replica;
    }

    // ------------------------------------------------------------------------------------ applying

    void apply(String actor, Command c) {
      lastActor = actor;
      lastCommand = c;
      Participant p = server.participant(actor);
      RoomStatus statusBefore = server.status;
      int step = stepOf(c);
      boolean lockedBefore = step >= 0 && step < agenda.size() && server.runtime.get(step).locked();
      List<Event> events;
      try {
        events = decideBoth(actor, c);
      } catch (Rejected r) {
        expectRefusal(p, c, r.code());
        return;
      }
      if (p == null || p.removed()) {
        fail("accepted from somebody not in the room");
      }
      Role role = p.role();
      if (isFacilitatorOnly(c)) {
        assertEquals(Role.FACILITATOR, role, "only the facilitator may do this");
      } else if (isFlow(c)) {
        assertTrue(role.runsFlow(), "only facilitators steer");
      } else {
        assertTrue(role.contributes(), "observers never write");
        if (role == Role.PARTICIPANT && !(c instanceof Command.RemoveAgreement) && !(c instanceof Command.SaveAgreement s
            && s.agreementId() != null)) {
          assertEquals(RoomStatus.RUNNING, statusBefore, "participants write only in a running session");
          assertFalse(lockedBefore, "participants never write in a locked step");
        }
      }
      commit(events);
      if (c instanceof Command.EditText e && !events.isEmpty()) {
        Event.TextEdited edited = (Event.TextEdited) events.get(0);
        String after = server.content.get(edited.step()).texts.get(edited.key()).text();
        for (TextOp.Component part : e.op().components()) {
          if (part instanceof TextOp.Insert insert) {
            assertTrue(after.contains(insert.text().strip()), "the edit's word " + insert.text() + " was lost: [" + after + "]");
          }
        }
      }
    }

    void expectRefusal(Participant p, Command c, ErrorCode code) {
      if (p == null || p.removed()) {
        assertEquals(ErrorCode.NOT_AUTHENTICATED, code);
      } else if (isFacilitatorOnly(c) && p.role() != Role.FACILITATOR) {
        assertEquals(ErrorCode.FORBIDDEN, code);
      } else if (isFlow(c) && !p.role().runsFlow()) {
        assertEquals(ErrorCode.FORBIDDEN, code);
      } else if (!isFlow(c) && !isFacilitatorOnly(c) && p.role() == Role.OBSERVER) {
        assertEquals(ErrorCode.FORBIDDEN, code);
      }
    }

    /** Decides on the server and on the backup (which re-runs the command); both must agree. */
    List<Event> decideBoth(String actor, Command c) {
      List<Event> events = null;
      Rejected refused = null;
      try {
        events = Room.decide(server, actor, c, now);
      } catch (Rejected r) {
        refused = r;
      }
      List<Event> again = null;
      try {
        again = Room.decide(backup, actor, c, now);
      } catch (Rejected r) {
        assertTrue(refused != null && refused.code() == r.code(), "the backup refused what the server accepted: " + r.code());
      }
      if (refused == null) {
        assertEquals(TestRoom.json(events), TestRoom.json(again), "the backup decided differently");
      } else if (again != null) {
        fail("the backup accepted what the server refused (" + refused.code() + ")");
      }
      if (commandNo % copyCheckEvery == 0) {
        List<Event> onCopy = null;
        try {
          onCopy = Room.decide(copy(server), actor, c, now);
        } catch (Rejected r) {
          assertTrue(refused != null && refused.code() == r.code(), "a copy refused what the server accepted");
        }
        if (refused == null) {
          assertEquals(TestRoom.json(events), TestRoom.json(onCopy), "a copy of the room decided differently");
        } else if (onCopy != null) {
          fail("a copy accepted what the server refused (" + refused.code() + ")");
        }
      }
      if (refused != null) {
        throw refused;
      }
      return events;
    }

    void commit(List<Event> events) {
      for (Event e : events) {
        Room.evolve(server, e);
        Room.evolve(backup, e);
        log.add(new SequencedEvent(server.seq, e));
      }
      while (log.size() > LOG_SIZE) {
        log.remove(0);
      }
      List<Event> emitted = events;
      for (Client c : new ArrayList<>(clients.values())) {
        if (!c.online) {
          continue;
        }
        long first = server.seq - emitted.size();
        for (int i = 0; i < emitted.size(); i++) {
          deliver(c, new SequencedEvent(first + i + 1, emitted.get(i)));
        }
      }
      for (Event e : events) {
        if (e instanceof Event.ParticipantRemoved r) {
          clients.remove(r.participantId()); // their connections are closed (4003)
        }
      }
    }

    /** One event reaching one client: redacted for it, through the public JSON, applied in order. */
    void deliver(Client c, SequencedEvent sequenced) {
      if (sequenced.seq() != c.replica.seq + 1) {
        fail(c.id + " at seq " + c.replica.seq + " got event " + sequenced.seq());
      }
      try {
        String json = DomainJson.PUBLIC.writeValueAsString(Room.redactFor(sequenced.event(), c.id));
        assertNoSecretsOfOthers(json, c.id, "event " + sequenced.seq());
        Room.evolve(c.replica, DomainJson.MAPPER.readValue(json, Event.class));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      if (sequenced.event() instanceof Event.TextEdited t) {
        c.seenTexts.computeIfAbsent(t.step() + "/" + t.key(), k -> new ArrayList<>())
            .add(c.replica.content.get(t.step()).texts.get(t.key()));
      }
    }

    /** The state in a welcome or snapshot: the view, through the public JSON. */
    RoomState welcomeState(String id) {
      try {
        String json = DomainJson.PUBLIC.writeValueAsString(Room.view(server, id));
        assertNoSecretsOfOthers(json, id, "welcome");
        return DomainJson.MAPPER.readValue(json, RoomState.class);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    // ------------------------------------------------------------------------------------ checks

    void checkAll() {
      if (!canonical(server).equals(canonical(backup))) {
        fail("the backup drifted from the server: "
            + firstDifference("", TestRoom.publicTree(server), TestRoom.publicTree(backup)));
      }
      for (Client c : clients.values()) {
        if (!c.online) {
          continue;
        }
        String replica = canonical(c.replica);
        if (!canonical(Room.view(server, c.id)).equals(replica)) {
          fail(c.id + " shows a different room than the server: "
              + firstDifference("", TestRoom.publicTree(Room.view(server, c.id)), TestRoom.publicTree(c.replica)));
        }
        assertNoSecretsOfOthers(replica, c.id, "replica");
        assertHiddenMarks(c);
      }
    }

    /** No card text or evaluation tips still private to somebody else may reach {@code viewer}. */
    void assertNoSecretsOfOthers(String json, String viewer, String where) {
      for (int i = 0; i < agenda.size(); i++) {
        if (server.runtime.get(i).revealed()) {
          continue;
        }
        StepContent content = server.content.get(i);
        for (Card card : content.cards.values()) {
          if (card.privateUntilReveal() && !card.authorId().equals(viewer) && json.contains(card.text())) {
            fail("the private card of " + card.authorId() + " reached " + viewer + " in " + where);
          }
        }
        for (Evaluation e : content.evaluations.values()) {
          if (!e.participantId().equals(viewer) && !e.tips().isEmpty() && json.contains(e.tips())) {
            fail("the hidden tips of " + e.participantId() + " reached " + viewer + " in " + where);
          }
        }
      }
    }

    void assertHiddenMarks(Client c) {
      for (int i = 0; i < agenda.size(); i++) {
        if (server.runtime.get(i).revealed()) {
          continue;
        }
        for (Evaluation e : c.replica.content.get(i).evaluations.values()) {
          if (!e.participantId().equals(c.id)) {
            assertTrue(e.mark() == null && e.hidden(), "a mark of " + e.participantId() + " shows before reveal to " + c.id);
          }
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------- helpers

  private static boolean isFlow(Command c) {
    return c instanceof Command.Start || c instanceof Command.Next || c instanceof Command.Previous
        || c instanceof Command.GoToStep || c instanceof Command.UndoAdvance || c instanceof Command.Pause
        || c instanceof Command.Resume || c instanceof Command.Lock || c instanceof Command.Reveal
        || c instanceof Command.SetTimer || c instanceof Command.ExtendTimer || c instanceof Command.ClearTimer
        || c instanceof Command.RemoveParticipant || c instanceof Command.End || c instanceof Command.SaveGroup
        || c instanceof Command.MoveCard;
  }

  private static boolean isFacilitatorOnly(Command c) {
    return c instanceof Command.SetRole || c instanceof Command.HandOver || c instanceof Command.Reopen;
  }

  private static int stepOf(Command c) {
    if (c instanceof Command.EditText x) return x.step();
    if (c instanceof Command.SetStatus x) return x.step();
    if (c instanceof Command.SaveAgreement x) return x.step();
    if (c instanceof Command.AddCard x) return x.step();
    if (c instanceof Command.EditCard x) return x.step();
    if (c instanceof Command.RemoveCard x) return x.step();
    if (c instanceof Command.Vote x) return x.step();
    if (c instanceof Command.Rate x) return x.step();
    if (c instanceof Command.TakeRole x) return x.step();
    if (c instanceof Command.Evaluate x) return x.step();
    return -1;
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter CANONICAL =
      DomainJson.PUBLIC.with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The public JSON with map entries in key order: equal rooms give equal strings. */
  private static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RoomState copy(RoomState s) {
    try {
      return DomainJson.MAPPER.readValue(DomainJson.MAPPER.writeValueAsBytes(s), RoomState.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    if (text != null) {
      for (String w : text.split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  /** Where two JSON trees first differ, for a readable failure. */
  private static String firstDifference(String path, JsonNode expected, JsonNode actual) {
    if (expected.equals(actual)) {
      return null;
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new java.util.TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        JsonNode e = expected.get(n);
        JsonNode a = actual.get(n);
        if (e == null || a == null) {
          return path + "/" + n + ": expected " + e + " but was " + a;
        }
        String d = firstDifference(path + "/" + n, e, a);
        if (d != null) {
          return d;
        }
      }
    }
    if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        String d = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
        if (d != null) {
          return d;
        }
      }
    }
    return path + ": expected " + expected + " but was " + actual;
  }
}

package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of breakout groups, as pure functions next to {@link Room}: splitting the current step into groups,
 * putting people in them (also those who join later), each group working in its own space of the step, the
 * facilitator's message to every group, back to plenary, and taking a group's result into the plenary.
 *
 * <p>A content command on a step whose breakout runs is judged by {@link Room}'s own rules against the sender's
 * group's space (the step's content and agreements of that group, and only that group's organisations), and its
 * events are wrapped in {@link Event.InGroup}: one room log, every event naming its group. Who goes in which group
 * is {@link GroupSplit}'s; taking a group's result into the plenary is {@link GroupMerge}'s.
 */
final class Breakouts {
  /** The kinds of step a group can work on apart: what the group makes can be shown side by side and merged. */
  static final Set<StepType> SPLITTABLE =
      EnumSet.of(StepType.CHECKLIST_QUESTION, StepType.CANVAS, StepType.CARDS, StepType.AGREEMENTS);

  static final String PER_ORGANISATION = "per-organisation";
  static final String MIXED = "mixed";
  static final String MANUAL = "manual";

  private Breakouts() {}

  // ------------------------------------------------------------------------------------------ decide

  /** The breakout whose groups are at work now, or null (there is at most one at a time). */
  static Map.Entry<Integer, Breakout> running(RoomState s) {
    for (Map.Entry<Integer, Breakout> e : s.breakouts.entrySet()) {
      if (e.getValue().running) {
        return e;
      }
    }
    return null;
  }

  static List<Event> start(RoomState s, Participant actor, Command.StartBreakout c, long now) {
    flowRole(actor);
    started(s);
    int step = c.step();
    if (step < 0 || step >= s.agenda.size()) {
      throw new Rejected(ErrorCode.NOT_FOUND, "there is no step " + step);
    }
    if (step != s.currentStep) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "only the current step can be split into groups");
    }
    if (!SPLITTABLE.contains(s.agenda.get(step).type())) {
      throw new Rejected(ErrorCode.WRONG_STEP_TYPE, "a step of this kind is not split into groups");
    }
    Map.Entry<Integer, Breakout> busy = running(s);
    if (busy != null) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION,
          "the groups of step " + (busy.getKey() + 1) + " are still at work; end that breakout first");
    }
    if (s.breakouts.containsKey(step)) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "this step was split before; its groups' results stay as they are");
    }
    List<Participant> people = GroupSplit.placeable(s);
    List<List<String>> groups;
    List<String> names = new ArrayList<>();
    String how = c.how() == null ? "" : c.how();
    switch (how) {
      case PER_ORGANISATION -> {
        groups = new ArrayList<>();
        for (String org : GroupSplit.organisationsOf(people)) {
          names.add(org);
          groups.add(people.stream().filter(p -> p.organisation().equalsIgnoreCase(org)).map(Participant::id).toList());
        }
        if (groups.isEmpty() || groups.size() > Limits.BREAKOUT_GROUPS) {
          throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, groups.isEmpty()
              ? "there is nobody to split into groups"
              : "at most " + Limits.BREAKOUT_GROUPS + " groups; there are " + groups.size() + " organisations");
        }
      }
      case MIXED -> {
        int n = GroupSplit.groupCount(c.groups(), people.size());
        groups = GroupSplit.mixed(people, n);
      }
      case MANUAL -> groups = GroupSplit.manual(s, people, c);
      default -> throw new Rejected(ErrorCode.INVALID_VALUE, "how is per-organisation, mixed or manual");
    }
    if (s.anonymous) {
      for (int i = 0; i < groups.size(); i++) {
        if (groups.get(i).size() < s.minimumGroupSize) {
          throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, "in an anonymous session every group needs at least "
              + s.minimumGroupSize + " people, or its work shows who wrote it; "
              + (names.isEmpty() ? "group " + (i + 1) : names.get(i)) + " would have " + groups.get(i).size()
              + ": choose fewer or mixed groups");
        }
      }
    }
    List<Breakout.Members> made = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      made.add(new Breakout.Members(i + 1, names.isEmpty() ? GroupSplit.groupName(s, i + 1) : names.get(i), groups.get(i)));
    }
    return List.of(new Event.BreakoutStarted(step, how, made, actor.id(), now));
  }

  static List<Event> move(RoomState s, Participant actor, Command.MoveToGroup c) {
    flowRole(actor);
    started(s);
    Breakout b = runningOn(s, c.step());
    BreakoutGroup to = b.group(c.group());
    if (to == null) {
      throw new Rejected(ErrorCode.NOT_FOUND, "there is no group " + c.group());
    }
    Participant who = member(s, c.participantId());
    if (to.members.contains(who.id())) {
      return List.of();
    }
    BreakoutGroup from = b.groupOf(who.id());
    if (s.anonymous && from != null && GroupSplit.activeMembers(s, from.members) - 1 < s.minimumGroupSize) {
      throw new Rejected(ErrorCode.INVALID_GROUP_COUNT, "in an anonymous session every group keeps at least "
          + s.minimumGroupSize + " people; moving " + who.name() + " would leave " + from.name + " with fewer");
    }
    return List.of(new Event.GroupMemberPlaced(c.step(), to.no, to.name, who.id()));
  }

  static List<Event> broadcast(RoomState s, Participant actor, Command.BroadcastToGroups c, long now) {
    flowRole(actor);
    started(s);
    String text = Limits.required(c.text(), Limits.BROADCAST, "message");
    Map.Entry<Integer, Breakout> b = running(s);
    if (b == null) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "no groups are at work now");
    }
    return List.of(new Event.GroupsBroadcast(b.getKey(), text, actor.id(), now));
  }

  static List<Event> end(RoomState s, Participant actor, long now) {
    flowRole(actor);
    started(s);
    Map.Entry<Integer, Breakout> b = running(s);
    if (b == null) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "no groups are at work now");
    }
    return List.of(new Event.BreakoutEnded(b.getKey(), now));
  }

  /**
   * A content command on a step whose groups are at work: judged in the sender's group's space (or the group it
   * names: only a facilitator may name another group than their own) and answered with events wrapped in
   * {@link Event.InGroup}; null when the command is for the plenary.
   */
  static List<Event> inGroup(RoomState s, Participant actor, Command command, long now) {
    if (!(command instanceof Command.ForGroup addressed)) {
      return null;
    }
    Integer asked = addressed.group();
    Integer step = CommandStep.of(s, command);
    String agreementId = command instanceof Command.RemoveAgreement r ? r.agreementId()
        : command instanceof Command.SaveAgreement a ? a.agreementId() : null;
    if (agreementId != null) {
      for (Map.Entry<Integer, Breakout> e : s.breakouts.entrySet()) {
        for (BreakoutGroup g : e.getValue().groups) {
          if (g.agreements.containsKey(agreementId) && (asked == null || asked == g.no)) {
            step = e.getKey();
            asked = g.no;
          }
        }
      }
    }
    Breakout b = step == null ? null : s.breakouts.get(step);
    if (asked != null) {
      if (b == null) {
        throw new Rejected(ErrorCode.NOT_FOUND, "this step is not split into groups");
      }
      BreakoutGroup g = b.group(asked);
      if (g == null) {
        throw new Rejected(ErrorCode.NOT_FOUND, "there is no group " + asked);
      }
      if (!actor.role().runsFlow() && !g.members.contains(actor.id())) {
        throw new Rejected(ErrorCode.NOT_IN_GROUP, "you are not in " + g.name + "; you write in your own group's space");
      }
      if (!b.running) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "the groups are back in plenary; their spaces are closed");
      }
      return judged(s, actor, command, step, g, now);
    }
    if (b == null || !b.running) {
      return null;
    }
    BreakoutGroup mine = b.groupOf(actor.id());
    if (mine != null) {
      return judged(s, actor, command, step, mine, now);
    }
    if (actor.role().runsFlow()) {
      return null;
    }
    throw new Rejected(ErrorCode.NOT_IN_GROUP, "you are not in a group of this step yet; ask the facilitator to put you in one");
  }

  private static List<Event> judged(RoomState s, Participant actor, Command command, int step, BreakoutGroup g, long now) {
    List<Event> inner = Room.content(space(s, step, g), actor, command, now);
    List<Event> out = new ArrayList<>(inner.size());
    for (Event e : inner) {
      out.add(new Event.InGroup(step, g.no, e));
    }
    return out;
  }

  /**
   * The room as one group sees its step: the group's content and agreements in place of the plenary's, its
   * own text history, and of the people who answer for an organisation only the group's members (so that
   * "every organisation" means every organisation of the group). Nobody is split in this copy.
   */
  static RoomState space(RoomState s, int step, BreakoutGroup g) {
    RoomState p = s.copy();
    p.breakouts = new TreeMap<>();
    p.content.set(step, g.content.copy());
    p.agreements = new LinkedHashMap<>(g.agreements);
    p.textLog = new TreeMap<>(g.textLog);
    p.participants.values().removeIf(x -> x.role().answersForOrganisation() && !g.members.contains(x.id()));
    return p;
  }

  /** Private cards of every group of {@code step}, shown to all at the reveal. */
  static List<Event> revealed(RoomState s, int step) {
    Breakout b = s.breakouts.get(step);
    List<Event> out = new ArrayList<>();
    if (b != null) {
      for (BreakoutGroup g : b.groups) {
        for (Card card : g.content.cards.values()) {
          if (card.privateUntilReveal()) {
            out.add(new Event.InGroup(step, g.no, Room.cardSaved(s, step, card, null)));
          }
        }
      }
    }
    return out;
  }

  private static Breakout runningOn(RoomState s, int step) {
    Breakout b = s.breakouts.get(step);
    if (b == null || !b.running) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "the groups of this step are not at work");
    }
    return b;
  }

  private static Participant member(RoomState s, String id) {
    Participant p = s.participant(id);
    if (p == null || p.removed()) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no participant " + id + " in this room");
    }
    if (p.role() != Role.PARTICIPANT && p.role() != Role.CO_FACILITATOR) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "only participants and co-facilitators are put in groups");
    }
    return p;
  }

  static void flowRole(Participant actor) {
    if (!actor.role().runsFlow()) {
      throw new Rejected(ErrorCode.FORBIDDEN, "only the facilitator can do this");
    }
  }

  static void started(RoomState s) {
    if (s.status == RoomStatus.LOBBY) {
      throw new Rejected(ErrorCode.NOT_STARTED, "start the session first");
    }
    if (s.status == RoomStatus.ENDED) {
      throw new Rejected(ErrorCode.ENDED, "the session has ended");
    }
  }

  // ------------------------------------------------------------------------------------------ evolve

  static void evolve(RoomState s, Event event) {
    if (event instanceof Event.BreakoutStarted e) {
      Breakout b = new Breakout();
      b.how = e.how();
      b.running = true;
      b.startedAt = e.at();
      for (Breakout.Members m : e.groups()) {
        b.groups.add(new BreakoutGroup(m.group(), m.name(), m.members()));
      }
      s.breakouts.put(e.step(), b);
      return;
    }
    Breakout b = s.breakouts.get(stepOf(event));
    if (b == null) {
      return;
    }
    if (event instanceof Event.GroupMemberPlaced e) {
      for (BreakoutGroup g : b.groups) {
        g.members.remove(e.participantId());
      }
      BreakoutGroup to = b.group(e.group());
      if (to == null) {
        to = new BreakoutGroup(e.group(), e.name(), List.of());
        b.groups.add(to);
      }
      to.members.add(e.participantId());
    } else if (event instanceof Event.InGroup e) {
      inGroup(s, b, e);
    } else if (event instanceof Event.GroupsBroadcast e) {
      b.broadcast = new Breakout.Broadcast(e.text(), e.by(), e.at());
    } else if (event instanceof Event.BreakoutEnded e) {
      b.running = false;
      b.endedAt = e.at();
    } else if (event instanceof Event.GroupResultMerged e) {
      b.merges.add(e.merge());
    }
  }

  private static int stepOf(Event event) {
    if (event instanceof Event.GroupMemberPlaced e) {
      return e.step();
    } else if (event instanceof Event.InGroup e) {
      return e.step();
    } else if (event instanceof Event.GroupsBroadcast e) {
      return e.step();
    } else if (event instanceof Event.BreakoutEnded e) {
      return e.step();
    } else if (event instanceof Event.GroupResultMerged e) {
      return e.step();
    }
    return -1;
  }

  /** Applies a group's event to its space: the room's own evolve, with the group's space in place for a moment. */
  private static void inGroup(RoomState s, Breakout b, Event.InGroup e) {
    BreakoutGroup g = b.group(e.group());
    if (g == null) {
      return;
    }
    StepContent plenary = s.content.get(e.step());
    Map<String, Agreement> agreements = s.agreements;
    Map<String, List<TextOp>> textLog = s.textLog;
    s.content.set(e.step(), g.content);
    s.agreements = g.agreements;
    s.textLog = g.textLog;
    try {
      Room.evolve(s, e.event());
      s.seq--; // the wrapping event advances the clock once
    } finally {
      g.content = s.content.get(e.step());
      g.agreements = s.agreements;
      g.textLog = s.textLog;
      s.content.set(e.step(), plenary);
      s.agreements = agreements;
      s.textLog = textLog;
    }
  }
}

package nl.werkplaats.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pre-work: steps opened for answering before the live session ("written question rounds"). From {@code from}
 * (epoch milliseconds) on, while the room is still in the lobby, participants write in {@code steps} at their
 * own pace with the same commands and limits as in the session; the start ends it, and what was written is simply
 * there, per organisation, like any answer. {@code until}: when the session is planned to start (the deadline a
 * reminder names; informative, the start itself ends pre-work), or null. {@code answered}: per step, who wrote in
 * it beforehand (participant ids, in order), which the facilitator's overview counts per organisation.
 */
public record PreWork(List<Integer> steps, long from, Long until, Map<Integer, List<String>> answered) {

  /** The step types where writing beforehand makes sense; flow-only steps and joint moments are not among them. */
  public static final Set<StepType> TAKES =
      EnumSet.of(StepType.CHECKLIST_QUESTION, StepType.CANVAS, StepType.CARDS, StepType.COMPETENCES);

  /** How far back {@code from} may lie (a date in the past opens at once), and how far ahead. */
  public static final long EARLIEST_MS = 31L * 24 * 3600 * 1000;
  public static final long LATEST_MS = 366L * 24 * 3600 * 1000;

  public PreWork {
    steps = List.copyOf(steps);
    answered = answered == null ? Map.of() : Map.copyOf(answered);
  }

  /**
   * Pre-work on {@code steps} of {@code agenda} from {@code from}, checked: every step exists and can take it,
   * and {@code from} lies between {@link #EARLIEST_MS} before {@code now} and {@link #LATEST_MS} after it.
   */
  public static PreWork checked(List<StepSpec> agenda, List<Integer> steps, Long from, Long until, long now) {
    if (steps == null || steps.isEmpty()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "name at least one step to open for answering beforehand");
    }
    if (steps.size() > agenda.size()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "this session has " + agenda.size() + " steps");
    }
    TreeSet<Integer> chosen = new TreeSet<>();
    for (Integer step : steps) {
      if (step == null || step < 0 || step >= agenda.size()) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "there is no step " + step);
      }
      StepType type = agenda.get(step).type();
      if (!TAKES.contains(type)) {
        throw new Rejected(ErrorCode.WRONG_STEP_TYPE, "step " + step + " (" + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + ") cannot be answered beforehand: pre-work is for checklist questions, canvases, cards and competences");
      }
      chosen.add(step);
    }
    if (from == null) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "from (when answering beforehand opens) is missing");
    }
    if (from < now - EARLIEST_MS || from > now + LATEST_MS) {
      throw new Rejected(ErrorCode.INVALID_VALUE,
          "from must lie between 31 days ago and a year ahead, not " + Instant.ofEpochMilli(from));
    }
    if (until != null && (until <= from || until > now + LATEST_MS)) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "until (the planned start) must lie after from and within a year, not "
          + Instant.ofEpochMilli(until));
    }
    return new PreWork(new ArrayList<>(chosen), from, until, Map.of());
  }

  /** Whether {@code step} is one of the steps opened for answering beforehand (whatever the time). */
  static boolean takes(RoomState s, int step) {
    return s.preWork != null && s.preWork.steps().contains(step);
  }

  /** The facilitator opens (or, with no steps, closes) pre-work while the room is in the lobby. */
  static List<Event> open(RoomState s, Command.OpenPreWork c, long now) {
    if (s.status != RoomStatus.LOBBY) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "pre-work is opened before the session starts");
    }
    if (c.steps() != null && c.steps().isEmpty()) {
      return s.preWork == null ? List.of() : List.of(new Event.PreWorkOpened(List.of(), 0, null));
    }
    PreWork wanted = checked(s.agenda, c.steps(), c.from(), c.until(), now);
    if (s.preWork != null && s.preWork.steps().equals(wanted.steps()) && s.preWork.from() == wanted.from()
        && java.util.Objects.equals(s.preWork.until(), wanted.until())) {
      return List.of();
    }
    return List.of(new Event.PreWorkOpened(wanted.steps(), wanted.from(), wanted.until()));
  }

  /**
   * In the lobby of a room with pre-work, a content command is taken only on a pre-work step from its moment on;
   * everything else is refused with {@code pre_work_not_open}. (Without pre-work the lobby answers not_started.)
   */
  static void requireOpen(RoomState s, Command command, long now) {
    if (s.status != RoomStatus.LOBBY || s.preWork == null) {
      return;
    }
    int step = stepOf(s, command);
    if (!s.preWork.steps().contains(step)) {
      throw new Rejected(ErrorCode.PRE_WORK_NOT_OPEN, "this step is not open for answering before the session");
    }
    if (now < s.preWork.from()) {
      throw new Rejected(ErrorCode.PRE_WORK_NOT_OPEN,
          "answering beforehand opens at " + Instant.ofEpochMilli(s.preWork.from()));
    }
  }

  /** {@code events} of a command taken as pre-work, with a note of who answered the step the first time they do. */
  static List<Event> noted(RoomState s, Participant actor, Command command, List<Event> events) {
    if (s.status != RoomStatus.LOBBY || s.preWork == null || events.isEmpty()) {
      return events;
    }
    int step = stepOf(s, command);
    if (s.preWork.answered().getOrDefault(step, List.of()).contains(actor.id())) {
      return events;
    }
    List<Event> all = new ArrayList<>(events);
    all.add(new Event.PreWorkAnswered(step, actor.id()));
    return all;
  }

  /** The state after a {@link Event.PreWorkOpened}: no steps closes pre-work; who answered stays known. */
  PreWork reopened(List<Integer> newSteps, long newFrom, Long newUntil) {
    return new PreWork(newSteps, newFrom, newUntil, answered);
  }

  static PreWork opened(PreWork before, Event.PreWorkOpened e) {
    if (e.steps().isEmpty()) {
      return null;
    }
    return before == null ? new PreWork(e.steps(), e.from(), e.until(), Map.of())
        : before.reopened(e.steps(), e.from(), e.until());
  }

  /** The state after {@code participantId} answered {@code step} beforehand. */
  PreWork withAnswer(int step, String participantId) {
    Map<Integer, List<String>> next = new TreeMap<>(answered);
    List<String> who = new ArrayList<>(next.getOrDefault(step, List.of()));
    if (!who.contains(participantId)) {
      who.add(participantId);
    }
    next.put(step, List.copyOf(who));
    return new PreWork(steps, from, until, next);
  }

  /**
   * Per organisation that answers in the room ({@link RoomState#organisations()}), how many of its people wrote in
   * {@code step} beforehand and how many it has in the room: the facilitator's "who answered" overview (the web
   * client counts the same way, in preWork.ts).
   */
  public static Map<String, int[]> answeredPerOrganisation(RoomState s, int step) {
    Map<String, int[]> out = new java.util.LinkedHashMap<>();
    for (String organisation : s.organisations()) {
      out.put(organisation, new int[2]);
    }
    List<String> who = s.preWork == null ? List.of() : s.preWork.answered().getOrDefault(step, List.of());
    for (Participant p : s.participants.values()) {
      int[] counts = p.removed() || !p.role().answersForOrganisation() ? null
          : out.get(RoomState.findOrganisation(s.organisations(), p.organisation()));
      if (counts != null) {
        counts[1]++;
        if (who.contains(p.id())) {
          counts[0]++;
        }
      }
    }
    return out;
  }

  /** The step a content command writes in ({@code -1} when it names none that exists). */
  static int stepOf(RoomState s, Command command) {
    Integer step = CommandStep.of(s, command);
    return step == null ? -1 : step;
  }
}

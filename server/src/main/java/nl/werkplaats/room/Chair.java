package nl.werkplaats.room;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a self-guided session ({@link SelfGuided}): who may move it, and how the chair changes hands.
 * Pure, like {@link Room}. The room holds exactly one chair id, changed only by events that the room orders
 * one after the other, so two people can never both be chair: a pass or take made on an outdated view of who
 * the chair is is refused.
 */
final class Chair {
  private Chair() {}

  /**
   * Whether {@code actor} may move the session (start, steps, timer, reveal, end); throws {@code forbidden}
   * when not. A facilitator who took over through the facilitator link always may.
   */
  static void mayMove(RoomState s, Participant actor) {
    if (actor.role().runsFlow()) {
      return;
    }
    if (!actor.role().contributes()) {
      throw new Rejected(ErrorCode.FORBIDDEN, "observers do not move the session");
    }
    SelfGuided g = s.selfGuided;
    if (g.guide() == SelfGuided.Guide.CHAIR && !actor.id().equals(g.chairId())) {
      Participant chair = s.participant(g.chairId());
      throw new Rejected(ErrorCode.FORBIDDEN, "only the chair moves this session"
          + (chair != null && !chair.name().isEmpty() ? " (" + chair.name() + ")" : "")
          + "; ask them to pass the chair");
    }
  }

  /** After {@code joined}: the first participant to join a chaired session (or the first after a removed chair) chairs it. */
  static List<Event> afterJoin(RoomState s, List<Event> joined) {
    SelfGuided g = s.selfGuided;
    if (g == null || g.guide() != SelfGuided.Guide.CHAIR || hasChair(s) || joined.isEmpty()
        || !(joined.get(0) instanceof Event.ParticipantJoined j) || j.participant().role() != Role.PARTICIPANT) {
      return joined;
    }
    List<Event> events = new ArrayList<>(joined);
    events.add(new Event.SelfGuidedChanged(g.withChair(j.participant().id())));
    return events;
  }

  /** After the session ended: who ended it. */
  static List<Event> afterEnd(RoomState s, Participant actor, List<Event> ended) {
    if (s.selfGuided == null) {
      return ended;
    }
    List<Event> events = new ArrayList<>(ended);
    events.add(new Event.SelfGuidedChanged(s.selfGuided.endedBy(actor.id())));
    return events;
  }

  /** The chair gives the chair to another participant. */
  static List<Event> pass(RoomState s, Participant actor, Command.PassChair c) {
    SelfGuided g = chaired(s);
    if (!actor.id().equals(g.chairId())) {
      throw new Rejected(ErrorCode.FORBIDDEN, "only the chair passes the chair");
    }
    Participant target = s.participant(c.participantId());
    if (target == null || target.removed()) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no participant " + c.participantId() + " in this room");
    }
    if (target.role() != Role.PARTICIPANT) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "the chair passes to a participant");
    }
    if (target.id().equals(actor.id())) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "you are the chair already");
    }
    return List.of(new Event.SelfGuidedChanged(g.withChair(target.id())));
  }

  /**
   * A participant takes the chair from {@code c.from()}, the chair they saw: allowed when that chair has left
   * (is not connected: {@code chairOnline}, which the server fills in from who is online) or was removed.
   */
  static List<Event> take(RoomState s, Participant actor, Command.TakeChair c) {
    SelfGuided g = chaired(s);
    if (actor.role() != Role.PARTICIPANT) {
      throw new Rejected(ErrorCode.FORBIDDEN, "only a participant can take the chair");
    }
    if (actor.id().equals(g.chairId())) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "you are the chair already");
    }
    if (g.chairId() != null && !g.chairId().equals(c.from())) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "the chair changed meanwhile; look again who chairs now");
    }
    if (hasChair(s) && !Boolean.FALSE.equals(c.chairOnline())) {
      throw new Rejected(ErrorCode.FORBIDDEN, "the chair is still here; ask them to pass the chair");
    }
    return List.of(new Event.SelfGuidedChanged(g.withChair(actor.id())));
  }

  private static SelfGuided chaired(RoomState s) {
    if (s.selfGuided == null) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "this session is led by a facilitator; it has no chair");
    }
    if (s.selfGuided.guide() != SelfGuided.Guide.CHAIR) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "anyone moves this session; it has no chair");
    }
    return s.selfGuided;
  }

  private static boolean hasChair(RoomState s) {
    Participant chair = s.participant(s.selfGuided.chairId());
    return chair != null && !chair.removed();
  }
}

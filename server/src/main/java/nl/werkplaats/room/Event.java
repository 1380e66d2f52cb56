package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonView;
import java.util.List;
import java.util.Map;

/**
 * What happened in a room. Every event replaces one piece of state as a whole, so applying it is trivial on
 * the server and in every client. Events whose {@link #audience()} is set carry content only that
 * participant may see yet; everyone else receives {@link #redacted()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Event.ParticipantJoined.class, name = "participant-joined"),
  @JsonSubTypes.Type(value = Event.ParticipantRoleChanged.class, name = "participant-role-changed"),
  @JsonSubTypes.Type(value = Event.ParticipantRemoved.class, name = "participant-removed"),
  @JsonSubTypes.Type(value = Event.FlowChanged.class, name = "flow-changed"),
  @JsonSubTypes.Type(value = Event.StepRuntimeChanged.class, name = "step-runtime-changed"),
  @JsonSubTypes.Type(value = Event.TextChanged.class, name = "text-changed"),
  @JsonSubTypes.Type(value = Event.TextEdited.class, name = "text-op"),
  @JsonSubTypes.Type(value = Event.StatusChanged.class, name = "status-changed"),
  @JsonSubTypes.Type(value = Event.AgreementSaved.class, name = "agreement-saved"),
  @JsonSubTypes.Type(value = Event.AgreementRemoved.class, name = "agreement-removed"),
  @JsonSubTypes.Type(value = Event.CardSaved.class, name = "card-saved"),
  @JsonSubTypes.Type(value = Event.CardRemoved.class, name = "card-removed"),
  @JsonSubTypes.Type(value = Event.GroupSaved.class, name = "group-saved"),
  @JsonSubTypes.Type(value = Event.VotesChanged.class, name = "votes-changed"),
  @JsonSubTypes.Type(value = Event.RatingsChanged.class, name = "ratings-changed"),
  @JsonSubTypes.Type(value = Event.RoleAssignmentChanged.class, name = "role-assignment-changed"),
  @JsonSubTypes.Type(value = Event.EvaluationSaved.class, name = "evaluation-saved"),
  @JsonSubTypes.Type(value = Event.ProjectorLinkRenewed.class, name = "projector-link-renewed"),
  @JsonSubTypes.Type(value = Event.BacklogItemUpdated.class, name = "backlog-item-updated"),
  @JsonSubTypes.Type(value = Event.JointAnswerAssented.class, name = "joint-answer-assented"),
  @JsonSubTypes.Type(value = Event.CalledBack.class, name = "called-back"),
  @JsonSubTypes.Type(value = Event.SelfGuidedChanged.class, name = "self-guided-changed"),
  @JsonSubTypes.Type(value = Event.PreWorkOpened.class, name = "pre-work-opened"),
  @JsonSubTypes.Type(value = Event.PreWorkAnswered.class, name = "pre-work-answered"),
  @JsonSubTypes.Type(value = Event.BreakoutStarted.class, name = "breakout-started"),
  @JsonSubTypes.Type(value = Event.GroupMemberPlaced.class, name = "group-member-placed"),
  @JsonSubTypes.Type(value = Event.InGroup.class, name = "in-group"),
  @JsonSubTypes.Type(value = Event.GroupsBroadcast.class, name = "groups-broadcast"),
  @JsonSubTypes.Type(value = Event.BreakoutEnded.class, name = "breakout-ended"),
  @JsonSubTypes.Type(value = Event.GroupResultMerged.class, name = "group-result-merged"),
})
public sealed interface Event {

  /** The one participant allowed to see this event's content now, or null when everyone may. */
  @JsonIgnore
  default String audience() {
    return null;
  }

  /** This event as seen by somebody outside its audience. */
  default Event redacted() {
    return this;
  }

  record ParticipantJoined(
      Participant participant, boolean owner, @JsonView(Views.Internal.class) String tokenHash) implements Event {}

  record ParticipantRoleChanged(String participantId, Role role) implements Event {}

  /** {@code banned}: true when the removal bans the person from the session (absent otherwise). */
  record ParticipantRemoved(String participantId,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean banned)
      implements Event {
    public ParticipantRemoved(String participantId) {
      this(participantId, null);
    }
  }

  record FlowChanged(
      RoomStatus status, int currentStep, List<Integer> history, long startedAt, long endedAt, long pausedAt,
      int endCount, long at) implements Event {}

  record StepRuntimeChanged(int step, StepRuntime runtime) implements Event {}

  /** A whole text replaced (written by earlier versions; still applied when a stored room is replayed). */
  record TextChanged(int step, String key, SharedText text) implements Event {}

  /**
   * One change of a shared text, as the room sequenced it: {@code op} applies to revision {@code rev - 1}
   * and makes revision {@code rev}; {@code by} wrote it, {@code opId} is the id its author gave it.
   */
  record TextEdited(int step, String key, int rev, TextOp op, String by, String opId, long at) implements Event {}

  /**
   * {@code by}: the facilitator who marked the question agreed without every organisation's assent (their
   * override, recorded as such); absent otherwise.
   */
  record StatusChanged(int step, ChecklistStatus status,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String by)
      implements Event {
    public StatusChanged(int step, ChecklistStatus status) {
      this(step, status, null);
    }
  }

  /** An organisation assented to the joint answer of a checklist question at one revision of its text. */
  record JointAnswerAssented(int step, Assent assent) implements Event {}

  /** The facilitator brought everybody back to the current step {@code step}: clients stop looking back. */
  record CalledBack(int step, long at) implements Event {}

  record AgreementSaved(Agreement agreement) implements Event {}

  record AgreementRemoved(String agreementId) implements Event {}

  /**
   * {@code onlyFor}: the author, while the card is private; {@code alias}: the author's alias in an anonymous
   * room, which everybody else sees instead of the author's id. Neither is sent.
   */
  record CardSaved(int step, Card card, @JsonView(Views.Internal.class) String onlyFor,
      @JsonView(Views.Internal.class) String alias) implements Event {
    public CardSaved(int step, Card card, String onlyFor) {
      this(step, card, onlyFor, null);
    }

    @Override
    public String audience() {
      return onlyFor != null ? onlyFor : alias != null ? card.authorId() : null;
    }

    @Override
    public Event redacted() {
      Card seen = onlyFor == null ? card : card.redacted();
      return new CardSaved(step, alias == null ? seen : seen.byAuthor(alias), null, null);
    }
  }

  record CardRemoved(int step, String cardId) implements Event {}

  record GroupSaved(int step, CardGroup group) implements Event {}

  /** {@code alias}: the voter's alias in an anonymous room, which everybody else sees instead (not sent). */
  record VotesChanged(int step, String participantId, Map<String, Integer> votes,
      @JsonView(Views.Internal.class) String alias) implements Event {
    public VotesChanged(int step, String participantId, Map<String, Integer> votes) {
      this(step, participantId, votes, null);
    }

    @Override
    public String audience() {
      return alias == null ? null : participantId;
    }

    @Override
    public Event redacted() {
      return new VotesChanged(step, alias == null ? participantId : alias, votes, null);
    }
  }

  /**
   * {@code alias}: the rater's alias in an anonymous room; {@code hidden}: true while the step keeps ratings
   * private until reveal, when everybody else gets no values. Neither is sent.
   */
  record RatingsChanged(int step, String participantId, Map<String, Integer> ratings,
      @JsonView(Views.Internal.class) String alias, @JsonView(Views.Internal.class) Boolean hidden) implements Event {
    public RatingsChanged(int step, String participantId, Map<String, Integer> ratings) {
      this(step, participantId, ratings, null, null);
    }

    @Override
    public String audience() {
      return alias == null && !Boolean.TRUE.equals(hidden) ? null : participantId;
    }

    @Override
    public Event redacted() {
      return new RatingsChanged(step, alias == null ? participantId : alias,
          Boolean.TRUE.equals(hidden) ? Map.of() : ratings, null, null);
    }
  }

  record RoleAssignmentChanged(int step, String roleId, List<String> participantIds) implements Event {}

  /**
   * {@code onlyFor}: the author, until the step is revealed; {@code alias}: the author's alias, which everybody
   * else sees instead of their id (a mark carries no participant id to others). Neither is sent.
   */
  record EvaluationSaved(int step, Evaluation evaluation, @JsonView(Views.Internal.class) String onlyFor,
      @JsonView(Views.Internal.class) String alias) implements Event {
    public EvaluationSaved(int step, Evaluation evaluation, String onlyFor) {
      this(step, evaluation, onlyFor, null);
    }

    @Override
    public String audience() {
      return onlyFor != null ? onlyFor : alias != null ? evaluation.participantId() : null;
    }

    @Override
    public Event redacted() {
      Evaluation seen = onlyFor == null ? evaluation : evaluation.redacted();
      return new EvaluationSaved(step, alias == null ? seen : seen.by(alias), null, null);
    }
  }

  /** A backlog review changed one of the project's items (the whole item as it is now). */
  record BacklogItemUpdated(int step, BacklogEntry item) implements Event {}

  /**
   * The facilitator made a new projector link: from now on only its token ({@code tokenHash}, never sent to
   * clients) opens the projector, and projectors opened with an earlier one are closed.
   */
  record ProjectorLinkRenewed(long at, @JsonView(Views.Internal.class) String tokenHash) implements Event {}

  /** A self-guided session's chair changed hands, or it was ended (by whom): its {@link SelfGuided} as a whole. */
  record SelfGuidedChanged(SelfGuided selfGuided) implements Event {}

  /**
   * Pre-work was opened on {@code steps} from {@code from} until the planned start {@code until} (epoch milliseconds;
   * until may be null); no steps: closed again.
   */
  record PreWorkOpened(List<Integer> steps, long from, Long until) implements Event {}

  /** {@code participantId} wrote in pre-work step {@code step} for the first time. */
  record PreWorkAnswered(int step, String participantId) implements Event {}

  // --- breakout groups (see Breakouts) ---

  /** The step was split into {@code groups}; each starts with an empty space of the step. */
  record BreakoutStarted(int step, String how, List<Breakout.Members> groups, String by, long at) implements Event {}

  /** {@code participantId} is now in group {@code group} (named {@code name}; made when it is new). */
  record GroupMemberPlaced(int step, int group, String name, String participantId) implements Event {}

  /** {@code event} happened in the space of group {@code group} of step {@code step}, not in the plenary. */
  record InGroup(int step, int group, Event event) implements Event {
    @Override
    public String audience() {
      return event.audience();
    }

    @Override
    public Event redacted() {
      return new InGroup(step, group, event.redacted());
    }
  }

  /** The facilitator's message to every group at work. */
  record GroupsBroadcast(int step, String text, String by, long at) implements Event {}

  /** The groups came back to plenary: their spaces stay, closed, side by side. */
  record BreakoutEnded(int step, long at) implements Event {}

  /** A group's result was taken into the plenary (the events before it in the same command made the items). */
  record GroupResultMerged(int step, Breakout.Merge merge) implements Event {}
}

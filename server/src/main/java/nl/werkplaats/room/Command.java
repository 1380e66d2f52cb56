package nl.werkplaats.room;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What somebody asks the room to do. Wire names are the {@code type} values of docs/protocol.md. Join and
 * facilitator claims are issued by the gateway during the handshake, never sent by a client directly.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonIgnoreProperties({"commandId"})
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.Join.class, name = "join"),
  @JsonSubTypes.Type(value = Command.ClaimFacilitator.class, name = "claim-facilitator"),
  @JsonSubTypes.Type(value = Command.Start.class, name = "start"),
  @JsonSubTypes.Type(value = Command.Next.class, name = "next"),
  @JsonSubTypes.Type(value = Command.Previous.class, name = "previous"),
  @JsonSubTypes.Type(value = Command.GoToStep.class, name = "go-to-step"),
  @JsonSubTypes.Type(value = Command.UndoAdvance.class, name = "undo-advance"),
  @JsonSubTypes.Type(value = Command.Pause.class, name = "pause"),
  @JsonSubTypes.Type(value = Command.Resume.class, name = "resume"),
  @JsonSubTypes.Type(value = Command.Lock.class, name = "lock"),
  @JsonSubTypes.Type(value = Command.Reveal.class, name = "reveal"),
  @JsonSubTypes.Type(value = Command.SetTimer.class, name = "set-timer"),
  @JsonSubTypes.Type(value = Command.ExtendTimer.class, name = "extend-timer"),
  @JsonSubTypes.Type(value = Command.ClearTimer.class, name = "clear-timer"),
  @JsonSubTypes.Type(value = Command.SetRole.class, name = "set-role"),
  @JsonSubTypes.Type(value = Command.HandOver.class, name = "hand-over"),
  @JsonSubTypes.Type(value = Command.RemoveParticipant.class, name = "remove-participant"),
  @JsonSubTypes.Type(value = Command.End.class, name = "end"),
  @JsonSubTypes.Type(value = Command.Reopen.class, name = "reopen"),
  @JsonSubTypes.Type(value = Command.NewProjectorLink.class, name = "new-projector-link"),
  @JsonSubTypes.Type(value = Command.EditText.class, name = "text-op"),
  @JsonSubTypes.Type(value = Command.SetStatus.class, name = "set-status"),
  @JsonSubTypes.Type(value = Command.SaveAgreement.class, name = "save-agreement"),
  @JsonSubTypes.Type(value = Command.RemoveAgreement.class, name = "remove-agreement"),
  @JsonSubTypes.Type(value = Command.AddCard.class, name = "add-card"),
  @JsonSubTypes.Type(value = Command.EditCard.class, name = "edit-card"),
  @JsonSubTypes.Type(value = Command.RemoveCard.class, name = "remove-card"),
  @JsonSubTypes.Type(value = Command.SaveGroup.class, name = "save-group"),
  @JsonSubTypes.Type(value = Command.MoveCard.class, name = "move-card"),
  @JsonSubTypes.Type(value = Command.Vote.class, name = "vote"),
  @JsonSubTypes.Type(value = Command.Rate.class, name = "rate"),
  @JsonSubTypes.Type(value = Command.TakeRole.class, name = "take-role"),
  @JsonSubTypes.Type(value = Command.Evaluate.class, name = "evaluate"),
  @JsonSubTypes.Type(value = Command.UpdateBacklogItem.class, name = "update-backlog-item"),
  @JsonSubTypes.Type(value = Command.AssentJointAnswer.class, name = "assent-joint-answer"),
  @JsonSubTypes.Type(value = Command.CallBack.class, name = "call-back"),
  @JsonSubTypes.Type(value = Command.PassChair.class, name = "pass-chair"),
  @JsonSubTypes.Type(value = Command.TakeChair.class, name = "take-chair"),
  @JsonSubTypes.Type(value = Command.OpenPreWork.class, name = "open-pre-work"),
  @JsonSubTypes.Type(value = Command.StartBreakout.class, name = "start-breakout"),
  @JsonSubTypes.Type(value = Command.MoveToGroup.class, name = "move-to-group"),
  @JsonSubTypes.Type(value = Command.BroadcastToGroups.class, name = "broadcast-to-groups"),
  @JsonSubTypes.Type(value = Command.EndBreakout.class, name = "end-breakout"),
  @JsonSubTypes.Type(value = Command.MergeGroupResult.class, name = "merge-group-result"),
})
public sealed interface Command {

  // --- issued by the gateway during the handshake ---
  record Join(String participantId, String name, String organisation, String function, Role role, String tokenHash)
      implements Command {}

  record ClaimFacilitator(String participantId, String name, String organisation, String tokenHash,
      String facilitatorTokenHash) implements Command {}

  // --- the flow: facilitator and co-facilitators ---
  record Start() implements Command {}

  // Moves carry the step the sender saw (fromStep, optional): a move from a view that is no longer current
  // (a double click, two facilitators at once) is refused with step_changed instead of moving twice.

  record Next(Integer fromStep) implements Command {
    public Next() {
      this(null);
    }
  }

  record Previous(Integer fromStep) implements Command {
    public Previous() {
      this(null);
    }
  }

  record GoToStep(int step, Integer fromStep) implements Command {
    public GoToStep(int step) {
      this(step, null);
    }
  }

  record UndoAdvance(Integer fromStep) implements Command {
    public UndoAdvance() {
      this(null);
    }
  }

  record Pause() implements Command {}

  record Resume() implements Command {}

  record Lock(int step, boolean locked) implements Command {}

  record Reveal(int step) implements Command {}

  record SetTimer(int seconds) implements Command {}

  record ExtendTimer(int seconds) implements Command {}

  record ClearTimer() implements Command {}

  record SetRole(String participantId, Role role) implements Command {}

  record HandOver(String participantId) implements Command {}

  /** {@code ban}: the same person (name and organisation, or join key) cannot join this session again. */
  record RemoveParticipant(String participantId, Boolean ban) implements Command {
    public RemoveParticipant(String participantId) {
      this(participantId, null);
    }
  }

  record End() implements Command {}

  record Reopen() implements Command {}

  /**
   * A new projector link: {@code tokenHash} is the hash of a token the gateway generated (a client never
   * chooses it); the link made before stops working.
   */
  record NewProjectorLink(String tokenHash) implements Command {}

  /** Brings everybody who is looking back at an earlier step to the current step. */
  record CallBack() implements Command {}

  // --- content: participants and facilitators ---
  /**
   * One change of a shared text: {@code op} was made against revision {@code rev} of the text; {@code opId}
   * (chosen by the client) comes back in the event, so that its author recognises it.
   */
  record EditText(int step, String key, int rev, TextOp op, String opId, Integer group) implements ForGroup {
    public EditText(int step, String key, int rev, TextOp op, String opId) {
      this(step, key, rev, op, opId, null);
    }
  }

  record SetStatus(int step, ChecklistStatus status, Integer group) implements ForGroup {
    public SetStatus(int step, ChecklistStatus status) {
      this(step, status, null);
    }
  }

  record SaveAgreement(String agreementId, int step, String what, String who, String due, Integer group) implements ForGroup {
    public SaveAgreement(String agreementId, int step, String what, String who, String due) {
      this(agreementId, step, what, who, due, null);
    }
  }

  record RemoveAgreement(String agreementId, Integer group) implements ForGroup {
    public RemoveAgreement(String agreementId) {
      this(agreementId, null);
    }
  }

  record AddCard(int step, int prompt, String text, Integer group) implements ForGroup {
    public AddCard(int step, int prompt, String text) {
      this(step, prompt, text, null);
    }
  }

  record EditCard(int step, String cardId, String text, Integer group) implements ForGroup {
    public EditCard(int step, String cardId, String text) {
      this(step, cardId, text, null);
    }
  }

  record RemoveCard(int step, String cardId, Integer group) implements ForGroup {
    public RemoveCard(int step, String cardId) {
      this(step, cardId, null);
    }
  }

  record SaveGroup(int step, String groupId, String title, Integer group) implements ForGroup {
    public SaveGroup(int step, String groupId, String title) {
      this(step, groupId, title, null);
    }
  }

  record MoveCard(int step, String cardId, String groupId, Integer group) implements ForGroup {
    public MoveCard(int step, String cardId, String groupId) {
      this(step, cardId, groupId, null);
    }
  }

  record Vote(int step, String cardId, int delta, Integer group) implements ForGroup {
    public Vote(int step, String cardId, int delta) {
      this(step, cardId, delta, null);
    }
  }

  record Rate(int step, String competenceId, Integer value) implements Command {}

  record TakeRole(int step, String roleId, String participantId, boolean taken) implements Command {}

  record Evaluate(int step, int mark, String tips) implements Command {}

  /**
   * A backlog review changes one of the project's items it holds: each field given (not null) replaces the
   * item's; a field left out stays as it is. {@code due} "" clears the due date.
   */
  record UpdateBacklogItem(int step, String itemId, BacklogStatus status, String ownerOrganisation,
      String ownerPerson, String due, String note) implements Command {}

  /**
   * The sender's organisation assents to the joint answer of a checklist question as it stands at revision
   * {@code rev} (the revision the sender saw): an answer changed since is refused with stale_version.
   */
  record AssentJointAnswer(int step, int rev, Integer group) implements ForGroup {
    public AssentJointAnswer(int step, int rev) {
      this(step, rev, null);
    }
  }

  // --- breakout groups: facilitator and co-facilitators ---

  /**
   * A content command that may name the breakout group whose space it is for ({@code group}, from 1); without
   * it, the sender's own group while the step's groups are at work, else the plenary.
   */
  sealed interface ForGroup extends Command {
    Integer group();
  }

  /**
   * Splits the current step into groups: {@code how} is per-organisation, mixed ({@code groups}: how many) or
   * manual ({@code assignment}: participant id to group number; {@code groups} optional).
   */
  record StartBreakout(int step, String how, Integer groups, java.util.Map<String, Integer> assignment)
      implements Command {}

  record MoveToGroup(int step, String participantId, int group) implements Command {}

  /** A message shown to every group at work. */
  record BroadcastToGroups(String text) implements Command {}

  /** The groups at work come back to plenary; their spaces are kept, side by side. */
  record EndBreakout() implements Command {}

  /** Takes a group's result ({@code group} null: every group's) into the plenary; {@code what}: all, texts, cards, agreements. */
  record MergeGroupResult(int step, Integer group, String what) implements Command {}

  // --- a self-guided session with a chair ---
  /** The chair gives the chair to another participant. */
  record PassChair(String participantId) implements Command {}

  /**
   * A participant takes the chair from {@code from} (the chair they saw) because that chair left.
   * {@code chairOnline} is filled in by the server from who is connected, never by a client.
   */
  record TakeChair(String from, Boolean chairOnline) implements Command {
    public TakeChair(String from) {
      this(from, null);
    }
  }

  /**
   * The facilitator opens {@code steps} for answering before the session, from {@code from} until the planned start
   * {@code until} (epoch milliseconds; until optional), while the room is in the lobby; no steps closes pre-work
   * again. See {@link PreWork}.
   */
  record OpenPreWork(java.util.List<Integer> steps, Long from, Long until) implements Command {
    public OpenPreWork(java.util.List<Integer> steps, Long from) {
      this(steps, from, null);
    }
  }
}

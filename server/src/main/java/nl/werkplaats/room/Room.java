package nl.werkplaats.room;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of a live room, as pure functions: {@link #decide} judges a command against the state and
 * answers with events (or a {@link Rejected}); {@link #evolve} applies one event. No I/O, no clock: the
 * time of a command is passed in, and ids are derived from the room's clock, so every replica that runs the
 * same command on the same state gets the same events.
 */
public final class Room {
  private Room() {}

  /** A new room in the lobby, pinned to its template's steps. */
  public static RoomState create(
      String roomId, String title, String templateId, int templateVersion, String language, boolean anonymous,
      String joinCode, List<StepSpec> agenda, String facilitatorTokenHash, String organiserTokenHash, long now) {
    if (agenda.isEmpty()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "a room needs at least one step");
    }
    RoomState s = new RoomState();
    s.roomId = roomId;
    s.title = Limits.required(title, 200, "title");
    s.templateId = templateId;
    s.templateVersion = templateVersion;
    s.language = language;
    s.anonymous = anonymous;
    s.joinCode = joinCode;
    s.createdAt = now;
    s.agenda = new ArrayList<>(agenda);
    for (int i = 0; i < agenda.size(); i++) {
      s.runtime.add(StepRuntime.unopened());
      s.content.add(new StepContent());
    }
    s.facilitatorTokenHash = facilitatorTokenHash;
    s.organiserTokenHash = organiserTokenHash;
    return s;
  }

  // ------------------------------------------------------------------------------------------ decide

  /** The events {@code command} from {@code actorId} leads to; never changes {@code s}. */
  public static List<Event> decide(RoomState s, String actorId, Command command, long now) {
    if (command instanceof Command.Join c) {
      return Chair.afterJoin(s, join(s, c, now));
    }
    if (command instanceof Command.ClaimFacilitator c) {
      return claimFacilitator(s, c, now);
    }
    Participant actor = s.participant(actorId);
    if (actor == null || actor.removed()) {
      throw new Rejected(ErrorCode.NOT_AUTHENTICATED, "you are not (or no longer) in this room");
    }
    if (command instanceof Command.Start) {
      moves(s, actor);
      if (s.status != RoomStatus.LOBBY) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "the session has already started");
      }
      StepRuntime entered = s.runtime.get(0).enteredAt(now, durationMs(s, 0), true);
      return List.of(
          new Event.StepRuntimeChanged(0, entered),
          flow(s, RoomStatus.RUNNING, 0, s.history, now, s.endedAt, 0, s.endCount, now));
    }
    if (command instanceof Command.Next c) {
      moves(s, actor);
      sawCurrentStep(s, c.fromStep());
      return navigate(s, s.currentStep + 1, true, now);
    }
    if (command instanceof Command.Previous c) {
      moves(s, actor);
      sawCurrentStep(s, c.fromStep());
      return navigate(s, s.currentStep - 1, true, now);
    }
    if (command instanceof Command.GoToStep c) {
      moves(s, actor);
      sawCurrentStep(s, c.fromStep());
      return navigate(s, c.step(), true, now);
    }
    if (command instanceof Command.UndoAdvance c) {
      moves(s, actor);
      sawCurrentStep(s, c.fromStep());
      if (s.history.isEmpty()) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "there is no earlier step to go back to");
      }
      return navigate(s, s.history.get(s.history.size() - 1), false, now);
    }
    if (command instanceof Command.Pause) {
      flowRole(actor);
      requireStatus(s, RoomStatus.RUNNING, "only a running session can be paused");
      return List.of(
          new Event.StepRuntimeChanged(s.currentStep, s.runtime.get(s.currentStep).leftAt(now, true)),
          flow(s, RoomStatus.PAUSED, s.currentStep, s.history, s.startedAt, s.endedAt, now, s.endCount, now));
    }
    if (command instanceof Command.Resume) {
      flowRole(actor);
      requireStatus(s, RoomStatus.PAUSED, "only a paused session can be resumed");
      return List.of(
          new Event.StepRuntimeChanged(s.currentStep,
              s.runtime.get(s.currentStep).enteredAt(now, durationMs(s, s.currentStep), true)),
          flow(s, RoomStatus.RUNNING, s.currentStep, s.history, s.startedAt, s.endedAt, 0, s.endCount, now));
    }
    if (command instanceof Command.Lock c) {
      flowRole(actor);
      notEnded(s);
      int step = stepIndex(s, c.step());
      StepRuntime rt = s.runtime.get(step);
      if (rt.locked() == c.locked()) {
        return List.of();
      }
      return List.of(new Event.StepRuntimeChanged(step, rt.withLocked(c.locked())));
    }
    if (command instanceof Command.Reveal c) {
      moves(s, actor);
      notEnded(s);
      return reveal(s, stepIndex(s, c.step()));
    }
    if (command instanceof Command.SetTimer c) {
      moves(s, actor);
      requireStarted(s);
      if (c.seconds() < 1 || c.seconds() > Limits.MAX_TIMER_SECONDS) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a timer runs from 1 second to " + Limits.MAX_TIMER_SECONDS);
      }
      Timer t = Timer.started(now, c.seconds() * 1000L);
      if (s.status != RoomStatus.RUNNING) {
        t = t.stoppedAt(now);
      }
      return List.of(new Event.StepRuntimeChanged(s.currentStep, s.runtime.get(s.currentStep).withTimer(t)));
    }
    if (command instanceof Command.ExtendTimer c) {
      moves(s, actor);
      requireStarted(s);
      StepRuntime rt = s.runtime.get(s.currentStep);
      if (rt.timer() == null) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "this step has no timer to extend");
      }
      if (c.seconds() < 1 || c.seconds() > 3600) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a timer is extended by 1 to 3600 seconds");
      }
      return List.of(new Event.StepRuntimeChanged(s.currentStep, rt.withTimer(rt.timer().extendedBy(now, c.seconds() * 1000L))));
    }
    if (command instanceof Command.ClearTimer) {
      moves(s, actor);
      requireStarted(s);
      StepRuntime rt = s.runtime.get(s.currentStep);
      return rt.timer() == null ? List.of() : List.of(new Event.StepRuntimeChanged(s.currentStep, rt.withTimer(null)));
    }
    if (command instanceof Command.SetRole c) {
      facilitatorOnly(actor);
      Participant target = activeParticipant(s, c.participantId());
      if (c.role() == null || c.role() == Role.FACILITATOR) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "use hand-over to pass on the facilitator role");
      }
      if (target.role() == Role.FACILITATOR) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "the facilitator's role changes only by hand-over");
      }
      if (target.role() == c.role()) {
        return List.of();
      }
      List<Event> events = new ArrayList<>();
      events.add(new Event.ParticipantRoleChanged(target.id(), c.role()));
      events.addAll(GroupSplit.placeNewcomer(s, target.withRole(c.role())));
      return events;
    }
    if (command instanceof Command.HandOver c) {
      facilitatorOnly(actor);
      Participant target = activeParticipant(s, c.participantId());
      if (target.id().equals(actor.id())) {
        throw new Rejected(ErrorCode.INVALID_TRANSITION, "you are the facilitator already");
      }
      return List.of(
          new Event.ParticipantRoleChanged(target.id(), Role.FACILITATOR),
          new Event.ParticipantRoleChanged(actor.id(), Role.CO_FACILITATOR));
    }
    if (command instanceof Command.RemoveParticipant c) {
      flowRole(actor);
      Participant target = activeParticipant(s, c.participantId());
      if (target.role() == Role.FACILITATOR || target.id().equals(actor.id())) {
        throw new Rejected(ErrorCode.FORBIDDEN, "the facilitator cannot be removed; hand over first");
      }
      if (target.role() == Role.CO_FACILITATOR && actor.role() != Role.FACILITATOR) {
        throw new Rejected(ErrorCode.FORBIDDEN, "only the facilitator removes a co-facilitator");
      }
      List<Event> events = new ArrayList<>();
      events.add(new Event.ParticipantRemoved(target.id(), Boolean.TRUE.equals(c.ban()) ? Boolean.TRUE : null));
      for (int i = 0; i < s.agenda.size(); i++) {
        for (Map.Entry<String, List<String>> e : new TreeMap<>(s.content.get(i).roleAssignments).entrySet()) {
          if (e.getValue().contains(target.id())) {
            List<String> rest = new ArrayList<>(e.getValue());
            rest.remove(target.id());
            events.add(new Event.RoleAssignmentChanged(i, e.getKey(), rest));
          }
        }
      }
      return events;
    }
    if (command instanceof Command.End) {
      moves(s, actor);
      notEnded(s);
      List<Event> events = new ArrayList<>();
      if (s.status != RoomStatus.LOBBY) {
        events.add(new Event.StepRuntimeChanged(s.currentStep,
            s.runtime.get(s.currentStep).leftAt(now, s.status == RoomStatus.RUNNING)));
      }
      events.add(flow(s, RoomStatus.ENDED, s.currentStep, s.history, s.startedAt, now, 0, s.endCount + 1, now));
      return Chair.afterEnd(s, actor, events);
    }
    if (command instanceof Command.Reopen) {
      facilitatorOnly(actor);
      requireStatus(s, RoomStatus.ENDED, "only an ended session can be reopened");
      return List.of(flow(s, s.startedAt == 0 ? RoomStatus.LOBBY : RoomStatus.PAUSED, s.currentStep, s.history,
          s.startedAt, s.endedAt, now, s.endCount, now));
    }
    if (command instanceof Command.CallBack) {
      flowRole(actor);
      requireStarted(s);
      return List.of(new Event.CalledBack(s.currentStep, now));
    }
    if (command instanceof Command.NewProjectorLink c) {
      facilitatorOnly(actor);
      if (c.tokenHash() == null || c.tokenHash().isEmpty()) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a projector link needs a token");
      }
      return List.of(new Event.ProjectorLinkRenewed(now, c.tokenHash()));
    }
    if (command instanceof Command.PassChair c) {
      return Chair.pass(s, actor, c);
    }
    if (command instanceof Command.TakeChair c) {
      return Chair.take(s, actor, c);
    }
    if (command instanceof Command.OpenPreWork c) {
      facilitatorOnly(actor);
      return PreWork.open(s, c, now);
    }
    if (command instanceof Command.StartBreakout c) {
      return Breakouts.start(s, actor, c, now);
    }
    if (command instanceof Command.MoveToGroup c) {
      return Breakouts.move(s, actor, c);
    }
    if (command instanceof Command.BroadcastToGroups c) {
      return Breakouts.broadcast(s, actor, c, now);
    }
    if (command instanceof Command.EndBreakout) {
      return Breakouts.end(s, actor, now);
    }
    if (command instanceof Command.MergeGroupResult c) {
      return GroupMerge.merge(s, actor, c, now);
    }
    if (actor.role().contributes()) {
      List<Event> grouped = Breakouts.inGroup(s, actor, command, now);
      if (grouped != null) {
        return grouped;
      }
    }
    return PreWork.noted(s, actor, command, content(s, actor, command, now));
  }

  static List<Event> content(RoomState s, Participant actor, Command command, long now) {
    if (!actor.role().contributes()) {
      // Before any lookup: an observer is told "forbidden", not "no such agreement".
      throw new Rejected(ErrorCode.FORBIDDEN, "observers cannot write");
    }
    PreWork.requireOpen(s, command, now);
    if (command instanceof Command.EditText c) {
      StepSpec spec = writable(s, actor, c.step(), StepType.CHECKLIST_QUESTION, StepType.CANVAS);
      String key = textKey(s, actor, spec, c.key());
      return editText(s, actor, c, key, now);
    }
    if (command instanceof Command.SetStatus c) {
      writable(s, actor, c.step(), StepType.CHECKLIST_QUESTION);
      if (c.status() == null) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "status must be open, agreed or not-applicable");
      }
      return setStatus(s, actor, c);
    }
    if (command instanceof Command.AssentJointAnswer c) {
      return assent(s, actor, c, now);
    }
    if (command instanceof Command.SaveAgreement c) {
      Agreement existing = null;
      if (c.agreementId() != null) {
        existing = s.agreements.get(c.agreementId());
        if (existing == null) {
          throw new Rejected(ErrorCode.NOT_FOUND, "no agreement " + c.agreementId());
        }
      }
      int step = existing != null ? existing.step() : c.step();
      writable(s, actor, step);
      String what = Limits.required(c.what(), Limits.AGREEMENT_WHAT, "what");
      String who = c.who() == null ? "" : Limits.text(c.who(), Limits.AGREEMENT_WHO, "who").strip();
      String due = dueDate(c.due());
      if (existing == null) {
        if (s.agreements.size() >= Limits.AGREEMENTS) {
          throw new Rejected(ErrorCode.LIMIT_REACHED, "a room holds at most " + Limits.AGREEMENTS + " agreements");
        }
        return List.of(new Event.AgreementSaved(new Agreement(newId("a", s), step, what, who, due, actor.id(), now, now)));
      }
      return List.of(new Event.AgreementSaved(
          new Agreement(existing.id(), step, what, who, due, existing.createdBy(), existing.createdAt(), now)));
    }
    if (command instanceof Command.RemoveAgreement c) {
      Agreement existing = s.agreements.get(c.agreementId());
      if (existing == null) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no agreement " + c.agreementId());
      }
      writable(s, actor, existing.step());
      if (!existing.createdBy().equals(actor.id()) && !actor.role().runsFlow()) {
        throw new Rejected(ErrorCode.FORBIDDEN, "only its author or a facilitator removes an agreement");
      }
      return List.of(new Event.AgreementRemoved(existing.id()));
    }
    if (command instanceof Command.AddCard c) {
      StepSpec spec = writable(s, actor, c.step(), StepType.CARDS);
      String text = Limits.required(c.text(), Limits.CARD, "card");
      if (c.prompt() < 0 || c.prompt() >= Math.max(1, spec.prompts())) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "no prompt " + c.prompt() + " in this step");
      }
      StepContent content = s.content.get(c.step());
      long mine = content.cards.values().stream().filter(k -> k.authorId().equals(actor.id())).count();
      if (mine >= spec.maxCardsPerParticipant()) {
        throw new Rejected(ErrorCode.LIMIT_REACHED, "you can add at most " + spec.maxCardsPerParticipant() + " cards here");
      }
      boolean hidden = spec.privateUntilReveal() && !s.runtime.get(c.step()).revealed();
      Card card = new Card(newId("c", s), actor.id(), c.prompt(), text, null, hidden, false, now);
      return List.of(cardSaved(s, c.step(), card, hidden ? actor.id() : null));
    }
    if (command instanceof Command.EditCard c) {
      writable(s, actor, c.step(), StepType.CARDS);
      Card card = visibleCard(s, actor, c.step(), c.cardId());
      if (!card.authorId().equals(actor.id())) {
        throw new Rejected(ErrorCode.FORBIDDEN, "only its author edits a card");
      }
      String text = Limits.required(c.text(), Limits.CARD, "card");
      return List.of(cardSaved(s, c.step(), card.withText(text), cardAudience(s, c.step(), card)));
    }
    if (command instanceof Command.RemoveCard c) {
      writable(s, actor, c.step(), StepType.CARDS);
      Card card = card(s, c.step(), c.cardId());
      if (!card.authorId().equals(actor.id()) && !actor.role().runsFlow()) {
        throw new Rejected(ErrorCode.FORBIDDEN, "only its author or a facilitator removes a card");
      }
      List<Event> events = new ArrayList<>();
      events.add(new Event.CardRemoved(c.step(), card.id()));
      for (Map.Entry<String, Map<String, Integer>> votes : new TreeMap<>(s.content.get(c.step()).votes).entrySet()) {
        if (votes.getValue().containsKey(card.id())) {
          Map<String, Integer> rest = new TreeMap<>(votes.getValue());
          rest.remove(card.id());
          events.add(new Event.VotesChanged(c.step(), votes.getKey(), rest, Anonymity.aliasIfAnonymous(s, votes.getKey())));
        }
      }
      return events;
    }
    if (command instanceof Command.SaveGroup c) {
      flowRole(actor);
      writable(s, actor, c.step(), StepType.CARDS);
      String title = Limits.required(c.title(), Limits.GROUP_TITLE, "group title");
      StepContent content = s.content.get(c.step());
      if (c.groupId() == null) {
        if (content.groups.size() >= Limits.GROUPS_PER_STEP) {
          throw new Rejected(ErrorCode.LIMIT_REACHED, "a step holds at most " + Limits.GROUPS_PER_STEP + " groups");
        }
        return List.of(new Event.GroupSaved(c.step(), new CardGroup(newId("g", s), title)));
      }
      if (!content.groups.containsKey(c.groupId())) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no group " + c.groupId());
      }
      return List.of(new Event.GroupSaved(c.step(), new CardGroup(c.groupId(), title)));
    }
    if (command instanceof Command.MoveCard c) {
      flowRole(actor);
      writable(s, actor, c.step(), StepType.CARDS);
      Card card = card(s, c.step(), c.cardId());
      if (c.groupId() != null && !s.content.get(c.step()).groups.containsKey(c.groupId())) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no group " + c.groupId());
      }
      return List.of(cardSaved(s, c.step(), card.inGroup(c.groupId()), cardAudience(s, c.step(), card)));
    }
    if (command instanceof Command.Vote c) {
      StepSpec spec = writable(s, actor, c.step(), StepType.CARDS);
      if (spec.votesPerParticipant() <= 0) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "there is no voting in this step");
      }
      if (c.delta() != 1 && c.delta() != -1) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a vote adds or takes back one dot (delta 1 or -1)");
      }
      Card card = visibleCard(s, actor, c.step(), c.cardId());
      Map<String, Integer> votes = new TreeMap<>(s.content.get(c.step()).votes.getOrDefault(actor.id(), Map.of()));
      int used = votes.values().stream().mapToInt(Integer::intValue).sum();
      int onCard = votes.getOrDefault(card.id(), 0) + c.delta();
      if (onCard < 0) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "you have no dot on this card to take back");
      }
      if (used + c.delta() > spec.votesPerParticipant()) {
        throw new Rejected(ErrorCode.LIMIT_REACHED, "you have used all " + spec.votesPerParticipant() + " of your dots");
      }
      if (onCard == 0) {
        votes.remove(card.id());
      } else {
        votes.put(card.id(), onCard);
      }
      return List.of(new Event.VotesChanged(c.step(), actor.id(), votes, Anonymity.aliasIfAnonymous(s, actor.id())));
    }
    if (command instanceof Command.Rate c) {
      StepSpec spec = writable(s, actor, c.step(), StepType.COMPETENCES);
      if (!spec.competenceIds().contains(c.competenceId())) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no competence " + c.competenceId() + " in this step");
      }
      if (c.value() != null && (c.value() < 1 || c.value() > 5)) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a rating runs from 1 to 5");
      }
      Map<String, Integer> ratings = new TreeMap<>(s.content.get(c.step()).ratings.getOrDefault(actor.id(), Map.of()));
      if (c.value() == null) {
        ratings.remove(c.competenceId());
      } else {
        ratings.put(c.competenceId(), c.value());
      }
      return List.of(ratingsChanged(s, c.step(), actor.id(), ratings));
    }
    if (command instanceof Command.TakeRole c) {
      StepSpec spec = writable(s, actor, c.step(), StepType.ROLES);
      if (!spec.roleIds().contains(c.roleId())) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no role " + c.roleId() + " in this step");
      }
      Participant who = activeParticipant(s, c.participantId());
      if (!who.id().equals(actor.id()) && !actor.role().runsFlow()) {
        throw new Rejected(ErrorCode.FORBIDDEN, "you can take or drop a role only for yourself");
      }
      List<String> holders = new ArrayList<>(s.content.get(c.step()).roleAssignments.getOrDefault(c.roleId(), List.of()));
      if (holders.contains(who.id()) == c.taken()) {
        return List.of();
      }
      if (c.taken()) {
        holders.add(who.id());
      } else {
        holders.remove(who.id());
      }
      return List.of(new Event.RoleAssignmentChanged(c.step(), c.roleId(), holders));
    }
    if (command instanceof Command.Evaluate c) {
      writable(s, actor, c.step(), StepType.EVALUATION);
      if (c.mark() < 1 || c.mark() > 10) {
        throw new Rejected(ErrorCode.INVALID_VALUE, "a mark runs from 1 to 10");
      }
      String tips = c.tips() == null ? "" : Limits.text(c.tips(), Limits.TIPS, "tips").strip();
      boolean revealed = s.runtime.get(c.step()).revealed();
      return List.of(new Event.EvaluationSaved(c.step(), new Evaluation(actor.id(), c.mark(), tips, false),
          revealed ? null : actor.id(), Anonymity.alias(s, actor.id())));
    }
    if (command instanceof Command.UpdateBacklogItem c) {
      return updateBacklogItem(s, actor, c, now);
    }
    throw new Rejected(ErrorCode.UNKNOWN_TYPE, "unknown command");
  }

  /**
   * A change to one backlog item in a backlog review: participants and facilitators, in an open step of that
   * kind; the owner organisation must be one of the project's partners (when it has any).
   */
  private static List<Event> updateBacklogItem(RoomState s, Participant actor, Command.UpdateBacklogItem c, long now) {
    writable(s, actor, c.step(), StepType.BACKLOG_REVIEW);
    BacklogEntry item = c.itemId() == null ? null : s.backlog.get(c.itemId());
    if (item == null) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no backlog item " + c.itemId() + " in this session");
    }
    String ownerOrganisation = item.ownerOrganisation();
    if (c.ownerOrganisation() != null) {
      ownerOrganisation = Limits.text(c.ownerOrganisation(), Limits.ORGANISATION, "owner organisation").strip();
      if (!ownerOrganisation.isEmpty() && !s.partners.isEmpty()) {
        Partners.Match m = Partners.match(s.partners, ownerOrganisation);
        if (m.kind() != Partners.Match.Kind.EXACT) {
          throw new Rejected(ErrorCode.INVALID_VALUE, ownerOrganisation + " is not a partner of this project"
              + (m.kind() == Partners.Match.Kind.SUGGESTION ? "; did you mean " + m.partner() + "?" : ""));
        }
        ownerOrganisation = m.partner();
      }
    }
    String ownerPerson = c.ownerPerson() == null ? item.ownerPerson()
        : Limits.text(c.ownerPerson(), Limits.AGREEMENT_WHO, "owner").strip();
    String due = c.due() == null ? item.due() : dueDate(c.due());
    String note = c.note() == null ? item.note() : Limits.text(c.note(), Limits.BACKLOG_NOTE, "note").strip();
    BacklogStatus status = c.status() == null ? item.status() : c.status();
    java.util.Set<String> changed = new java.util.LinkedHashSet<>(item.changed());
    int before = changed.size();
    boolean any = false;
    for (Object[] f : new Object[][] {
        {"status", status, item.status()}, {"ownerOrganisation", ownerOrganisation, item.ownerOrganisation()},
        {"ownerPerson", ownerPerson, item.ownerPerson()}, {"due", due, item.due()}, {"note", note, item.note()}}) {
      if (!java.util.Objects.equals(f[1], f[2])) {
        changed.add((String) f[0]);
        any = true;
      }
    }
    if (!any && changed.size() == before) {
      return List.of();
    }
    return List.of(new Event.BacklogItemUpdated(c.step(), new BacklogEntry(item.id(), item.what(), ownerOrganisation,
        ownerPerson, due, status, note, item.origin(), List.copyOf(changed), actor.id(), now)));
  }

  /**
   * A person as far as a ban goes: name and organisation, case, accents, spaces and punctuation aside
   * ("Anna  de Vries", "anna de vries" and "Anna de-Vries" are one person).
   */
  static String personKey(String name, String organisation) {
    return normalise(name) + "|" + normalise(organisation);
  }

  private static String normalise(String text) {
    if (text == null) {
      return "";
    }
    String plain = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return plain.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
  }

  private static List<Event> join(RoomState s, Command.Join c, long now) {
    if (c.role() != Role.PARTICIPANT && c.role() != Role.OBSERVER) {
      throw new Rejected(ErrorCode.FORBIDDEN, "you can join as participant or observer");
    }
    Participant earlier = s.participant(c.participantId());
    if (earlier != null) {
      // The same join again (its welcome was lost): the same participant, with a new token.
      if (earlier.removed()) {
        throw new Rejected(ErrorCode.FORBIDDEN, "you were removed from this room");
      }
      return List.of(new Event.ParticipantJoined(earlier, false, c.tokenHash()));
    }
    if (s.banned.contains(personKey(c.name(), c.organisation()))) {
      throw new Rejected(ErrorCode.FORBIDDEN, "you were removed from this session");
    }
    Participant newcomer = newcomer(s, c.participantId(), c.name(), c.organisation(), c.function(), c.role(), now);
    List<Event> events = new ArrayList<>();
    events.add(new Event.ParticipantJoined(newcomer, false, c.tokenHash()));
    events.addAll(GroupSplit.placeNewcomer(s, newcomer));
    return events;
  }

  private static List<Event> claimFacilitator(RoomState s, Command.ClaimFacilitator c, long now) {
    if (!sameSecret(s.facilitatorTokenHash, c.facilitatorTokenHash())) {
      throw new Rejected(ErrorCode.FORBIDDEN, "this is not the facilitator link of this room");
    }
    if (s.ownerId != null) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "the facilitator link has been used already");
    }
    return List.of(new Event.ParticipantJoined(
        newcomer(s, c.participantId(), c.name(), c.organisation(), null, Role.FACILITATOR, now), true, c.tokenHash()));
  }

  private static Participant newcomer(
      RoomState s, String id, String name, String organisation, String function, Role role, long now) {
    if (id == null || s.participants.containsKey(id)) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "participant id taken");
    }
    if (s.participants.size() >= Limits.PARTICIPANTS) {
      throw new Rejected(ErrorCode.LIMIT_REACHED, "this room is full (" + Limits.PARTICIPANTS + " people)");
    }
    String cleanName = Limits.required(name, Limits.NAME, "name");
    String org = partnerOrganisation(s, Limits.required(organisation, Limits.ORGANISATION, "organisation"), role);
    String fn = function == null ? "" : Limits.text(function, Limits.FUNCTION, "function").strip();
    return new Participant(id, cleanName, org, fn, role, now, false);
  }

  /**
   * The organisation a newcomer joins for. In a project session a participant answers for one of the project's
   * partners: the same name in another spelling ({@link Partners#key}) becomes the partner's canonical name; any
   * other name is refused (with the near partner, if there is one), so that no answer lands under a stray
   * spelling. Observers and the facilitator may come from elsewhere (an adviser, an outside facilitator).
   */
  private static String partnerOrganisation(RoomState s, String organisation, Role role) {
    if (s.partners.isEmpty()) {
      return s.canonicalOrganisation(organisation);
    }
    Partners.Match m = Partners.match(s.partners, organisation);
    if (m.kind() == Partners.Match.Kind.EXACT) {
      return m.partner();
    }
    if (role != Role.PARTICIPANT) {
      return s.canonicalOrganisation(organisation);
    }
    throw new Rejected(ErrorCode.INVALID_VALUE, organisation + " is not a partner of this project"
        + (m.kind() == Partners.Match.Kind.SUGGESTION ? "; did you mean " + m.partner() + "?" : "")
        + " Partners: " + String.join(", ", s.partners) + ".");
  }

  /** Constant-time comparison of two secret hashes. */
  public static boolean sameSecret(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Event> navigate(RoomState s, int to, boolean remember, long now) {
    if (s.status == RoomStatus.LOBBY) {
      throw new Rejected(ErrorCode.NOT_STARTED, "start the session first");
    }
    notEnded(s);
    if (to < 0 || to >= s.agenda.size()) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "there is no step " + to);
    }
    if (to == s.currentStep) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "this is the current step already");
    }
    boolean running = s.status == RoomStatus.RUNNING;
    List<Integer> history = new ArrayList<>(s.history);
    if (remember) {
      history.add(s.currentStep);
      while (history.size() > Limits.HISTORY) {
        history.remove(0);
      }
    } else {
      history.remove(history.size() - 1);
    }
    return List.of(
        new Event.StepRuntimeChanged(s.currentStep, s.runtime.get(s.currentStep).leftAt(now, running)),
        new Event.StepRuntimeChanged(to, s.runtime.get(to).enteredAt(now, durationMs(s, to), running)),
        flow(s, s.status, to, history, s.startedAt, s.endedAt, s.pausedAt, s.endCount, now));
  }

  private static List<Event> reveal(RoomState s, int step) {
    StepRuntime rt = s.runtime.get(step);
    if (!rt.opened()) {
      throw new Rejected(ErrorCode.STEP_NOT_OPEN, "this step has not been opened yet");
    }
    if (rt.revealed()) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, "this step is revealed already");
    }
    List<Event> events = new ArrayList<>();
    events.add(new Event.StepRuntimeChanged(step, rt.withRevealed()));
    StepContent content = s.content.get(step);
    for (Card card : content.cards.values()) {
      if (card.privateUntilReveal()) {
        events.add(cardSaved(s, step, card, null));
      }
    }
    for (Evaluation evaluation : new TreeMap<>(content.evaluations).values()) {
      events.add(new Event.EvaluationSaved(step, evaluation, null, Anonymity.alias(s, evaluation.participantId())));
    }
    if (s.agenda.get(step).type() == StepType.COMPETENCES && s.agenda.get(step).privateUntilReveal()) {
      for (Map.Entry<String, Map<String, Integer>> r : new TreeMap<>(content.ratings).entrySet()) {
        events.add(new Event.RatingsChanged(step, r.getKey(), r.getValue(), Anonymity.aliasIfAnonymous(s, r.getKey()), null));
      }
    }
    events.addAll(Breakouts.revealed(s, step));
    return events;
  }

  private static Event.FlowChanged flow(
      RoomState s, RoomStatus status, int step, List<Integer> history, long startedAt, long endedAt, long pausedAt,
      int endCount, long now) {
    return new Event.FlowChanged(status, step, List.copyOf(history), startedAt, endedAt, pausedAt, endCount, now);
  }

  private static long durationMs(RoomState s, int step) {
    return s.agenda.get(step).durationSeconds() * 1000L;
  }

  /** A move made from a view of another step than the current one is refused (it would move twice). */
  private static void sawCurrentStep(RoomState s, Integer fromStep) {
    if (fromStep != null && fromStep != s.currentStep && s.status != RoomStatus.LOBBY) {
      throw new Rejected(ErrorCode.STEP_CHANGED,
          "the step changed meanwhile: you saw step " + (fromStep + 1) + ", it is now step " + (s.currentStep + 1));
    }
  }

  private static void flowRole(Participant actor) {
    if (!actor.role().runsFlow()) {
      throw new Rejected(ErrorCode.FORBIDDEN, "only the facilitator can do this");
    }
  }

  /** A move of the session: the facilitator's, or in a self-guided room whoever {@link Chair#mayMove} allows. */
  private static void moves(RoomState s, Participant actor) {
    if (s.selfGuided == null) {
      flowRole(actor);
    } else {
      Chair.mayMove(s, actor);
    }
  }

  private static void facilitatorOnly(Participant actor) {
    if (actor.role() != Role.FACILITATOR) {
      throw new Rejected(ErrorCode.FORBIDDEN, "only the facilitator can do this");
    }
  }

  private static void requireStatus(RoomState s, RoomStatus status, String message) {
    if (s.status != status) {
      throw new Rejected(ErrorCode.INVALID_TRANSITION, message);
    }
  }

  private static void requireStarted(RoomState s) {
    if (s.status == RoomStatus.LOBBY) {
      throw new Rejected(ErrorCode.NOT_STARTED, "start the session first");
    }
    notEnded(s);
  }

  private static void notEnded(RoomState s) {
    if (s.status == RoomStatus.ENDED) {
      throw new Rejected(ErrorCode.ENDED, "the session has ended");
    }
  }

  private static int stepIndex(RoomState s, int step) {
    if (step < 0 || step >= s.agenda.size()) {
      throw new Rejected(ErrorCode.NOT_FOUND, "there is no step " + step);
    }
    return step;
  }

  private static Participant activeParticipant(RoomState s, String id) {
    Participant p = s.participant(id);
    if (p == null || p.removed()) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no participant " + id + " in this room");
    }
    return p;
  }

  /** Checks that {@code actor} may write in {@code step} now; answers the step's spec. */
  private static StepSpec writable(RoomState s, Participant actor, int step, StepType... types) {
    if (!actor.role().contributes()) {
      throw new Rejected(ErrorCode.FORBIDDEN, "observers cannot write");
    }
    if (s.status == RoomStatus.LOBBY && !PreWork.takes(s, step)) {
      throw new Rejected(ErrorCode.NOT_STARTED, "the session has not started yet");
    }
    notEnded(s);
    if (s.status == RoomStatus.PAUSED && !actor.role().runsFlow()) {
      throw new Rejected(ErrorCode.PAUSED, "the session is paused");
    }
    StepSpec spec = s.agenda.get(stepIndex(s, step));
    if (types.length > 0 && !List.of(types).contains(spec.type())) {
      throw new Rejected(ErrorCode.WRONG_STEP_TYPE, "step " + step + " is not a step of that kind");
    }
    StepRuntime rt = s.runtime.get(step);
    if (!rt.opened() && s.status != RoomStatus.LOBBY) { // in the lobby: a pre-work step (checked above)
      throw new Rejected(ErrorCode.STEP_NOT_OPEN, "this step has not been opened yet");
    }
    if (rt.locked() && !actor.role().runsFlow()) {
      throw new Rejected(ErrorCode.LOCKED, "the answers of this step are locked");
    }
    return spec;
  }

  private static String textKey(RoomState s, Participant actor, StepSpec spec, String key) {
    if (key == null) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "key is missing");
    }
    if (spec.type() == StepType.CANVAS) {
      if (key.startsWith("field:") && spec.fieldIds().contains(key.substring(6))) {
        return key;
      }
      throw new Rejected(ErrorCode.NOT_FOUND, "no field " + key + " in this step");
    }
    if (key.equals("joint")) {
      return key;
    }
    if (key.startsWith("org:")) {
      String org = RoomState.findOrganisation(s.organisations(), key.substring(4));
      if (org == null) {
        throw new Rejected(ErrorCode.NOT_FOUND, "no organisation " + key.substring(4) + " in this room");
      }
      if (!actor.role().runsFlow() && !org.equals(actor.organisation())) {
        throw new Rejected(ErrorCode.FORBIDDEN, "you write the answer of your own organisation only");
      }
      return "org:" + org;
    }
    throw new Rejected(ErrorCode.INVALID_VALUE, "key must be joint or org:<organisation>");
  }

  /**
   * Integrates one text operation: transformed against every operation the room sequenced after the revision
   * it was made on (kept in {@link RoomState#textLog}), then applied to the current text.
   */
  private static List<Event> editText(RoomState s, Participant actor, Command.EditText c, String key, long now) {
    if (c.op() == null) {
      throw new Rejected(ErrorCode.TEXT_OP_INVALID, "op is missing");
    }
    if (c.op().components().size() > Limits.TEXT_OP_COMPONENTS) {
      throw new Rejected(ErrorCode.TOO_LARGE, "an operation has at most " + Limits.TEXT_OP_COMPONENTS + " parts");
    }
    SharedText current = s.content.get(c.step()).texts.getOrDefault(key, SharedText.EMPTY);
    if (c.rev() < 0 || c.rev() > current.rev()) {
      throw new Rejected(ErrorCode.TEXT_OP_INVALID, "revision " + c.rev() + " of this text does not exist (it is at " + current.rev() + ")");
    }
    List<TextOp> log = s.textLog.getOrDefault(RoomState.textLogKey(c.step(), key), List.of());
    int behind = current.rev() - c.rev();
    if (behind > log.size()) {
      throw new Rejected(ErrorCode.TEXT_REVISION_GONE,
          "revision " + c.rev() + " is too old (the room keeps the last " + log.size() + " changes); load the text again");
    }
    TextOp op = c.op();
    String text;
    try {
      for (TextOp earlier : log.subList(log.size() - behind, log.size())) {
        op = TextOp.transform(earlier, op).b();
      }
      text = op.apply(current.text());
    } catch (IllegalArgumentException e) {
      throw new Rejected(ErrorCode.TEXT_OP_INVALID, "the operation does not fit revision " + c.rev() + " of this text: " + e.getMessage());
    }
    if (op.isNoop()) {
      return List.of();
    }
    if (text.length() > current.text().length() && text.codePointCount(0, text.length()) > Limits.SHARED_TEXT) {
      throw new Rejected(ErrorCode.TEXT_TOO_LONG, "the text would be longer than " + Limits.SHARED_TEXT + " characters");
    }
    Event edited = new Event.TextEdited(c.step(), key, current.rev() + 1, op, actor.id(), c.opId(), now);
    if (key.equals("joint") && s.content.get(c.step()).status == ChecklistStatus.AGREED) {
      // The text agreed to has changed: every organisation is asked again.
      return List.of(edited, new Event.StatusChanged(c.step(), ChecklistStatus.OPEN));
    }
    return List.of(edited);
  }

  /**
   * A status as chosen: "agreed" only when every organisation has assented to the joint answer, or as the
   * facilitator's override (recorded with their id); open and not-applicable by anyone who may write.
   */
  private static List<Event> setStatus(RoomState s, Participant actor, Command.SetStatus c) {
    writable(s, actor, c.step(), StepType.CHECKLIST_QUESTION);
    if (c.status() == null) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "status must be open, agreed or not-applicable");
    }
    StepContent content = s.content.get(c.step());
    String by = null;
    if (c.status() == ChecklistStatus.AGREED && !JointConsent.complete(s, c.step())) {
      if (!actor.role().runsFlow()) {
        throw new Rejected(ErrorCode.FORBIDDEN,
            "the joint answer is agreed when every organisation has assented to it; a facilitator can override");
      }
      by = actor.id();
    }
    if (c.status() == content.status && java.util.Objects.equals(by, content.statusBy)) {
      return List.of();
    }
    return List.of(new Event.StatusChanged(c.step(), c.status(), by));
  }

  /** One organisation's assent to the joint answer as it stands; the last one needed makes it agreed. */
  private static List<Event> assent(RoomState s, Participant actor, Command.AssentJointAnswer c, long now) {
    writable(s, actor, c.step(), StepType.CHECKLIST_QUESTION);
    String org = RoomState.findOrganisation(s.organisations(), actor.organisation());
    if (org == null) {
      throw new Rejected(ErrorCode.ORGANISATION_NOT_IN_ROOM,
          "your organisation (" + actor.organisation() + ") does not answer in this room, so it does not assent");
    }
    StepContent content = s.content.get(c.step());
    SharedText joint = content.texts.getOrDefault("joint", SharedText.EMPTY);
    if (joint.text().isBlank()) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "there is no joint answer to assent to yet");
    }
    if (c.rev() != joint.rev()) {
      throw new Rejected(ErrorCode.STALE_VERSION,
          "the joint answer changed since you read it (you saw version " + c.rev() + ", it is at " + joint.rev() + "); read it again");
    }
    Assent earlier = content.assents.get(org);
    if (earlier != null && earlier.rev() == joint.rev()) {
      return List.of();
    }
    Event assented = new Event.JointAnswerAssented(c.step(), new Assent(org, joint.rev(), actor.id(), now));
    RoomState after = s.copy();
    evolve(after, assented);
    if (JointConsent.complete(after, c.step()) && content.status != ChecklistStatus.AGREED) {
      return List.of(assented, new Event.StatusChanged(c.step(), ChecklistStatus.AGREED));
    }
    return List.of(assented);
  }

  static Event.CardSaved cardSaved(RoomState s, int step, Card card, String onlyFor) {
    return new Event.CardSaved(step, card, onlyFor, Anonymity.aliasIfAnonymous(s, card.authorId()));
  }

  private static Event.RatingsChanged ratingsChanged(RoomState s, int step, String participantId, Map<String, Integer> ratings) {
    boolean hidden = s.agenda.get(step).privateUntilReveal() && !s.runtime.get(step).revealed();
    return new Event.RatingsChanged(step, participantId, ratings, Anonymity.aliasIfAnonymous(s, participantId),
        hidden ? Boolean.TRUE : null);
  }

  private static String dueDate(String due) {
    if (due == null || due.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(due.strip()).toString();
    } catch (DateTimeParseException e) {
      throw new Rejected(ErrorCode.INVALID_VALUE, "due must be a date like 2026-12-31");
    }
  }

  private static Card card(RoomState s, int step, String cardId) {
    Card card = cardId == null ? null : s.content.get(step).cards.get(cardId);
    if (card == null) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no card " + cardId);
    }
    return card;
  }

  private static Card visibleCard(RoomState s, Participant actor, int step, String cardId) {
    Card card = card(s, step, cardId);
    if (cardAudience(s, step, card) != null && !card.authorId().equals(actor.id())) {
      throw new Rejected(ErrorCode.NOT_FOUND, "no card " + cardId);
    }
    return card;
  }

  private static String cardAudience(RoomState s, int step, Card card) {
    return card.privateUntilReveal() && !s.runtime.get(step).revealed() ? card.authorId() : null;
  }

  private static String newId(String prefix, RoomState s) {
    return prefix + "-" + (s.seq + 1);
  }

  // ------------------------------------------------------------------------------------------ evolve

  /** Applies one event to {@code s} in place, advances its clock, and returns it. */
  public static RoomState evolve(RoomState s, Event event) {
    if (event instanceof Event.ParticipantJoined e) {
      s.participants.put(e.participant().id(), e.participant());
      if (e.owner()) {
        s.ownerId = e.participant().id();
      }
      if (e.tokenHash() != null) {
        s.credentials.put(e.participant().id(), e.tokenHash());
      }
    } else if (event instanceof Event.ParticipantRoleChanged e) {
      s.participants.computeIfPresent(e.participantId(), (k, p) -> p.withRole(e.role()));
    } else if (event instanceof Event.ParticipantRemoved e) {
      Participant removed = s.participants.computeIfPresent(e.participantId(), (k, p) -> p.asRemoved());
      if (Boolean.TRUE.equals(e.banned()) && removed != null) {
        s.banned.add(personKey(removed.name(), removed.organisation()));
      }
      s.credentials.remove(e.participantId());
    } else if (event instanceof Event.FlowChanged e) {
      s.status = e.status();
      s.currentStep = e.currentStep();
      s.history = new ArrayList<>(e.history());
      s.startedAt = e.startedAt();
      s.endedAt = e.endedAt();
      s.pausedAt = e.pausedAt();
      s.endCount = e.endCount();
    } else if (event instanceof Event.StepRuntimeChanged e) {
      s.runtime.set(e.step(), e.runtime());
    } else if (event instanceof Event.TextChanged e) {
      s.content.get(e.step()).texts.put(e.key(), e.text());
      s.textLog.remove(RoomState.textLogKey(e.step(), e.key()));
    } else if (event instanceof Event.TextEdited e) {
      Map<String, SharedText> texts = s.content.get(e.step()).texts;
      SharedText current = texts.getOrDefault(e.key(), SharedText.EMPTY);
      texts.put(e.key(), new SharedText(e.op().apply(current.text()), e.rev(), e.by(), e.at()));
      String logKey = RoomState.textLogKey(e.step(), e.key());
      List<TextOp> log = new ArrayList<>(s.textLog.getOrDefault(logKey, List.of()));
      log.add(e.op());
      int from = Math.max(0, log.size() - Limits.TEXT_HISTORY);
      s.textLog.put(logKey, List.copyOf(log.subList(from, log.size())));
    } else if (event instanceof Event.StatusChanged e) {
      s.content.get(e.step()).status = e.status();
      s.content.get(e.step()).statusBy = e.by();
    } else if (event instanceof Event.JointAnswerAssented e) {
      s.content.get(e.step()).assents.put(e.assent().organisation(), e.assent());
    } else if (event instanceof Event.AgreementSaved e) {
      s.agreements.put(e.agreement().id(), e.agreement());
    } else if (event instanceof Event.AgreementRemoved e) {
      s.agreements.remove(e.agreementId());
    } else if (event instanceof Event.CardSaved e) {
      s.content.get(e.step()).cards.put(e.card().id(), e.card());
    } else if (event instanceof Event.CardRemoved e) {
      s.content.get(e.step()).cards.remove(e.cardId());
    } else if (event instanceof Event.GroupSaved e) {
      s.content.get(e.step()).groups.put(e.group().id(), e.group());
    } else if (event instanceof Event.VotesChanged e) {
      putOrRemove(s.content.get(e.step()).votes, e.participantId(), e.votes());
    } else if (event instanceof Event.RatingsChanged e) {
      putOrRemove(s.content.get(e.step()).ratings, e.participantId(), e.ratings());
    } else if (event instanceof Event.RoleAssignmentChanged e) {
      putOrRemove(s.content.get(e.step()).roleAssignments, e.roleId(), e.participantIds());
    } else if (event instanceof Event.EvaluationSaved e) {
      s.content.get(e.step()).evaluations.put(e.evaluation().participantId(), e.evaluation());
    } else if (event instanceof Event.BacklogItemUpdated e) {
      s.backlog.put(e.item().id(), e.item());
    } else if (event instanceof Event.ProjectorLinkRenewed e) {
      s.projectorTokenHash = e.tokenHash();
    } else if (event instanceof Event.SelfGuidedChanged e) {
      s.selfGuided = e.selfGuided();
    } else if (event instanceof Event.PreWorkOpened e) {
      s.preWork = PreWork.opened(s.preWork, e);
    } else if (event instanceof Event.PreWorkAnswered e) {
      s.preWork = s.preWork == null ? null : s.preWork.withAnswer(e.step(), e.participantId());
    } else if (event instanceof Event.BreakoutStarted || event instanceof Event.GroupMemberPlaced
        || event instanceof Event.InGroup || event instanceof Event.GroupsBroadcast
        || event instanceof Event.BreakoutEnded || event instanceof Event.GroupResultMerged) {
      Breakouts.evolve(s, event);
    }
    s.seq++;
    return s;
  }

  private static <V> void putOrRemove(Map<String, V> map, String key, V value) {
    boolean empty = value instanceof Map<?, ?> m ? m.isEmpty() : value instanceof List<?> l && l.isEmpty();
    if (empty) {
      map.remove(key);
    } else {
      map.put(key, value instanceof Map<?, ?> m ? castMap(new TreeMap<>(m)) : value instanceof List<?> l ? castList(l) : value);
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> V castMap(Map<?, ?> m) {
    return (V) m;
  }

  @SuppressWarnings("unchecked")
  private static <V> V castList(List<?> l) {
    return (V) new ArrayList<>(l);
  }

  // ------------------------------------------------------------------------------------------ views

  /** The room as {@code viewerId} may see it: no credentials, others' private content hidden. */
  public static RoomState view(RoomState s, String viewerId) {
    RoomState v = s.copy();
    v.credentials = new java.util.HashMap<>();
    v.textLog = new TreeMap<>();
    v.facilitatorTokenHash = null;
    v.organiserTokenHash = null;
    v.projectorTokenHash = null;
    if (!seesNames(s, viewerId)) {
      v.participants.replaceAll((id, p) -> id.equals(viewerId) ? p : p.withoutName());
    }
    for (int i = 0; i < v.agenda.size(); i++) {
      seen(s, v, i, v.content.get(i), viewerId);
    }
    for (Map.Entry<Integer, Breakout> b : v.breakouts.entrySet()) {
      for (BreakoutGroup g : b.getValue().groups) {
        seen(s, v, b.getKey(), g.content, viewerId);
        g.textLog = new TreeMap<>();
      }
    }
    return v;
  }

  /** One space of step {@code i} (the plenary's, or a group's) as {@code viewerId} may see it; changes {@code c}. */
  private static void seen(RoomState s, RoomState v, int i, StepContent c, String viewerId) {
    boolean revealed = v.runtime.get(i).revealed();
    Map<String, Card> cards = new LinkedHashMap<>();
    for (Card card : c.cards.values()) {
      boolean own = card.authorId().equals(viewerId);
      Card seen = !revealed && card.privateUntilReveal() && !own ? card.redacted() : card;
      cards.put(card.id(), s.anonymous && !own ? seen.byAuthor(Anonymity.alias(s, card.authorId())) : seen);
    }
    c.cards = cards;
    Map<String, Evaluation> evaluations = new TreeMap<>();
    for (Evaluation e : c.evaluations.values()) {
      if (e.participantId().equals(viewerId)) {
        evaluations.put(e.participantId(), e);
      } else {
        String alias = Anonymity.alias(s, e.participantId());
        evaluations.put(alias, (revealed ? e : e.redacted()).by(alias));
      }
    }
    c.evaluations = evaluations;
    boolean ratingsHidden = v.agenda.get(i).privateUntilReveal() && !revealed;
    c.ratings = othersSeen(s, c.ratings, viewerId, ratingsHidden);
    c.votes = othersSeen(s, c.votes, viewerId, false);
  }

  /**
   * Per-person answers (ratings, dots) as {@code viewerId} may see them: their own under their id; others'
   * under an alias in an anonymous room, and not at all while {@code hidden}.
   */
  private static <V> Map<String, V> othersSeen(RoomState s, Map<String, V> byPerson, String viewerId, boolean hidden) {
    if (!s.anonymous && !hidden) {
      return byPerson;
    }
    Map<String, V> out = new TreeMap<>();
    byPerson.forEach((id, value) -> {
      if (id.equals(viewerId)) {
        out.put(id, value);
      } else if (!hidden) {
        out.put(s.anonymous ? Anonymity.alias(s, id) : id, value);
      }
    });
    return out;
  }

  /** {@code event} as {@code viewerId} may receive it, in a room where they see names. */
  public static Event redactFor(Event event, String viewerId) {
    String audience = event.audience();
    return audience == null || audience.equals(viewerId) ? event : event.redacted();
  }

  /** {@code event} as {@code viewerId} may receive it; see {@link #seesNames}. */
  public static Event redactFor(Event event, String viewerId, boolean seesNames) {
    Event e = redactFor(event, viewerId);
    if (!seesNames && e instanceof Event.ParticipantJoined joined && !joined.participant().id().equals(viewerId)) {
      return new Event.ParticipantJoined(joined.participant().withoutName(), joined.owner(), joined.tokenHash());
    }
    return e;
  }

  /**
   * Whether {@code viewerId} sees other people's names: always, except in an anonymous room, where only the
   * facilitator and co-facilitators do; everyone else sees organisations.
   */
  public static boolean seesNames(RoomState s, String viewerId) {
    if (!s.anonymous) {
      return true;
    }
    Participant viewer = s.participant(viewerId);
    return viewer != null && viewer.role().runsFlow();
  }
}

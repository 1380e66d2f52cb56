// Pure functions over the room state: applying one event exactly as docs/protocol.md section 3 says,
// and the derived facts the views need. Every function returns new objects for what changed and shares the
// rest, so that the views can compare by identity.
import { preWorkAnswered, preWorkOpened, takesPreWork } from './preWork';
import { applyBreakoutEvent } from './breakouts';
import { apply as applyOp } from './textOt';
import type {
  Participant,
  Role,
  RoomEvent,
  RoomState,
  StepContent,
} from './protocol';

function withContent(state: RoomState, step: number, change: (c: StepContent) => StepContent): RoomState {
  if (step < 0 || step >= state.agenda.length) {
    return state;
  }
  const content = state.content.slice();
  while (content.length <= step) {
    content.push({});
  }
  content[step] = change(content[step] ?? {});
  return { ...state, content };
}

function putOrDelete<V>(map: Record<string, V> | undefined, key: string, value: V | null): Record<string, V> {
  const next = { ...(map ?? {}) };
  const empty =
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
  if (empty) {
    delete next[key];
  } else {
    next[key] = value as V;
  }
  return next;
}

/** Applies one event and advances seq by one. Unknown event types only advance the clock. */
export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  const next = applyEventBody(state, event);
  return { ...next, seq: state.seq + 1 };
}

function applyEventBody(s: RoomState, e: RoomEvent): RoomState {
  switch (e.type) {
    case 'participant-joined':
      return {
        ...s,
        participants: { ...s.participants, [e.participant.id]: e.participant },
        ownerId: e.owner ? e.participant.id : s.ownerId,
      };
    case 'participant-role-changed': {
      const p = s.participants[e.participantId];
      return p ? { ...s, participants: { ...s.participants, [p.id]: { ...p, role: e.role } } } : s;
    }
    case 'participant-removed': {
      const p = s.participants[e.participantId];
      return p ? { ...s, participants: { ...s.participants, [p.id]: { ...p, removed: true } } } : s;
    }
    case 'flow-changed':
      return {
        ...s,
        status: e.status,
        currentStep: e.currentStep,
        history: e.history.slice(),
        startedAt: e.startedAt,
        endedAt: e.endedAt,
        pausedAt: e.pausedAt,
        endCount: e.endCount,
      };
    case 'step-runtime-changed': {
      if (e.step < 0 || e.step >= s.agenda.length) {
        return s;
      }
      const runtime = s.runtime.slice();
      runtime[e.step] = e.runtime;
      return { ...s, runtime };
    }
    case 'text-changed':
      return withContent(s, e.step, (c) => ({ ...c, texts: { ...(c.texts ?? {}), [e.key]: e.text } }));
    case 'text-op':
      return withContent(s, e.step, (c) => {
        const current = c.texts?.[e.key];
        const text = { text: applyOp(e.op, current?.text ?? ''), rev: e.rev, updatedBy: e.by, updatedAt: e.at };
        return { ...c, texts: { ...(c.texts ?? {}), [e.key]: text } };
      });
    case 'status-changed':
      return withContent(s, e.step, (c) => {
        const next: StepContent = { ...c, status: e.status };
        if (e.by) next.statusBy = e.by;
        else delete next.statusBy;
        return next;
      });
    case 'joint-answer-assented':
      return withContent(s, e.step, (c) => ({ ...c, assents: { ...(c.assents ?? {}), [e.assent.organisation]: e.assent } }));
    case 'agreement-saved':
      return { ...s, agreements: { ...s.agreements, [e.agreement.id]: e.agreement } };
    case 'agreement-removed': {
      const agreements = { ...s.agreements };
      delete agreements[e.agreementId];
      return { ...s, agreements };
    }
    case 'card-saved':
      return withContent(s, e.step, (c) => ({ ...c, cards: { ...(c.cards ?? {}), [e.card.id]: e.card } }));
    case 'card-removed':
      return withContent(s, e.step, (c) => {
        const cards = { ...(c.cards ?? {}) };
        delete cards[e.cardId];
        return { ...c, cards };
      });
    case 'group-saved':
      return withContent(s, e.step, (c) => ({ ...c, groups: { ...(c.groups ?? {}), [e.group.id]: e.group } }));
    case 'votes-changed':
      return withContent(s, e.step, (c) => ({ ...c, votes: putOrDelete(c.votes, e.participantId, e.votes) }));
    case 'ratings-changed':
      return withContent(s, e.step, (c) => ({ ...c, ratings: putOrDelete(c.ratings, e.participantId, e.ratings) }));
    case 'role-assignment-changed':
      return withContent(s, e.step, (c) => ({
        ...c,
        roleAssignments: putOrDelete(c.roleAssignments, e.roleId, e.participantIds),
      }));
    case 'evaluation-saved':
      return withContent(s, e.step, (c) => ({
        ...c,
        evaluations: { ...(c.evaluations ?? {}), [e.evaluation.participantId]: e.evaluation },
      }));
    case 'backlog-item-updated':
      return { ...s, backlog: { ...(s.backlog ?? {}), [e.item.id]: e.item } };
    case 'self-guided-changed':
      return { ...s, selfGuided: e.selfGuided };
    case 'pre-work-opened':
      return { ...s, preWork: preWorkOpened(s.preWork, e.steps, e.from, e.until) };
    case 'pre-work-answered':
      return { ...s, preWork: preWorkAnswered(s.preWork, e.step, e.participantId) };
    case 'breakout-started':
    case 'group-member-placed':
    case 'in-group':
    case 'groups-broadcast':
    case 'breakout-ended':
    case 'group-result-merged':
      return applyBreakoutEvent(s, e, applyEventBody);
    default:
      return s;
  }
}

/** Fills in what a state from the server may leave out, so the views never meet undefined. */
export function normaliseState(s: RoomState): RoomState {
  const n = s.agenda?.length ?? 0;
  const content = (s.content ?? []).slice(0, n);
  while (content.length < n) {
    content.push({});
  }
  const runtime = (s.runtime ?? []).slice(0, n);
  while (runtime.length < n) {
    runtime.push({ opened: false, locked: false, revealed: false, timer: null, firstOpenedAt: 0, enteredAt: 0, timeSpentMs: 0 });
  }
  return {
    ...s,
    history: s.history ?? [],
    participants: s.participants ?? {},
    agreements: s.agreements ?? {},
    agenda: s.agenda ?? [],
    content,
    runtime,
  };
}

// ------------------------------------------------------------------ derived facts

export function runsFlow(role: Role | undefined): boolean {
  return role === 'facilitator' || role === 'co-facilitator';
}

export function activeParticipants(s: RoomState): Participant[] {
  return Object.values(s.participants).filter((p) => !p.removed);
}

/** Organisations in the room, in the spelling of whoever joined first (as RoomState.organisations()). */
export function organisations(s: RoomState): string[] {
  const result: string[] = [];
  for (const p of Object.values(s.participants)) {
    // The same rule as the server (Role.answersForOrganisation): participants and co-facilitators answer;
    // the facilitator's organisation only when somebody of it takes part.
    if (p.removed || !(p.role === 'participant' || p.role === 'co-facilitator')) continue;
    if (!result.some((o) => o.toLowerCase() === p.organisation.trim().toLowerCase())) {
      result.push(p.organisation);
    }
  }
  return result;
}

/** Every participant (also observers) grouped by organisation, organisations sorted by name. */
export function byOrganisation(s: RoomState): [string, Participant[]][] {
  const groups = new Map<string, Participant[]>();
  for (const p of activeParticipants(s)) {
    const key = [...groups.keys()].find((k) => k.toLowerCase() === p.organisation.toLowerCase()) ?? p.organisation;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0], 'nl'));
}

export type WriteBlock = 'observer' | 'lobby' | 'ended' | 'paused' | 'not-open' | 'locked' | null;

/** Why `me` may not write in `step` now (mirrors Room.writable on the server), or null when they may. */
export function writeBlock(s: RoomState, me: Participant | undefined, step: number): WriteBlock {
  if (!me || me.role === 'observer' || me.removed) return 'observer';
  if (s.status === 'lobby') return takesPreWork(s, step) ? null : 'lobby';
  if (s.status === 'ended') return 'ended';
  const flow = runsFlow(me.role);
  if (s.status === 'paused' && !flow) return 'paused';
  const rt = s.runtime[step];
  if (!rt || !rt.opened) return 'not-open';
  if (rt.locked && !flow) return 'locked';
  return null;
}

/** Organisations that have not written their own answer to a checklist question yet. */
export function organisationsWithoutAnswer(s: RoomState, step: number): string[] {
  const texts = s.content[step]?.texts ?? {};
  return organisations(s).filter((o) => !(texts[`org:${o}`]?.text ?? '').trim());
}

export function dotsUsed(s: RoomState, step: number, participantId: string): number {
  const votes = s.content[step]?.votes?.[participantId] ?? {};
  return Object.values(votes).reduce((a, b) => a + b, 0);
}

export function dotsOnCard(s: RoomState, step: number, cardId: string): number {
  let total = 0;
  for (const votes of Object.values(s.content[step]?.votes ?? {})) {
    total += votes[cardId] ?? 0;
  }
  return total;
}

export interface CompetenceCoverage {
  competenceId: string;
  count: number;
  highest: number | null;
  lowest: number | null;
  average: number | null;
  /** No one rates themselves 4 or higher: the team lacks this quality. */
  gap: boolean;
  perOrganisation: { organisation: string; average: number; highest: number; count: number }[];
}

/** Team coverage per competence: highest, spread (lowest..highest), gaps, and per organisation. */
export function competenceCoverage(s: RoomState, step: number): CompetenceCoverage[] {
  const spec = s.agenda[step];
  if (!spec) return [];
  const ratings = s.content[step]?.ratings ?? {};
  return spec.competenceIds.map((competenceId) => {
    const values: number[] = [];
    const orgs = new Map<string, number[]>();
    for (const [pid, r] of Object.entries(ratings)) {
      const v = r[competenceId];
      if (typeof v !== 'number') continue;
      values.push(v);
      // In an anonymous room others' ratings come under an alias: counted for the team, never per organisation.
      const org = s.participants[pid]?.organisation;
      if (org !== undefined && !s.anonymous) orgs.set(org, [...(orgs.get(org) ?? []), v]);
    }
    const highest = values.length ? Math.max(...values) : null;
    return {
      competenceId,
      count: values.length,
      highest,
      lowest: values.length ? Math.min(...values) : null,
      average: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      gap: highest === null || highest < 4,
      perOrganisation: [...orgs.entries()]
        .sort((a, b) => a[0].localeCompare(b[0], 'nl'))
        .map(([organisation, v]) => ({
          organisation,
          average: v.reduce((a, b) => a + b, 0) / v.length,
          highest: Math.max(...v),
          count: v.length,
        })),
    };
  });
}

export interface EvaluationSummary {
  count: number;
  average: number | null;
  /** Index 0 is mark 1. */
  distribution: number[];
  tips: string[];
}

export function evaluationSummary(s: RoomState, step: number): EvaluationSummary {
  const evaluations = Object.values(s.content[step]?.evaluations ?? {});
  const marks = evaluations.filter((e) => !e.hidden && typeof e.mark === 'number').map((e) => e.mark as number);
  const distribution = Array.from({ length: 10 }, (_, i) => marks.filter((m) => m === i + 1).length);
  return {
    count: evaluations.length,
    average: marks.length ? marks.reduce((a, b) => a + b, 0) / marks.length : null,
    distribution,
    tips: evaluations.filter((e) => !e.hidden && e.tips.trim()).map((e) => e.tips),
  };
}

/** Time left on a step timer, in ms, with the server clock estimated as Date.now() + offset. */
export function timerRemaining(timer: { running: boolean; deadline: number; remainingMs: number } | null, now: number, offset: number): number | null {
  if (!timer) return null;
  return timer.running ? Math.max(0, timer.deadline - (now + offset)) : Math.max(0, timer.remainingMs);
}

// ------------------------------------------------------------------ the joint answer and the overview

export type ConsentState = 'assented' | 'waiting' | 'changed-since';

/**
 * Per organisation of the room, where it stands on the joint answer of a checklist question as it is now
 * (mirrors JointConsent on the server): assented to this text, waiting, or assented to an earlier text.
 */
export function consentRow(s: RoomState, step: number): { organisation: string; state: ConsentState; by?: string }[] {
  const c = s.content[step];
  const rev = c?.texts?.joint?.rev ?? 0;
  return organisations(s).map((organisation) => {
    const a = c?.assents?.[organisation];
    if (!a) return { organisation, state: 'waiting' as const };
    return { organisation, state: a.rev === rev ? ('assented' as const) : ('changed-since' as const), by: a.by };
  });
}

/** True when there is a joint text and every organisation of the room has assented to it as it is now. */
export function consentComplete(s: RoomState, step: number): boolean {
  const joint = s.content[step]?.texts?.joint?.text ?? '';
  const row = consentRow(s, step);
  return joint.trim() !== '' && row.length > 0 && row.every((r) => r.state === 'assented');
}

export type OverviewQuestion = {
  step: number;
  /** not-reached: the step was never opened. */
  status: 'open' | 'agreed' | 'not-applicable' | 'not-reached';
  /** Two or more organisations wrote answers that are not the same text. */
  differs: boolean;
  /** Per organisation (in the order of {@link ChecklistOverview.organisations}) whether it wrote its answer. */
  answered: boolean[];
};

export interface ChecklistOverview {
  organisations: string[];
  questions: OverviewQuestion[];
}

/** The whole checklist at a glance (the poster of the paper version): organisations x questions. */
export function checklistOverview(s: RoomState): ChecklistOverview {
  const orgs = organisations(s);
  const questions: OverviewQuestion[] = [];
  s.agenda.forEach((spec, step) => {
    if (spec.type !== 'checklist-question') return;
    const c = s.content[step] ?? {};
    const answers = orgs.map((o) => (c.texts?.[`org:${o}`]?.text ?? '').trim());
    const distinct = new Set(answers.filter((a) => a !== '').map((a) => a.toLowerCase().replace(/\s+/g, ' ')));
    questions.push({
      step,
      status: s.runtime[step]?.opened ? c.status ?? 'open' : 'not-reached',
      differs: distinct.size > 1,
      answered: answers.map((a) => a !== ''),
    });
  });
  return { organisations: orgs, questions };
}

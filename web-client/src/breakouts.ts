// Breakout groups (docs/protocol.md, "Breakout groups"): a step split into groups, each working in its own
// space of the step. Pure functions over the room state, as roomState.ts: applying the breakout events, and
// the room as one group sees its step, so that the step views work unchanged in a group's space.
import type { Breakout, BreakoutGroup, Participant, RoomEvent, RoomState, StepType } from './protocol';

/** The kinds of step that can be split into groups (Breakouts.SPLITTABLE on the server). */
export const SPLITTABLE: StepType[] = ['checklist-question', 'canvas', 'cards', 'agreements'];

type Apply = (s: RoomState, e: RoomEvent) => RoomState;

function withBreakout(s: RoomState, step: number, change: (b: Breakout) => Breakout): RoomState {
  const b = s.breakouts?.[String(step)];
  if (!b) return s;
  return { ...s, breakouts: { ...s.breakouts, [String(step)]: change(b) } };
}

/** Applies a breakout event; `apply` applies a group's own event to its space. Other events: unchanged. */
export function applyBreakoutEvent(s: RoomState, e: RoomEvent, apply: Apply): RoomState {
  switch (e.type) {
    case 'breakout-started': {
      const groups: BreakoutGroup[] = e.groups.map((g) => ({ no: g.group, name: g.name, members: g.members.slice(), content: {}, agreements: {} }));
      const b: Breakout = { how: e.how, running: true, startedAt: e.at, endedAt: 0, groups, merges: [] };
      return { ...s, breakouts: { ...(s.breakouts ?? {}), [String(e.step)]: b } };
    }
    case 'group-member-placed':
      return withBreakout(s, e.step, (b) => {
        const groups = b.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== e.participantId) }));
        const to = groups.find((g) => g.no === e.group);
        if (to) to.members = [...to.members, e.participantId];
        else groups.push({ no: e.group, name: e.name, members: [e.participantId], content: {}, agreements: {} });
        return { ...b, groups };
      });
    case 'in-group':
      return withBreakout(s, e.step, (b) => ({
        ...b,
        groups: b.groups.map((g) => {
          if (g.no !== e.group) return g;
          const after = apply(groupSpace(s, e.step, g), e.event);
          return { ...g, content: after.content[e.step] ?? {}, agreements: after.agreements };
        }),
      }));
    case 'groups-broadcast':
      return withBreakout(s, e.step, (b) => ({ ...b, broadcast: { text: e.text, by: e.by, at: e.at } }));
    case 'breakout-ended':
      return withBreakout(s, e.step, (b) => ({ ...b, running: false, endedAt: e.at }));
    case 'group-result-merged':
      return withBreakout(s, e.step, (b) => ({ ...b, merges: [...b.merges, e.merge] }));
    default:
      return s;
  }
}

export function breakoutOf(s: RoomState, step: number): Breakout | undefined {
  return s.breakouts?.[String(step)];
}

/** The breakout whose groups are at work, with its step, or null. */
export function runningBreakout(s: RoomState): { step: number; breakout: Breakout } | null {
  for (const [step, b] of Object.entries(s.breakouts ?? {})) {
    if (b.running) return { step: Number(step), breakout: b };
  }
  return null;
}

/** The group `participantId` is in on `step`, or undefined. */
export function groupOf(s: RoomState, step: number, participantId: string | undefined): BreakoutGroup | undefined {
  if (!participantId) return undefined;
  return breakoutOf(s, step)?.groups.find((g) => g.members.includes(participantId));
}

/** Members still in the room. */
export function activeMembers(s: RoomState, g: BreakoutGroup): Participant[] {
  return g.members.map((id) => s.participants[id]).filter((p): p is Participant => !!p && !p.removed);
}

/**
 * The room as one group sees its step (Breakouts.space on the server): the group's content and agreements in
 * place of the plenary's, and of the people who answer for an organisation only the group's members.
 */
export function groupSpace(s: RoomState, step: number, g: BreakoutGroup): RoomState {
  const content = s.content.slice();
  content[step] = g.content;
  const participants: RoomState['participants'] = {};
  for (const [id, p] of Object.entries(s.participants)) {
    const answers = p.role === 'participant' || p.role === 'co-facilitator';
    if (!answers || g.members.includes(id)) participants[id] = p;
  }
  return { ...s, content, agreements: g.agreements, participants };
}

/** The space `me` writes in on `step` now: their group while its groups are at work, else null (the plenary). */
export function mySpace(s: RoomState, step: number, me: Participant | undefined): number | null {
  const b = breakoutOf(s, step);
  if (!b?.running || !me) return null;
  return groupOf(s, step, me.id)?.no ?? null;
}

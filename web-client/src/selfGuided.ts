// Self-guided sessions (docs/protocol.md, Self-guided sessions): who may move the session, who chairs, and the
// timer's gentle signal at zero. The server decides; these only choose which controls and notes to show.
import type { Participant, RoomState } from './protocol';
import { runsFlow } from './roomState';

/** Whether `me` may move the session: a facilitator always; in a self-guided room anyone, or only the chair. */
export function mayMove(room: RoomState, me: Participant | undefined): boolean {
  if (!me || me.removed) return false;
  if (runsFlow(me.role)) return true;
  const g = room.selfGuided;
  if (!g || me.role !== 'participant') return false;
  return g.guide === 'anyone' || g.chairId === me.id;
}

/** The chair of a chaired self-guided room, if any. */
export function chairOf(room: RoomState): Participant | undefined {
  const id = room.selfGuided?.guide === 'chair' ? room.selfGuided.chairId : null;
  const p = id ? room.participants[id] : undefined;
  return p && !p.removed ? p : undefined;
}

/**
 * Whether `me` may take the chair now: a participant who is not the chair, in a chaired room whose chair left
 * (is not among `online`) or was removed. The server checks the same with who it knows is connected.
 */
export function mayTakeChair(room: RoomState, me: Participant | undefined, online: readonly string[]): boolean {
  if (room.selfGuided?.guide !== 'chair' || !me || me.role !== 'participant' || me.removed) return false;
  const chair = chairOf(room);
  return !chair || (chair.id !== me.id && !online.includes(chair.id));
}

/** Who the chair may pass the chair to: the other participants still in the room. */
export function chairCandidates(room: RoomState, me: Participant | undefined): Participant[] {
  return Object.values(room.participants).filter((p) => p.role === 'participant' && !p.removed && p.id !== me?.id);
}

/** Whether a running timer just reached zero between two readings of what was left (ms). */
export function reachedZero(before: number | null, now: number | null): boolean {
  return before !== null && now !== null && before > 0 && now <= 0;
}

// Who is typing where (docs/protocol.md, "Who is typing"; docs/client.md). Volatile: never stored, never part
// of the room's history. While the person types in a shared text the client says so at most once a second
// (`typing`), and says `stop` when they leave the field; the server relays it to everybody in the room on
// every node and forgets a notice that is not renewed within a few seconds. The room's list comes back as
// the `typing` message and is shown under each shared text, and to the facilitator when they close a step
// that people were still typing in.
import type { Participant, RoomState, TypingEntry, TypingMessage } from './protocol';
import { runsFlow } from './roomState';

/** The least time between two typing notices for one text (the server keeps one for a few seconds). */
export const TYPING_EVERY_MS = 1000;

export class TypingReporter {
  private where: string | null = null;
  private sentAt = -Infinity;

  constructor(
    private readonly send: (msg: TypingMessage) => boolean,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The person typed in this text, with the caret here. */
  typed(step: number, key: string, caret: number): void {
    const where = `${step}/${key}`;
    const at = this.now();
    if (where === this.where && at - this.sentAt < TYPING_EVERY_MS) return;
    if (this.send({ type: 'typing', step, key, caret: Math.max(0, Math.min(caret, 10_000)) })) {
      this.where = where;
      this.sentAt = at;
    }
  }

  /** The person left this text (blur): a notice still standing for it ends now. */
  left(step: number, key: string): void {
    if (this.where !== `${step}/${key}`) return;
    this.where = null;
    this.sentAt = -Infinity;
    this.send({ type: 'typing', step, key, stop: true });
  }

  /** The connection was lost: the server forgot our notice with it. */
  reset(): void {
    this.where = null;
    this.sentAt = -Infinity;
  }
}

/** The others typing in one text now, each person once, as listed. */
export function typistsIn(room: RoomState, typing: TypingEntry[], step: number, key: string, myId: string | undefined): Participant[] {
  return people(room, typing.filter((e) => e.step === step && e.key === key), myId);
}

/**
 * The others typing in any text of a step now whom closing it stops: for a lock or a pause, people who may
 * not write in a locked step or a paused session (not facilitators); for the end, everybody.
 */
export function typistsStopped(room: RoomState, typing: TypingEntry[], step: number, myId: string | undefined, everybody = false): Participant[] {
  return people(room, typing.filter((e) => e.step === step), myId).filter((p) => everybody || !runsFlow(p.role));
}

function people(room: RoomState, entries: TypingEntry[], myId: string | undefined): Participant[] {
  const seen = new Set<string>();
  const out: Participant[] = [];
  for (const e of entries) {
    const p = room.participants[e.participantId];
    if (!p || p.removed || e.participantId === myId || seen.has(p.id)) continue;
    seen.add(p.id);
    out.push(p);
  }
  return out;
}

/**
 * How a typist is named: "Anouk (Gemeente Gouda)", or only the organisation in an anonymous room (where
 * participants receive nobody's name anyway).
 */
export function typistName(room: RoomState, p: Participant): string {
  return room.anonymous || !p.name ? p.organisation : `${p.name} (${p.organisation})`;
}

/** Short names for a list: "Anouk, Bram", or organisations in an anonymous room. */
export function typistNames(room: RoomState, people: Participant[]): string {
  return people.map((p) => (room.anonymous || !p.name ? p.organisation : p.name)).join(', ');
}

// Real-time editing of the shared texts (docs/protocol.md, "Shared texts"; docs/client.md).
//
// Per text, the client keeps (as ot.js does):
//   server   - the text at the revision `rev` the room last told us about;
//   inflight - our operation sent to the room and not yet seen back (at most one);
//   buffer   - what we typed since, composed into one operation;
//   doc      - what the text field shows: server + inflight + buffer.
// An incoming operation of somebody else is transformed against inflight and buffer before it is applied to
// doc. The room transforms our operations the same way (nl.werkplaats.room.TextOp), so every replica ends
// with the same text. The caret stays before somebody else's insertion at it while we are typing a run
// there, so that two people typing at one place never split each other's words.
//
// A whole state (a snapshot, or a welcome with the room) that arrives while our operation is sent but not yet
// acknowledged may or may not contain it already. The operation is held in flight and the new text waits,
// with the events after it, until the ack comes: an ack seq at or below the snapshot's seq means the text
// already holds it (it is dropped), a later one means it is still to come as an event (it is transformed as
// usual). A refusal means the room never applied it.
//
// Typing that the room refuses because the text is closed (locked, paused, ended, removed) is kept: it stays
// visible to its author, marked as not saved, and is sent again when the text is writable again.
import type { Ack, CommandError } from './connection';
import type { CommandBody, Participant, RoomState, SequencedEvent } from './protocol';
import { breakoutOf } from './breakouts';
import { writeBlock } from './roomState';
import type { WriteBlock } from './roomState';
import { apply, compose, diff, isNoop, transform, transformIndex } from './textOt';
import type { TextOp } from './textOt';

/** The least time between two operations sent for one text (they are composed meanwhile). */
export const SEND_EVERY_MS = 100;

/** The room no longer keeps the revision, or the operation did not fit it: rebase onto the room's text and send again. */
const REBASE_CODES = new Set(['text_revision_gone', 'text_op_invalid']);
/** Passing trouble: the same operation is sent again a moment later. */
const RETRY_CODES = new Set(['rate_limited', 'internal', 'queue_full']);
export const RETRY_MS = 1000;

export type HoldReason = 'locked' | 'paused' | 'ended' | 'closed';

export interface TextOpEvent {
  type: 'text-op';
  step: number;
  key: string;
  rev: number;
  op: TextOp;
  by: string;
  opId: string | null;
  at: number;
}

export interface SyncView {
  doc: string;
  /** Caret (selection start and end) in doc, as mapped through remote changes. */
  selection: [number, number];
  /** Typing not yet confirmed by the room. */
  unsaved: boolean;
  /** Why unsaved typing is held back, or null while it is on its way. */
  held: HoldReason | null;
}

let opCounter = 0;
function newOpId(): string {
  opCounter++;
  const rnd = Math.random().toString(36).slice(2, 10);
  return `o${Date.now().toString(36)}${rnd}${opCounter}`;
}

export class TextSync {
  server: string;
  rev: number;
  inflight: TextOp | null = null;
  inflightId: string | null = null;
  /** The seq of the ack of the operation in flight, once it came (an operation that changed nothing has no event). */
  private inflightAckSeq: number | null = null;
  private inflightSent = false;
  buffer: TextOp | null = null;
  doc: string;
  selection: [number, number] = [0, 0];
  /** Where the run this person is typing ends (just after their last typed character), or null. */
  runEnd: number | null = null;
  held: HoldReason | null = null;
  /**
   * A whole state that arrived while our operation was sent and not acknowledged: it waits, with the events
   * of this text after it, until the ack tells whether it holds our operation.
   */
  private waiting: { text: string; rev: number; seq: number; events: TextOpEvent[] } | null = null;
  /** Our operation in flight was rebased onto a text by difference: its event may differ slightly from it. */
  private inflightGuessed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly step: number,
    readonly key: string,
    text: string,
    rev: number,
    /** The breakout group whose space this text is in, or null for the plenary's. */
    readonly group: number | null = null,
  ) {
    this.server = text;
    this.rev = rev;
    this.doc = text;
  }

  get unsaved(): boolean {
    return this.inflight !== null || this.buffer !== null;
  }

  view(): SyncView {
    return { doc: this.doc, selection: this.selection, unsaved: this.unsaved, held: this.held };
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  /** The text field now holds `value` with the caret at `selection` (after the person typed). */
  input(value: string, selection: [number, number]): TextOp | null {
    if (value === this.doc) {
      this.selection = selection;
      return null;
    }
    const caret = selection[1];
    const probe = diff(this.doc, value, caret);
    // Where the change starts, and whether it continues the run this person was typing.
    const start = typeof probe[0] === 'number' && probe[0] > 0 ? probe[0] : 0;
    const run = this.runEnd !== null && start === this.runEnd && start > 0;
    const op = run ? diff(this.doc, value, caret, true) : probe;
    this.local(op);
    const grew = value.length >= this.doc.length;
    this.doc = value;
    this.selection = selection;
    this.runEnd = grew || this.runEnd === null ? caret : Math.min(caret, this.runEnd);
    this.changed();
    return op;
  }

  private local(op: TextOp): void {
    if (isNoop(op)) return;
    if (this.inflight === null) {
      this.inflight = op;
      this.inflightId = newOpId();
      this.inflightSent = false;
      this.inflightAckSeq = null;
    } else {
      this.buffer = this.buffer === null ? op : compose(this.buffer, op);
    }
  }

  /** The operation to send now (the one in flight, not sent yet), or null. */
  outgoing(): { rev: number; op: TextOp; opId: string } | null {
    if (this.inflight === null || this.inflightSent || this.held) return null;
    this.inflightSent = true;
    return { rev: this.rev, op: this.inflight, opId: this.inflightId as string };
  }

  /** Whether a whole state waits for the ack of our operation in flight. */
  get waitingForAck(): boolean {
    return this.waiting !== null;
  }

  /** An operation the room sequenced (ours or somebody else's), in seq order. */
  receive(e: TextOpEvent): void {
    if (this.waiting !== null) {
      if (e.rev > this.waiting.rev) this.waiting.events.push(e);
      return;
    }
    if (e.rev !== this.rev + 1) return; // not the next revision: a resync will bring us there
    const before = this.server;
    this.server = apply(e.op, this.server);
    this.rev = e.rev;
    if (this.inflight !== null && e.opId !== null && e.opId === this.inflightId) {
      if (this.inflightGuessed) {
        // Our operation was rebased by difference; the room's own transformation of it decides.
        const guess = apply(this.inflight, before);
        this.settleInflight();
        if (guess !== this.server) this.correct(diff(guess, this.server));
      } else {
        this.settleInflight();
      }
      this.changed();
      return;
    }
    let op = e.op;
    if (this.inflight !== null) {
      [op, this.inflight] = transform(op, this.inflight);
    }
    if (this.buffer !== null) {
      [op, this.buffer] = transform(op, this.buffer);
    }
    this.doc = apply(op, this.doc);
    const typing = this.runEnd !== null && this.selection[1] === this.runEnd;
    this.selection = [transformIndex(op, this.selection[0], typing), transformIndex(op, this.selection[1], typing)];
    if (this.runEnd !== null) this.runEnd = transformIndex(op, this.runEnd, true);
    this.changed();
  }

  /** `fix` changes the text under our unsent typing (buffer) from what we assumed to what the room has. */
  private correct(fix: TextOp): void {
    let op = fix;
    if (this.inflight !== null) [op, this.inflight] = transform(op, this.inflight);
    if (this.buffer !== null) [op, this.buffer] = transform(op, this.buffer);
    this.doc = apply(op, this.doc);
    this.selection = [transformIndex(op, this.selection[0], false), transformIndex(op, this.selection[1], false)];
  }

  private settleInflight(): void {
    this.inflightGuessed = false;
    this.inflight = this.buffer;
    this.buffer = null;
    this.inflightId = this.inflight ? newOpId() : null;
    this.inflightSent = false;
    this.inflightAckSeq = null;
  }

  /** The room acknowledged `opId` at `seq`; `storeSeq` is how far this client has applied events. */
  acked(opId: string, seq: number, storeSeq: number): void {
    if (opId !== this.inflightId) return;
    this.inflightAckSeq = seq;
    if (this.waiting !== null) {
      this.resolveWaiting(seq <= this.waiting.seq);
      this.changed();
    }
    this.caughtUp(storeSeq);
  }

  /**
   * The whole state that waited for our ack: `contained` when it already holds our operation in flight (then
   * the operation is done, and only what we typed since is rebased onto it), otherwise the operation is
   * rebased onto it and stays in flight, its event still to come. Then the events that waited are applied.
   */
  private resolveWaiting(contained: boolean): void {
    const w = this.waiting;
    if (w === null || this.inflight === null) {
      this.waiting = null;
      return;
    }
    this.waiting = null;
    if (contained) {
      const base = apply(this.inflight, this.server); // the text as we knew it, with our operation
      this.server = base;
      this.inflight = this.buffer;
      this.buffer = null;
      this.inflightId = this.inflight ? newOpId() : null;
      this.inflightSent = false;
      this.inflightAckSeq = null;
      this.inflightGuessed = false;
      this.rebase(w.text, w.rev);
    } else {
      const theirs = diff(this.server, w.text);
      let op: TextOp;
      let mine: TextOp;
      [op, mine] = transform(theirs, this.inflight);
      this.inflight = mine;
      if (this.buffer !== null) [op, this.buffer] = transform(op, this.buffer);
      this.doc = apply(op, this.doc);
      this.selection = [transformIndex(op, this.selection[0], false), transformIndex(op, this.selection[1], false)];
      if (this.runEnd !== null) this.runEnd = transformIndex(op, this.runEnd, true);
      this.server = w.text;
      this.rev = w.rev;
      this.inflightGuessed = true; // same opId, still sent: its event comes
    }
    for (const e of w.events) this.receive(e);
  }

  /** The store reached `storeSeq`: an acknowledged operation we never saw come back changed nothing. */
  caughtUp(storeSeq: number): void {
    if (this.inflight !== null && this.inflightAckSeq !== null && storeSeq >= this.inflightAckSeq) {
      this.settleInflight();
      this.changed();
    }
  }

  /**
   * The room refused our operation. A closed text holds the typing back (shown as not saved); anything else
   * (a revision it no longer keeps, an operation that did not fit) rebases it onto `current` and sends it
   * again.
   */
  refused(opId: string, code: string, current: { text: string; rev: number }, block: WriteBlock): 'rebased' | 'retry' | 'held' | null {
    if (opId !== this.inflightId) return null;
    if (this.waiting !== null && !RETRY_CODES.has(code)) {
      // Refused: the room never applied it, so the whole state that waited does not hold it.
      this.resolveWaiting(false);
      this.inflightGuessed = false;
    }
    if (REBASE_CODES.has(code)) {
      this.rebase(current.text, current.rev);
      this.changed();
      return 'rebased';
    }
    if (RETRY_CODES.has(code)) {
      this.inflightSent = false;
      return 'retry';
    }
    // Closed (locked, paused, ended, removed, too long, ...): kept, shown as not saved, sent when writable.
    this.hold(holdReason(block, code));
    return 'held';
  }

  private hold(reason: HoldReason): void {
    // Everything unsent becomes one operation waiting to be sent again.
    if (this.inflight !== null && this.buffer !== null) {
      this.inflight = compose(this.inflight, this.buffer);
      this.buffer = null;
    }
    this.inflightSent = false;
    this.inflightAckSeq = null;
    this.held = reason;
    this.changed();
  }

  /** The text is writable again: what was held back goes out. */
  release(): void {
    if (this.held === null) return;
    this.held = null;
    this.changed();
  }

  /** The text may not be written now; typing still on its way stays, what comes later is held. */
  block(reason: HoldReason): void {
    if (this.held === null && this.unsaved && !this.inflightSent) this.hold(reason);
  }

  /**
   * A whole state arrived (welcome or snapshot). Without pending typing this is the new text; with it, the
   * difference between the text we knew and the new one is taken as somebody else's change and what we
   * typed is transformed onto it.
   */
  reset(text: string, rev: number, seq = Number.MAX_SAFE_INTEGER): void {
    if (this.inflight !== null && this.inflightSent) {
      if (this.inflightAckSeq !== null) {
        // Acknowledged, its event not seen yet: the ack's seq tells whether this state holds it.
        this.waiting = { text, rev, seq, events: [] };
        this.resolveWaiting(this.inflightAckSeq <= seq);
        this.changed();
        return;
      }
      if (this.inflightAckSeq === null) {
        // Sent, not acknowledged: the new text waits for the ack (a newer state replaces an older one).
        this.waiting = { text, rev, seq, events: [] };
        return;
      }
    }
    this.waiting = null;
    if (rev === this.rev && text === this.server) return;
    if (!this.unsaved) {
      const op = diff(this.doc, text);
      this.server = text;
      this.rev = rev;
      this.doc = text;
      this.selection = [transformIndex(op, this.selection[0], false), transformIndex(op, this.selection[1], false)];
      this.runEnd = null;
      this.changed();
      return;
    }
    this.rebase(text, rev);
    this.changed();
  }

  private rebase(text: string, rev: number): void {
    let pending: TextOp | null = this.inflight;
    if (pending !== null && this.buffer !== null) pending = compose(pending, this.buffer);
    const theirs = diff(this.server, text);
    this.server = text;
    this.rev = rev;
    this.buffer = null;
    if (pending === null) {
      this.doc = text;
      this.inflight = null;
      this.inflightId = null;
      return;
    }
    const [theirsAfter, mine] = transform(theirs, pending);
    this.doc = apply(theirsAfter, this.doc);
    this.selection = [transformIndex(theirsAfter, this.selection[0], false), transformIndex(theirsAfter, this.selection[1], false)];
    this.inflight = isNoop(mine) ? null : mine;
    this.inflightId = this.inflight ? newOpId() : null;
    this.inflightSent = false;
    this.inflightAckSeq = null;
  }
}

function holdReason(block: WriteBlock, code: string): HoldReason {
  if (block === 'locked' || code === 'locked') return 'locked';
  if (block === 'paused' || code === 'paused') return 'paused';
  if (block === 'ended' || code === 'ended') return 'ended';
  return 'closed';
}

/** A shared text in the plenary's space of a step, or in a breakout group's. */
function textOf(room: RoomState | null, step: number, key: string, group: number | null) {
  const content = group === null ? room?.content[step] : breakoutOf(room as RoomState, step)?.groups.find((g) => g.no === group)?.content;
  return content?.texts?.[key];
}

/** Why `me` may not write in a space now: as writeBlock, and a group's space is closed once its groups are back in plenary. */
function spaceBlock(room: RoomState | null, me: Participant | undefined, step: number, group: number | null): WriteBlock {
  if (!room) return 'observer';
  const block = writeBlock(room, me, step);
  if (block !== null || group === null) return block;
  return breakoutOf(room, step)?.running ? null : 'locked';
}

function syncId(step: number, key: string, group: number | null): string {
  return group === null ? `${step}/${key}` : `${step}/g${group}/${key}`;
}

export interface TextSyncsOptions {
  getRoom(): RoomState | null;
  me(): Participant | undefined;
  storeSeq(): number;
  send(body: CommandBody): Promise<Ack>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/**
 * Every shared text this client edits, kept for the whole session (also when its step is not on screen, so
 * that typing held back on a locked step is sent when the step opens again).
 */
export class TextSyncs {
  private readonly syncs = new Map<string, TextSync>();
  private readonly lastSent = new Map<string, number>();
  private readonly scheduled = new Set<string>();
  /**
   * How far the texts have been given the room's events. The store's seq runs ahead of it while the store
   * tells its other listeners about new events (before the texts get them): an ack at a seq the store has
   * reached but the texts have not is not yet "changed nothing".
   */
  private seen = -1;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;

  constructor(private readonly o: TextSyncsOptions) {
    this.now = o.now ?? (() => Date.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  }

  get(step: number, key: string, group: number | null = null): TextSync {
    const id = syncId(step, key, group);
    let s = this.syncs.get(id);
    if (!s) {
      const t = textOf(this.o.getRoom(), step, key, group);
      s = new TextSync(step, key, t?.text ?? '', t?.rev ?? 0, group);
      this.syncs.set(id, s);
    }
    return s;
  }

  all(): TextSync[] {
    return [...this.syncs.values()];
  }

  /** How far the texts have had the room's events. */
  private seenSeq(): number {
    return this.seen >= 0 ? Math.min(this.seen, this.o.storeSeq()) : this.o.storeSeq();
  }

  /** Events the store applied, in order. */
  events(events: SequencedEvent[]): void {
    for (const e of events) {
      this.seen = Math.max(this.seen, e.seq);
      const group = e.event.type === 'in-group' ? e.event.group : null;
      const event = e.event.type === 'in-group' ? e.event.event : e.event;
      if (event.type !== 'text-op') continue;
      const ev = event as unknown as TextOpEvent;
      const s = this.syncs.get(syncId(ev.step, ev.key, group));
      if (s) s.receive(ev);
    }
    this.refresh();
  }

  /** A whole state replaced the room (welcome or snapshot). */
  resetAll(): void {
    const room = this.o.getRoom();
    const seq = this.o.storeSeq();
    this.seen = seq;
    for (const s of this.syncs.values()) {
      const t = textOf(room, s.step, s.key, s.group);
      s.reset(t?.text ?? '', t?.rev ?? 0, seq);
    }
    this.refresh();
  }

  /** The person typed in a text field. */
  input(step: number, key: string, value: string, selection: [number, number], group: number | null = null): void {
    const s = this.get(step, key, group);
    s.input(value, selection);
    this.schedule(s);
  }

  /** Re-checks what may be written now: holds and releases, and sends what waits. */
  refresh(): void {
    const room = this.o.getRoom();
    const storeSeq = this.seenSeq();
    for (const s of this.syncs.values()) {
      s.caughtUp(storeSeq);
      const block = spaceBlock(room, this.o.me(), s.step, s.group);
      if (block === null) s.release();
      else s.block(holdReason(block, ''));
      this.schedule(s);
    }
  }

  private schedule(s: TextSync): void {
    const id = syncId(s.step, s.key, s.group);
    if (this.scheduled.has(id)) return;
    const wait = (this.lastSent.get(id) ?? -Infinity) + SEND_EVERY_MS - this.now();
    if (wait <= 0) {
      this.flush(s);
      return;
    }
    this.scheduled.add(id);
    this.setTimer(() => {
      this.scheduled.delete(id);
      this.flush(s);
    }, wait);
  }

  private flush(s: TextSync): void {
    const out = s.outgoing();
    if (!out) return;
    const id = syncId(s.step, s.key, s.group);
    this.lastSent.set(id, this.now());
    const body = { type: 'text-op' as const, step: s.step, key: s.key, rev: out.rev, op: out.op, opId: out.opId };
    this.o
      .send(s.group === null ? body : { ...body, group: s.group })
      .then((ack) => {
        s.acked(out.opId, ack.seq, this.seenSeq());
        this.schedule(s);
      })
      .catch((e: CommandError) => {
        const room = this.o.getRoom();
        const t = textOf(room, s.step, s.key, s.group);
        const block = spaceBlock(room, this.o.me(), s.step, s.group);
        const what = s.refused(out.opId, e.code, { text: t?.text ?? '', rev: t?.rev ?? 0 }, block);
        if (what === 'retry') this.setTimer(() => this.schedule(s), RETRY_MS);
        else if (what === 'rebased') this.schedule(s);
      });
  }
}

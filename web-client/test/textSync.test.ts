import { describe, expect, it } from 'vitest';
import { TextSync } from '../src/textSync';
import type { TextOpEvent } from '../src/textSync';
import { apply, transform } from '../src/textOt';
import type { TextOp } from '../src/textOt';

/** The room's side, as nl.werkplaats.room.Room does it: transform against what came since, apply, keep. */
class FakeRoom {
  text = '';
  rev = 0;
  readonly log: TextOpEvent[] = [];
  /** opId -> the revision its ack names (its own, or the room's when it changed nothing). */
  private readonly applied = new Map<string, number>();
  locked = false;

  submit(by: string, rev: number, op: TextOp, opId: string): { event: TextOpEvent | null; ack: number; error?: string } {
    const earlier = this.applied.get(opId);
    if (earlier !== undefined) return { event: null, ack: earlier };
    if (this.locked) return { event: null, ack: 0, error: 'locked' };
    let o = op;
    for (const e of this.log.slice(rev)) o = transform(e.op, o)[1];
    if (o.every((c) => typeof c === 'number' && c > 0)) {
      this.applied.set(opId, this.rev);
      return { event: null, ack: this.rev };
    }
    this.text = apply(o, this.text);
    this.rev++;
    this.applied.set(opId, this.rev);
    const event: TextOpEvent = { type: 'text-op', step: 1, key: 'joint', rev: this.rev, op: o, by, opId, at: 0 };
    this.log.push(event);
    return { event, ack: this.rev };
  }
}

class SimClient {
  readonly sync = new TextSync(1, 'joint', '', 0);
  seen = 0;
  run = '';
  readonly runs: string[] = [];
  online = true;
  outbox: { rev: number; op: TextOp; opId: string }[] = [];
  lastSent: { rev: number; op: TextOp; opId: string } | null = null;

  constructor(readonly id: string, readonly letters: string) {}

  type(ch: string): void {
    const s = this.sync;
    const caret = s.selection[1];
    s.input(s.doc.slice(0, caret) + ch + s.doc.slice(caret), [caret + 1, caret + 1]);
    this.run += ch;
  }

  moveTo(pos: number): void {
    if (this.run) this.runs.push(this.run);
    this.run = '';
    this.sync.selection = [pos, pos];
  }

  next(room: FakeRoom): void {
    this.sync.receive(room.log[this.seen++]);
    this.sync.caughtUp(this.seen);
  }

  catchUp(room: FakeRoom): void {
    while (this.seen < room.log.length) this.next(room);
  }
}

/** `snapshots`: now and then a client gets the whole room instead of the next events (as after a forked history). */
function simulate(seed: number, steps: number, snapshots = false): void {
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const room = new FakeRoom();
  const clients = ['abcde', 'fghij', 'klmno'].map((l, i) => new SimClient(`p-${i}`, l));
  const send = (c: SimClient, m: { rev: number; op: TextOp; opId: string }) => {
    const { ack } = room.submit(c.id, m.rev, m.op, m.opId);
    if (c.online) c.sync.acked(m.opId, ack, c.seen);
  };
  for (let t = 0; t < steps; t++) {
    const c = clients[rnd(clients.length)];
    if (snapshots && c.online && rnd(20) === 0) {
      c.sync.reset(room.text, room.rev, room.rev);
      c.seen = room.log.length;
      c.sync.caughtUp(c.seen);
      continue;
    }
    const roll = rnd(100);
    if (roll < 45) {
      if (rnd(20) === 0) c.moveTo(rnd(2) ? c.sync.doc.length : 0);
      else c.type(c.letters[rnd(5)]);
    } else if (roll < 65) {
      const out = c.sync.outgoing();
      if (out) {
        c.lastSent = out;
        if (c.online) c.outbox.push(out);
      }
    } else if (roll < 80) {
      const m = c.outbox.shift();
      if (m) send(c, m);
    } else if (roll < 95) {
      if (c.online) for (let n = rnd(4); n > 0 && c.seen < room.log.length; n--) c.next(room);
    } else if (c.online) {
      c.online = false;
      if (rnd(2)) c.outbox = [];
    } else {
      c.online = true;
      c.catchUp(room);
      if (c.lastSent && c.sync.inflightId === c.lastSent.opId) c.outbox.push(c.lastSent);
    }
  }
  for (let round = 0; round < 500; round++) {
    let busy = false;
    for (const c of clients) {
      c.online = true;
      for (const m of c.outbox.splice(0)) send(c, m);
      c.catchUp(room);
      if (c.lastSent && c.sync.inflightId === c.lastSent.opId) send(c, c.lastSent);
      c.catchUp(room);
      const out = c.sync.outgoing();
      if (out) {
        busy = true;
        c.lastSent = out;
        send(c, out);
        c.catchUp(room);
      }
    }
    if (!busy) break;
  }
  let typed = 0;
  for (const c of clients) {
    c.moveTo(0);
    expect(c.sync.doc, `seed ${seed}: ${c.id} converges`).toBe(room.text);
    for (const r of c.runs) typed += r.length;
  }
  // Nothing lost, nothing applied twice.
  expect(room.text.length, `seed ${seed}: nothing lost or doubled`).toBe(typed);
  if (snapshots) return; // a whole state is taken in by difference: a run typed across it may be split
  for (const c of clients) {
    for (const r of c.runs) {
      expect(room.text.includes(r), `seed ${seed}: run [${r}] in one piece in [${room.text}]`).toBe(true);
    }
  }
}

describe('several people typing into one text at once (seeded)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    it(`seed ${seed}`, () => simulate(seed, 1500));
  }
});

describe('several people typing into one text at once, with snapshots arriving while operations are in flight (seeded)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    it(`seed ${seed}`, () => simulate(seed, 1500, true));
  }
});

describe('a whole state arriving while our operation is sent and not yet acknowledged', () => {
  it('already holds it (ack seq <= snapshot seq): it is not applied twice, and typing since is kept', () => {
    const room = new FakeRoom();
    const anna = new TextSync(1, 'joint', '', 0);
    anna.input('Hallo', [5, 5]);
    const out = anna.outgoing()!;
    const r = room.submit('p-a', out.rev, out.op, out.opId); // applied at seq 1; the ack is still on its way
    anna.reset(room.text, room.rev, 1); // a snapshot at seq 1
    expect(anna.waitingForAck).toBe(true);
    anna.input('Hallo daar', [10, 10]);
    anna.acked(out.opId, r.ack, 1);
    expect(anna.waitingForAck).toBe(false);
    expect(anna.doc).toBe('Hallo daar');
    const next = anna.outgoing()!;
    expect(next.rev).toBe(1);
    const r2 = room.submit('p-a', next.rev, next.op, next.opId);
    anna.receive(r2.event!);
    expect(room.text).toBe('Hallo daar');
    expect(anna.view()).toMatchObject({ doc: 'Hallo daar', unsaved: false });
  });

  it('does not hold it yet (ack seq > snapshot seq): it arrives as an event afterwards, once', () => {
    const room = new FakeRoom();
    const anna = new TextSync(1, 'joint', '', 0);
    anna.input('Anna', [4, 4]);
    const out = anna.outgoing()!;
    room.submit('p-b', 0, [{ i: 'Bram ' }], 'b1'); // seq 1
    anna.reset(room.text, room.rev, 1); // the snapshot at seq 1 has Bram's text only
    const r = room.submit('p-a', out.rev, out.op, out.opId); // seq 2
    room.submit('p-b', 1, [5, { i: '!' }], 'b2'); // seq 3: the room has Bram's "!" after Anna's text
    anna.receive(room.log[1]); // our own event, before the ack
    anna.acked(out.opId, r.ack, 2);
    anna.receive(room.log[2]);
    expect(room.text).toBe('Bram Anna!');
    expect(anna.view()).toMatchObject({ doc: room.text, unsaved: false });
  });

  it('is refused: the room never applied it, so it is rebased onto the new text and sent again', () => {
    const room = new FakeRoom();
    const anna = new TextSync(1, 'joint', '', 0);
    anna.input('Anna', [4, 4]);
    const out = anna.outgoing()!;
    room.submit('p-b', 0, [{ i: 'Bram ' }], 'b1');
    anna.reset(room.text, room.rev, 1);
    expect(anna.refused(out.opId, 'text_op_invalid', { text: room.text, rev: room.rev }, null)).toBe('rebased');
    const again = anna.outgoing()!;
    room.submit('p-a', again.rev, again.op, again.opId);
    anna.receive(room.log[1]);
    expect(anna.view()).toMatchObject({ doc: room.text, unsaved: false });
    expect(room.text.length).toBe('Bram Anna'.length);
  });
});

describe('typing the room refuses because the text closed', () => {
  it('stays visible, marked as not saved, and is sent again when the text opens', () => {
    const room = new FakeRoom();
    const anna = new SimClient('p-a', 'a');
    anna.type('H');
    anna.type('i');
    const out = anna.sync.outgoing()!;
    room.locked = true;
    const r = room.submit('p-a', out.rev, out.op, out.opId);
    expect(r.error).toBe('locked');
    anna.sync.refused(out.opId, 'locked', { text: room.text, rev: room.rev }, 'locked');
    expect(anna.sync.view()).toMatchObject({ doc: 'Hi', unsaved: true, held: 'locked' });
    expect(anna.sync.outgoing()).toBeNull();
    // Somebody with the right to write (the facilitator) changes the text meanwhile.
    room.locked = false;
    room.submit('p-f', 0, [{ i: 'Begeleider: ' }], 'f1');
    anna.catchUp(room);
    expect(anna.sync.doc).toBe('Begeleider: Hi');
    anna.sync.release();
    const again = anna.sync.outgoing()!;
    room.submit('p-a', again.rev, again.op, again.opId);
    anna.catchUp(room);
    expect(room.text).toBe('Begeleider: Hi');
    expect(anna.sync.view()).toMatchObject({ doc: 'Begeleider: Hi', unsaved: false, held: null });
  });

  it('a revision the room no longer keeps: rebased onto the room text and sent again', () => {
    const sync = new TextSync(1, 'joint', 'abc', 3);
    sync.input('abcd', [4, 4]);
    const out = sync.outgoing()!;
    expect(sync.refused(out.opId, 'text_revision_gone', { text: 'xabc', rev: 9 }, null)).toBe('rebased');
    expect(sync.doc).toBe('xabcd');
    const again = sync.outgoing()!;
    expect(again.rev).toBe(9);
    expect(apply(again.op, 'xabc')).toBe('xabcd');
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Role } from '../src/protocol';
import { applyEvent, competenceCoverage, evaluationSummary, organisations, organisationsWithoutAnswer, timerRemaining, writeBlock } from '../src/roomState';
import { Store } from '../src/store';
import { roomState, seqd, textEvent, welcome } from './fakes';

function storeWith(seq = 10) {
  const store = new Store('nl', () => 0);
  store.welcome(welcome(roomState(seq), { seq }));
  return store;
}

describe('applyEvent', () => {
  it('advances seq by one and replaces the piece of state the event names', () => {
    const s0 = roomState(5);
    const s1 = applyEvent(s0, { type: 'status-changed', step: 1, status: 'agreed' });
    expect(s1.seq).toBe(6);
    expect(s1.content[1].status).toBe('agreed');
    expect(s0.content[1].status).toBeUndefined(); // the old state is untouched
    expect(s1.content[0]).toBe(s0.content[0]); // untouched parts are shared
  });

  it('applies every event type of the protocol', () => {
    let s = roomState(0);
    const events = [
      { type: 'participant-joined', participant: { id: 'p-3', name: 'Ann', organisation: 'Gemeente Almere', function: '', role: 'participant', joinedAt: 5, removed: false }, owner: false },
      { type: 'participant-role-changed', participantId: 'p-3', role: 'co-facilitator' },
      { type: 'flow-changed', status: 'paused', currentStep: 2, history: [0, 1], startedAt: 1, endedAt: 0, pausedAt: 9, endCount: 0, at: 9 },
      { type: 'step-runtime-changed', step: 2, runtime: { opened: true, locked: true, revealed: false, timer: { running: false, deadline: 0, remainingMs: 5000, durationMs: 60000 }, firstOpenedAt: 1, enteredAt: 2, timeSpentMs: 0 } },
      { type: 'text-changed', step: 1, key: 'joint', text: { text: 'Samen', rev: 1, updatedBy: 'p-1', updatedAt: 3 } },
      { type: 'agreement-saved', agreement: { id: 'a-1', step: 1, what: 'DPIA', who: 'Gouda', due: '2026-12-31', createdBy: 'p-1', createdAt: 1, updatedAt: 1 } },
      { type: 'card-saved', step: 2, card: { id: 'c-1', authorId: 'p-2', prompt: 0, text: '', groupId: null, privateUntilReveal: true, hidden: true, createdAt: 4 } },
      { type: 'group-saved', step: 2, group: { id: 'g-1', title: 'Data' } },
      { type: 'votes-changed', step: 2, participantId: 'p-1', votes: { 'c-1': 2 } },
      { type: 'ratings-changed', step: 3, participantId: 'p-1', ratings: { data: 4 } },
      { type: 'role-assignment-changed', step: 3, roleId: 'lead', participantIds: ['p-1'] },
      { type: 'evaluation-saved', step: 4, evaluation: { participantId: 'p-2', mark: null, tips: '', hidden: true } },
      { type: 'participant-removed', participantId: 'p-3' },
      { type: 'agreement-removed', agreementId: 'a-1' },
      { type: 'card-removed', step: 2, cardId: 'c-1' },
      { type: 'votes-changed', step: 2, participantId: 'p-1', votes: {} },
      { type: 'ratings-changed', step: 3, participantId: 'p-1', ratings: {} },
      { type: 'role-assignment-changed', step: 3, roleId: 'lead', participantIds: [] },
    ] as const;
    for (const e of events) s = applyEvent(s, e as never);
    expect(s.seq).toBe(events.length);
    expect(s.participants['p-3']).toMatchObject({ role: 'co-facilitator', removed: true });
    expect(s.status).toBe('paused');
    expect(s.currentStep).toBe(2);
    expect(s.runtime[2].locked).toBe(true);
    expect(s.content[1].texts?.joint.text).toBe('Samen');
    expect(s.agreements).toEqual({});
    expect(s.content[2].cards).toEqual({});
    expect(s.content[2].groups?.['g-1'].title).toBe('Data');
    expect(s.content[2].votes).toEqual({}); // deleted when empty
    expect(s.content[3].ratings).toEqual({});
    expect(s.content[3].roleAssignments).toEqual({});
    expect(s.content[4].evaluations?.['p-2'].hidden).toBe(true);
  });
});

describe('Store', () => {
  it('takes the state of a welcome, and who I am', () => {
    const store = storeWith(10);
    const st = store.getState();
    expect(st.room?.seq).toBe(10);
    expect(st.me).toEqual({ participantId: 'p-1', role: 'participant' });
    expect(st.online).toEqual(['p-1']);
  });

  it('applies the next event and ignores one it already has', () => {
    const store = storeWith(10);
    expect(store.receiveEvents([textEvent(11, 1, 'joint', 'een')])).toEqual({ gap: false, applied: 1 });
    const before = store.getState();
    // The same event again (e.g. from the catch-up after a reconnect): nothing changes.
    expect(store.receiveEvents([textEvent(11, 1, 'joint', 'ANDERS')])).toEqual({ gap: false, applied: 0 });
    expect(store.receiveEvents([textEvent(3, 1, 'joint', 'oud')])).toEqual({ gap: false, applied: 0 });
    expect(store.getState()).toBe(before);
    expect(store.getState().room?.content[1].texts?.joint.text).toBe('een');
  });

  it('detects a gap, applies nothing after it, and catches up once the missing events come', () => {
    const store = storeWith(10);
    const r = store.receiveEvents([textEvent(13, 1, 'joint', 'drie')]);
    expect(r).toEqual({ gap: true, applied: 0 });
    expect(store.seq).toBe(10);
    // The resync answer: the missing events and the one we saw.
    const r2 = store.receiveEvents([textEvent(12, 1, 'joint', 'twee'), textEvent(11, 1, 'joint', 'een'), textEvent(13, 1, 'joint', 'drie')]);
    expect(r2).toEqual({ gap: false, applied: 3 });
    expect(store.seq).toBe(13);
    expect(store.getState().room?.content[1].texts?.joint.text).toBe('drie');
  });

  it('applies what comes before a gap', () => {
    const store = storeWith(10);
    const r = store.receiveEvents([textEvent(11, 1, 'joint', 'een'), textEvent(14, 1, 'joint', 'vier')]);
    expect(r).toEqual({ gap: true, applied: 1 });
    expect(store.seq).toBe(11);
  });

  it('a resumed welcome applies the missed events on the state it has', () => {
    const store = storeWith(10);
    const r = store.welcome(welcome(null, { seq: 12, events: [textEvent(11, 1, 'joint', 'a'), textEvent(12, 1, 'org:Gemeente Gouda', 'b')] }));
    expect(r.gap).toBe(false);
    expect(store.seq).toBe(12);
    expect(store.getState().room?.content[1].texts?.['org:Gemeente Gouda'].text).toBe('b');
  });

  it('a resumed welcome whose events leave us behind its seq asks for a resync', () => {
    const store = storeWith(10);
    expect(store.welcome(welcome(null, { seq: 15, events: [textEvent(11, 1, 'joint', 'a')] })).gap).toBe(true);
  });

  it('a snapshot replaces everything', () => {
    const store = storeWith(10);
    store.snapshot(40, roomState(40, { status: 'ended' }));
    expect(store.seq).toBe(40);
    expect(store.getState().room?.status).toBe('ended');
  });

  it('a heartbeat ahead of us means we are behind', () => {
    const store = storeWith(10);
    expect(store.isBehind(10)).toBe(false);
    expect(store.isBehind(11)).toBe(true);
  });

  it('a heartbeat at our seq with another history hash means our history forked; the same hash does not', () => {
    const store = new Store('nl', () => 0);
    store.welcome(welcome(roomState(10), { seq: 10, chain: '00000000000000aa' }));
    store.receiveEvents([{ ...textEvent(11, 1, 'joint', 'a'), id: '0000000000000001', chain: '00000000000000bb' }]);
    expect(store.chain).toBe('00000000000000bb');
    expect(store.hasForked(11, '00000000000000bb')).toBe(false);
    expect(store.hasForked(11, '00000000000000cc')).toBe(true);
    expect(store.hasForked(12, '00000000000000cc')).toBe(false); // behind, not forked: a resync from our seq
    store.snapshot(11, roomState(11), '00000000000000cc');
    expect(store.hasForked(11, '00000000000000cc')).toBe(false);
  });

  it('follows my own role changes', () => {
    const store = storeWith(10);
    store.receiveEvents([seqd(11, { type: 'participant-role-changed', participantId: 'p-1', role: 'co-facilitator' })]);
    expect(store.getState().me?.role).toBe('co-facilitator');
  });

  it('tells text listeners about the events it applied, in order, and about whole states', () => {
    const store = storeWith(10);
    const heard: (number[] | null)[] = [];
    store.subscribeText((events) => heard.push(events ? events.map((e) => e.seq) : null));
    store.receiveEvents([textEvent(11, 1, 'joint', 'a'), textEvent(12, 1, 'joint', 'ab')]);
    store.snapshot(12, roomState(12));
    expect(heard).toEqual([[11, 12], null]);
  });

  it('announces other people\'s contributions as short summaries, not every keystroke', () => {
    let now = 0;
    const store = new Store('nl', () => now);
    store.welcome(welcome(roomState(10), { seq: 10 }));
    store.receiveEvents([textEvent(11, 1, 'org:Provincie Utrecht', 'D', 'p-2')]);
    store.receiveEvents([textEvent(12, 1, 'org:Provincie Utrecht', 'De', 'p-2', 2)]);
    store.receiveEvents([textEvent(13, 1, 'org:Provincie Utrecht', 'Des', 'p-2', 3)]);
    // Typing in one text is announced at most once per 20 s.
    let a = store.getState().announcements;
    expect(a.map((x) => x.key)).toEqual(['announce.answerAdded']);
    expect(a[0].params).toEqual({ organisation: 'Provincie Utrecht' });
    // My own edits are not announced to me.
    store.receiveEvents([textEvent(14, 1, 'joint', 'x', 'p-1')]);
    now = 60_000;
    store.receiveEvents([textEvent(15, 1, 'org:Provincie Utrecht', 'Desk', 'p-2', 4)]);
    a = store.getState().announcements;
    expect(a.map((x) => x.key)).toEqual(['announce.answerAdded', 'announce.answerChanged']);
  });

  it('does not announce the events of a catch-up', () => {
    const store = storeWith(10);
    store.welcome(welcome(null, { seq: 11, events: [textEvent(11, 1, 'joint', 'a')] }));
    expect(store.getState().announcements).toEqual([]);
  });
});

describe('derived facts', () => {
  it('lists organisations without observers, removed people or duplicates in another case', () => {
    const s = roomState(0);
    s.participants['p-4'] = { id: 'p-4', name: 'X', organisation: 'gemeente gouda', function: '', role: 'participant', joinedAt: 9, removed: false };
    s.participants['p-5'] = { id: 'p-5', name: 'O', organisation: 'Pers', function: '', role: 'observer', joinedAt: 9, removed: false };
    expect(organisations(s)).toEqual(['Gemeente Gouda', 'Provincie Utrecht']);
  });

  const orgCases: { cases: { name: string; participants: { organisation: string; role: string; removed?: boolean }[]; organisations: string[] }[] } =
    JSON.parse(readFileSync(fileURLToPath(new URL('../../src/protocol/organisation-cases.json', import.meta.url)), 'utf8'));
  for (const c of orgCases.cases) {
    it(`who answers for an organisation (src/protocol/organisation-cases.json): ${c.name}`, () => {
      const s = roomState(0);
      s.participants = {};
      c.participants.forEach((p, i) => {
        s.participants[`p-${i}`] = { id: `p-${i}`, name: 'Iemand', organisation: p.organisation, function: '', role: p.role as Role, joinedAt: i, removed: !!p.removed };
      });
      expect(organisations(s)).toEqual(c.organisations);
    });
  }

  it('finds the organisations that have not answered a checklist question', () => {
    const s = applyEvent(roomState(0), { type: 'text-changed', step: 1, key: 'org:Gemeente Gouda', text: { text: 'ja', rev: 1, updatedBy: 'p-1', updatedAt: 1 } });
    expect(organisationsWithoutAnswer(s, 1)).toEqual(['Provincie Utrecht']);
  });

  it('says why writing is not possible, as the server would', () => {
    const s = roomState(0);
    const p = s.participants['p-1'];
    const f = s.participants['p-f'];
    expect(writeBlock(s, p, 1)).toBeNull();
    expect(writeBlock(s, p, 2)).toBe('not-open');
    expect(writeBlock({ ...s, status: 'paused' }, p, 1)).toBe('paused');
    expect(writeBlock({ ...s, status: 'paused' }, f, 1)).toBeNull();
    expect(writeBlock({ ...s, status: 'ended' }, f, 1)).toBe('ended');
    const locked = { ...s, runtime: s.runtime.map((r, i) => (i === 1 ? { ...r, locked: true } : r)) };
    expect(writeBlock(locked, p, 1)).toBe('locked');
    expect(writeBlock(locked, f, 1)).toBeNull();
    expect(writeBlock(s, { ...p, role: 'observer' }, 1)).toBe('observer');
  });

  it('computes team coverage: highest, spread, gaps, per organisation', () => {
    let s = roomState(0);
    s = applyEvent(s, { type: 'ratings-changed', step: 3, participantId: 'p-1', ratings: { data: 5, law: 2 } });
    s = applyEvent(s, { type: 'ratings-changed', step: 3, participantId: 'p-2', ratings: { data: 3, law: 3 } });
    const [data, law] = competenceCoverage(s, 3);
    expect(data).toMatchObject({ competenceId: 'data', highest: 5, lowest: 3, average: 4, gap: false, count: 2 });
    expect(law).toMatchObject({ highest: 3, lowest: 2, gap: true });
    expect(data.perOrganisation).toEqual([
      { organisation: 'Gemeente Gouda', average: 5, highest: 5, count: 1 },
      { organisation: 'Provincie Utrecht', average: 3, highest: 3, count: 1 },
    ]);
  });

  it('summarises marks only as far as they are visible', () => {
    let s = roomState(0);
    s = applyEvent(s, { type: 'evaluation-saved', step: 4, evaluation: { participantId: 'p-1', mark: 8, tips: 'Meer pauze', hidden: false } });
    s = applyEvent(s, { type: 'evaluation-saved', step: 4, evaluation: { participantId: 'p-2', mark: null, tips: '', hidden: true } });
    const sum = evaluationSummary(s, 4);
    expect(sum.count).toBe(2);
    expect(sum.average).toBe(8);
    expect(sum.distribution[7]).toBe(1);
    expect(sum.tips).toEqual(['Meer pauze']);
  });

  it('counts a running timer down on the server clock', () => {
    const timer = { running: true, deadline: 100_000, remainingMs: 0 };
    // Our clock is 2 s behind the server: offset +2000.
    expect(timerRemaining(timer, 50_000, 2_000)).toBe(48_000);
    expect(timerRemaining({ running: false, deadline: 0, remainingMs: 7_000 }, 50_000, 2_000)).toBe(7_000);
    expect(timerRemaining(timer, 200_000, 0)).toBe(0);
    expect(timerRemaining(null, 0, 0)).toBeNull();
  });
});

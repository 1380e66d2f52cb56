import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../src/connection';
import type { Ack } from '../src/connection';
import {
  checklistAnswers,
  columnsFor,
  fitScale,
  joinAddress,
  outcome,
  participantLink,
  qrPath,
  showsJoin,
  stepPosition,
  wallCards,
} from '../src/projector';
import type { Agreement, Card, RoomState } from '../src/protocol';
import { applyEvent } from '../src/roomState';
import { Store } from '../src/store';
import { FakeSocket, roomState, step, welcome } from './fakes';

/** Four organisations answering a checklist question (the facilitator's own organisation does not answer). */
function fourOrganisations(): RoomState {
  const s = roomState(5);
  const people = [
    ['p-1', 'Fatima', 'Gemeente Gouda'],
    ['p-2', 'Jan', 'Provincie Utrecht'],
    ['p-3', 'Noor', 'Waterschap Rivierenland'],
    ['p-4', 'Kees', 'Universiteit Utrecht'],
  ];
  for (const [id, name, organisation] of people) {
    s.participants[id] = { id, name, organisation, function: '', role: 'participant', joinedAt: 2, removed: false };
  }
  s.content[1] = {
    texts: {
      'org:Gemeente Gouda': { text: ' Wij leveren de meldingen. ', rev: 1, updatedBy: 'p-1', updatedAt: 1 },
      'org:Universiteit Utrecht': { text: 'Wij analyseren.', rev: 1, updatedBy: 'p-4', updatedAt: 1 },
      'org:Gemeente Woerden': { text: 'Eerder geschreven, toen nog in de sessie.', rev: 1, updatedBy: 'p-9', updatedAt: 1 },
      joint: { text: 'Samen', rev: 1, updatedBy: 'p-1', updatedAt: 1 },
    },
  };
  return s;
}

function agreement(id: string, stepIndex: number, createdAt: number): Agreement {
  return { id, step: stepIndex, what: `afspraak ${id}`, who: null, due: null, createdBy: 'p-1', createdAt, updatedAt: createdAt };
}

describe('the projector view', () => {
  it('shows where to join: the address without its scheme, and a participant link for the QR code', () => {
    expect(joinAddress('https://werkplaats.gouda.nl/')).toBe('werkplaats.gouda.nl');
    expect(joinAddress('http://localhost:8080')).toBe('localhost:8080');
    expect(participantLink('https://werkplaats.gouda.nl/', 'r-a b')).toBe('https://werkplaats.gouda.nl/j/r-a%20b');
  });

  it('shows the join code in every phase but after the end', () => {
    for (const status of ['lobby', 'running', 'paused'] as const) expect(showsJoin(roomState(1, { status }))).toBe(true);
    expect(showsJoin(roomState(1, { status: 'ended' }))).toBe(false);
  });

  it('numbers the step, except in the lobby and after the end', () => {
    expect(stepPosition(roomState(1, { status: 'lobby' }))).toBeNull();
    expect(stepPosition(roomState(1, { status: 'ended' }))).toBeNull();
    expect(stepPosition(roomState(1, { status: 'paused', currentStep: 0 }))).toEqual({ number: 1, total: 5 });
    expect(stepPosition(roomState(1, { currentStep: 2 }))).toEqual({ number: 3, total: 5 });
  });

  it('puts every answering organisation side by side, also those without an answer, never the host', () => {
    const answers = checklistAnswers(fourOrganisations(), 1);
    expect(answers).toEqual([
      { organisation: 'Gemeente Gouda', text: 'Wij leveren de meldingen.' },
      { organisation: 'Provincie Utrecht', text: '' },
      { organisation: 'Waterschap Rivierenland', text: '' },
      { organisation: 'Universiteit Utrecht', text: 'Wij analyseren.' },
      { organisation: 'Gemeente Woerden', text: 'Eerder geschreven, toen nog in de sessie.' },
    ]);
    expect(answers.some((a) => a.organisation === 'Datawerkplaats')).toBe(false);
  });

  it('lays panels out in up to four columns', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].map(columnsFor)).toEqual([1, 2, 3, 4, 3, 3, 4, 4]);
  });

  it('puts cards on the wall per prompt, most dots first, private cards only counted', () => {
    const s = roomState(3);
    const card = (id: string, prompt: number, hidden: boolean): Card => ({
      id,
      authorId: 'p-1',
      prompt,
      text: hidden ? '' : `kaart ${id}`,
      groupId: null,
      privateUntilReveal: hidden,
      hidden,
      createdAt: 1,
    });
    s.content[2] = {
      cards: { a: card('a', 0, false), b: card('b', 0, false), c: card('c', 1, true), d: card('d', 1, true) },
      votes: { 'p-1': { b: 2 }, 'p-2': { b: 1, a: 1 } },
    };
    const wall = wallCards(s, 2, 2);
    expect(wall[0]).toEqual({
      prompt: 0,
      hidden: 0,
      cards: [
        { id: 'b', text: 'kaart b', dots: 3 },
        { id: 'a', text: 'kaart a', dots: 1 },
      ],
    });
    expect(wall[1]).toEqual({ prompt: 1, hidden: 2, cards: [] });
  });

  it('after the end: every agreement by step, and how many questions reached each status', () => {
    const s = fourOrganisations();
    s.status = 'ended';
    s.agenda = [step('welcome', 'info'), step('q1', 'checklist-question'), step('q2', 'checklist-question'), step('q3', 'checklist-question')];
    s.runtime = s.agenda.map((_, i) => ({ opened: i <= 2, locked: false, revealed: false, timer: null, firstOpenedAt: 0, enteredAt: 0, timeSpentMs: 0 }));
    s.content = [{}, { status: 'agreed' }, {}, { status: 'agreed' }];
    s.agreements = { x: agreement('x', 2, 5), y: agreement('y', 1, 9), z: agreement('z', 1, 3) };
    const result = outcome(s);
    expect(result.agreements.map((a) => a.id)).toEqual(['z', 'y', 'x']);
    // q3 was never opened: it is not counted as open.
    expect(result.statuses).toEqual({ agreed: 1, 'not-applicable': 0, open: 1 });
    expect(outcome(roomState(1, { agenda: [step('c', 'cards')] })).statuses).toBeNull();
  });

  it('finds the largest type scale at which the step fits', () => {
    const tries: number[] = [];
    const scale = fitScale((x) => (tries.push(x), x <= 0.63));
    expect(scale).toBeLessThanOrEqual(0.63);
    expect(scale).toBeGreaterThan(0.63 - 0.6 / 128);
    expect(tries).toHaveLength(8);
    expect(fitScale(() => true)).toBe(1);
    expect(fitScale(() => false)).toBe(0.4);
  });

  it('draws a QR code: a square with a quiet zone and the three finder patterns', () => {
    const { d, size } = qrPath('http://localhost:8080/j/r-8Jd2kQxAbCdEfGhIjK');
    const modules = size - 8;
    expect((modules - 17) % 4).toBe(0);
    const dark = new Set(d.split('z').filter(Boolean).map((m) => m.replace(/^M/, '').replace(/h1v1h-1$/, '')));
    for (const [x, y] of [
      [4, 4],
      [4 + modules - 1, 4],
      [4, 4 + modules - 1],
    ]) {
      expect(dark.has(`${x} ${y}`)).toBe(true);
    }
    expect(dark.has('0 0')).toBe(false);
  });

  it('a new projector link changes nothing the client keeps but the seq', () => {
    const s = roomState(3);
    expect(applyEvent(s, { type: 'projector-link-renewed', at: 5 })).toEqual({ ...s, seq: 4 });
  });
});

describe('the projector connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  it('is nobody in the room: a welcome without participant leaves "me" empty', () => {
    const store = new Store('nl', () => 0);
    const msg = welcome(roomState(4), { role: 'projector', seq: 4 });
    delete msg.participantId;
    store.welcome(msg);
    expect(store.getState().me).toBeNull();
    expect(store.getState().room?.title).toBe('Test');
  });

  it('hands the facilitator the new projector token from the ack', async () => {
    const conn = new Connection({
      urls: ['ws://a/ws'],
      createSocket: (url) => new FakeSocket(url),
      hello: () => ({ type: 'hello', protocol: 1, roomId: 'r-1', auth: { kind: 'facilitator', token: 'f' } }),
      onMessage: () => undefined,
      onState: () => undefined,
      random: () => 0.5,
      environment: { onOnline: () => () => undefined, onVisible: () => () => undefined },
    });
    conn.start();
    const socket = FakeSocket.last();
    socket.open();
    socket.receive(welcome(null, { role: 'facilitator' }));
    const answer = conn.send({ type: 'new-projector-link' }, 'c-1');
    socket.receive({ type: 'ack', commandId: 'c-1', seq: 7, projectorToken: 'Yq3-token' });
    const ack: Ack = await answer;
    expect(ack).toEqual({ commandId: 'c-1', seq: 7, duplicate: false, projectorToken: 'Yq3-token' });
    conn.stop();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanJoinCode } from '../src/api';
import { clock, translate } from '../src/i18n';
import { en, nl } from '../src/messages';
import { normaliseNode, parseNodes, socketUrls } from '../src/nodes';
import { Session } from '../src/session';
import { Store } from '../src/store';
import { route } from '../src/ui/App';
import { FakeSocket, roomState, textEvent, welcome } from './fakes';

const page = { protocol: 'http:', host: '127.0.0.1:18082', hostname: '127.0.0.1' };

describe('nodes', () => {
  it('turns the nodes parameter into WebSocket URLs on the page host', () => {
    expect(parseNodes('ws://127.0.0.1:18081,http://127.0.0.1:18082/, https://127.0.0.1:9443', page)).toEqual([
      'ws://127.0.0.1:18081/ws',
      'ws://127.0.0.1:18082/ws',
      'wss://127.0.0.1:9443/ws',
    ]);
  });

  it('refuses nodes on another host and junk', () => {
    expect(normaliseNode('ws://evil.example/ws', page)).toBeNull();
    expect(normaliseNode('javascript:alert(1)', page)).toBeNull();
    expect(parseNodes('not a url,,', page)).toEqual([]);
  });

  it('tries the page\'s own node first', () => {
    expect(socketUrls(page, [])).toEqual(['ws://127.0.0.1:18082/ws']);
    expect(socketUrls(page, ['ws://127.0.0.1:18081/ws', 'ws://127.0.0.1:18082/ws'])).toEqual([
      'ws://127.0.0.1:18082/ws',
      'ws://127.0.0.1:18081/ws',
    ]);
  });
});

describe('i18n', () => {
  it('has every Dutch text in English too', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)[}|]/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(nl) as (keyof typeof nl)[]) expect(names(en[k]), k).toEqual(names(nl[k]));
  });

  it('fills in parameters and picks plural forms', () => {
    expect(translate('nl', 'cards.left', { count: 1 })).toBe('Je kunt nog één kaart toevoegen.');
    expect(translate('nl', 'cards.left', { count: 3 })).toBe('Je kunt nog 3 kaarten toevoegen.');
    expect(translate('en', 'announce.answerAdded', { organisation: 'Gemeente Gouda' })).toBe('Gemeente Gouda has added an answer.');
    expect(translate('en', 'announce.myRole', { role: { key: 'role.co-facilitator' } })).toBe('You are now co-facilitator.');
    expect(translate('nl', 'announce.step', { number: 2, title: { nl: 'Doel', en: 'Goal' } })).toBe('Stap 2: Doel.');
  });

  it('writes a timer as minutes and seconds', () => {
    expect(clock(65_000)).toBe('1:05');
    expect(clock(0)).toBe('0:00');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(59_001)).toBe('1:00');
  });
});

describe('routes and codes', () => {
  it('maps paths to pages', () => {
    expect(route('/')).toEqual({ page: 'home' });
    expect(route('/o')).toEqual({ page: 'organiser' });
    expect(route('/j/r-abc')).toEqual({ page: 'join', roomId: 'r-abc' });
    expect(route('/f/r-abc')).toEqual({ page: 'facilitator', roomId: 'r-abc' });
    expect(route('/p/r-abc/')).toEqual({ page: 'projector', roomId: 'r-abc' });
    // The projector has a link of its own: the facilitator console's address opens no projector.
    expect(route('/f/r-abc/projector')).toEqual({ page: 'not-found' });
    expect(route('/x')).toEqual({ page: 'not-found' });
  });

  it('cleans a typed join code', () => {
    expect(cleanJoinCode(' kx7-m4q ')).toBe('KX7M4Q');
  });
});

describe('Session', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => vi.useRealTimers());

  function start() {
    const store = new Store('nl');
    const creds: string[] = [];
    const refused: string[] = [];
    const ended: string[] = [];
    const session = new Session(store, {
      onHandshakeError: (code, message) => refused.push(`${code}: ${message}`),
      onTerminal: (reason) => ended.push(reason),
      roomId: 'r-1',
      urls: ['ws://x/ws'],
      auth: () => ({ kind: 'join', name: 'Fatima', organisation: 'Gemeente Gouda' }),
      onCredentials: (p, t) => creds.push(`${p}:${t}`),
      createSocket: (url) => new FakeSocket(url),
    });
    session.start();
    const s = FakeSocket.last();
    s.open();
    return { store, session, s, creds, refused, ended };
  }

  it('treats a refused hello without a close as final: no retry loop', () => {
    const { s, refused, session } = start();
    s.receive({ type: 'error', code: 'invalid_value', message: 'name is empty' });
    expect(refused).toEqual([]);
    vi.advanceTimersByTime(1500);
    expect(refused).toEqual(['invalid_value: name is empty']);
    expect(session.connection.current).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('lets the close code decide when a refused hello is followed by a close', () => {
    const { s, refused, ended } = start();
    s.receive({ type: 'error', code: 'forbidden', message: 'you were removed from this room' });
    s.serverClose(4003);
    vi.advanceTimersByTime(1500);
    expect(refused).toEqual([]);
    expect(ended).toEqual(['removed']);
  });

  it('asks for the full state on a first hello (no lastSeq) and keeps the new token', () => {
    const { s, creds } = start();
    expect(s.ofType('hello')[0]).not.toHaveProperty('lastSeq');
    s.receive(welcome(roomState(5), { seq: 5, token: 't-new' }));
    expect(creds).toEqual(['p-1:t-new']);
  });

  it('sends resync from its last seq on a gap, once', () => {
    const { s } = start();
    s.receive(welcome(roomState(5), { seq: 5 }));
    s.receive({ type: 'events', events: [textEvent(8, 1, 'joint', 'x')] });
    s.receive({ type: 'events', events: [textEvent(9, 1, 'joint', 'xy')] });
    expect(s.ofType('resync')).toEqual([{ type: 'resync', fromSeq: 5 }]);
  });

  it('sends resync when a heartbeat shows it is behind', () => {
    const { s, store } = start();
    s.receive(welcome(roomState(5), { seq: 5 }));
    s.receive({ type: 'heartbeat', seq: 5, serverTime: Date.now() });
    expect(s.ofType('resync')).toHaveLength(0);
    s.receive({ type: 'heartbeat', seq: 7, serverTime: Date.now() });
    expect(s.ofType('resync')).toEqual([{ type: 'resync', fromSeq: 5 }]);
    s.receive({ type: 'events', events: [textEvent(6, 1, 'joint', 'a'), textEvent(7, 1, 'joint', 'ab')] });
    expect(store.seq).toBe(7);
  });

  it('resumes with lastSeq after a reconnect', () => {
    const { s } = start();
    s.receive(welcome(roomState(5), { seq: 5 }));
    s.serverClose(1006);
    vi.advanceTimersByTime(1000);
    const s2 = FakeSocket.last();
    s2.open();
    expect(s2.ofType('hello')[0]).toMatchObject({ lastSeq: 5 });
  });

  it('keeps the clock offset from the welcome and corrects it by half the ping round trip', () => {
    const { s, store } = start();
    const now = Date.now();
    s.receive(welcome(roomState(5), { seq: 5, serverTime: now + 3000 }));
    expect(store.getState().clockOffset).toBe(3000);
    // A ping sent at `now`, answered 200 ms later; the server's clock read 5000 ahead at the midpoint.
    vi.advanceTimersByTime(200);
    s.receive({ type: 'pong', t: now, serverTime: now + 100 + 5000 });
    expect(store.getState().clockOffset).toBe(5000);
  });

  it('tracks the connection status in the store, with a banner-worthy "back" after a reconnect', () => {
    const { s, store } = start();
    s.receive(welcome(roomState(5), { seq: 5 }));
    expect(store.getState().connection).toMatchObject({ status: 'open', everOpened: true, backSince: null });
    s.serverClose(1006);
    expect(store.getState().connection.status).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    FakeSocket.last().open();
    FakeSocket.last().receive(welcome(null, { seq: 5, events: [] }));
    expect(store.getState().connection.status).toBe('open');
    expect(store.getState().connection.backSince).not.toBeNull();
    expect(store.getState().announcements.map((a) => a.key)).toEqual(['connection.lost', 'connection.back']);
  });
});

describe('backlog review', () => {
  it('a backlog-item-updated event replaces the item in the room state, other items untouched', async () => {
    const { applyEvent } = await import('../src/roomState');
    const item = (id: string, status: 'open' | 'done') => ({
      id, what: `punt ${id}`, ownerOrganisation: 'Gemeente Gouda', ownerPerson: '', due: null, status, note: '',
      origin: 'Checklist', changed: status === 'open' ? [] : (['status'] as 'status'[]), updatedBy: status === 'open' ? null : 'p-1', updatedAt: 5,
    });
    const before = roomState(3, { backlog: { 'b-1': item('b-1', 'open'), 'b-2': item('b-2', 'open') } });
    const after = applyEvent(before, { type: 'backlog-item-updated', step: 1, item: item('b-1', 'done') });
    expect(after.backlog?.['b-1'].status).toBe('done');
    expect(after.backlog?.['b-2'].status).toBe('open');
    expect(before.backlog?.['b-1'].status).toBe('open');
    expect(after.seq).toBe(4);
  });
});

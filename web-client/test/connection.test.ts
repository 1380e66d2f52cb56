import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, backoffDelay } from '../src/connection';
import type { Ack, ConnectionOptions, StateInfo } from '../src/connection';
import type { HelloMessage } from '../src/protocol';
import { FakeSocket } from './fakes';
import { socketUrls } from '../src/nodes';

interface Harness {
  conn: Connection;
  states: StateInfo[];
  received: unknown[];
  fireOnline: () => void;
  fireVisible: () => void;
  setLastSeq: (n: number) => void;
}

function harness(opts: Partial<ConnectionOptions> = {}): Harness {
  let lastSeq = 0;
  const online: (() => void)[] = [];
  const visible: (() => void)[] = [];
  const states: StateInfo[] = [];
  const received: unknown[] = [];
  const conn = new Connection({
    urls: ['ws://a/ws', 'ws://b/ws'],
    createSocket: (url) => new FakeSocket(url),
    hello: (): HelloMessage => ({ type: 'hello', protocol: 1, roomId: 'r-1', lastSeq, auth: { kind: 'resume', participantId: 'p-1', token: 't' } }),
    onMessage: (m) => received.push(m),
    onState: (s) => states.push(s),
    random: () => 0.5,
    environment: {
      onOnline: (fn) => (online.push(fn), () => undefined),
      onVisible: (fn) => (visible.push(fn), () => undefined),
    },
    ...opts,
  });
  return {
    conn,
    states,
    received,
    fireOnline: () => online.forEach((f) => f()),
    fireVisible: () => visible.forEach((f) => f()),
    setLastSeq: (n) => (lastSeq = n),
  };
}

const WELCOME = { type: 'welcome', protocol: 1, roomId: 'r-1', participantId: 'p-1', role: 'participant', serverTime: 1, seq: 0, state: null, template: {} };

/** Opens the latest socket and answers its hello with a welcome. */
function accept(): FakeSocket {
  const s = FakeSocket.last();
  s.open();
  s.receive(WELCOME);
  return s;
}

describe('Connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects, says hello with the last seq, and is open after the welcome', () => {
    const h = harness();
    h.setLastSeq(41);
    h.conn.start();
    expect(h.conn.current).toBe('connecting');
    const s = FakeSocket.last();
    expect(s.url).toBe('ws://a/ws');
    s.open();
    expect(s.ofType('hello')).toEqual([expect.objectContaining({ lastSeq: 41, roomId: 'r-1' })]);
    expect(h.conn.current).toBe('connecting');
    s.receive(WELCOME);
    expect(h.conn.current).toBe('open');
    expect(h.states.map((x) => x.state)).toEqual(['connecting', 'open']);
    expect(h.received).toHaveLength(1);
  });

  it('reconnects with capped exponential backoff and jitter, rotating over the nodes', () => {
    const h = harness({ backoffBaseMs: 1000, backoffMaxMs: 8000 });
    h.conn.start();
    accept();
    // The node goes away.
    FakeSocket.last().serverClose(1006);
    expect(h.conn.current).toBe('reconnecting');
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const info = h.states[h.states.length - 1];
      delays.push((info.retryAt ?? 0) - Date.now());
      const before = FakeSocket.all.length;
      vi.advanceTimersByTime((info.retryAt ?? 0) - Date.now() - 1);
      expect(FakeSocket.all.length).toBe(before); // not yet
      vi.advanceTimersByTime(1);
      expect(FakeSocket.all.length).toBe(before + 1); // a new attempt
      FakeSocket.last().serverClose(1006); // fails again
    }
    // random() = 0.5 → 75 % of the capped exponential delay.
    expect(delays).toEqual([750, 1500, 3000, 6000, 6000, 6000]);
    // Attempts alternate between the two nodes, starting with the other one.
    expect(FakeSocket.all.map((s) => s.url)).toEqual(['ws://a/ws', 'ws://b/ws', 'ws://a/ws', 'ws://b/ws', 'ws://a/ws', 'ws://b/ws', 'ws://a/ws']);
  });

  it('keeps the jitter within [d/2, d]', () => {
    expect(backoffDelay(0, 500, 15000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 15000, () => 1)).toBe(500);
    expect(backoffDelay(10, 500, 15000, () => 0)).toBe(7500);
    expect(backoffDelay(10, 500, 15000, () => 1)).toBe(15000);
    expect(backoffDelay(1000, 500, 15000, () => 1)).toBe(15000);
  });

  it('resets the backoff after a successful welcome', () => {
    const h = harness({ backoffBaseMs: 1000 });
    h.conn.start();
    accept();
    FakeSocket.last().serverClose(1006);
    vi.advanceTimersByTime(750);
    FakeSocket.last().serverClose(1006);
    vi.advanceTimersByTime(1500);
    accept();
    FakeSocket.last().serverClose(1006);
    const info = h.states[h.states.length - 1];
    expect((info.retryAt ?? 0) - Date.now()).toBe(750);
  });

  it('pings every 10 s while open', () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    vi.advanceTimersByTime(9_999);
    expect(s.ofType('ping')).toHaveLength(0);
    s.receive({ type: 'heartbeat', seq: 0, serverTime: 1 });
    vi.advanceTimersByTime(1);
    expect(s.ofType('ping')).toHaveLength(1);
    s.receive({ type: 'pong', t: 1, serverTime: 2 });
    vi.advanceTimersByTime(10_000);
    expect(s.ofType('ping')).toHaveLength(2);
    expect(h.conn.current).toBe('open');
  });

  it('reconnects when nothing arrives for 25 s (liveness timeout)', () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    vi.advanceTimersByTime(20_000);
    s.receive({ type: 'heartbeat', seq: 0, serverTime: 1 }); // alive: the clock restarts
    vi.advanceTimersByTime(24_999);
    expect(h.conn.current).toBe('open');
    vi.advanceTimersByTime(1);
    expect(h.conn.current).toBe('reconnecting');
    expect(s.closed).not.toBeNull();
  });

  it('gives up an attempt that gets no welcome in time', () => {
    const h = harness({ helloTimeoutMs: 10_000 });
    h.conn.start();
    FakeSocket.last().open();
    vi.advanceTimersByTime(10_000);
    expect(h.conn.current).toBe('connecting');
    expect(FakeSocket.last().closed).not.toBeNull();
    expect(h.states[h.states.length - 1].retryAt).toBeDefined();
  });

  it('retries at once when the browser comes online or the page becomes visible', () => {
    const h = harness({ backoffBaseMs: 10_000, backoffMaxMs: 60_000 });
    h.conn.start();
    accept();
    FakeSocket.last().serverClose(1006);
    expect(FakeSocket.all).toHaveLength(1);
    h.fireOnline();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.last().serverClose(1006);
    h.fireVisible();
    expect(FakeSocket.all).toHaveLength(3);
    // While an attempt is in progress, another event does not start a second one.
    h.fireOnline();
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('checks an open connection at once when the page becomes visible', () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    h.fireVisible();
    expect(s.ofType('ping')).toHaveLength(1);
  });

  it('keeps commands until acknowledged and resends them with the same commandId after a reconnect', async () => {
    const h = harness();
    h.conn.start();
    const s1 = accept();
    const acks: Ack[] = [];
    h.conn.send({ type: 'set-status', step: 1, status: 'agreed' }, 'cmd-1').then((a) => acks.push(a));
    h.conn.send({ type: 'add-card', step: 2, prompt: 0, text: 'x' }, 'cmd-2').then((a) => acks.push(a));
    expect(s1.ofType('set-status')).toHaveLength(1);
    s1.receive({ type: 'ack', commandId: 'cmd-1', seq: 5 });
    await Promise.resolve();
    expect(acks).toEqual([{ commandId: 'cmd-1', seq: 5, duplicate: false }]);
    expect(h.conn.pendingCount).toBe(1);
    // The node dies before cmd-2 is acknowledged; a command sent while away waits.
    s1.serverClose(1006);
    h.conn.send({ type: 'vote', step: 2, cardId: 'c-1', delta: 1 }, 'cmd-3').then((a) => acks.push(a));
    vi.advanceTimersByTime(1000);
    const s2 = FakeSocket.last();
    s2.open();
    // Nothing but the hello before the welcome.
    expect(s2.messages().map((m) => m.type)).toEqual(['hello']);
    s2.receive(WELCOME);
    expect(s2.messages().map((m) => [m.type, m.commandId])).toEqual([
      ['hello', undefined],
      ['add-card', 'cmd-2'],
      ['vote', 'cmd-3'],
    ]);
    s2.receive({ type: 'ack', commandId: 'cmd-2', seq: 6, duplicate: true });
    s2.receive({ type: 'ack', commandId: 'cmd-3', seq: 7 });
    await Promise.resolve();
    expect(acks.map((a) => [a.commandId, a.duplicate])).toEqual([
      ['cmd-1', false],
      ['cmd-2', true],
      ['cmd-3', false],
    ]);
    expect(h.conn.pendingCount).toBe(0);
  });

  it('rejects a refused command with the server\'s code', async () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    const p = h.conn.send({ type: 'next' }, 'c1');
    s.receive({ type: 'error', code: 'forbidden', message: 'only the facilitator can do this', commandId: 'c1' });
    await expect(p).rejects.toEqual({ code: 'forbidden', message: 'only the facilitator can do this' });
    expect(h.conn.pendingCount).toBe(0);
  });

  it('sends a command answered "internal" again with the same commandId', async () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    const p = h.conn.send({ type: 'next' }, 'c1');
    s.receive({ type: 'error', code: 'internal', message: 'retry', commandId: 'c1' });
    expect(h.conn.pendingCount).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(s.ofType('next').map((m) => m.commandId)).toEqual(['c1', 'c1']);
    s.receive({ type: 'ack', commandId: 'c1', seq: 3 });
    await expect(p).resolves.toMatchObject({ seq: 3 });
  });

  it('keeps sending a command answered "unavailable" with the same commandId until it is acknowledged', async () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    const p = h.conn.send({ type: 'next' }, 'c1');
    for (let i = 0; i < 12; i++) {
      s.receive({ type: 'error', code: 'unavailable', message: 'the room is moving', commandId: 'c1' });
      vi.advanceTimersByTime(9000);
    }
    expect(h.conn.pendingCount).toBe(1);
    expect(s.ofType('next').map((m) => m.commandId)).toEqual(Array(13).fill('c1'));
    s.receive({ type: 'ack', commandId: 'c1', seq: 7 });
    await expect(p).resolves.toMatchObject({ seq: 7 });
  });

  it('refuses a message over 64 KiB without sending it', async () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    await expect(h.conn.send({ type: 'add-card', step: 0, prompt: 0, text: 'x'.repeat(70_000) })).rejects.toMatchObject({ code: 'too_large' });
    expect(s.messages().map((m) => m.type)).toEqual(['hello']);
  });

  it.each([
    [4001, 'unauthorised'],
    [4003, 'removed'],
    [4004, 'room-not-found'],
    [4000, 'protocol'],
  ])('stops for good on close code %i (%s)', async (code, reason) => {
    const h = harness();
    h.conn.start();
    const s = accept();
    const p = h.conn.send({ type: 'next' }, 'c1');
    s.serverClose(code);
    expect(h.conn.current).toBe('closed');
    expect(h.states[h.states.length - 1]).toMatchObject({ state: 'closed', reason, code });
    await expect(p).rejects.toMatchObject({ code: 'closed' });
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('waits at least the flood pause after close 4008', () => {
    const h = harness({ floodPauseMs: 30_000 });
    h.conn.start();
    accept();
    FakeSocket.last().serverClose(4008);
    vi.advanceTimersByTime(29_999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('reconnects after 1001 (node shutting down) and 4002 (hello too late)', () => {
    const h = harness();
    h.conn.start();
    accept();
    FakeSocket.last().serverClose(1001);
    expect(h.conn.current).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    accept();
    FakeSocket.last().serverClose(4002);
    expect(h.conn.current).toBe('reconnecting');
  });

  it('behind one address (a load balancer, no ?nodes= list) retries that same address with backoff', () => {
    const own = socketUrls({ protocol: 'https:', host: 'werkplaats.example', hostname: 'werkplaats.example' }, []);
    expect(own).toEqual(['wss://werkplaats.example/ws']);
    const h = harness({ urls: own, backoffBaseMs: 500, backoffMaxMs: 15000 });
    h.conn.start();
    accept();
    FakeSocket.last().serverClose(1001); // its node drains: the balancer sends the next attempt elsewhere
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const info = h.states[h.states.length - 1];
      delays.push((info.retryAt ?? 0) - Date.now());
      vi.advanceTimersByTime((info.retryAt ?? 0) - Date.now());
      FakeSocket.last().serverClose(1006); // no node ready yet
    }
    vi.advanceTimersByTime((h.states[h.states.length - 1].retryAt ?? 0) - Date.now());
    accept();
    expect(h.conn.current).toBe('open');
    expect(delays).toEqual([375, 750, 1500]);
    expect(new Set(FakeSocket.all.map((s) => s.url))).toEqual(new Set(['wss://werkplaats.example/ws']));
    expect(FakeSocket.all).toHaveLength(5);
  });

  it('ignores events of a socket it has given up', () => {
    const h = harness();
    h.conn.start();
    const old = accept();
    vi.advanceTimersByTime(25_000); // liveness timeout: old socket dropped
    const count = h.received.length;
    old.receive({ type: 'heartbeat', seq: 9, serverTime: 1 });
    old.serverClose(1006);
    expect(h.received.length).toBe(count);
    expect(h.conn.current).toBe('reconnecting');
  });

  it('stop() closes the socket and cancels the timers', () => {
    const h = harness();
    h.conn.start();
    const s = accept();
    h.conn.stop();
    expect(s.closed).toMatchObject({ code: 1000 });
    expect(h.conn.current).toBe('closed');
    vi.advanceTimersByTime(100_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(s.ofType('ping')).toHaveLength(0);
  });
});

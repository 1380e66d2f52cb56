import { beforeEach, describe, expect, it } from 'vitest';
import { translate } from '../src/i18n';
import { TYPING_EVERY_MS, TypingReporter, typistName, typistNames, typistsIn, typistsStopped } from '../src/typing';
import type { TypingMessage } from '../src/protocol';
import { FakeSocket, openSession, roomState, welcome } from './fakes';

describe('saying where this person types', () => {
  it('at most once a second per text, at once for another text, and a stop when they leave it', () => {
    let now = 0;
    const sent: TypingMessage[] = [];
    const r = new TypingReporter((m) => (sent.push(m), true), () => now);
    r.typed(1, 'joint', 3);
    now = 200;
    r.typed(1, 'joint', 4);
    now = 900;
    r.typed(1, 'joint', 9);
    expect(sent).toEqual([{ type: 'typing', step: 1, key: 'joint', caret: 3 }]);
    now = 1000;
    r.typed(1, 'joint', 10);
    now = 1100;
    r.typed(1, 'org:Gemeente Gouda', 1);
    expect(sent.map((m) => [m.key, m.caret])).toEqual([['joint', 3], ['joint', 10], ['org:Gemeente Gouda', 1]]);
    r.left(1, 'joint'); // not where we type now: nothing to stop
    r.left(1, 'org:Gemeente Gouda');
    expect(sent[sent.length - 1]).toEqual({ type: 'typing', step: 1, key: 'org:Gemeente Gouda', stop: true });
    r.left(1, 'org:Gemeente Gouda');
    expect(sent.length).toBe(4);
    now = 1200;
    r.typed(1, 'org:Gemeente Gouda', 2); // typing again after leaving is said at once
    expect(sent.length).toBe(5);
    expect(TYPING_EVERY_MS).toBe(1000);
  });

  it('a notice that could not be sent (not connected) is tried again with the next keystroke', () => {
    let connected = false;
    const sent: TypingMessage[] = [];
    const r = new TypingReporter((m) => connected && (sent.push(m), true), () => 0);
    r.typed(1, 'joint', 1);
    connected = true;
    r.typed(1, 'joint', 2);
    expect(sent).toEqual([{ type: 'typing', step: 1, key: 'joint', caret: 2 }]);
  });
});

describe('who is typing', () => {
  const typing = [
    { participantId: 'p-2', step: 1, key: 'joint', caret: 4 },
    { participantId: 'p-1', step: 1, key: 'joint' },
    { participantId: 'p-f', step: 1, key: 'joint' },
    { participantId: 'p-2', step: 1, key: 'org:Provincie Utrecht' },
    { participantId: 'p-x', step: 1, key: 'joint' },
  ];

  it('in a text: the others, each once, with name and organisation', () => {
    const room = roomState(3);
    const people = typistsIn(room, typing, 1, 'joint', 'p-1');
    expect(people.map((p) => typistName(room, p))).toEqual(['Jan (Provincie Utrecht)', 'Bea (Datawerkplaats)']);
    expect(typistsIn(room, typing, 2, 'joint', 'p-1')).toEqual([]);
    expect(translate('nl', 'typing.in', { count: 1, who: 'Jan (Provincie Utrecht)' })).toBe('Jan (Provincie Utrecht) typt…');
    expect(translate('nl', 'typing.in', { count: 2, who: 'Jan, Bea' })).toBe('Jan, Bea typen…');
    expect(translate('en', 'typing.in', { count: 1, who: 'Jan' })).toBe('Jan is typing…');
  });

  it('in an anonymous room: organisations only', () => {
    const room = roomState(3, { anonymous: true });
    const people = typistsIn(room, typing, 1, 'joint', 'p-1');
    expect(people.map((p) => typistName(room, p))).toEqual(['Provincie Utrecht', 'Datawerkplaats']);
  });

  it('whom closing a step stops: not facilitators (they write in locked steps), everybody at the end', () => {
    const room = roomState(3);
    expect(typistNames(room, typistsStopped(room, typing, 1, 'p-f'))).toBe('Jan, Fatima');
    expect(typistNames(room, typistsStopped(room, typing, 1, 'p-1', true))).toBe('Jan, Bea');
    expect(translate('nl', 'typing.stopped.locked', { count: 2, names: 'Jan, Fatima' })).toMatch(
      /^2 mensen waren nog aan het typen: Jan, Fatima\. .*bewaard tot de stap weer opengaat\.$/,
    );
    expect(translate('nl', 'typing.stopped.locked', { count: 1, names: 'Jan' })).toMatch(/^Eén persoon was nog aan het typen: Jan\./);
  });
});

describe('the session and typing', () => {
  beforeEach(() => FakeSocket.reset());

  it('keeps the room\'s typing list from the server, forgets it when the connection drops, and says where we type', () => {
    const { store, session, socket: s } = openSession();
    session.typing.typed(1, 'joint', 1); // before the welcome: not sent
    s.receive(welcome(roomState(3), { seq: 3 }));
    session.typing.typed(1, 'joint', 2);
    expect(s.ofType('typing')).toEqual([{ type: 'typing', step: 1, key: 'joint', caret: 2 }]);
    s.receive({ type: 'typing', typing: [{ participantId: 'p-2', step: 1, key: 'joint' }] });
    expect(store.getState().typing).toEqual([{ participantId: 'p-2', step: 1, key: 'joint' }]);
    s.serverClose(1001);
    expect(store.getState().typing).toEqual([]);
    session.stop();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket, openSession, roomState, welcome } from './fakes';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('a text operation through the session', () => {
  beforeEach(() => FakeSocket.reset());

  it('its ack before its event: applied once', async () => {
    const { session, socket: s } = openSession();
    s.receive(welcome(roomState(3), { seq: 3 }));
    session.texts.input(1, 'joint', 'Hallo', [5, 5]);
    await flush();
    const [cmd] = s.ofType('text-op') as { commandId: string; op: unknown; opId: string }[];
    expect(cmd).toBeDefined();
    s.receive({ type: 'ack', commandId: cmd.commandId, seq: 4 });
    await flush();
    s.receive({ type: 'events', events: [{ seq: 4, event: { type: 'text-op', step: 1, key: 'joint', rev: 1, op: cmd.op, by: 'p-1', opId: cmd.opId, at: 1 } }] });
    await flush();
    expect(session.texts.get(1, 'joint').view()).toMatchObject({ doc: 'Hallo', unsaved: false });
    session.texts.input(1, 'joint', 'Hallo daar', [10, 10]);
    await flush();
    expect(session.texts.get(1, 'joint').doc).toBe('Hallo daar');
    session.stop();
  });
});

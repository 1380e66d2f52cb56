import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store';
import { FakeSocket, openSession, roomState, welcome } from './fakes';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('presence: the welcome carries the whole list, then only what changed', () => {
  beforeEach(() => FakeSocket.reset());

  it('applies presence-changed to the welcome list, and a new welcome replaces it', async () => {
    const { store, session, socket: s } = openSession();
    s.receive(welcome(roomState(3), { seq: 3, online: ['p-1', 'p-2'] }));
    await flush();
    expect(store.getState().online).toEqual(['p-1', 'p-2']);

    s.receive({ type: 'presence-changed', online: ['p-3'], offline: [] });
    await flush();
    expect(store.getState().online).toEqual(['p-1', 'p-2', 'p-3']);

    s.receive({ type: 'presence-changed', online: ['p-0'], offline: ['p-2'] });
    await flush();
    expect(store.getState().online).toEqual(['p-0', 'p-1', 'p-3']);

    // A reconnect's welcome says who is online now, whatever the changes before it said.
    s.receive(welcome(roomState(3), { seq: 3, online: ['p-1'] }));
    await flush();
    expect(store.getState().online).toEqual(['p-1']);
    session.stop();
  });

  it('a change that changes nothing (someone already online, or already gone) leaves the state as it was', () => {
    const store = new Store('nl', () => 0);
    store.welcome(welcome(roomState(3), { seq: 3, online: ['p-1', 'p-2'] }));
    const before = store.getState();
    store.presenceChanged(['p-2'], ['p-9']);
    expect(store.getState()).toBe(before);
    store.presenceChanged([], ['p-1', 'p-2']);
    expect(store.getState().online).toEqual([]);
  });
});

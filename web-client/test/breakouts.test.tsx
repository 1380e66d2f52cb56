// Breakout groups in the client: the events build each group's space, the step views below a group's frame see
// (and write in) that space only, the facilitator's picker lists the groups with their sizes, and back in plenary
// the groups' results stand side by side, with taking one in for the facilitator.
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import type { RoomEvent, RoomState } from '../src/protocol';
import { Store } from '../src/store';
import { BreakoutFrame, SideBySide } from '../src/ui/Breakouts';
import { AppContext } from '../src/ui/hooks';
import { spaceSession, useRoom } from '../src/ui/roomContext';
import { openSession, roomState, seqd, welcome } from './fakes';

const STEP = 1;

function withPeople(): RoomState {
  const s = roomState(10);
  s.participants['p-3'] = { id: 'p-3', name: 'Kees', organisation: 'Gemeente Gouda', function: '', role: 'participant', joinedAt: 4, removed: false };
  return s;
}

const split: RoomEvent = {
  type: 'breakout-started',
  step: STEP,
  how: 'mixed',
  groups: [
    { group: 1, name: 'Groep 1', members: ['p-1', 'p-3'] },
    { group: 2, name: 'Groep 2', members: ['p-2'] },
  ],
  by: 'p-f',
  at: 5,
};

function typed(group: number, text: string, by: string): RoomEvent {
  return { type: 'in-group', step: STEP, group, event: { type: 'text-op', step: STEP, key: 'joint', rev: 1, op: [{ i: text }], by, opId: null, at: 6 } as RoomEvent };
}

/** A store welcomed as `me`, with the events applied after seq 10. */
function storeWith(me: string, role: 'participant' | 'facilitator', events: RoomEvent[]): Store {
  const store = new Store('nl');
  store.welcome(welcome(withPeople(), { participantId: me, role }));
  store.receiveEvents(events.map((e, i) => seqd(11 + i, e)));
  return store;
}

/** Shows what a step view below the frame gets: the joint answer of the step as its room holds it. */
function Probe() {
  const { room } = useRoom();
  return <output data-testid="probe">{room.content[STEP]?.texts?.joint?.text ?? '(leeg)'}</output>;
}

function render(store: Store, node: preact.ComponentChildren): string {
  const { session } = openSession(store);
  return renderToString(<AppContext.Provider value={{ store, session }}>{node}</AppContext.Provider>);
}

describe('breakout events', () => {
  it('build each group its own space; the plenary keeps its own; a move takes a person from one group to another', () => {
    const store = storeWith('p-1', 'participant', [split, typed(1, 'Gouda', 'p-1'), typed(2, 'Utrecht', 'p-2')]);
    const room = store.getState().room!;
    const b = room.breakouts![String(STEP)];
    expect(b.groups.map((g) => g.content.texts?.joint?.text)).toEqual(['Gouda', 'Utrecht']);
    expect(room.content[STEP].texts?.joint).toBeUndefined();
    store.receiveEvents([seqd(14, { type: 'group-member-placed', step: STEP, group: 2, name: 'Groep 2', participantId: 'p-3' })]);
    expect(store.getState().room!.breakouts![String(STEP)].groups.map((g) => g.members)).toEqual([['p-1'], ['p-2', 'p-3']]);
  });
});

describe('a group space on screen', () => {
  it("a participant sees their own group's work and whom they work with, never another group's", () => {
    const html = render(storeWith('p-1', 'participant', [split, typed(1, 'Gouda', 'p-1'), typed(2, 'Utrecht', 'p-2')]),
      <BreakoutFrame index={STEP}><Probe /></BreakoutFrame>);
    expect(html).toContain('Je werkt nu in Groep 1, met Kees.');
    expect(html).toMatch(/data-testid="probe">Gouda</);
    expect(html).not.toContain('Utrecht</output>');
    expect(html).not.toContain('group-picker');
  });

  it("the facilitator picks among the groups (sizes shown) and the plenary; the facilitator's message is a banner", () => {
    const html = render(storeWith('p-f', 'facilitator', [split, { type: 'groups-broadcast', step: STEP, text: 'Nog vijf minuten', by: 'p-f', at: 7 }]),
      <BreakoutFrame index={STEP}><Probe /></BreakoutFrame>);
    expect(html).toContain('data-testid="group-picker"');
    expect(html).toContain('Groep 1 (2 personen)');
    expect(html).toContain('Groep 2 (1 persoon)');
    expect(html).toContain('aria-pressed="true" data-testid="pick-plenary"');
    expect(html).toContain('Bericht van de begeleider: Nog vijf minuten');
  });

  it('a co-facilitator in a group starts in its space, with the picker and a move for each member', () => {
    const store = storeWith('p-3', 'participant', [split, { type: 'participant-role-changed', participantId: 'p-3', role: 'co-facilitator' }, typed(1, 'Gouda', 'p-1')]);
    const html = render(store, <BreakoutFrame index={STEP}><Probe /></BreakoutFrame>);
    expect(html).toContain('aria-pressed="true" data-testid="pick-group" data-group="1"');
    expect(html).toMatch(/data-testid="probe">Gouda</);
    expect([...html.matchAll(/data-testid="move-to-group" data-participant="([^"]+)"/g)].map((m) => m[1])).toEqual(['p-1', 'p-3']);
    expect(html).toContain('<option value="2">Groep 2</option>');
  });

  it("commands from a group's space name the group; flow commands do not", async () => {
    const store = storeWith('p-f', 'facilitator', [split]);
    const { session, socket } = openSession(store);
    socket.receive(welcome(store.getState().room, { participantId: 'p-f', role: 'facilitator' }));
    const space = spaceSession(session, { step: STEP, group: 2 });
    void space.command({ type: 'add-card', step: STEP, prompt: 0, text: 'Koffie' }).catch(() => undefined);
    void space.command({ type: 'pause' }).catch(() => undefined);
    space.texts.input(STEP, 'joint', 'Hallo', [5, 5]);
    space.typing.typed(STEP, 'joint', 5);
    await new Promise((r) => setTimeout(r, 0));
    const sent = socket.messages().filter((m) => ['add-card', 'pause', 'text-op'].includes(String(m.type)));
    expect(sent.find((m) => m.type === 'add-card')).toMatchObject({ group: 2 });
    expect(sent.find((m) => m.type === 'pause')).not.toHaveProperty('group');
    expect(sent.find((m) => m.type === 'text-op')).toMatchObject({ group: 2, key: 'joint', rev: 0 });
    expect(socket.messages().find((m) => m.type === 'typing')).toMatchObject({ step: STEP, key: 'g2/joint' });
  });
});

describe('back in plenary', () => {
  const ended: RoomEvent[] = [split, typed(1, 'Gouda', 'p-1'), typed(2, 'Utrecht', 'p-2'), { type: 'breakout-ended', step: STEP, at: 8 }];

  it("shows every group's result in its own column, with taking it into the plenary for the facilitator", () => {
    const store = storeWith('p-f', 'facilitator', ended);
    const b = store.getState().room!.breakouts![String(STEP)];
    const html = render(store, <SideBySide index={STEP} breakout={b} />);
    const columns = [...html.matchAll(/data-testid="group-column" data-group="(\d)"/g)].map((m) => m[1]);
    expect(columns).toEqual(['1', '2']);
    expect(html.indexOf('Gouda')).toBeLessThan(html.indexOf('Utrecht'));
    expect(html).toContain('Neem Groep 1 over in plenair');
    expect(html).toContain('data-testid="merge-all"');
  });

  it('marks a merged group and offers no merge to participants', () => {
    const merged: RoomEvent = { type: 'group-result-merged', step: STEP, merge: { group: 2, what: 'texts', texts: ['joint'], cards: [], agreements: [], by: 'p-f', at: 9 } };
    const store = storeWith('p-1', 'participant', [...ended, merged]);
    const b = store.getState().room!.breakouts![String(STEP)];
    const html = render(store, <SideBySide index={STEP} breakout={b} />);
    expect(html).toContain('data-testid="group-merged"');
    expect(html).not.toContain('merge-group');
    const frame = render(store, <BreakoutFrame index={STEP}><Probe /></BreakoutFrame>);
    expect(frame).toContain('data-testid="side-by-side"');
    expect(frame).toMatch(/data-testid="probe">\(leeg\)</);
  });
});

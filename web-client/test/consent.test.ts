import { describe, expect, it } from 'vitest';
import type { RoomState } from '../src/protocol';
import { applyEvent, checklistOverview, competenceCoverage, consentComplete, consentRow } from '../src/roomState';
import { Store } from '../src/store';
import { roomState } from './fakes';

/** Two organisations answering step 1 (a checklist question), the joint answer at revision 2. */
function twoOrganisations(): RoomState {
  const s = roomState(5, { status: 'running', currentStep: 1 });
  s.participants['p-1'] = { id: 'p-1', name: 'Anna', organisation: 'Gemeente Gouda', function: '', role: 'participant', joinedAt: 1, removed: false };
  s.participants['p-2'] = { id: 'p-2', name: 'Chris', organisation: 'Provincie Utrecht', function: '', role: 'participant', joinedAt: 1, removed: false };
  s.runtime[1] = { ...s.runtime[1], opened: true };
  s.content[1] = { texts: { joint: { text: 'Wij delen', rev: 2, updatedBy: 'p-1', updatedAt: 1 } } };
  return s;
}

const assent = (organisation: string, rev: number, by = 'p-1') =>
  ({ type: 'joint-answer-assented', step: 1, assent: { organisation, rev, by, at: 5 } }) as const;

describe('the consent row', () => {
  it('shows every organisation waiting until it assents', () => {
    const s = twoOrganisations();
    expect(consentRow(s, 1)).toEqual([
      { organisation: 'Gemeente Gouda', state: 'waiting' },
      { organisation: 'Provincie Utrecht', state: 'waiting' },
    ]);
    expect(consentComplete(s, 1)).toBe(false);
  });

  it('is complete only when every organisation has assented to the current text', () => {
    let s = applyEvent(twoOrganisations(), assent('Gemeente Gouda', 2));
    expect(consentRow(s, 1).map((r) => r.state)).toEqual(['assented', 'waiting']);
    expect(consentComplete(s, 1)).toBe(false);
    s = applyEvent(s, assent('Provincie Utrecht', 2, 'p-2'));
    expect(consentComplete(s, 1)).toBe(true);
  });

  it('says "changed since" for an assent to an earlier text, after an edit', () => {
    let s = applyEvent(twoOrganisations(), assent('Gemeente Gouda', 2));
    s = applyEvent(s, { type: 'text-op', step: 1, key: 'joint', rev: 3, op: [9, { i: '.' }], by: 'p-2', opId: null, at: 6 });
    expect(consentRow(s, 1)[0]).toEqual({ organisation: 'Gemeente Gouda', state: 'changed-since', by: 'p-1' });
    expect(consentComplete(s, 1)).toBe(false);
  });

  it("keeps who overrode the status, and forgets it when the status changes again", () => {
    let s = applyEvent(twoOrganisations(), { type: 'status-changed', step: 1, status: 'agreed', by: 'p-fac' });
    expect(s.content[1].statusBy).toBe('p-fac');
    s = applyEvent(s, { type: 'status-changed', step: 1, status: 'open' });
    expect(s.content[1].statusBy).toBeUndefined();
  });
});

describe('the checklist overview', () => {
  it('shows per organisation and question answered or missing, the joint status and where answers differ', () => {
    const s = twoOrganisations();
    s.content[1] = {
      ...s.content[1],
      status: 'agreed',
      texts: {
        ...s.content[1].texts,
        'org:Gemeente Gouda': { text: 'Ja', rev: 1, updatedBy: 'p-1', updatedAt: 1 },
        'org:Provincie Utrecht': { text: 'Nee', rev: 1, updatedBy: 'p-2', updatedAt: 1 },
      },
    };
    const o = checklistOverview(s);
    expect(o.organisations).toEqual(['Gemeente Gouda', 'Provincie Utrecht']);
    expect(o.questions).toEqual([{ step: 1, status: 'agreed', differs: true, answered: [true, true] }]);
  });

  it('marks a question the session has not reached, and the same answers as not differing', () => {
    const s = twoOrganisations();
    s.content[1] = { texts: { 'org:Gemeente Gouda': { text: 'Ja ', rev: 1, updatedBy: 'p-1', updatedAt: 1 }, 'org:Provincie Utrecht': { text: 'ja', rev: 1, updatedBy: 'p-2', updatedAt: 1 } } };
    expect(checklistOverview(s).questions[0]).toMatchObject({ status: 'open', differs: false });
    s.runtime[1] = { ...s.runtime[1], opened: false };
    s.content[1] = {};
    expect(checklistOverview(s).questions[0]).toEqual({ step: 1, status: 'not-reached', differs: false, answered: [false, false] });
  });
});

describe('looking back', () => {
  it('shows an earlier opened step until the facilitator calls everybody back', () => {
    const store = new Store('nl', () => 1000);
    const s = twoOrganisations();
    s.runtime[0] = { ...s.runtime[0], opened: true };
    store.snapshot(5, s);
    store.lookBack(0);
    expect(store.getState().lookingBack).toBe(0);
    store.lookBack(4); // never opened: stays on the live step
    expect(store.getState().lookingBack).toBe(null);
    store.lookBack(0);
    store.receiveEvents([{ seq: 6, event: { type: 'called-back', step: 1, at: 7 } }]);
    expect(store.getState().lookingBack).toBe(null);
  });
});

describe('competence coverage in an anonymous room', () => {
  it('counts ratings under an alias for the team, never per organisation', () => {
    const s = roomState(5, { anonymous: true });
    s.participants['p-1'] = { id: 'p-1', name: '', organisation: 'Waterschap Rijnland', function: '', role: 'participant', joinedAt: 1, removed: false };
    s.content[3] = { ratings: { 'p-1': { data: 1 }, 'anon-0a1b2c3d4e5f': { data: 2 } } };
    const [data] = competenceCoverage(s, 3);
    expect(data.count).toBe(2);
    expect(data.perOrganisation).toEqual([]);
  });
});

describe('announcements about answers under an alias', () => {
  it('say "an organisation" instead of a question mark', () => {
    const store = new Store('nl', () => 1000);
    store.snapshot(5, twoOrganisations());
    store.receiveEvents([{ seq: 6, event: { type: 'ratings-changed', step: 3, participantId: 'anon-0a1b2c3d4e5f', ratings: { data: 4 } } }]);
    const said = store.getState().announcements.map((a) => a.params.organisation);
    expect(said).toEqual([{ key: 'common.anOrganisation' }]);
  });
});

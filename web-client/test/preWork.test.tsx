// Pre-work in the client: its events applied, who answered per organisation, the facilitator's table of it,
// and the reminder text the facilitator copies.
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../src/i18n';
import type { RoomState } from '../src/protocol';
import { answeredOverview, preWorkBegun, reminderText, takesPreWork } from '../src/preWork';
import { applyEvent, writeBlock } from '../src/roomState';
import { AnsweredTable } from '../src/ui/PreWork';
import { roomState } from './fakes';

const FROM = Date.UTC(2026, 2, 1, 8, 0);
const UNTIL = Date.UTC(2026, 2, 8, 8, 0);

/** A lobby with three people from two organisations and a facilitator; steps 1 and 3 open for pre-work. */
function lobby(): RoomState {
  let s = roomState(5, { status: 'lobby', currentStep: 0, history: [], startedAt: 0 });
  s.runtime = s.runtime.map((rt) => ({ ...rt, opened: false }));
  const person = (id: string, name: string, organisation: string, role: 'participant' | 'facilitator' | 'observer' = 'participant') =>
    ({ id, name, organisation, function: '', role, joinedAt: 1, removed: false });
  s.participants = {
    'p-fac': person('p-fac', 'Fenna', 'Datawerkplaats', 'facilitator'),
    'p-anna': person('p-anna', 'Anna', 'Gemeente Gouda'),
    'p-bram': person('p-bram', 'Bram', 'gemeente gouda'),
    'p-chris': person('p-chris', 'Chris', 'Provincie Utrecht'),
    'p-olga': person('p-olga', 'Olga', 'Rijk', 'observer'),
  };
  s = applyEvent(s, { type: 'pre-work-opened', steps: [1, 3], from: FROM, until: UNTIL });
  return s;
}

describe('pre-work in the room state', () => {
  it('opens its steps for writing in the lobby, and no others; the start ends it', () => {
    const s = lobby();
    const anna = s.participants['p-anna'];
    expect(takesPreWork(s, 1)).toBe(true);
    expect(writeBlock(s, anna, 1)).toBeNull();
    expect(writeBlock(s, anna, 2)).toBe('lobby');
    expect(writeBlock(s, s.participants['p-olga'], 1)).toBe('observer');
    const started = applyEvent(s, { type: 'flow-changed', status: 'running', currentStep: 0, history: [], startedAt: 2, endedAt: 0, pausedAt: 0, endCount: 0, at: 2 });
    expect(writeBlock(started, anna, 1)).toBe('not-open');
  });

  it('judges "begun" by the server clock it is given, not by the browser', () => {
    expect(preWorkBegun(lobby(), FROM - 1)).toBe(false);
    expect(preWorkBegun(lobby(), FROM)).toBe(true);
  });

  it('closes with no steps and keeps nothing open', () => {
    const s = applyEvent(lobby(), { type: 'pre-work-opened', steps: [], from: 0 });
    expect(s.preWork).toBeNull();
    expect(writeBlock(s, s.participants['p-anna'], 1)).toBe('lobby');
  });
});

describe('who answered beforehand', () => {
  it('counts per organisation the people who wrote out of the people it has, the host and observers aside', () => {
    let s = lobby();
    s = applyEvent(s, { type: 'pre-work-answered', step: 1, participantId: 'p-anna' });
    s = applyEvent(s, { type: 'pre-work-answered', step: 1, participantId: 'p-anna' });
    s = applyEvent(s, { type: 'pre-work-answered', step: 3, participantId: 'p-chris' });
    s = applyEvent(s, { type: 'pre-work-answered', step: 3, participantId: 'p-fac' });
    expect(answeredOverview(s)).toEqual([
      { step: 1, rows: [{ organisation: 'Gemeente Gouda', answered: 1, people: 2 }, { organisation: 'Provincie Utrecht', answered: 0, people: 1 }] },
      { step: 3, rows: [{ organisation: 'Gemeente Gouda', answered: 0, people: 2 }, { organisation: 'Provincie Utrecht', answered: 1, people: 1 }] },
    ]);
  });

  it('shows the facilitator a row per organisation: answered or not yet, with the people counts', () => {
    let s = lobby();
    s = applyEvent(s, { type: 'pre-work-answered', step: 1, participantId: 'p-bram' });
    const html = renderToString(<AnsweredTable step={1} rows={answeredOverview(s)[0].rows} t={translator('nl')} title="Stap 2: Maatschappelijke opgave" />);
    expect(html).toContain('Stap 2: Maatschappelijke opgave');
    expect(html).toMatch(/data-organisation="Gemeente Gouda" data-answered="yes".*ingevuld.*1 van 2/);
    expect(html).toMatch(/data-organisation="Provincie Utrecht" data-answered="no".*nog niet.*0 van 1/);
  });
});

describe('the reminder text', () => {
  const base = { title: 'Datadelen Midden-Holland', joinUrl: 'https://werkplaats.example/j/r-1', joinCode: 'ABC-123', stepTitles: ['Stap 2: Maatschappelijke opgave', 'Stap 4: Wie doet mee'], from: FROM, until: UNTIL };

  it('names the session, the steps, from when, the deadline, the link and the code, in Dutch by default', () => {
    const text = reminderText({ ...base, lang: 'nl' });
    expect(text).toContain('„Datadelen Midden-Holland”');
    expect(text).toContain('- Stap 2: Maatschappelijke opgave\n- Stap 4: Wie doet mee');
    expect(text).toContain('Invullen kan vanaf 1 mrt 2026');
    expect(text).toContain('Graag vóór de start van de sessie op 8 mrt 2026');
    expect(text).toContain('https://werkplaats.example/j/r-1');
    expect(text).toContain('ABC-123');
  });

  it('in English, and without a planned start it asks for before the start', () => {
    const text = reminderText({ ...base, lang: 'en', until: null });
    expect(text).toContain('To prepare for the workshop “Datadelen Midden-Holland”');
    expect(text).toContain('Please do so before the session starts.');
    expect(text).toContain('enter the join code ABC-123');
  });
});

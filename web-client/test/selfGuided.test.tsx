// A self-guided session on screen: who sees the step controls, the note who chairs, taking the chair when the
// chair left, and the timer's gentle signal at zero (a calm note, no move, no sound unless chosen).
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../src/i18n';
import type { RoomState } from '../src/protocol';
import { applyEvent } from '../src/roomState';
import { chairOf, mayMove, mayTakeChair, reachedZero } from '../src/selfGuided';
import { facilitationBody } from '../src/ui/Organiser';
import { ChairNote, SelfGuidedControls, TimeUpNote } from '../src/ui/SelfGuided';
import { roomState } from './fakes';

const nl = translator('nl');

/** The fake room without its facilitator, self-guided: Fatima (p-1) and Jan (p-2). */
function selfGuided(guide: 'anyone' | 'chair', chairId: string | null = 'p-1', patch: Partial<RoomState> = {}): RoomState {
  const r = roomState(3, patch);
  const participants = { ...r.participants };
  delete participants['p-f'];
  return { ...r, participants, ownerId: null, selfGuided: { guide, chairId: guide === 'chair' ? chairId : null, endedBy: null } };
}

function controls(room: RoomState, meId: string, online: string[] = ['p-1', 'p-2'], left: number | null = null): string {
  return renderToString(
    <SelfGuidedControls room={room} me={room.participants[meId]} online={online} template={null} t={nl} lang="nl" left={left} send={() => undefined} />,
  );
}

describe('who moves a self-guided session', () => {
  it('with a chair: the chair gets "Volgende stap" and "Vorige stap"; the others see who chairs and no controls', () => {
    const room = selfGuided('chair');
    const chair = controls(room, 'p-1');
    expect(chair).toContain('data-testid="self-next"');
    expect(chair).toContain('Volgende stap');
    expect(chair).toContain('Vorige stap');
    expect(chair).toContain('Je bent de voorzitter');
    expect(chair).toContain('data-testid="pass-chair"');

    const other = controls(room, 'p-2');
    expect(other).not.toContain('data-testid="self-next"');
    expect(other).not.toContain('data-testid="self-end"');
    expect(other).toContain('Voorzitter: Fatima (Gemeente Gouda)');
    expect(other).toContain('data-testid="not-moving"');
    expect(other).not.toContain('data-testid="take-chair"'); // the chair is here
  });

  it('anyone moves: every participant gets the controls, an observer none', () => {
    const room = selfGuided('anyone');
    room.participants['p-o'] = { id: 'p-o', name: 'Olga', organisation: 'Rijk', function: '', role: 'observer', joinedAt: 4, removed: false };
    expect(controls(room, 'p-1')).toContain('data-testid="self-next"');
    expect(controls(room, 'p-2')).toContain('data-testid="self-next"');
    expect(controls(room, 'p-o')).not.toContain('data-testid="self-next"');
    expect(mayMove(room, room.participants['p-o'])).toBe(false);
    expect(renderToString(<ChairNote room={room} me={room.participants['p-2']} t={nl} />)).toContain('iedereen in de groep');
  });

  it('in the lobby whoever may move starts the session', () => {
    const room = selfGuided('chair', 'p-1', { status: 'lobby' });
    expect(controls(room, 'p-1')).toContain('Sessie starten');
    expect(controls(room, 'p-2')).not.toContain('Sessie starten');
  });

  it('offers to take the chair only when the chair left, and follows the chair as it changes hands', () => {
    const room = selfGuided('chair');
    expect(mayTakeChair(room, room.participants['p-2'], ['p-1', 'p-2'])).toBe(false);
    expect(controls(room, 'p-2', ['p-2'])).toContain('data-testid="take-chair"');
    expect(mayTakeChair(room, room.participants['p-1'], ['p-2'])).toBe(false);

    const passed = applyEvent(room, { type: 'self-guided-changed', selfGuided: { guide: 'chair', chairId: 'p-2', endedBy: null } });
    expect(chairOf(passed)?.name).toBe('Jan');
    expect(mayMove(passed, passed.participants['p-2'])).toBe(true);
    expect(mayMove(passed, passed.participants['p-1'])).toBe(false);
    expect(controls(passed, 'p-1')).toContain('Voorzitter: Jan (Provincie Utrecht)');
  });

  it('a facilitator-led room shows a participant nothing of this', () => {
    const room = roomState(3);
    expect(mayMove(room, room.participants['p-1'])).toBe(false);
    expect(mayMove(room, room.participants['p-f'])).toBe(true);
    expect(mayTakeChair(room, room.participants['p-1'], [])).toBe(false);
  });
});

describe('the gentle signal at zero', () => {
  it('a calm note appears once the time is up, not before; the step stays where it is', () => {
    expect(renderToString(<TimeUpNote left={61_000} t={nl} />)).toBe('');
    expect(renderToString(<TimeUpNote left={null} t={nl} />)).toBe('');
    const up = renderToString(<TimeUpNote left={0} t={nl} />);
    expect(up).toContain('data-testid="time-up"');
    expect(up).toContain('De tijd voor deze stap is om');
    expect(up).not.toContain('role="alert"'); // nothing interrupts; the timer itself announces the end once
    const room = selfGuided('chair');
    expect(controls(room, 'p-2', ['p-1', 'p-2'], 0)).toContain('data-testid="time-up"');
  });

  it('the sound plays once, at the moment the timer crosses zero', () => {
    expect(reachedZero(1_000, 0)).toBe(true);
    expect(reachedZero(0, 0)).toBe(false);
    expect(reachedZero(null, 0)).toBe(false);
    expect(reachedZero(5_000, 4_000)).toBe(false);
  });
});

describe('the organiser\'s choice', () => {
  it('sends facilitation and guide only for a session without a facilitator', () => {
    expect(facilitationBody('facilitator')).toEqual({});
    expect(facilitationBody('chair')).toEqual({ facilitation: 'self-guided', guide: 'chair' });
    expect(facilitationBody('anyone')).toEqual({ facilitation: 'self-guided', guide: 'anyone' });
  });
});

// The logic behind the screens: notices that go away by themselves, the session's theme.
import { describe, expect, it } from 'vitest';
import { Store, currentNotices } from '../src/store';
import { colourProblem, contrast, themeTokens } from '../src/theme';
import { roomState, seqd, welcome } from './fakes';

function lockedRuntime(locked: boolean) {
  return { opened: true, locked, revealed: false, timer: null, firstOpenedAt: 0, enteredAt: 0, timeSpentMs: 0 };
}

describe('notices of a refusal', () => {
  it('"locked" goes away when the facilitator unlocks; other notices stay until dismissed', () => {
    const store = new Store('nl');
    const locked = roomState(5);
    locked.runtime[1] = lockedRuntime(true);
    store.welcome(welcome(locked, { seq: 5 }));
    store.notice('error', 'error.locked');
    store.notice('error', 'error.text_too_long');
    expect(store.getState().notices.map((n) => n.key)).toEqual(['error.locked', 'error.text_too_long']);
    // Another event while the step is still locked: the notice stays.
    store.receiveEvents([seqd(6, { type: 'status-changed', step: 1, status: 'agreed' })]);
    expect(store.getState().notices.map((n) => n.key)).toEqual(['error.locked', 'error.text_too_long']);
    store.receiveEvents([seqd(7, { type: 'step-runtime-changed', step: 1, runtime: lockedRuntime(false) })]);
    expect(store.getState().notices.map((n) => n.key)).toEqual(['error.text_too_long']);
  });

  it('"paused" holds while the room is paused, for a participant (a facilitator may still write)', () => {
    const paused = roomState(1, { status: 'paused' });
    const notices = [{ key: 'error.paused' as const }, { key: 'error.locked' as const }];
    expect(currentNotices(notices, paused, 'p-1').map((n) => n.key)).toEqual(['error.paused']);
    expect(currentNotices(notices, roomState(1), 'p-1')).toEqual([]);
    expect(currentNotices(notices, paused, 'p-f')).toEqual([]);
  });
});

describe('the session theme', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';

  it('turns valid, readable colours into the two design tokens and keeps an image data URL as the logo', () => {
    expect(themeTokens({ logo: png, primaryColour: '#00557f', lightColour: '#e5f1f8' })).toEqual({
      style: { '--wp-brand': '#00557f', '--wp-brand-soft': '#e5f1f8' },
      logo: png,
    });
    expect(themeTokens(null)).toEqual({ style: {}, logo: null });
  });

  it('never lets anything but #rrggbb reach a custom property, nor anything but an image data URL the logo', () => {
    const t = themeTokens({
      logo: 'javascript:alert(1)',
      primaryColour: 'red; background: url(https://example.org/x)',
      lightColour: '#FFF',
    });
    expect(t).toEqual({ style: {}, logo: null });
    expect(themeTokens({ logo: 'data:image/svg+xml;base64,PHN2Zz4=', primaryColour: null, lightColour: null }).logo).toBeNull();
  });

  it('refuses colours that make text unreadable (WCAG contrast 4.5:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#154273', '#ffffff')).toBeGreaterThan(10);
    expect(colourProblem('#ffdd00', 'primary')).toBe('contrast'); // white on yellow
    expect(colourProblem('#154273', 'primary')).toBeNull();
    expect(colourProblem('#333333', 'light')).toBe('contrast'); // dark text on dark grey
    expect(colourProblem('#f0f0f0', 'light')).toBeNull();
    expect(colourProblem('blue', 'primary')).toBe('format');
    expect(colourProblem('', 'primary')).toBeNull();
    expect(themeTokens({ logo: null, primaryColour: '#ffdd00', lightColour: '#333333' }).style).toEqual({});
  });
});

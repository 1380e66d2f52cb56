import { describe, expect, it } from 'vitest';
import { SharedTextSync } from '../src/sharedText';
import { CONFLICT_MARK, mapIndex, merge3 } from '../src/textMerge';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The merge cases both the server and this client are tested against (docs/protocol.md, "Shared texts").
const shared = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../src/protocol/text-merge-cases.json', import.meta.url)), 'utf8'),
) as { cases: { base: string; mine: string; current: string; merged: string }[] };

describe('merge3 (same algorithm as the server)', () => {
  it('keeps both edits in different places', () => {
    expect(merge3('De gemeente deelt data.', 'De gemeente Gouda deelt data.', 'De gemeente deelt open data.')).toBe(
      'De gemeente Gouda deelt open data.',
    );
  });

  it('takes mine when nothing changed remotely, and theirs when I changed nothing', () => {
    expect(merge3('a', 'ab', 'a')).toBe('ab');
    expect(merge3('a', 'a', 'ac')).toBe('ac');
    expect(merge3('a', 'ac', 'ac')).toBe('ac');
  });

  it('keeps words that collide, on a line after ⇄', () => {
    const merged = merge3('Het doel is inzicht in armoede.', 'Het doel is zicht op schulden.', 'Het doel is inzicht in eenzaamheid.');
    expect(merged).toBe(`Het doel is inzicht in eenzaamheid.\n${CONFLICT_MARK}zicht op schulden`);
  });

  it('gives exactly the text the server computes (src/protocol/text-merge-cases.json)', () => {
    expect(shared.cases.length).toBeGreaterThan(0);
    for (const c of shared.cases) expect(merge3(c.base, c.mine, c.current), JSON.stringify(c)).toBe(c.merged);
  });

  it('maps a caret through a remote change', () => {
    // Caret after "Hallo" (5); somebody inserts "Oh, " before it.
    expect(mapIndex('Hallo wereld', 'Oh, Hallo wereld', 5)).toBe(9);
    // A change after the caret leaves it alone.
    expect(mapIndex('Hallo wereld', 'Hallo wereld!', 5)).toBe(5);
  });
});

describe('SharedTextSync', () => {
  it('sends base = the server text and the draft', () => {
    const s = new SharedTextSync('abc');
    s.edit('abcd');
    expect(s.takeCommand()).toEqual({ base: 'abc', text: 'abcd' });
    // One at a time.
    s.edit('abcde');
    expect(s.takeCommand()).toBeNull();
    expect(s.busy).toBe(true);
  });

  it('sends nothing when nothing changed', () => {
    const s = new SharedTextSync('abc');
    expect(s.takeCommand()).toBeNull();
  });

  it('merges a remote change into what I am typing (nothing in flight)', () => {
    const s = new SharedTextSync('Eén twee');
    s.edit('Eén twee drie'); // typing, not sent yet
    s.serverChanged('Nul eén twee', false);
    expect(s.draft).toBe('Nul eén twee drie');
    expect(s.takeCommand()).toEqual({ base: 'Nul eén twee', text: 'Nul eén twee drie' });
  });

  it('settles when my own change comes back, keeping what I typed meanwhile', () => {
    const s = new SharedTextSync('a');
    s.edit('ab');
    s.takeCommand();
    s.edit('abc'); // typed after sending
    s.serverChanged('ab', true); // my edit, as the server applied it
    expect(s.busy).toBe(false);
    expect(s.draft).toBe('abc');
    expect(s.takeCommand()).toEqual({ base: 'ab', text: 'abc' });
  });

  it('does not duplicate my edit in flight when somebody else\'s change arrives first', () => {
    const s = new SharedTextSync('Begin. Einde.');
    s.edit('Begin. Midden. Einde.');
    s.takeCommand();
    // Another person's edit is applied by the server before mine.
    s.serverChanged('Allereerst. Begin. Einde.', false);
    expect(s.draft).toBe('Allereerst. Begin. Midden. Einde.');
    // Then mine, merged onto theirs by the server.
    s.serverChanged('Allereerst. Begin. Midden. Einde.', true);
    expect(s.draft).toBe('Allereerst. Begin. Midden. Einde.');
    expect(s.busy).toBe(false);
    expect(s.dirty).toBe(false);
  });

  it('settles an acknowledged edit that changed nothing once the store caught up', () => {
    const s = new SharedTextSync('x');
    s.edit('y');
    s.takeCommand();
    s.serverChanged('y', false); // somebody else typed exactly the same
    s.acked(7, 6);
    expect(s.busy).toBe(true); // the store is not at seq 7 yet
    s.caughtUp(7);
    expect(s.busy).toBe(false);
    expect(s.draft).toBe('y');
  });

  it('recognises its own event by the seq of the ack', () => {
    const s = new SharedTextSync('x');
    s.edit('xy');
    s.takeCommand();
    s.acked(9, 8);
    expect(s.isOwnSeq(9)).toBe(true);
    expect(s.isOwnSeq(8)).toBe(false);
  });

  it('goes back to the server text when the edit is refused', () => {
    const s = new SharedTextSync('x');
    s.edit('xy');
    s.takeCommand();
    s.rejected();
    expect(s.draft).toBe('x');
    expect(s.busy).toBe(false);
  });

  it('converges with a simulated server and two clients typing at once', () => {
    // A tiny server: applies edits with the same merge and hands out the text.
    let server = 'Doel: ';
    const a = new SharedTextSync(server);
    const b = new SharedTextSync(server);
    a.edit('Doel: inzicht');
    b.edit('Doel: \nPartners: Gouda');
    const ca = a.takeCommand()!;
    const cb = b.takeCommand()!;
    server = merge3(ca.base, ca.text, server); // A first
    const afterA = server;
    server = merge3(cb.base, cb.text, server); // then B
    const afterB = server;
    // Both receive both events in order.
    a.serverChanged(afterA, true);
    b.serverChanged(afterA, false);
    a.serverChanged(afterB, false);
    b.serverChanged(afterB, true);
    expect(a.draft).toBe(server);
    expect(b.draft).toBe(server);
    expect(server).toContain('inzicht');
    expect(server).toContain('Partners: Gouda');
  });
});

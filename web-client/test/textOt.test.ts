import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apply, compose, diff, normalise, transform, transformIndex } from '../src/textOt';
import type { TextOp } from '../src/textOt';

interface Cases {
  apply: { name: string; doc: string; op: unknown; result?: string; error?: boolean }[];
  compose: { name: string; doc: string; a: unknown; b: unknown; result: unknown }[];
  transform: { name: string; doc: string; a: unknown; b: unknown; aPrime?: unknown; bPrime?: unknown; result?: string; error?: boolean }[];
  transformIndex: { name: string; op: unknown; index: number; stay: boolean; result: number }[];
}

const cases: Cases = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../src/protocol/text-ot-cases.json', import.meta.url)), 'utf8'),
);

describe('text operations: the cases the server is tested against (src/protocol/text-ot-cases.json)', () => {
  for (const c of cases.apply) {
    it(`apply: ${c.name}`, () => {
      if (c.error) expect(() => apply(normalise(c.op), c.doc)).toThrow();
      else expect(apply(normalise(c.op), c.doc)).toBe(c.result);
    });
  }
  for (const c of cases.compose) {
    it(`compose: ${c.name}`, () => {
      const a = normalise(c.a);
      const b = normalise(c.b);
      const ab = compose(a, b);
      expect(ab).toEqual(normalise(c.result));
      expect(apply(ab, c.doc)).toBe(apply(b, apply(a, c.doc)));
    });
  }
  for (const c of cases.transform) {
    it(`transform: ${c.name}`, () => {
      const a = normalise(c.a);
      const b = normalise(c.b);
      if (c.error) {
        expect(() => transform(a, b)).toThrow();
        return;
      }
      const [ap, bp] = transform(a, b);
      const viaA = apply(bp, apply(a, c.doc));
      expect(viaA).toBe(c.result);
      expect(apply(ap, apply(b, c.doc))).toBe(viaA);
      if (c.aPrime) {
        expect(ap).toEqual(normalise(c.aPrime));
        expect(bp).toEqual(normalise(c.bPrime));
      }
    });
  }
  for (const c of cases.transformIndex) {
    it(`transformIndex: ${c.name}`, () => {
      expect(transformIndex(normalise(c.op), c.index, c.stay)).toBe(c.result);
    });
  }
});

describe('diff of two texts as a text field reports them', () => {
  it('an insertion inside a run of equal letters is placed at the caret', () => {
    const op: TextOp = diff('aaa', 'aaaa', 2);
    expect(op).toEqual([1, { i: 'a' }, 2]);
  });
  it('a replaced emoji is never split', () => {
    const op = diff('a😀', 'a😃');
    expect(apply(op, 'a😀')).toBe('a😃');
    expect(op[0]).toBe(1);
  });
});

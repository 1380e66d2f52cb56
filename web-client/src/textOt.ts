// Operations on shared texts: the same algorithm as the server's nl.werkplaats.room.TextOp, bound to it by
// the shared cases in src/protocol/text-ot-cases.json. An operation walks the whole text from its start:
// a positive number retains that many characters, a negative one deletes that many, {i} inserts a string
// ({r: true}: the insertion continues its author's own typing, which decides ties at one place).
// Positions are UTF-16 code units, as JavaScript indexes strings.

export interface Insert {
  i: string;
  r?: boolean;
}
export type Component = number | Insert;
export type TextOp = Component[];

const isInsert = (c: Component | undefined): c is Insert => typeof c === 'object' && c !== null;
const isRetain = (c: Component | undefined): c is number => typeof c === 'number' && c > 0;
const isDelete = (c: Component | undefined): c is number => typeof c === 'number' && c < 0;

/** Builds normalised operations (adjacent components merged, an insertion before a deletion at one place). */
export class Builder {
  readonly ops: Component[] = [];

  retain(n: number): this {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (isRetain(this.ops[last])) this.ops[last] = (this.ops[last] as number) + n;
    else this.ops.push(n);
    return this;
  }

  delete(n: number): this {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (isDelete(this.ops[last])) this.ops[last] = (this.ops[last] as number) - n;
    else this.ops.push(-n);
    return this;
  }

  insert(text: string, run = false): this {
    if (text === '') return this;
    const ops = this.ops;
    const last = ops.length - 1;
    const l = ops[last];
    if (isInsert(l)) {
      ops[last] = withText(l, l.i + text);
    } else if (isDelete(l)) {
      const before = ops[last - 1];
      if (isInsert(before)) ops[last - 1] = withText(before, before.i + text);
      else {
        ops[last] = mk(text, run);
        ops.push(l);
      }
    } else {
      ops.push(mk(text, run));
    }
    return this;
  }

  build(): TextOp {
    return [...this.ops];
  }
}

function mk(text: string, run: boolean): Insert {
  return run ? { i: text, r: true } : { i: text };
}

function withText(c: Insert, text: string): Insert {
  return mk(text, !!c.r);
}

function length(c: Component): number {
  return isInsert(c) ? c.i.length : Math.abs(c);
}

export function baseLength(op: TextOp): number {
  let n = 0;
  for (const c of op) if (!isInsert(c)) n += Math.abs(c);
  return n;
}

export function targetLength(op: TextOp): number {
  let n = 0;
  for (const c of op) n += isInsert(c) ? c.i.length : c > 0 ? c : 0;
  return n;
}

export function isNoop(op: TextOp): boolean {
  return op.every((c) => isRetain(c));
}

/** Reads a list of components (from the wire) into a normalised operation; throws on anything else. */
export function normalise(raw: unknown): TextOp {
  if (!Array.isArray(raw)) throw new Error('an operation is a list');
  const b = new Builder();
  for (const c of raw) {
    if (typeof c === 'number' && Number.isInteger(c) && c !== 0) {
      if (c > 0) b.retain(c);
      else b.delete(-c);
    } else if (isInsert(c) && typeof c.i === 'string' && c.i !== '') {
      b.insert(c.i, c.r === true);
    } else {
      throw new Error('not a component: ' + JSON.stringify(c));
    }
  }
  return b.build();
}

const high = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
};
const low = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};
const splits = (s: string, pos: number) => pos > 0 && pos < s.length && high(s, pos - 1) && low(s, pos);

export function apply(op: TextOp, text: string): string {
  if (baseLength(op) !== text.length) {
    throw new Error(`the operation is for a text of ${baseLength(op)} characters, not ${text.length}`);
  }
  let out = '';
  let pos = 0;
  for (const c of op) {
    if (splits(text, pos)) throw new Error('the operation splits a character in two');
    if (isInsert(c)) out += c.i;
    else if (c > 0) {
      out += text.slice(pos, pos + c);
      pos += c;
    } else pos -= c;
  }
  return out;
}

/** Walks components, splitting them into parts. */
class Cursor {
  private index = 0;
  cur: Component | undefined;

  constructor(private readonly list: TextOp) {
    this.cur = list[0];
  }

  next(): void {
    this.index++;
    this.cur = this.list[this.index];
  }

  /** Consumes n of the current component; the rest of an insertion whose start stays continues its run. */
  take(n: number, deleted: boolean): void {
    const c = this.cur as Component;
    const len = length(c);
    if (n >= len) this.next();
    else if (isInsert(c)) this.cur = mk(c.i.slice(n), deleted ? !!c.r : true);
    else this.cur = c > 0 ? c - n : c + n;
  }
}

/** One operation with the effect of a followed by b. */
export function compose(a: TextOp, b: TextOp): TextOp {
  if (targetLength(a) !== baseLength(b)) throw new Error('cannot compose: different lengths');
  const out = new Builder();
  const x = new Cursor(a);
  const y = new Cursor(b);
  while (x.cur !== undefined || y.cur !== undefined) {
    if (isDelete(x.cur)) {
      out.delete(-x.cur);
      x.next();
      continue;
    }
    if (isInsert(y.cur)) {
      out.insert(y.cur.i, !!y.cur.r);
      y.next();
      continue;
    }
    if (x.cur === undefined || y.cur === undefined) throw new Error('cannot compose: different lengths');
    const n = Math.min(length(x.cur), length(y.cur));
    const yDel = isDelete(y.cur);
    if (isRetain(x.cur) && isRetain(y.cur)) out.retain(n);
    else if (isInsert(x.cur) && isRetain(y.cur)) out.insert(x.cur.i.slice(0, n), !!x.cur.r);
    else if (isRetain(x.cur) && yDel) out.delete(n);
    x.take(n, yDel);
    y.take(n, false);
  }
  return out.build();
}

/**
 * Transforms concurrent a (sequenced first) and b: [a', b'] with apply(b', apply(a, t)) === apply(a', apply(b, t)).
 * Insertions at one place: b's first only when it continues its author's run and a's does not.
 */
export function transform(a: TextOp, b: TextOp): [TextOp, TextOp] {
  if (baseLength(a) !== baseLength(b)) throw new Error('cannot transform: different lengths');
  const ap = new Builder();
  const bp = new Builder();
  const x = new Cursor(a);
  const y = new Cursor(b);
  while (x.cur !== undefined || y.cur !== undefined) {
    let xIns = isInsert(x.cur);
    let yIns = isInsert(y.cur);
    if (xIns && yIns) {
      if ((y.cur as Insert).r && !(x.cur as Insert).r) xIns = false;
      else yIns = false;
    }
    if (xIns) {
      const i = x.cur as Insert;
      ap.insert(i.i, !!i.r);
      bp.retain(i.i.length);
      x.next();
      continue;
    }
    if (yIns) {
      const i = y.cur as Insert;
      ap.retain(i.i.length);
      bp.insert(i.i, !!i.r);
      y.next();
      continue;
    }
    if (x.cur === undefined || y.cur === undefined) throw new Error('cannot transform: different lengths');
    const n = Math.min(length(x.cur), length(y.cur));
    if (isRetain(x.cur) && isRetain(y.cur)) {
      ap.retain(n);
      bp.retain(n);
    } else if (isDelete(x.cur) && isRetain(y.cur)) ap.delete(n);
    else if (isRetain(x.cur) && isDelete(y.cur)) bp.delete(n);
    x.take(n, false);
    y.take(n, false);
  }
  return [ap.build(), bp.build()];
}

/** Where index of the text before op is after it; an insertion at index pushes it on unless stay. */
export function transformIndex(op: TextOp, index: number, stay: boolean): number {
  let pos = 0;
  let result = index;
  for (const c of op) {
    if (pos > index) break;
    if (isInsert(c)) {
      if (pos < index || !stay) result += c.i.length;
    } else if (c > 0) pos += c;
    else {
      result -= Math.min(-c, index - pos);
      pos -= c;
    }
  }
  return result;
}

export function insertAt(len: number, at: number, text: string, run = false): TextOp {
  return new Builder().retain(at).insert(text, run).retain(len - at).build();
}

/**
 * The operation that turns `from` into `to` by keeping their common start and end (never splitting a surrogate
 * pair). `caret` (where the text field's caret is after the change) resolves a change inside a repeated run
 * of characters to the place the person typed.
 */
export function diff(from: string, to: string, caret?: number, run = false): TextOp {
  const max = Math.min(from.length, to.length);
  let start = 0;
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  if (caret !== undefined && to.length >= from.length) {
    // An insertion ends at the caret: do not let the common start run past it.
    start = Math.min(start, Math.max(0, caret - (to.length - from.length)));
  }
  if (start > 0 && high(from, start - 1)) start--;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  if (end > 0 && low(from, from.length - end)) end--;
  return new Builder()
    .retain(start)
    .insert(to.slice(start, to.length - end), run)
    .delete(from.length - start - end)
    .retain(end)
    .build();
}

/** The text an operation inserts, in all. */
export function insertedText(op: TextOp): string {
  return op.map((c) => (isInsert(c) ? c.i : '')).join('');
}

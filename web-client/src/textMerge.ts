// Three-way merge of a shared text: the same algorithm as the server's TextMerge.java (docs/protocol.md,
// "Shared texts"), so that the text a client predicts for its edit is the text the server will store. Both
// sides are tested against src/protocol/text-merge-cases.json.
//
// Both `base → mine` (this edit) and `base → current` (what others changed meanwhile) are taken as edits of
// `base`, computed with diff-match-patch over words (runs of letters, digits and `_`; runs of white space;
// any other single character). Edits that touch different words are both applied. Where both changed the
// same words differently, the current text stays and the words of this edit are appended on a new line
// that starts with ⇄, so that nothing is silently lost.
import DiffMatchPatch from 'diff-match-patch';

/** Marks words kept from an edit that collided with another one. */
export const CONFLICT_MARK = '\u21C4 ';

const DIFF_DELETE = -1;
const DIFF_INSERT = 1;
const DIFF_EQUAL = 0;

/** Words, runs of white space and single other characters (TextMerge.TOKEN). */
const TOKEN =
  /[\p{L}\p{M}\p{N}_]+|[\t\n\u000B\f\r \u00A0\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|./gsu;

/** One edit of the base text: characters [start, end) become `text`. */
export interface Hunk {
  start: number;
  end: number;
  text: string;
}

function isInsertion(h: Hunk): boolean {
  return h.start === h.end;
}

function overlaps(a: Hunk, b: Hunk): boolean {
  if (isInsertion(a) && isInsertion(b)) return a.start === b.start;
  if (isInsertion(a)) return b.start < a.start && a.start < b.end;
  if (isInsertion(b)) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The edits that turn `base` into `other`, as replaced ranges of `base` (in UTF-16 code units). */
export function hunks(base: string, other: string): Hunk[] {
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  const encode = (list: string[]) =>
    list
      .map((tok) => {
        let id = ids.get(tok);
        if (id === undefined) {
          id = ids.size + 1;
          ids.set(tok, id);
          vocabulary.push(tok);
        }
        return String.fromCharCode(id);
      })
      .join('');
  const baseTokens = tokens(base);
  const a = encode(baseTokens);
  const b = encode(tokens(other));
  const offset = new Array<number>(baseTokens.length + 1);
  offset[0] = 0;
  for (let t = 0; t < baseTokens.length; t++) offset[t + 1] = offset[t] + baseTokens[t].length;

  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const diffs = dmp.diff_main(a, b, false);
  dmp.diff_cleanupSemantic(diffs);

  const result: Hunk[] = [];
  let pos = 0;
  let start = -1;
  let text = '';
  for (const d of diffs) {
    const op = d[0];
    const chars = d[1];
    if (op === DIFF_EQUAL) {
      if (start >= 0) {
        result.push({ start: offset[start], end: offset[pos], text });
        start = -1;
        text = '';
      }
      pos += chars.length;
    } else if (op === DIFF_DELETE) {
      if (start < 0) start = pos;
      pos += chars.length;
    } else if (op === DIFF_INSERT) {
      if (start < 0) start = pos;
      for (let i = 0; i < chars.length; i++) text += vocabulary[chars.charCodeAt(i) - 1];
    }
  }
  if (start >= 0) result.push({ start: offset[start], end: offset[pos], text });
  return result;
}

/** Java's String.strip(): removes leading and trailing Character.isWhitespace characters. */
function javaStrip(s: string): string {
  const ws = (c: string) => /[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]/.test(c);
  let i = 0;
  let j = s.length;
  while (i < j && ws(s[i])) i++;
  while (j > i && ws(s[j - 1])) j--;
  return s.slice(i, j);
}

function sameHunks(a: Hunk[], b: Hunk[]): boolean {
  return a.length === b.length && a.every((h, i) => h.start === b[i].start && h.end === b[i].end && h.text === b[i].text);
}

export function merge3(base: string, mine: string, current: string): string {
  if (base === current || mine === current) return mine;
  if (mine === base) return current;
  const all: { hunk: Hunk; ours: boolean }[] = [
    ...hunks(base, current).map((hunk) => ({ hunk, ours: false })),
    ...hunks(base, mine).map((hunk) => ({ hunk, ours: true })),
  ];
  all.sort((x, y) =>
    x.hunk.start !== y.hunk.start
      ? x.hunk.start - y.hunk.start
      : x.hunk.end !== y.hunk.end
        ? x.hunk.end - y.hunk.end
        : Number(x.ours) - Number(y.ours),
  );

  let out = '';
  let kept = '';
  let pos = 0;
  let i = 0;
  while (i < all.length) {
    // A cluster: hunks that overlap one another, directly or through others.
    const cluster = [all[i++]];
    while (i < all.length && cluster.some((t) => overlaps(t.hunk, all[i].hunk))) cluster.push(all[i++]);
    const fromTheirs = cluster.filter((t) => !t.ours).map((t) => t.hunk);
    const fromOurs = cluster.filter((t) => t.ours).map((t) => t.hunk);
    const apply = fromTheirs.length === 0 ? fromOurs : fromTheirs;
    if (fromTheirs.length > 0 && fromOurs.length > 0 && !sameHunks(fromTheirs, fromOurs)) {
      const words = javaStrip(fromOurs.map((h) => h.text).join(''));
      if (words) kept += '\n' + CONFLICT_MARK + words;
    }
    for (const h of apply) {
      out += base.slice(pos, h.start) + h.text;
      pos = h.end;
    }
    const clusterEnd = Math.max(pos, ...cluster.map((t) => t.hunk.end));
    if (clusterEnd > pos) {
      // Parts of the base that only the set-aside edit changed stay as they were.
      out += base.slice(pos, clusterEnd);
      pos = clusterEnd;
    }
  }
  out += base.slice(pos);
  return out + kept;
}

/** Where a caret at `index` in `before` belongs in `after` (to keep the caret in place on a remote change). */
export function mapIndex(before: string, after: string, index: number): number {
  if (before === after) return index;
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0.05;
  const diffs = dmp.diff_main(before, after);
  return dmp.diff_xIndex(diffs, index);
}

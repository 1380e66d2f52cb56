// What the projector shows, as plain functions of the room (the view in ui/Projector.tsx only lays it out):
// the join address, the answers of a checklist question side by side, the cards on the wall, what was agreed
// at the end, the QR code's path, and the type scale at which a step fits the screen.
import { encode } from 'uqr';
import type { Agreement, ChecklistStatus, RoomState } from './protocol';
import { dotsOnCard, organisations } from './roomState';

/** Where people type the join code: the address of this site without its scheme, e.g. `werkplaats.gouda.nl`. */
export function joinAddress(origin: string): string {
  return origin.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/** The participant link the QR code holds: scanning it skips typing the code. */
export function participantLink(origin: string, roomId: string): string {
  return `${origin.replace(/\/+$/, '')}/j/${encodeURIComponent(roomId)}`;
}

/** The join code and QR code are on the wall until the session ends; after the end nobody can join. */
export function showsJoin(room: RoomState): boolean {
  return room.status !== 'ended';
}

/** "Step 3 of 9" as numbers while the session runs or pauses; null in the lobby and after the end. */
export function stepPosition(room: RoomState): { number: number; total: number } | null {
  if (room.status === 'lobby' || room.status === 'ended' || room.agenda.length === 0) return null;
  return { number: room.currentStep + 1, total: room.agenda.length };
}

export interface OrganisationAnswer {
  organisation: string;
  text: string;
}

/**
 * Each answering organisation's own answer to a checklist question, in the order they joined, with an empty
 * text for those that have not written yet; answers of organisations no longer in the room follow.
 */
export function checklistAnswers(room: RoomState, step: number): OrganisationAnswer[] {
  const texts = room.content[step]?.texts ?? {};
  const answers = organisations(room).map((organisation) => ({
    organisation,
    text: (texts[`org:${organisation}`]?.text ?? '').trim(),
  }));
  for (const [key, value] of Object.entries(texts)) {
    if (!key.startsWith('org:')) continue;
    const organisation = key.slice(4);
    if (answers.some((a) => a.organisation.toLowerCase() === organisation.toLowerCase())) continue;
    if (value.text.trim()) answers.push({ organisation, text: value.text.trim() });
  }
  return answers;
}

/** How many columns a row of `n` panels takes on a wide screen: up to four side by side. */
export function columnsFor(n: number): number {
  if (n <= 1) return 1;
  if (n <= 4) return n;
  if (n <= 6) return 3;
  return 4;
}

export interface WallCard {
  id: string;
  text: string;
  dots: number;
}

export interface WallPrompt {
  prompt: number;
  cards: WallCard[];
  /** Cards that are private until the reveal: counted, never shown. */
  hidden: number;
}

/** The cards of a cards step per prompt, the most voted first; private cards only as a number. */
export function wallCards(room: RoomState, step: number, prompts: number): WallPrompt[] {
  const cards = Object.values(room.content[step]?.cards ?? {});
  return Array.from({ length: Math.max(prompts, 1) }, (_, prompt) => {
    const mine = cards.filter((c) => c.prompt === prompt);
    return {
      prompt,
      hidden: mine.filter((c) => c.hidden).length,
      cards: mine
        .filter((c) => !c.hidden)
        .map((c) => ({ id: c.id, text: c.text, dots: dotsOnCard(room, step, c.id) }))
        .sort((a, b) => b.dots - a.dots),
    };
  });
}

export interface Outcome {
  /** Every agreement, in the order of the steps they belong to. */
  agreements: Agreement[];
  /** For the checklist: how many questions reached each status (questions never opened are left out). */
  statuses: Record<ChecklistStatus, number> | null;
}

/** What the room agreed, for the short overview after the end. */
export function outcome(room: RoomState): Outcome {
  const agreements = Object.values(room.agreements).sort((a, b) => a.step - b.step || a.createdAt - b.createdAt);
  const questions = room.agenda
    .map((spec, i) => ({ spec, i }))
    .filter(({ spec, i }) => spec.type === 'checklist-question' && room.runtime[i]?.opened);
  if (questions.length === 0) return { agreements, statuses: null };
  const statuses: Record<ChecklistStatus, number> = { agreed: 0, 'not-applicable': 0, open: 0 };
  for (const { i } of questions) statuses[room.content[i]?.status ?? 'open']++;
  return { agreements, statuses };
}

/**
 * The largest type scale in [min, max] at which `fits` holds, found by halving the interval `steps` times
 * (each try is one layout in the browser); `min` when even that does not fit.
 */
export function fitScale(fits: (scale: number) => boolean, min = 0.4, max = 1, steps = 7): number {
  if (fits(max)) return max;
  let lo = min;
  let hi = max;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A QR code as one SVG path of unit squares (with a quiet zone of 4 modules), and its size in modules. */
export function qrPath(text: string): { d: string; size: number } {
  const qr = encode(text, { ecc: 'M', border: 4 });
  const parts: string[] = [];
  qr.data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return { d: parts.join(''), size: qr.size };
}

// Pre-work: steps opened for answering before the live session (docs/protocol.md, "Pre-work"). Pure functions
// over the room state: applying its events, whether a step takes pre-work, who answered per organisation, and
// the reminder text the facilitator copies. The server decides what is open; the client only shows its `from`.
import { formatDate, translate } from './i18n';
import type { Lang } from './i18n';
import type { PreWork, RoomState, StepType } from './protocol';
import { organisations } from './roomState';

/** The step types that can be answered beforehand (PreWork.TAKES on the server). */
export const PRE_WORK_TYPES: StepType[] = ['checklist-question', 'canvas', 'cards', 'competences'];

export function preWorkOpened(before: PreWork | null | undefined, steps: number[], from: number, until?: number | null): PreWork | null {
  if (steps.length === 0) return null;
  return { steps: steps.slice(), from, until: until ?? null, answered: before?.answered ?? {} };
}

export function preWorkAnswered(before: PreWork | null | undefined, step: number, participantId: string): PreWork | null | undefined {
  if (!before) return before;
  const who = before.answered[String(step)] ?? [];
  if (who.includes(participantId)) return before;
  return { ...before, answered: { ...before.answered, [String(step)]: [...who, participantId] } };
}

/** Whether `step` is open for pre-work in the lobby (from its moment on: the server judges the time). */
export function takesPreWork(s: RoomState, step: number): boolean {
  return s.status === 'lobby' && !!s.preWork && s.preWork.steps.includes(step);
}

/** Whether pre-work has begun by the server's clock (`serverNow`: Date.now() plus the offset the server's times give). */
export function preWorkBegun(s: RoomState, serverNow: number): boolean {
  return !!s.preWork && serverNow >= s.preWork.from;
}

export interface AnsweredRow {
  organisation: string;
  /** People of the organisation who wrote in the step beforehand. */
  answered: number;
  /** People of the organisation in the room. */
  people: number;
}

/**
 * Per pre-work step, per organisation that answers in the room, how many of its people wrote beforehand out of
 * how many it has (the same count as PreWork.answeredPerOrganisation on the server).
 */
export function answeredOverview(s: RoomState): { step: number; rows: AnsweredRow[] }[] {
  if (!s.preWork) return [];
  const orgs = organisations(s);
  return s.preWork.steps.map((step) => {
    const who = new Set(s.preWork?.answered[String(step)] ?? []);
    const rows = orgs.map((organisation) => ({ organisation, answered: 0, people: 0 }));
    for (const p of Object.values(s.participants)) {
      if (p.removed || !(p.role === 'participant' || p.role === 'co-facilitator')) continue;
      const row = rows.find((r) => r.organisation.toLowerCase() === p.organisation.trim().toLowerCase());
      if (!row) continue;
      row.people++;
      if (who.has(p.id)) row.answered++;
    }
    return { step, rows };
  });
}

/** The reminder the facilitator copies and sends themselves (no mail server): session, link, code, steps, deadline. */
export function reminderText(p: {
  lang: Lang;
  title: string;
  joinUrl: string;
  joinCode: string;
  stepTitles: string[];
  from: number;
  until: number | null | undefined;
}): string {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(p.lang, key, params);
  const lines = [
    t('preWork.reminder.greeting'),
    '',
    t('preWork.reminder.intro', { title: p.title }),
    ...p.stepTitles.map((title) => `- ${title}`),
    '',
    t('preWork.reminder.from', { from: formatDate(p.from, p.lang) }),
    p.until ? t('preWork.reminder.until', { until: formatDate(p.until, p.lang) }) : t('preWork.reminder.untilStart'),
    '',
    t('preWork.reminder.how', { url: p.joinUrl, code: p.joinCode }),
    '',
    t('preWork.reminder.closing'),
  ];
  return lines.join('\n');
}

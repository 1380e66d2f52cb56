// Pre-work on screen: the steps a participant can answer before the session (in the lobby), the facilitator's
// overview of who answered per organisation with a reminder to copy, the facilitator's form to open steps, and
// the organiser page's choice of steps when a session is made.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatDate, loc } from '../i18n';
import type { T } from '../i18n';
import type { RoomState, Template } from '../protocol';
import { PRE_WORK_TYPES, answeredOverview, preWorkBegun, reminderText } from '../preWork';
import { Alert, Button, CopyButton, TextField } from './common';
import { useId, useNow } from './hooks';
import { useRoom } from './roomContext';

function stepTitle(room: RoomState, template: Template | null, step: number, lang: 'nl' | 'en'): string {
  const ts = template?.steps[step];
  return ts ? loc(ts.title, lang) : room.agenda[step]?.id ?? String(step + 1);
}

/** "2026-03-01T09:00" in the browser's zone, for a datetime-local field, or '' for none. */
function localInput(ms: number | null | undefined): string {
  if (!ms) return '';
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function fromInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** The lobby's list of pre-work steps: each opens once the server's clock has reached `from`. */
export function PreWorkSteps(props: { onOpen: (step: number) => void }) {
  const { room, template, t, lang, cs, me } = useRoom();
  const now = useNow(5000);
  const pw = room.preWork;
  if (!pw) return null;
  const begun = preWorkBegun(room, now + cs.clockOffset);
  const writer = !!me && me.role !== 'observer';
  return (
    <section class="wp-section wp-prework" aria-labelledby="prework-heading" data-testid="prework-steps">
      <h3 class="utrecht-heading-3" id="prework-heading">
        {t('preWork.heading')}
      </h3>
      <p class="utrecht-paragraph">{t('preWork.lead')}</p>
      {!begun && (
        <p class="utrecht-paragraph" data-testid="prework-opens-at">
          {t('preWork.opensAt', { from: formatDate(pw.from, lang) })}
        </p>
      )}
      {pw.until && <p class="utrecht-paragraph wp-muted">{t('preWork.untilNote', { until: formatDate(pw.until, lang) })}</p>}
      <ul class="wp-plain-list">
        {pw.steps.map((step) => (
          <li key={step}>
            <Button kind="secondary" data-testid="prework-open" data-step={step} disabled={!begun} onClick={() => props.onOpen(step)}>
              {writer ? t('preWork.openStep', { title: stepTitle(room, template, step, lang) }) : t('preWork.step', { number: step + 1, title: stepTitle(room, template, step, lang) })}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Above a pre-work step in the lobby: what this is and the way back. */
export function PreWorkBanner(props: { onBack: () => void }) {
  const { t } = useRoom();
  return (
    <div class="wp-sticky-note" data-testid="prework-banner">
      <Alert kind="info" role="status">
        {t('preWork.viewing')}{' '}
        <Button kind="subtle" data-testid="prework-back" onClick={props.onBack}>
          {t('preWork.back')}
        </Button>
      </Alert>
    </div>
  );
}

export function AnsweredTable(props: { step: number; rows: ReturnType<typeof answeredOverview>[number]['rows']; t: T; title: string }) {
  const { t } = props;
  return (
    <table class="utrecht-table wp-table" data-testid="prework-answered" data-step={props.step}>
      <caption class="utrecht-table__caption">{props.title}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th class="utrecht-table__header-cell" scope="col">{t('preWork.organisation')}</th>
          <th class="utrecht-table__header-cell" scope="col">{t('preWork.status')}</th>
          <th class="utrecht-table__header-cell" scope="col">{t('preWork.people')}</th>
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {props.rows.map((r) => (
          <tr class="utrecht-table__row" key={r.organisation} data-testid="prework-row" data-organisation={r.organisation} data-answered={r.answered > 0 ? 'yes' : 'no'}>
            <th class="utrecht-table__header-cell" scope="row">{r.organisation}</th>
            <td class="utrecht-table__cell">{r.answered > 0 ? t('preWork.answeredYes') : t('preWork.answeredNo')}</td>
            <td class="utrecht-table__cell">{t('preWork.answeredCount', { answered: r.answered, people: r.people })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The facilitator's view of pre-work: who answered per step and organisation, the reminder, and the settings. */
export function PreWorkPanel() {
  const { room, template, t, lang } = useRoom();
  const pw = room.preWork;
  const overview = answeredOverview(room);
  const joinUrl = `${typeof window === 'undefined' ? '' : window.location.origin}/j/${encodeURIComponent(room.roomId)}`;
  const code = room.joinCode.length === 6 ? `${room.joinCode.slice(0, 3)}-${room.joinCode.slice(3)}` : room.joinCode;
  return (
    <section class="wp-section wp-prework-panel" aria-labelledby="prework-panel-heading" data-testid="prework-panel">
      <h2 class="utrecht-heading-3" id="prework-panel-heading">
        {t('preWork.heading')}
      </h2>
      {pw && (
        <>
          <h3 class="utrecht-heading-4">{t('preWork.answeredHeading')}</h3>
          {overview.every((o) => o.rows.length === 0) && <p class="utrecht-paragraph wp-muted">{t('preWork.noOrganisations')}</p>}
          {overview.map((o) =>
            o.rows.length ? (
              <AnsweredTable key={o.step} step={o.step} rows={o.rows} t={t} title={t('preWork.step', { number: o.step + 1, title: stepTitle(room, template, o.step, lang) })} />
            ) : null,
          )}
        </>
      )}
      {pw && room.status === 'lobby' && (
        <div class="wp-prework-reminder">
          <p class="utrecht-paragraph wp-muted">{t('preWork.reminderLabel')}</p>
          <CopyButton
            label={t('preWork.copyReminder')}
            text={reminderText({
              lang,
              title: room.title,
              joinUrl,
              joinCode: code,
              stepTitles: pw.steps.map((s) => t('preWork.step', { number: s + 1, title: stepTitle(room, template, s, lang) })),
              from: pw.from,
              until: pw.until,
            })}
          />
        </div>
      )}
      {room.status === 'lobby' && <PreWorkSettings />}
    </section>
  );
}

/** The facilitator opens (or closes) steps for pre-work while the room is in the lobby. */
function PreWorkSettings() {
  const { room, template, t, lang, session, me } = useRoom();
  const pw = room.preWork;
  const [steps, setSteps] = useState<number[]>(pw?.steps ?? []);
  const [from, setFrom] = useState(localInput(pw?.from));
  const [until, setUntil] = useState(localInput(pw?.until));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSteps(pw?.steps ?? []);
    setFrom(localInput(pw?.from));
    setUntil(localInput(pw?.until));
  }, [pw?.steps.join(','), pw?.from, pw?.until]);
  if (me?.role !== 'facilitator') return null;
  return (
    <details class="wp-prework-settings">
      <summary>{t('preWork.settingsHeading')}</summary>
      <p class="utrecht-paragraph wp-muted">{t('preWork.settingsHelp')}</p>
      <StepChoice agenda={room.agenda.map((s, i) => ({ type: s.type, title: stepTitle(room, template, i, lang) }))} chosen={steps} onChange={setSteps} t={t} />
      <TextField label={t('preWork.fromLabel')} type="datetime-local" value={from} onInput={setFrom} name="prework-from" />
      <TextField label={t('preWork.untilLabel')} type="datetime-local" value={until} onInput={setUntil} name="prework-until" />
      {error && <Alert kind="error" role="alert">{error}</Alert>}
      <Button
        kind="secondary"
        data-testid="prework-save"
        onClick={() => {
          const fromMs = fromInput(from);
          if (!steps.length || fromMs === null) {
            setError(t('preWork.chooseSteps'));
            return;
          }
          setError(null);
          session.command({ type: 'open-pre-work', steps, from: fromMs, until: fromInput(until) }).catch(() => undefined);
        }}
      >
        {t('preWork.save')}
      </Button>{' '}
      {pw && (
        <Button kind="subtle" onClick={() => session.command({ type: 'open-pre-work', steps: [] }).catch(() => undefined)}>
          {t('preWork.close')}
        </Button>
      )}
    </details>
  );
}

/** Checkboxes for the steps that can take pre-work. */
function StepChoice(props: { agenda: { type: string; title: string }[]; chosen: number[]; onChange: (steps: number[]) => void; t: T }) {
  const legend = useId('prework-steps');
  return (
    <fieldset class="utrecht-form-fieldset wp-fieldset" aria-labelledby={legend}>
      <legend class="utrecht-form-fieldset__legend" id={legend}>
        {props.t('preWork.heading')}
      </legend>
      {props.agenda.map((s, i) =>
        PRE_WORK_TYPES.includes(s.type as (typeof PRE_WORK_TYPES)[number]) ? (
          <label class="wp-checkbox" key={i}>
            <input
              type="checkbox"
              data-testid="prework-step"
              data-step={i}
              checked={props.chosen.includes(i)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                props.onChange(on ? [...props.chosen, i].sort((a, b) => a - b) : props.chosen.filter((x) => x !== i));
              }}
            />
            <span>{props.t('preWork.step', { number: i + 1, title: s.title })}</span>
          </label>
        ) : null,
      )}
    </fieldset>
  );
}

export interface PreWorkChoice {
  steps: number[];
  from: string;
  until: string;
}

export const NO_PRE_WORK: PreWorkChoice = { steps: [], from: '', until: '' };

/** The organiser page: which steps of the chosen template open for pre-work, from when (a new session's preWork). */
export function PreWorkFields(props: { templateId: string; version: number | undefined; value: PreWorkChoice; onChange: (v: PreWorkChoice) => void; t: T; lang: 'nl' | 'en' }) {
  const [template, setTemplate] = useState<Template | null>(null);
  useEffect(() => {
    setTemplate(null);
    if (!props.templateId || props.version === undefined) return;
    api.template(props.templateId, props.version).then(setTemplate, () => setTemplate(null));
  }, [props.templateId, props.version]);
  if (!template) return null;
  const { t } = props;
  return (
    <details class="wp-prework-settings" data-testid="organiser-prework">
      <summary>{t('organiser.preWork')}</summary>
      <p class="utrecht-paragraph wp-muted">{t('preWork.settingsHelp')}</p>
      <StepChoice agenda={template.steps.map((s) => ({ type: s.type, title: loc(s.title, props.lang) }))} chosen={props.value.steps} onChange={(steps) => props.onChange({ ...props.value, steps })} t={t} />
      <TextField label={t('preWork.fromLabel')} type="datetime-local" value={props.value.from} onInput={(from) => props.onChange({ ...props.value, from })} name="prework-from" />
      <TextField label={t('preWork.untilLabel')} type="datetime-local" value={props.value.until} onInput={(until) => props.onChange({ ...props.value, until })} name="prework-until" />
    </details>
  );
}

/** The body's preWork for a choice, or undefined when none was made; null when it is incomplete. */
export function preWorkBody(v: PreWorkChoice): { steps: number[]; from: number; until: number | null } | undefined | null {
  if (!v.steps.length && !v.from) return undefined;
  const from = fromInput(v.from);
  if (!v.steps.length || from === null) return null;
  return { steps: v.steps, from, until: fromInput(v.until) };
}

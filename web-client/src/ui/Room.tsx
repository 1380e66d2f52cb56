// The live room as participants, facilitators and the projector see it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { clock, loc } from '../i18n';
import type { MessageKey } from '../i18n';
import { byOrganisation, timerRemaining, writeBlock } from '../roomState';
import type { WriteBlock } from '../roomState';
import { Alert, Button, Notices, VisuallyHidden, useChangeEffect } from './common';
import { BreakoutFrame } from './Breakouts';
import { FacilitatorBar, FacilitatorPanel, ShareBox } from './Facilitator';
import { useId, useNow } from './hooks';
import { displayName, useRoom } from './roomContext';
import { AgreementsList } from './steps/Agreements';
import { BacklogReviewStep } from './steps/BacklogReview';
import { CardsStep } from './steps/Cards';
import { ChecklistStep } from './steps/Checklist';
import { CompetencesStep } from './steps/Competences';
import { CanvasStep, EvaluationStep, RolesStep } from './steps/Others';
import { ChairNote, SelfGuidedBar } from './SelfGuided';
import { ResultsLink, SummaryVersions } from './SummaryDownloads';
import { PreWorkBanner, PreWorkSteps } from './PreWork';
import { takesPreWork } from '../preWork';

export function ConnectionBanner() {
  const { cs, t, session } = useRoom();
  const now = useNow(1000);
  const c = cs.connection;
  if (c.status === 'open') {
    if (c.backSince && now - c.backSince < 5000) {
      return (
        <div class="wp-banner wp-banner--ok" data-testid="connection-banner" data-state="back">
          {t('connection.back')}
        </div>
      );
    }
    return null;
  }
  if (c.status === 'reconnecting' || (c.status === 'connecting' && c.everOpened)) {
    const wait = c.retryAt ? Math.max(0, Math.ceil((c.retryAt - now) / 1000)) : 0;
    return (
      <div class="wp-banner wp-banner--warning" data-testid="connection-banner" data-state="reconnecting">
        <strong>{t('connection.lostTitle')}</strong> {wait > 0 ? t('connection.retryIn', { seconds: wait }) : t('connection.retrying')}
        {cs.pending > 0 && <> {t('connection.pending', { count: cs.pending })}</>}{' '}
        <Button kind="subtle" onClick={() => session.connection.retryNow()}>
          {t('connection.retryNow')}
        </Button>
      </div>
    );
  }
  if (c.status === 'connecting') {
    return (
      <div class="wp-banner wp-banner--info" data-testid="connection-banner" data-state="connecting">
        {t('connection.connecting')}
      </div>
    );
  }
  return null;
}

const BLOCK_KEYS: Record<Exclude<WriteBlock, null>, MessageKey> = {
  observer: 'readonly.observer',
  lobby: 'readonly.lobby',
  ended: 'readonly.ended',
  paused: 'readonly.paused',
  'not-open': 'readonly.notOpen',
  locked: 'readonly.locked',
};

/** The step timer, in step with the server clock; announced at 5 minutes, 1 minute and 0. */
export function TimerDisplay(props: { large?: boolean }) {
  const { room, cs, t, store } = useRoom();
  const now = useNow(250);
  const timer = room.runtime[room.currentStep]?.timer ?? null;
  const left = timerRemaining(timer, now, cs.clockOffset);
  const lastLeft = useRef<number | null>(null);
  useEffect(() => {
    const prev = lastLeft.current;
    lastLeft.current = left;
    if (left === null || prev === null || !timer?.running || props.large) return;
    for (const [threshold, key] of [
      [300_000, 'timer.fiveMinutes'],
      [60_000, 'timer.oneMinute'],
      [0, 'timer.done'],
    ] as const) {
      if (prev > threshold && left <= threshold) store.announce(key, {}, `${key}:${timer.deadline}`);
    }
  }, [left]);
  if (left === null || room.status === 'lobby') return null;
  const over = left <= 0;
  return (
    <div class={`wp-timer${props.large ? ' wp-timer--large' : ''}${over ? ' wp-timer--over' : ''}`} data-testid="timer">
      <span class="wp-timer__label">{t('timer.label')}</span>{' '}
      <span class="wp-timer__value" role="timer" aria-live="off">
        {clock(left)}
      </span>
      {!timer?.running && <span class="wp-timer__state"> ({t('timer.stopped')})</span>}
    </div>
  );
}

/** Whether the screen is phone-sized (one column); read once, when a view first appears. */
export function isNarrow(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 48rem)').matches;
}

/** The agenda: a disclosure (APG), open on wide screens and closed at first on a phone. */
export function Agenda() {
  const { room, template, t, lang, store, mode, cs } = useRoom();
  const [open, setOpen] = useState(() => !isNarrow());
  const listId = useId('agenda');
  const current = room.status === 'lobby' ? null : room.currentStep;
  return (
    <nav class="wp-agenda" aria-label={t('agenda.label')}>
      <h2 class="utrecht-heading-2 wp-agenda__heading">
        <button type="button" class="wp-disclosure" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)} data-testid="agenda-toggle">
          <span class="wp-disclosure__icon" aria-hidden="true" />
          {t('agenda.heading')}
          {current !== null && <span class="wp-agenda__where"> · {t('agenda.where', { number: current + 1, total: room.agenda.length })}</span>}
        </button>
      </h2>
      <ol class="wp-agenda__list" id={listId} hidden={!open}>
        {room.agenda.map((s, i) => {
          const ts = template?.steps[i];
          const isCurrent = i === current;
          const rt = room.runtime[i];
          return (
            <li
              key={s.id}
              class={`wp-agenda__item${isCurrent ? ' wp-agenda__item--current' : ''}${rt?.opened ? ' wp-agenda__item--opened' : ''}`}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span class="wp-agenda__number">{i + 1}</span>
              <span class="wp-agenda__title">
                {ts ? loc(ts.title, lang) : s.id}
                {isCurrent && <VisuallyHidden> ({t('agenda.current')})</VisuallyHidden>}
                {rt?.locked && <span class="wp-agenda__flag"> · {t('agenda.locked')}</span>}
              </span>
              <span class="wp-agenda__duration">{t('agenda.minutes', { count: Math.round(s.durationSeconds / 60) })}</span>
              {mode !== 'projector' && current !== null && !isCurrent && rt?.opened && cs.lookingBack !== i && (
                <button type="button" class="utrecht-button utrecht-button--subtle wp-agenda__look" data-testid="look-back" data-step={i} onClick={() => store.lookBack(i)}>
                  {t('lookBack.view', { number: i + 1 })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export function Presence() {
  const { room, cs, t } = useRoom();
  const online = new Set(cs.online);
  const groups = byOrganisation(room);
  return (
    <section class="wp-presence" aria-labelledby="presence-heading">
      <h2 class="utrecht-heading-2" id="presence-heading">
        {t('presence.heading')}
      </h2>
      <p class="utrecht-paragraph wp-muted">{t('presence.count', { online: online.size, total: groups.reduce((n, g) => n + g[1].length, 0) })}</p>
      {groups.map(([org, people]) => (
        <div class="wp-presence__org" key={org} data-testid="presence-org">
          <h3 class="utrecht-heading-4">{org}</h3>
          <ul class="wp-plain-list">
            {people.map((p) => {
              const on = online.has(p.id);
              return (
                <li key={p.id} class={on ? 'wp-online' : 'wp-offline'}>
                  <span class="wp-dot" aria-hidden="true" />
                  {displayName(room, p, t)}
                  {p.function ? <span class="wp-muted">, {p.function}</span> : null}
                  {p.role !== 'participant' && <span class="wp-muted"> · {t(`role.${p.role}`)}</span>}
                  <VisuallyHidden> ({on ? t('presence.online') : t('presence.offline')})</VisuallyHidden>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function StepBody(props: { index: number }) {
  const { room, template, me, t, lang, mode } = useRoom();
  const spec = room.agenda[props.index];
  const ts = template?.steps[props.index];
  if (!spec || !ts) return <p class="utrecht-paragraph">{t('step.unknown')}</p>;
  const block = writeBlock(room, me, props.index);
  const canWrite = block === null && mode !== 'projector';
  const blockNote = useRef<HTMLDivElement>(null);
  // A lock or pause turns the field being typed in into text: the focus goes to the notice saying why
  // (at the top of the screen) instead of falling to <body>, and the page stays where it was.
  useEffect(() => {
    const active = document.activeElement;
    if (block && (!active || active === document.body)) blockNote.current?.focus({ preventScroll: true });
  }, [block]);
  const common = { index: props.index, step: ts, canWrite };
  return (
    <article class={`wp-step wp-step--${spec.type}`} aria-labelledby="step-title" data-testid="step" data-step={props.index}>
      <header class="wp-step__header">
        {ts.area && <p class="utrecht-pre-heading wp-step__area">{loc(ts.area, lang)}</p>}
        <h2 class="utrecht-heading-2" id="step-title" tabIndex={-1}>
          <span class="wp-muted">{t('step.number', { number: props.index + 1, total: room.agenda.length })}</span> {loc(ts.title, lang)}
        </h2>
      </header>
      {ts.question && <p class="utrecht-paragraph utrecht-paragraph--lead wp-question">{loc(ts.question, lang)}</p>}
      <div class="wp-instructions">
        {loc(ts.instructions, lang)
          .split(/\n{2,}/)
          .map((para, i) => (
            <p class="utrecht-paragraph" key={i}>
              {para}
            </p>
          ))}
      </div>
      {block && mode !== 'projector' && block !== 'observer' && (
        <div class="wp-sticky-note" ref={blockNote} tabIndex={-1}>
          <Alert kind="info">
            <span data-testid="readonly-reason">{t(BLOCK_KEYS[block])}</span>
          </Alert>
        </div>
      )}
      <BreakoutFrame index={props.index}>
      {spec.type === 'checklist-question' && <ChecklistStep {...common} />}
      {spec.type === 'cards' && <CardsStep {...common} />}
      {spec.type === 'competences' && <CompetencesStep {...common} />}
      {spec.type === 'roles' && <RolesStep {...common} />}
      {spec.type === 'canvas' && <CanvasStep {...common} />}
      {spec.type === 'agreements' && <AgreementsList step={props.index} onlyStep={false} canWrite={canWrite} headingLevel={3} />}
      {spec.type === 'evaluation' && <EvaluationStep {...common} />}
      {spec.type === 'backlog-review' && <BacklogReviewStep index={props.index} canWrite={canWrite} />}
      </BreakoutFrame>
    </article>
  );
}

function Lobby() {
  const { room, template, t, lang, flow, mode } = useRoom();
  const [preWorkStep, setPreWorkStep] = useState<number | null>(null);
  if (preWorkStep !== null && takesPreWork(room, preWorkStep) && mode !== 'projector') {
    return (
      <>
        <PreWorkBanner onBack={() => setPreWorkStep(null)} />
        <StepBody key={preWorkStep} index={preWorkStep} />
      </>
    );
  }
  return (
    <article class="wp-step wp-lobby">
      <h2 class="utrecht-heading-2">{t('lobby.heading')}</h2>
      <p class="utrecht-paragraph">{flow ? t('lobby.facilitator') : room.selfGuided ? t('lobby.selfGuided') : t('lobby.participant')}</p>
      {template && <p class="utrecht-paragraph">{loc(template.description, lang)}</p>}
      <p class="utrecht-paragraph wp-muted">{t('lobby.steps', { count: room.agenda.length })}</p>
      {mode !== 'projector' && <PreWorkSteps onOpen={setPreWorkStep} />}
    </article>
  );
}

function StatusLine() {
  const { room, me, t } = useRoom();
  return (
    <div class="wp-statusline">
      <span class={`utrecht-status-badge wp-status wp-status--${room.status}`} data-testid="room-status">
        {t(`roomStatus.${room.status}`)}
      </span>
      {me && (
        <span class="wp-me">
          {t('room.you', { name: me.name, organisation: me.organisation })}
          {me.role !== 'participant' && <> · {t(`role.${me.role}`)}</>}
        </span>
      )}
    </div>
  );
}

/**
 * Moves the focus to the new step's heading when the step changes (or the session starts), so that a
 * keyboard or screen-reader user lands on what changed instead of on <body>. A facilitator working in the
 * console keeps the focus where it is.
 */
function useFocusOnStepChange(stepKey: string) {
  useChangeEffect(() => {
    const active = document.activeElement;
    const inConsole = active instanceof HTMLElement && active.isConnected && !!active.closest('.wp-console, .wp-facilitator');
    if (inConsole) return;
    document.getElementById('step-title')?.focus();
  }, [stepKey]);
}

/** Says which earlier step this person looks at, with the way back to the live step. */
function LookBackBanner(props: { step: number }) {
  const { room, t, store } = useRoom();
  return (
    <div class="wp-sticky-note" data-testid="look-back-banner">
      <Alert kind="info" role="status">
        {t('lookBack.viewing', { number: props.step + 1, current: room.currentStep + 1 })}{' '}
        <Button kind="subtle" data-testid="look-back-return" onClick={() => store.lookBack(null)}>
          {t('lookBack.return')}
        </Button>
      </Alert>
    </div>
  );
}

/** The whole room page below the site header. */
export function RoomView() {
  const { room, mode, flow, t, cs, me } = useRoom();
  const current = room.currentStep;
  const shown = room.status !== 'lobby' && mode !== 'projector' && cs.lookingBack !== null ? cs.lookingBack : current;
  useEffect(() => {
    document.title = `${room.title} – Werkplaats`;
  }, [room.title]);
  useFocusOnStepChange(room.status === 'lobby' ? 'lobby' : String(current));
  return (
    <div class={`wp-room${flow ? ' wp-room--facilitator' : ''}`}>
      <ConnectionBanner />
      <div class="wp-room__top">
        <div>
          <h1 class="utrecht-heading-1 wp-room__title">{room.title}</h1>
          <StatusLine />
        </div>
        <TimerDisplay />
      </div>
      {mode === 'facilitator' && <ShareBox />}
      {flow && <FacilitatorBar />}
      {room.selfGuided && !flow && mode !== 'projector' && <SelfGuidedBar />}
      {room.selfGuided && flow && <ChairNote room={room} me={me} t={t} />}
      <div class="wp-sticky-note">
        <Notices />
      </div>
      {room.status === 'ended' && (
        <Alert kind="info" role="status">
          {t('room.endedNotice')}
          {cs.resultsToken && mode !== 'projector' && <ResultsLink roomId={room.roomId} token={cs.resultsToken} />}
        </Alert>
      )}
      {room.status === 'ended' && cs.resultsToken && flow && (
        <section class="wp-section" aria-labelledby="results-heading">
          <h2 class="utrecht-heading-2" id="results-heading">
            {t('results.downloads')}
          </h2>
          <SummaryVersions roomId={room.roomId} title={room.title} token={cs.resultsToken} />
        </section>
      )}
      <div class="wp-room__grid">
        <aside class="wp-room__agenda">
          <Agenda />
        </aside>
        <div class="wp-room__main">
          {shown !== current && <LookBackBanner step={shown} />}
          {room.status === 'lobby' ? <Lobby /> : <StepBody key={shown} index={shown} />}
        </div>
        <aside class="wp-room__side">
          {flow && <FacilitatorPanel />}
          <Presence />
        </aside>
      </div>
    </div>
  );
}

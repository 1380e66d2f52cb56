// The projector: the room on the big screen of a meeting room, opened with a read-only link of its own
// (/p/{roomId}#<projectorToken>). No controls; large type that scales with the screen; the current step is
// shrunk until it fits, so nothing needs scrolling; the join address, code and QR code until the end.
import { ChecklistOverview } from './Overview';
import { ConsentRow } from './steps/Checklist';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatJoinCode } from '../api';
import { formatDate, loc } from '../i18n';
import type { Agreement, TemplateStep } from '../protocol';
import {
  checklistAnswers,
  columnsFor,
  fitScale,
  joinAddress,
  outcome,
  participantLink,
  qrPath,
  showsJoin,
  stepPosition,
  wallCards,
} from '../projector';
import { activeParticipants, byOrganisation, competenceCoverage, evaluationSummary } from '../roomState';
import { useT } from './hooks';
import { Ended, LiveRoom } from './pages';
import type { Ending } from './pages';
import { ConnectionBanner, TimerDisplay } from './Room';
import { displayName, useRoom } from './roomContext';
import '../projector.css';
import { STATUS_KEYS } from './steps/BacklogReview';

// ------------------------------------------------------------------ the page

export function ProjectorPage(props: { roomId: string; token: string; urls: string[] }) {
  const { t } = useT();
  const [ending, setEnding] = useState<Ending | null>(props.token ? null : 'unauthorised');
  if (ending) {
    return (
      <ProjectorShell title={t('projector.title')}>
        <div class="pj-message">
          <Ended reason={ending} message={ending === 'unauthorised' ? 'projector.linkInvalid' : undefined} />
        </div>
      </ProjectorShell>
    );
  }
  return (
    <ProjectorShell title={t('projector.title')}>
      <LiveRoom
        roomId={props.roomId}
        urls={props.urls}
        mode="projector"
        view={ProjectorView}
        auth={() => ({ kind: 'projector', token: props.token })}
        onHandshakeError={() => setEnding('protocol')}
        onEnd={(reason) => setEnding(reason)}
      />
    </ProjectorShell>
  );
}

/** No site header or footer: the whole screen is the room. */
function ProjectorShell(props: { title: string; children: ComponentChildren }) {
  const { lang } = useT();
  useEffect(() => {
    document.title = `${props.title} – Werkplaats`;
    document.documentElement.lang = lang;
    document.documentElement.classList.add('pj-html');
    return () => document.documentElement.classList.remove('pj-html');
  }, [props.title, lang]);
  return (
    <main id="main" class="pj-page">
      {props.children}
    </main>
  );
}

// ------------------------------------------------------------------ the view

export function ProjectorView() {
  const { room, template, t, lang } = useRoom();
  const position = stepPosition(room);
  const ts = template?.steps[room.currentStep];
  useEffect(() => {
    document.title = `${room.title} – ${t('projector.title')}`;
  }, [room.title, lang]);
  let body;
  if (room.status === 'lobby') body = <Lobby />;
  else if (room.status === 'ended') body = <Outcome />;
  else body = ts ? <StepOnWall index={room.currentStep} step={ts} /> : null;
  return (
    <div class={`pj pj--${room.status}`} data-testid="projector" data-phase={room.status}>
      <ConnectionBanner />
      <header class="pj-top">
        <div class="pj-top__titles">
          {position && ts ? (
            <>
              <p class="pj-top__session">
                {room.title} · {t('projector.step', position)}
              </p>
              <h1 class="pj-top__heading">{loc(ts.title, lang)}</h1>
            </>
          ) : (
            <h1 class="pj-top__heading">{room.title}</h1>
          )}
        </div>
        <p class={`pj-phase pj-phase--${room.status}`} data-testid="projector-phase">
          {t(`roomStatus.${room.status}`)}
        </p>
        {room.status !== 'ended' && <TimerDisplay large />}
      </header>
      {room.status === 'paused' && (
        <p class="pj-paused" role="status">
          {t('projector.paused')}
        </p>
      )}
      {/* The lobby and the end have little to show: they may grow beyond the page's type. */}
      <FitBox max={room.status === 'lobby' || room.status === 'ended' ? 1.5 : 1}>{body}</FitBox>
      {showsJoin(room) && room.status !== 'lobby' && <JoinStrip />}
    </div>
  );
}

/**
 * The current step's area: its content is set in the largest type (up to `max` times the page's) at which it fits the
 * space left on the screen, measured again after every change and when the window changes size.
 */
function FitBox(props: { children: ComponentChildren; max: number }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const measured = useRef('');
  useLayoutEffect(() => {
    const o = outer.current;
    const i = inner.current;
    if (!o || !i) return;
    const fit = () => {
      // Presence and typing lists re-render the view often; measure only when what is shown or the space changed.
      const what = `${o.clientWidth}x${o.clientHeight}:${props.max}:${i.textContent}`;
      if (what === measured.current) return;
      measured.current = what;
      const fits = (scale: number) => {
        i.style.fontSize = `${scale}em`;
        return i.scrollHeight <= o.clientHeight && i.scrollWidth <= o.clientWidth + 1;
      };
      const scale = fitScale(fits, 0.4, props.max);
      i.style.fontSize = `${scale}em`;
      o.dataset.scale = scale.toFixed(2);
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => fit());
    observer.observe(o);
    return () => observer.disconnect();
  });
  return (
    <div class="pj-body" ref={outer} data-testid="projector-body">
      <div class="pj-body__inner" ref={inner}>
        {props.children}
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ joining

function QrCode(props: { text: string; label: string; class: string }) {
  const { d, size } = useMemo(() => qrPath(props.text), [props.text]);
  return (
    <svg
      class={props.class}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={props.label}
      data-testid="join-qr"
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

function Lobby() {
  const { room, cs, t } = useRoom();
  const origin = window.location.origin;
  const present = activeParticipants(room).filter((p) => p.role !== 'facilitator' && cs.online.includes(p.id)).length;
  const groups = byOrganisation(room).filter(([, people]) => people.some((p) => p.role !== 'facilitator'));
  return (
    <div class="pj-lobby">
      <section class="pj-lobby__join" aria-labelledby="pj-join-heading">
        <h2 id="pj-join-heading" class="pj-lobby__heading">
          {t('projector.joinHeading')}
        </h2>
        <p class="pj-lobby__line">{t('projector.goTo')}</p>
        <p class="pj-lobby__address" data-testid="join-address">
          {joinAddress(origin)}
        </p>
        <p class="pj-lobby__line">{t('projector.enterCode')}</p>
        <p class="pj-lobby__code" data-testid="join-code">
          {formatJoinCode(room.joinCode)}
        </p>
        <p class="pj-lobby__line">{t('projector.orScan')}</p>
      </section>
      <div class="pj-lobby__qr">
        <QrCode class="pj-qr" text={participantLink(origin, room.roomId)} label={t('projector.qr')} />
      </div>
      <div class="pj-lobby__who">
        <p class="pj-lobby__present">
          {t('projector.present', { count: present })} · {t('projector.startsSoon')}
        </p>
        {groups.length > 0 && (
          <ul class="pj-chips">
            {groups.map(([organisation, people]) => (
              <li key={organisation} class="pj-chip">
                {organisation} ({people.filter((p) => p.role !== 'facilitator').length})
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** Latecomers can still join: the address, the code and a small QR code along the bottom. */
function JoinStrip() {
  const { room, t } = useRoom();
  const origin = window.location.origin;
  return (
    <footer class="pj-strip">
      <p class="pj-strip__text" data-testid="join-code">
        {t('projector.joinShort', { address: joinAddress(origin), code: formatJoinCode(room.joinCode) })}
      </p>
      <QrCode class="pj-qr pj-qr--small" text={participantLink(origin, room.roomId)} label={t('projector.qr')} />
    </footer>
  );
}

// ------------------------------------------------------------------ steps

function Paragraphs(props: { text: string; class?: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i} class={props.class ?? 'pj-text'}>
            {p.trim()}
          </p>
        ))}
    </>
  );
}

function StepOnWall(props: { index: number; step: TemplateStep }) {
  const { lang } = useRoom();
  const { step, index } = props;
  switch (step.type) {
    case 'checklist-question':
      return <ChecklistOnWall index={index} step={step} />;
    case 'cards':
      return <CardsOnWall index={index} step={step} />;
    case 'competences':
      return <CompetencesOnWall index={index} step={step} />;
    case 'roles':
      return <RolesOnWall index={index} step={step} />;
    case 'canvas':
      return <CanvasOnWall index={index} step={step} />;
    case 'agreements':
      return <AgreementsOnWall index={index} step={step} />;
    case 'evaluation':
      return <EvaluationOnWall index={index} step={step} />;
    case 'backlog-review':
      return <BacklogOnWall step={step} />;
    default:
      // Between the questions (an info step): the whole checklist at a glance, when the session has one.
      return (
        <>
          <Paragraphs text={loc(step.instructions, lang)} class="pj-text pj-text--lead" />
          <ChecklistOverview />
        </>
      );
  }
}

function ChecklistOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const content = room.content[props.index];
  const answers = checklistAnswers(room, props.index);
  const joint = (content?.texts?.joint?.text ?? '').trim();
  const status = content?.status ?? 'open';
  const agreements = Object.values(room.agreements).filter((a) => a.step === props.index);
  return (
    <div class="pj-checklist">
      {props.step.area && <p class="pj-area">{loc(props.step.area, lang)}</p>}
      {props.step.question && <p class="pj-question">{loc(props.step.question, lang)}</p>}
      <section aria-labelledby="pj-answers">
        <h2 id="pj-answers" class="pj-h2">
          {t('projector.answers')}
        </h2>
        {answers.length === 0 ? (
          <p class="pj-muted">{t('projector.noOrganisations')}</p>
        ) : (
          <div class="pj-columns" style={{ '--pj-columns': columnsFor(answers.length) }}>
            {answers.map((a) => (
              <section key={a.organisation} class="pj-panel" data-testid="projector-answer">
                <h3 class="pj-panel__title">{a.organisation}</h3>
                {a.text ? <p class="pj-panel__text">{a.text}</p> : <p class="pj-muted">{t('projector.noAnswer')}</p>}
              </section>
            ))}
          </div>
        )}
      </section>
      <section class="pj-joint" aria-labelledby="pj-joint">
        <div class="pj-joint__head">
          <h2 id="pj-joint" class="pj-h2">
            {t('checklist.joint')}
          </h2>
          <span class={`pj-status pj-status--${status}`}>{t(`status.${status}`)}</span>
        </div>
        {joint ? <p class="pj-panel__text">{joint}</p> : <p class="pj-muted">{t('projector.noAnswer')}</p>}
        <ConsentRow step={props.index} canWrite={false} />
      </section>
      {agreements.length > 0 && (
        <section aria-labelledby="pj-step-agreements">
          <h2 id="pj-step-agreements" class="pj-h2">
            {t('agreements.headingStep')}
          </h2>
          <AgreementList agreements={agreements} />
        </section>
      )}
    </div>
  );
}

function CardsOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const prompts = props.step.cards?.prompts ?? [];
  const wall = wallCards(room, props.index, prompts.length);
  return (
    <div class="pj-cards">
      <Paragraphs text={loc(props.step.instructions, lang)} class="pj-text pj-text--intro" />
      <div class="pj-columns" style={{ '--pj-columns': columnsFor(wall.length) }}>
        {wall.map((p) => (
          <section key={p.prompt} class="pj-wall" aria-labelledby={`pj-prompt-${p.prompt}`}>
            <h2 id={`pj-prompt-${p.prompt}`} class="pj-h2">
              {prompts[p.prompt] ? loc(prompts[p.prompt], lang) : ''}
            </h2>
            {p.cards.length === 0 && p.hidden === 0 && <p class="pj-muted">{t('projector.noCards')}</p>}
            <ul class="pj-notes">
              {p.cards.map((c) => (
                <li key={c.id} class="pj-note">
                  <span class="pj-note__text">{c.text}</span>
                  {c.dots > 0 && <span class="pj-note__dots">{t('projector.dots', { count: c.dots })}</span>}
                </li>
              ))}
            </ul>
            {p.hidden > 0 && <p class="pj-muted">{t('projector.hiddenCards', { count: p.hidden })}</p>}
          </section>
        ))}
      </div>
    </div>
  );
}

function CompetencesOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const names = new Map((props.step.competences ?? []).map((c) => [c.id, loc(c.name, lang)]));
  const coverage = competenceCoverage(room, props.index);
  const raters = Object.keys(room.content[props.index]?.ratings ?? {}).length;
  return (
    <div class="pj-coverage">
      <p class="pj-text">{t('projector.rated', { count: raters })}</p>
      <ul class="pj-bars">
        {coverage.map((c) => (
          <li key={c.competenceId} class={`pj-bar${c.gap ? ' pj-bar--gap' : ''}`}>
            <span class="pj-bar__name">{names.get(c.competenceId) ?? c.competenceId}</span>
            <span class="pj-bar__track" aria-hidden="true">
              <span class="pj-bar__fill" style={{ width: `${((c.highest ?? 0) / 5) * 100}%` }} />
            </span>
            <span class="pj-bar__value">
              {c.highest === null ? t('projector.gap') : t('projector.highest', { value: c.highest })}
              {c.highest !== null && c.gap && ` · ${t('projector.gap')}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Panel {
  key: string;
  title: string;
  text: string;
}

/** Panels side by side (at most three columns), each a heading over its text, or `empty` in grey. */
function Panels(props: { panels: Panel[]; empty: string }) {
  return (
    <div class="pj-columns" style={{ '--pj-columns': columnsFor(Math.min(props.panels.length, 3)) }}>
      {props.panels.map((p) => (
        <section key={p.key} class="pj-panel">
          <h2 class="pj-panel__title">{p.title}</h2>
          {p.text ? <p class="pj-panel__text">{p.text}</p> : <p class="pj-muted">{props.empty}</p>}
        </section>
      ))}
    </div>
  );
}

function RolesOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const assignments = room.content[props.index]?.roleAssignments ?? {};
  const panels = (props.step.roles ?? []).map((r) => ({
    key: r.id,
    title: loc(r.name, lang),
    text: (assignments[r.id] ?? []).map((id) => displayName(room, room.participants[id], t)).join(', '),
  }));
  return <Panels panels={panels} empty={t('projector.unfilled')} />;
}

function CanvasOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const texts = room.content[props.index]?.texts ?? {};
  const panels = (props.step.fields ?? []).map((f) => ({
    key: f.id,
    title: loc(f.label, lang),
    text: (texts[`field:${f.id}`]?.text ?? '').trim(),
  }));
  return <Panels panels={panels} empty={t('projector.noAnswer')} />;
}

function AgreementsOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const all = outcome(room).agreements;
  return (
    <div>
      <Paragraphs text={loc(props.step.instructions, lang)} class="pj-text pj-text--intro" />
      {all.length ? <AgreementList agreements={all} /> : <p class="pj-muted">{t('projector.noAgreements')}</p>}
    </div>
  );
}

/** The project's items the room reviews, with their status as it changes. */
function BacklogOnWall(props: { step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const items = Object.values(room.backlog ?? {});
  return (
    <div>
      <Paragraphs text={loc(props.step.instructions, lang)} class="pj-text pj-text--intro" />
      {items.length === 0 ? (
        <p class="pj-muted">{t('backlog.empty')}</p>
      ) : (
        <ul class="pj-agreements">
          {items.map((i) => (
            <li key={i.id} class={`pj-agreement pj-agreement--${i.status}`}>
              <span class="pj-agreement__what">{i.what}</span>
              <span class="pj-agreement__meta">
                {[
                  `${t('backlog.status')}: ${t(STATUS_KEYS[i.status])}`,
                  i.ownerOrganisation || i.ownerPerson ? `${t('backlog.owner')}: ${[i.ownerOrganisation, i.ownerPerson].filter(Boolean).join(', ')}` : '',
                  i.due ? `${t('agreements.due')}: ${formatDay(i.due, lang)}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EvaluationOnWall(props: { index: number; step: TemplateStep }) {
  const { room, t, lang } = useRoom();
  const summary = evaluationSummary(room, props.index);
  if (summary.average === null) {
    return (
      <div>
        <Paragraphs text={loc(props.step.instructions, lang)} class="pj-text pj-text--intro" />
        <p class="pj-text">{t('projector.marksHidden', { count: summary.count })}</p>
      </div>
    );
  }
  const most = Math.max(1, ...summary.distribution);
  return (
    <div class="pj-evaluation">
      <p class="pj-average">
        {t('projector.average')}: <strong>{summary.average.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 })}</strong>
      </p>
      <ol class="pj-marks" aria-label={t('evaluation.results')}>
        {summary.distribution.map((n, i) => (
          <li key={i} class="pj-marks__bar">
            <span class="pj-marks__count">{n}</span>
            <span class="pj-marks__fill" style={{ height: `${(n / most) * 100}%` }} aria-hidden="true" />
            <span class="pj-marks__mark">{i + 1}</span>
          </li>
        ))}
      </ol>
      {summary.tips.length > 0 && (
        <ul class="pj-notes">
          {summary.tips.slice(0, 6).map((tip, i) => (
            <li key={i} class="pj-note">
              <span class="pj-note__text">{tip}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AgreementList(props: { agreements: Agreement[] }) {
  const { t, lang } = useRoom();
  return (
    <ul class="pj-agreements">
      {props.agreements.map((a) => (
        <li key={a.id} class="pj-agreement">
          <span class="pj-agreement__what">{a.what}</span>
          {(a.who || a.due) && (
            <span class="pj-agreement__meta">
              {a.who && `${t('agreements.who')}: ${a.who}`}
              {a.who && a.due && ' · '}
              {a.due && `${t('agreements.due')}: ${formatDay(a.due, lang)}`}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function formatDay(day: string, lang: string): string {
  const d = new Date(`${day}T12:00:00`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

// ------------------------------------------------------------------ after the end

function Outcome() {
  const { room, t, lang } = useRoom();
  const result = outcome(room);
  return (
    <div class="pj-outcome" data-testid="projector-outcome">
      <p class="pj-text pj-text--lead">{t('projector.ended')}</p>
      {result.statuses && (
        <p class="pj-text">
          {t('projector.questions')}:{' '}
          {(['agreed', 'not-applicable', 'open'] as const).map((s, i) => (
            <span key={s}>
              {i > 0 && ' · '}
              <span class={`pj-status pj-status--${s}`}>
                {t(`status.${s}`)}: {result.statuses?.[s]}
              </span>
            </span>
          ))}
        </p>
      )}
      <section aria-labelledby="pj-outcome-heading">
        <h2 id="pj-outcome-heading" class="pj-h2">
          {t('projector.outcome')}
        </h2>
        {result.agreements.length ? <AgreementList agreements={result.agreements} /> : <p class="pj-muted">{t('projector.noAgreements')}</p>}
      </section>
      <ChecklistOverview />
      {room.endedAt > 0 && <p class="pj-muted">{formatDate(room.endedAt, lang)}</p>}
    </div>
  );
}

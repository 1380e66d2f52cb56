// The facilitator's controls: the flow, the timer, locking and revealing, progress, the facilitator notes,
// and the people in the room. The server checks every role; these buttons are only shown to those allowed.
import { BreakoutControls } from './Breakouts';
import { ChecklistOverview } from './Overview';
import type { CommandBody } from '../protocol';
import { useEffect, useState } from 'preact/hooks';
import { loc } from '../i18n';
import type { Participant, Role } from '../protocol';
import { api, formatJoinCode as formatCode } from '../api';
import { activeParticipants, organisations, organisationsWithoutAnswer } from '../roomState';
import { Button, CopyButton, TextField } from './common';
import { useId } from './hooks';
import { ProjectorLink } from './ProjectorLink';
import { PreWorkPanel } from './PreWork';
import { useRoom } from './roomContext';
import type { RoomView } from './roomContext';
import { typistNames, typistsStopped } from '../typing';

type Stopping = 'locked' | 'paused' | 'ended' | 'moved';

/**
 * Sends a command that stops people writing in `step` (a lock, a pause, the end, moving on) and, once the
 * room applied it, tells the facilitator who was still typing there (per the room's volatile typing list as
 * it was at the click).
 */
function sendStopping(v: RoomView, body: CommandBody, step: number, why: Stopping): void {
  const typists = typistsStopped(v.room, v.cs.typing, step, v.me?.id, why === 'ended');
  v.session
    .command(body)
    .then(() => {
      if (typists.length > 0) {
        v.store.notice('info', `typing.stopped.${why}`, { count: typists.length, names: typistNames(v.room, typists) });
      }
    })
    .catch(() => undefined);
}

/** Join code and links, large, for the facilitator to share. */
export function ShareBox() {
  const { room, t } = useRoom();
  const origin = window.location.origin;
  const participantUrl = `${origin}/j/${encodeURIComponent(room.roomId)}`;
  return (
    <section class="wp-share" aria-labelledby="share-heading">
      <h2 class="utrecht-heading-3" id="share-heading">
        {t('share.heading')}
      </h2>
      <div class="wp-share__grid">
        <div>
          <p class="wp-share__label">{t('share.code')}</p>
          <p class="wp-share__code" data-testid="join-code">
            {formatCode(room.joinCode)}
          </p>
          <p class="utrecht-paragraph wp-muted">{t('share.codeHelp', { origin })}</p>
        </div>
        <div>
          <p class="wp-share__label">{t('share.link')}</p>
          <p class="wp-share__link">
            <a class="utrecht-link" href={participantUrl} data-testid="participant-link">
              {participantUrl}
            </a>
          </p>
          <CopyButton text={participantUrl} label={t('share.copyLink')} />
          <ProjectorLink />
        </div>
      </div>
    </section>
  );
}

function FlowControls() {
  const view = useRoom();
  const { room, me, session, t, lang, template } = view;
  const selectId = useId('goto');
  const [target, setTarget] = useState(String(room.currentStep));
  useEffect(() => setTarget(String(room.currentStep)), [room.currentStep]);
  const send = (body: CommandBody) => session.command(body).catch(() => undefined);
  const owner = me?.role === 'facilitator';
  const s = room.status;
  const last = room.agenda.length - 1;
  return (
    <section class="wp-panel wp-console__part" aria-labelledby="flow-heading">
      <h2 class="utrecht-heading-3" id="flow-heading">
        {t('flow.heading')}
      </h2>
      <div class="utrecht-button-group wp-button-wrap">
        {s === 'lobby' && (
          <Button kind="primary" onClick={() => send({ type: 'start' })}>
            {t('flow.start')}
          </Button>
        )}
        {(s === 'running' || s === 'paused') && (
          <>
            <Button disabled={room.currentStep <= 0} onClick={() => sendStopping(view, { type: 'previous', fromStep: room.currentStep }, room.currentStep, 'moved')}>
              {t('flow.previous')}
            </Button>
            <Button kind="primary" disabled={room.currentStep >= last} onClick={() => sendStopping(view, { type: 'next', fromStep: room.currentStep }, room.currentStep, 'moved')}>
              {t('flow.next')}
            </Button>
            <Button disabled={room.history.length === 0} onClick={() => sendStopping(view, { type: 'undo-advance', fromStep: room.currentStep }, room.currentStep, 'moved')}>
              {t('flow.undo')}
            </Button>
            {s === 'running' ? (
              <Button onClick={() => sendStopping(view, { type: 'pause' }, room.currentStep, 'paused')}>{t('flow.pause')}</Button>
            ) : (
              <Button kind="primary" onClick={() => send({ type: 'resume' })}>
                {t('flow.resume')}
              </Button>
            )}
          </>
        )}
        {s === 'ended' && owner && <Button onClick={() => send({ type: 'reopen' })}>{t('flow.reopen')}</Button>}
      </div>
      {(s === 'running' || s === 'paused') && (
        <form
          class="wp-row wp-row--end"
          onSubmit={(e) => {
            e.preventDefault();
            const step = Number(target);
            if (Number.isInteger(step) && step !== room.currentStep) {
              sendStopping(view, { type: 'go-to-step', step, fromStep: room.currentStep }, room.currentStep, 'moved');
            }
          }}
        >
          <span class="wp-inline-field">
            <label class="utrecht-form-label" for={selectId}>
              {t('flow.goTo')}
            </label>
            <select id={selectId} class="utrecht-select utrecht-select--html-select" value={target} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
              {room.agenda.map((st, i) => (
                <option value={String(i)} key={st.id}>
                  {i + 1}. {template ? loc(template.steps[i]?.title, lang) : st.id}
                </option>
              ))}
            </select>
          </span>
          <Button type="submit">{t('flow.go')}</Button>
        </form>
      )}
    </section>
  );
}

function StepControls() {
  const view = useRoom();
  const { room, session, t } = view;
  const i = room.currentStep;
  const spec = room.agenda[i];
  const rt = room.runtime[i];
  const [minutes, setMinutes] = useState(String(Math.max(1, Math.round((spec?.durationSeconds ?? 300) / 60))));
  if (!spec || !rt || room.status === 'lobby' || room.status === 'ended') return null;
  const send = (body: CommandBody) => session.command(body).catch(() => undefined);
  const revealable = spec.privateUntilReveal || spec.type === 'evaluation';
  return (
    <section class="wp-panel wp-console__part" aria-labelledby="stepctl-heading">
      <h2 class="utrecht-heading-3" id="stepctl-heading">
        {t('stepctl.heading')}
      </h2>
      <div class="utrecht-button-group wp-button-wrap">
        <Button
          onClick={() =>
            rt.locked ? send({ type: 'lock', step: i, locked: false }) : sendStopping(view, { type: 'lock', step: i, locked: true }, i, 'locked')
          }
        >{rt.locked ? t('stepctl.unlock') : t('stepctl.lock')}</Button>
        {revealable && (
          <Button disabled={rt.revealed} onClick={() => send({ type: 'reveal', step: i })}>
            {rt.revealed ? t('stepctl.revealed') : t('stepctl.reveal')}
          </Button>
        )}
        <Button data-testid="call-back" onClick={() => send({ type: 'call-back' })}>
          {t('lookBack.callBack')}
        </Button>
      </div>
      <form
        class="wp-row wp-row--end"
        onSubmit={(e) => {
          e.preventDefault();
          const m = Number(minutes.replace(',', '.'));
          if (m > 0) send({ type: 'set-timer', seconds: Math.min(14_400, Math.max(1, Math.round(m * 60))) });
        }}
      >
        <TextField label={t('stepctl.minutes')} value={minutes} onInput={setMinutes} inputMode="decimal" />
        <Button type="submit">{t('stepctl.setTimer')}</Button>
      </form>
      <div class="utrecht-button-group wp-button-wrap">
        <Button disabled={!rt.timer} onClick={() => send({ type: 'extend-timer', seconds: 60 })}>
          {t('stepctl.extend1')}
        </Button>
        <Button disabled={!rt.timer} onClick={() => send({ type: 'extend-timer', seconds: 300 })}>
          {t('stepctl.extend5')}
        </Button>
        <Button kind="subtle" disabled={!rt.timer} onClick={() => send({ type: 'clear-timer' })}>
          {t('stepctl.clearTimer')}
        </Button>
      </div>
    </section>
  );
}

function Progress() {
  const { room, t } = useRoom();
  const i = room.currentStep;
  const spec = room.agenda[i];
  if (!spec || room.status === 'lobby') return null;
  const content = room.content[i] ?? {};
  const contributors = activeParticipants(room).filter((p) => p.role === 'participant');
  let body;
  if (spec.type === 'checklist-question') {
    const missing = organisationsWithoutAnswer(room, i);
    const total = organisations(room).length;
    body =
      missing.length === 0 ? (
        <p class="utrecht-paragraph">{t('progress.allAnswered', { count: total })}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">{t('progress.missing', { count: missing.length, total })}</p>
          <ul class="wp-plain-list" data-testid="missing-organisations">
            {missing.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </>
      );
  } else if (spec.type === 'competences') {
    body = <p class="utrecht-paragraph">{t('progress.rated', { count: Object.keys(content.ratings ?? {}).length, total: contributors.length })}</p>;
  } else if (spec.type === 'evaluation') {
    body = <p class="utrecht-paragraph">{t('progress.evaluated', { count: Object.keys(content.evaluations ?? {}).length, total: contributors.length })}</p>;
  } else if (spec.type === 'cards') {
    const authors = new Set(Object.values(content.cards ?? {}).map((c) => c.authorId));
    body = <p class="utrecht-paragraph">{t('progress.cards', { cards: Object.keys(content.cards ?? {}).length, count: authors.size, total: contributors.length })}</p>;
  } else if (spec.type === 'roles') {
    const open = spec.roleIds.filter((r) => !(content.roleAssignments?.[r] ?? []).length).length;
    body = <p class="utrecht-paragraph">{t('roles.openCount', { count: open })}</p>;
  } else {
    return null;
  }
  return (
    <section class="wp-panel" aria-labelledby="progress-heading">
      <h2 class="utrecht-heading-3" id="progress-heading">
        {t('progress.heading')}
      </h2>
      {body}
    </section>
  );
}

function Notes() {
  const { room, template, t, lang } = useRoom();
  const notes = template?.steps[room.currentStep]?.facilitatorNotes;
  if (!notes || room.status === 'lobby') return null;
  return (
    <section class="wp-panel wp-notes" aria-labelledby="notes-heading">
      <h2 class="utrecht-heading-3" id="notes-heading">
        {t('notes.heading')}
      </h2>
      <p class="utrecht-paragraph" data-testid="facilitator-notes">
        {loc(notes, lang)}
      </p>
    </section>
  );
}

function PersonControls(props: { p: Participant }) {
  const { me, session, t } = useRoom();
  const { p } = props;
  const owner = me?.role === 'facilitator';
  const send = (body: CommandBody) => session.command(body).catch(() => undefined);
  if (p.id === me?.id || p.role === 'facilitator') return null;
  const setRole = (role: Exclude<Role, 'facilitator'>) => send({ type: 'set-role', participantId: p.id, role });
  return (
    <div class="utrecht-button-group wp-button-wrap">
      {owner && p.role !== 'co-facilitator' && (
        <Button kind="subtle" onClick={() => setRole('co-facilitator')}>
          {t('people.promote')}
          <span class="wp-visually-hidden">: {p.name}</span>
        </Button>
      )}
      {owner && p.role !== 'participant' && (
        <Button kind="subtle" onClick={() => setRole('participant')}>
          {t('people.demote')}
          <span class="wp-visually-hidden">: {p.name}</span>
        </Button>
      )}
      {owner && (
        <Button
          kind="subtle"
          onClick={() => {
            if (window.confirm(t('people.confirmHandOver', { name: p.name }))) send({ type: 'hand-over', participantId: p.id });
          }}
        >
          {t('people.handOver')}
          <span class="wp-visually-hidden">: {p.name}</span>
        </Button>
      )}
      {(owner || p.role !== 'co-facilitator') && (
        <Button
          kind="subtle"
          onClick={() => {
            if (window.confirm(t('people.confirmRemove', { name: p.name }))) send({ type: 'remove-participant', participantId: p.id });
          }}
        >
          {t('people.remove')}
          <span class="wp-visually-hidden">: {p.name}</span>
        </Button>
      )}
    </div>
  );
}

function People() {
  const { room, cs, t } = useRoom();
  const online = new Set(cs.online);
  const people = activeParticipants(room).sort((a, b) => a.organisation.localeCompare(b.organisation, 'nl') || a.name.localeCompare(b.name, 'nl'));
  return (
    <section class="wp-panel" aria-labelledby="people-heading">
      <h2 class="utrecht-heading-3" id="people-heading">
        {t('people.heading')}
      </h2>
      <details>
        <summary>{t('people.manage', { count: people.length })}</summary>
        <ul class="wp-people">
          {people.map((p) => (
            <li key={p.id} class="wp-person">
              <span class={online.has(p.id) ? 'wp-online' : 'wp-offline'}>
                <span class="wp-dot" aria-hidden="true" />
                {p.name} ({p.organisation}) · {t(`role.${p.role}`)}
                <span class="wp-visually-hidden"> ({online.has(p.id) ? t('presence.online') : t('presence.offline')})</span>
              </span>
              <PersonControls p={p} />
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/**
 * Ending the session, on its own and away from "start" and "next": it cannot be undone by participants and
 * asks for a confirmation.
 */
function EndSession() {
  const view = useRoom();
  const { room, t } = view;
  if (room.status === 'ended') return null;
  return (
    <section class="wp-panel wp-end-session" aria-labelledby="end-heading">
      <h2 class="utrecht-heading-3" id="end-heading">
        {t('flow.endHeading')}
      </h2>
      <p class="utrecht-paragraph wp-muted">{t('flow.endHelp')}</p>
      <Button
        kind="danger"
        onClick={() => {
          if (window.confirm(t('flow.confirmEnd'))) sendStopping(view, { type: 'end' }, room.currentStep, 'ended');
        }}
      >
        {t('flow.end')}
      </Button>
    </section>
  );
}

/** The essential controls (the flow, this step, the timer) in one bar above the room, in reach without scrolling. */
export function FacilitatorBar() {
  return (
    <div class="wp-console" data-testid="facilitator-console">
      <FlowControls />
      <StepControls />
      <BreakoutControls />
    </div>
  );
}

export function FacilitatorPanel() {
  const { cs } = useRoom();
  return (
    <div class="wp-facilitator" data-testid="facilitator-panel">
      <Progress />
      {(cs.room?.status === 'lobby' || cs.room?.preWork) && <PreWorkPanel />}
      <ChecklistOverview downloadPoster={posterDownload(cs.room?.roomId)} />
      <Notes />
      <People />
      <EndSession />
    </div>
  );
}

/** Downloads the poster of the checklist overview (docs/api.md) with the facilitator link's token. */
function posterDownload(roomId: string | undefined): (() => void) | null {
  const token = typeof location === 'undefined' ? '' : decodeURIComponent(location.hash.slice(1));
  if (!roomId || !token) return null;
  const path = `/api/rooms/${encodeURIComponent(roomId)}/overview.pdf`;
  return () => void api.download({ key: token }, path, `werkplaats-${roomId}-overview.pdf`).catch(() => undefined);
}

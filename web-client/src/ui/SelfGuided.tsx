// A self-guided session (no facilitator): who chairs, the step controls for whoever may move the session, the
// step's guidance for the group, and a gentle signal when the timer reaches zero. The server checks every move.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { loc } from '../i18n';
import type { Lang, T } from '../i18n';
import type { CommandBody, Participant, RoomState, Template } from '../protocol';
import { timerRemaining } from '../roomState';
import { chairCandidates, chairOf, mayMove, mayTakeChair, reachedZero } from '../selfGuided';
import { Alert, Button } from './common';
import { useId, useNow } from './hooks';
import { displayName, useRoom } from './roomContext';

export interface SelfGuidedProps {
  room: RoomState;
  me: Participant | undefined;
  online: readonly string[];
  template: Template | null;
  t: T;
  lang: Lang;
  /** What is left of the current step's timer (ms), or null without one. */
  left: number | null;
  send: (body: CommandBody) => void;
  /** More controls of this person's own (the sound switch). */
  children?: ComponentChildren;
}

/** Who moves the session: everyone, the chair (me or someone else), or nobody yet. */
export function ChairNote(props: { room: RoomState; me: Participant | undefined; t: T }) {
  const { room, me, t } = props;
  if (room.selfGuided?.guide !== 'chair') {
    return <p class="utrecht-paragraph" data-testid="chair-note">{t('selfGuided.anyone')}</p>;
  }
  const chair = chairOf(room);
  const text = !chair
    ? t('selfGuided.noChair')
    : chair.id === me?.id
      ? t('selfGuided.youChair')
      : t('selfGuided.chairIs', { name: displayName(room, chair, t), organisation: chair.organisation });
  return (
    <p class="utrecht-paragraph" data-testid="chair-note" data-chair={chair?.id ?? ''}>
      {text}
    </p>
  );
}

/** The moves of the session, for whoever may make them. */
function Moves(props: SelfGuidedProps) {
  const { room, t, send } = props;
  const [confirmEnd, setConfirmEnd] = useState(false);
  const i = room.currentStep;
  const spec = room.agenda[i];
  const rt = room.runtime[i];
  if (room.status === 'lobby') {
    return (
      <div class="utrecht-button-group wp-button-wrap">
        <Button kind="primary" data-testid="self-start" onClick={() => send({ type: 'start' })}>
          {t('selfGuided.start')}
        </Button>
      </div>
    );
  }
  if (room.status === 'ended' || !spec || !rt) return null;
  const last = room.agenda.length - 1;
  const revealable = spec.privateUntilReveal || spec.type === 'evaluation';
  return (
    <>
      <div class="utrecht-button-group wp-button-wrap">
        <Button data-testid="self-previous" disabled={i <= 0} onClick={() => send({ type: 'previous', fromStep: i })}>
          {t('flow.previous')}
        </Button>
        <Button kind="primary" data-testid="self-next" disabled={i >= last} onClick={() => send({ type: 'next', fromStep: i })}>
          {t('flow.next')}
        </Button>
        {revealable && !rt.revealed && (
          <Button onClick={() => send({ type: 'reveal', step: i })}>{t('stepctl.reveal')}</Button>
        )}
      </div>
      <div class="utrecht-button-group wp-button-wrap">
        {rt.timer ? (
          <>
            <Button onClick={() => send({ type: 'extend-timer', seconds: 300 })}>{t('stepctl.extend5')}</Button>
            <Button kind="subtle" onClick={() => send({ type: 'clear-timer' })}>{t('stepctl.clearTimer')}</Button>
          </>
        ) : (
          <Button data-testid="self-timer" onClick={() => send({ type: 'set-timer', seconds: Math.max(60, spec.durationSeconds) })}>
            {t('selfGuided.timer', { minutes: Math.max(1, Math.round(spec.durationSeconds / 60)) })}
          </Button>
        )}
        {confirmEnd ? (
          <>
            <Button kind="danger" data-testid="self-end-confirm" onClick={() => send({ type: 'end' })}>
              {t('selfGuided.endConfirm')}
            </Button>
            <Button kind="subtle" onClick={() => setConfirmEnd(false)}>{t('selfGuided.endCancel')}</Button>
          </>
        ) : (
          <Button data-testid="self-end" onClick={() => setConfirmEnd(true)}>{t('selfGuided.end')}</Button>
        )}
      </div>
    </>
  );
}

/** The chair passes the chair on, or someone takes it when the chair left. */
function ChairHandOver(props: SelfGuidedProps) {
  const { room, me, online, t, send } = props;
  const selectId = useId('pass-chair');
  const candidates = chairCandidates(room, me);
  const [target, setTarget] = useState('');
  const chair = chairOf(room);
  if (room.status === 'ended' || room.selfGuided?.guide !== 'chair') return null;
  if (chair && chair.id === me?.id && candidates.length > 0) {
    const chosen = candidates.some((p) => p.id === target) ? target : candidates[0].id;
    return (
      <form class="wp-row wp-row--end" onSubmit={(e) => { e.preventDefault(); send({ type: 'pass-chair', participantId: chosen }); }}>
        <span class="wp-inline-field">
          <label class="utrecht-form-label" for={selectId}>{t('selfGuided.passTo')}</label>
          <select id={selectId} class="utrecht-select utrecht-select--html-select" value={chosen} data-testid="pass-chair-to"
            onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
            {candidates.map((p) => (
              <option value={p.id} key={p.id}>{displayName(room, p, t)} ({p.organisation})</option>
            ))}
          </select>
        </span>
        <Button type="submit" data-testid="pass-chair">{t('selfGuided.pass')}</Button>
      </form>
    );
  }
  if (mayTakeChair(room, me, online)) {
    return (
      <Button data-testid="take-chair" onClick={() => send({ type: 'take-chair', from: chair?.id ?? room.selfGuided?.chairId ?? '' })}>
        {t('selfGuided.take')}
      </Button>
    );
  }
  return null;
}

/** The step's guidance for the group: what a facilitator would otherwise say. */
function Guidance(props: SelfGuidedProps) {
  const { room, template, t, lang } = props;
  const notes = room.status === 'lobby' ? null : template?.steps[room.currentStep]?.facilitatorNotes;
  if (!notes || !loc(notes, lang)) return null;
  return (
    <div class="wp-guidance" data-testid="group-guidance">
      <h3 class="utrecht-heading-4">{t('selfGuided.guidance')}</h3>
      <p class="utrecht-paragraph">{loc(notes, lang)}</p>
    </div>
  );
}

/**
 * The visual half of the gentle signal: a calm note once the step's time is up; nothing moves by itself. Not a
 * live region: the timer announces the end of the time to screen readers already (TimerDisplay).
 */
export function TimeUpNote(props: { left: number | null; t: T }) {
  if (props.left === null || props.left > 0) return null;
  return (
    <div class="wp-time-up" data-testid="time-up">
      <Alert kind="info">{props.t('selfGuided.timeUp')}</Alert>
    </div>
  );
}

/** Everything a self-guided room shows above the step, as plain props (rendered in the tests as well). */
export function SelfGuidedControls(props: SelfGuidedProps) {
  const { room, me, t } = props;
  return (
    <section class="wp-panel wp-self-guided" aria-labelledby="self-guided-heading" data-testid="self-guided">
      <h2 class="utrecht-heading-3" id="self-guided-heading">{t('selfGuided.heading')}</h2>
      <ChairNote room={room} me={me} t={t} />
      {mayMove(room, me) && <Moves {...props} />}
      {!mayMove(room, me) && me?.role !== 'observer' && room.status !== 'ended' && (
        <p class="utrecht-paragraph wp-muted" data-testid="not-moving">{t('selfGuided.othersMove')}</p>
      )}
      <ChairHandOver {...props} />
      <TimeUpNote left={props.left} t={t} />
      {props.children}
      <Guidance {...props} />
    </section>
  );
}

/** A short, soft tone (Web Audio), only when this person switched the sound on. */
function softTone(): void {
  const Ctx = (window as unknown as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 528;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.06, ctx.currentTime + 0.15);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 1.2);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 1.25);
  osc.onended = () => void ctx.close();
}

/** The self-guided panel of the live room. */
export function SelfGuidedBar() {
  const { room, me, cs, template, t, lang, session } = useRoom();
  const now = useNow(500);
  const timer = room.runtime[room.currentStep]?.timer ?? null;
  const left = room.status === 'running' ? timerRemaining(timer, now, cs.clockOffset) : null;
  const [sound, setSound] = useState(false);
  const before = useRef<number | null>(null);
  useEffect(() => {
    if (sound && reachedZero(before.current, left)) softTone();
    before.current = left;
  }, [left]);
  const send = (body: CommandBody) => void session.command(body).catch(() => undefined);
  return (
    <SelfGuidedControls room={room} me={me} online={cs.online} template={template} t={t} lang={lang} left={left} send={send}>
      {me?.role !== 'observer' && (
        <label class="wp-checkbox">
          <input type="checkbox" checked={sound} onChange={(e) => setSound((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('selfGuided.sound')}</span>
        </label>
      )}
    </SelfGuidedControls>
  );
}

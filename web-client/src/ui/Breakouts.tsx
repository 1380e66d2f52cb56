// Breakout groups on screen (docs/client.md, "Breakout groups"): the facilitator splits the current step into
// groups, everyone in a group works in their group's own space of the step, the facilitator looks into any group
// and sends a message to all, and back in plenary the groups' results stand side by side, to be taken in.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { activeMembers, breakoutOf, groupOf, SPLITTABLE } from '../breakouts';
import { loc } from '../i18n';
import type { T } from '../i18n';
import type { Breakout, BreakoutGroup, BreakoutHow, RoomState, TemplateStep } from '../protocol';
import { Alert, Button, TextField } from './common';
import { useId } from './hooks';
import { displayName, SpaceContext, useRoom } from './roomContext';

/** "Groep 2 (3 personen)". */
function sizeLabel(room: RoomState, g: BreakoutGroup, t: T): string {
  return t('breakout.size', { name: g.name, count: activeMembers(room, g).length });
}

/**
 * Around a step's own view: while its groups work, the group's space (a participant's own; the one a
 * facilitator picked, or the plenary's) with a line saying whose space it is and the facilitator's message;
 * back in plenary, the plenary's space with the groups' results side by side under it.
 */
export function BreakoutFrame(props: { index: number; children: ComponentChildren }) {
  const { room, me, flow, t } = useRoom();
  const b = breakoutOf(room, props.index);
  const mine = groupOf(room, props.index, me?.id);
  const [looking, setLooking] = useState<number | null>(mine?.no ?? null);
  if (!b) return <>{props.children}</>;
  if (!b.running) {
    return (
      <>
        {props.children}
        <SideBySide index={props.index} breakout={b} />
      </>
    );
  }
  const fixed = mine && !flow;
  const shown = fixed ? mine.no : b.groups.some((g) => g.no === looking) ? looking : null;
  const group = b.groups.find((g) => g.no === shown);
  const others = mine ? activeMembers(room, mine).filter((p) => p.id !== me?.id) : [];
  return (
    <div class="wp-breakout" data-testid="breakout" data-group={shown ?? 'plenary'}>
      {b.broadcast && (
        <Alert kind="warning" role="status">
          <span data-testid="broadcast">{t('breakout.message', { text: b.broadcast.text })}</span>
        </Alert>
      )}
      {fixed ? (
        <p class="utrecht-paragraph wp-breakout__mine" data-testid="my-group">
          {t('breakout.yourGroup', {
            name: mine.name,
            others: others.length ? t('breakout.with', { names: others.map((p) => displayName(room, p, t)).join(', ') }) : '',
          })}
        </p>
      ) : (
        <GroupPicker breakout={b} shown={shown} onPick={setLooking} />
      )}
      {!fixed && flow && group && <MoveMembers index={props.index} breakout={b} group={group} />}
      {group ? (
        <SpaceContext.Provider value={{ step: props.index, group: group.no }}>
          <div key={group.no}>{props.children}</div>
        </SpaceContext.Provider>
      ) : (
        <div key="plenary">{props.children}</div>
      )}
    </div>
  );
}

/** The groups (with their sizes) and the plenary, as toggle buttons: which space the step shows. */
export function GroupPicker(props: { breakout: Breakout; shown: number | null; onPick: (group: number | null) => void }) {
  const { room, t } = useRoom();
  const group = props.breakout.groups.find((g) => g.no === props.shown);
  return (
    <div class="wp-breakout__picker">
      <div class="utrecht-button-group wp-button-wrap" role="group" aria-label={t('breakout.picker')} data-testid="group-picker">
        <button
          type="button"
          class="utrecht-button utrecht-button--subtle"
          aria-pressed={props.shown === null}
          data-testid="pick-plenary"
          onClick={() => props.onPick(null)}
        >
          {t('breakout.plenary')}
        </button>
        {props.breakout.groups.map((g) => (
          <button
            type="button"
            key={g.no}
            class="utrecht-button utrecht-button--subtle"
            aria-pressed={props.shown === g.no}
            data-testid="pick-group"
            data-group={g.no}
            onClick={() => props.onPick(g.no)}
          >
            {sizeLabel(room, g, t)}
          </button>
        ))}
      </div>
      <p class="utrecht-paragraph wp-muted" data-testid="viewing">
        {group ? t('breakout.viewing', { name: group.name }) : t('breakout.viewingPlenary')}
      </p>
    </div>
  );
}

/** The members of the group a facilitator looks into, each with a choice of another group to move them to. */
function MoveMembers(props: { index: number; breakout: Breakout; group: BreakoutGroup }) {
  const { room, session, t } = useRoom();
  const others = props.breakout.groups.filter((g) => g.no !== props.group.no);
  if (others.length === 0) return null;
  return (
    <ul class="wp-plain-list wp-breakout__members" data-testid="group-members">
      {activeMembers(room, props.group).map((p) => (
        <li key={p.id}>
          <label>
            {displayName(room, p, t)}: {t('breakout.moveTo')}{' '}
            <select
              class="utrecht-select"
              data-testid="move-to-group"
              data-participant={p.id}
              value=""
              onChange={(e) => {
                const to = Number((e.currentTarget as HTMLSelectElement).value);
                if (to) void session.command({ type: 'move-to-group', step: props.index, participantId: p.id, group: to }).catch(() => undefined);
              }}
            >
              <option value="">—</option>
              {others.map((g) => (
                <option key={g.no} value={g.no}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
        </li>
      ))}
    </ul>
  );
}

/** What one group made, as the side-by-side view and the picker's preview show it. */
function GroupResult(props: { room: RoomState; index: number; group: BreakoutGroup; step: TemplateStep | undefined }) {
  const { t, lang } = useRoom();
  const { group, room, step } = props;
  const label = (key: string) => {
    if (key === 'joint') return t('checklist.joint');
    if (key.startsWith('org:')) return key.slice(4);
    const field = step?.fields?.find((f) => `field:${f.id}` === key);
    return field ? loc(field.label, lang) : key;
  };
  const texts = Object.entries(group.content.texts ?? {}).filter(([, v]) => v.text.trim() !== '');
  const cards = Object.values(group.content.cards ?? {});
  const agreements = Object.values(group.agreements ?? {});
  const status = group.content.status && group.content.status !== 'open' ? group.content.status : null;
  return (
    <>
      <p class="utrecht-paragraph wp-muted">
        {t('breakout.members', { names: activeMembers(room, group).map((p) => displayName(room, p, t)).join(', ') })}
      </p>
      {texts.length + cards.length + agreements.length === 0 && <p class="utrecht-paragraph wp-muted">{t('breakout.nothing')}</p>}
      {texts.map(([key, v]) => (
        <div key={key} class="wp-breakout__text">
          <h4 class="utrecht-heading-5">{label(key)}</h4>
          <p class="utrecht-paragraph wp-prewrap" data-testid="group-text" data-key={key}>
            {v.text}
          </p>
        </div>
      ))}
      {status && <p class="utrecht-paragraph">{t('breakout.status', { status: t(`status.${status}`) })}</p>}
      {cards.length > 0 && (
        <ul class="wp-plain-list">
          {cards.map((c) => (
            <li key={c.id} data-testid="group-card">
              {c.hidden ? '…' : c.text}
            </li>
          ))}
        </ul>
      )}
      {agreements.length > 0 && (
        <ul class="wp-plain-list">
          {agreements.map((a) => (
            <li key={a.id} data-testid="group-agreement">
              {a.what}
              {a.who ? ` (${a.who})` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Back in plenary: every group's result in its own column, with (for facilitators) taking it into the plenary. */
export function SideBySide(props: { index: number; breakout: Breakout }) {
  const { room, template, flow, session, t } = useRoom();
  const merged = (g: BreakoutGroup) => props.breakout.merges.some((m) => m.group === g.no);
  const merge = (group?: number) =>
    session
      .command(group === undefined ? { type: 'merge-group-result', step: props.index, what: 'all' } : { type: 'merge-group-result', step: props.index, group, what: 'all' })
      .catch(() => undefined);
  return (
    <section class="wp-section wp-breakout__results" aria-labelledby={`results-${props.index}`} data-testid="side-by-side">
      <h3 class="utrecht-heading-3" id={`results-${props.index}`}>
        {t('breakout.results')}
      </h3>
      <div class="wp-breakout__columns">
        {props.breakout.groups.map((g) => (
          <article class="wp-breakout__column" key={g.no} data-testid="group-column" data-group={g.no} aria-label={g.name}>
            <h4 class="utrecht-heading-4">{g.name}</h4>
            <GroupResult room={room} index={props.index} group={g} step={template?.steps[props.index]} />
            {merged(g) ? (
              <p class="utrecht-paragraph wp-muted" data-testid="group-merged">
                {t('breakout.merged')}
              </p>
            ) : (
              flow && (
                <Button data-testid="merge-group" data-group={g.no} onClick={() => merge(g.no)}>
                  {t('breakout.merge', { name: g.name })}
                </Button>
              )
            )}
          </article>
        ))}
      </div>
      {flow && props.breakout.groups.some((g) => !merged(g)) && (
        <Button data-testid="merge-all" onClick={() => merge()}>
          {t('breakout.mergeAll')}
        </Button>
      )}
    </section>
  );
}

/** The facilitator's part of the console for group work on the current step: split; or message and back to plenary. */
export function BreakoutControls() {
  const { room, session, t } = useRoom();
  const [how, setHow] = useState<BreakoutHow>('mixed');
  const [count, setCount] = useState('3');
  const [message, setMessage] = useState('');
  const [assigned, setAssigned] = useState<Record<string, number>>({});
  const howId = useId('how');
  const i = room.currentStep;
  const spec = room.agenda[i];
  if (!spec || room.status === 'lobby' || room.status === 'ended') return null;
  const running = Object.entries(room.breakouts ?? {}).find(([, b]) => b.running);
  const send = (body: Parameters<typeof session.command>[0]) => session.command(body).catch(() => undefined);
  if (!running && (!SPLITTABLE.includes(spec.type) || breakoutOf(room, i))) return null;
  const groups = Math.max(1, Math.round(Number(count) || 0));
  const people = Object.values(room.participants).filter((p) => p.role === 'participant' && !p.removed);
  // By hand: each participant's chosen group, or else the next in turn.
  const assignment = Object.fromEntries(people.map((p, n) => [p.id, Math.min(assigned[p.id] ?? (n % groups) + 1, groups)]));
  return (
    <section class="wp-panel wp-console__part" aria-labelledby="breakout-heading" data-testid="breakout-controls">
      <h2 class="utrecht-heading-3" id="breakout-heading">
        {t('breakout.heading')}
      </h2>
      {running ? (
        <>
          <form
            class="wp-row wp-row--end"
            onSubmit={(e) => {
              e.preventDefault();
              if (message.trim()) void send({ type: 'broadcast-to-groups', text: message.trim() }).then(() => setMessage(''));
            }}
          >
            <TextField label={t('breakout.broadcast')} value={message} onInput={setMessage} maxLength={500} name="broadcast" />
            <Button type="submit" data-testid="broadcast-send">
              {t('breakout.send')}
            </Button>
          </form>
          <Button kind="primary" data-testid="end-breakout" onClick={() => send({ type: 'end-breakout' })}>
            {t('breakout.end')}
          </Button>
        </>
      ) : (
        <form
          class="wp-row wp-row--end"
          onSubmit={(e) => {
            e.preventDefault();
            const extra = how === 'mixed' ? { groups } : how === 'manual' ? { groups, assignment } : {};
            void send({ type: 'start-breakout', step: i, how, ...extra });
          }}
        >
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for={howId}>
              {t('breakout.how')}
            </label>
            <select id={howId} class="utrecht-select" value={how} data-testid="breakout-how" onChange={(e) => setHow((e.currentTarget as HTMLSelectElement).value as BreakoutHow)}>
              <option value="mixed">{t('breakout.how.mixed')}</option>
              <option value="per-organisation">{t('breakout.how.per-organisation')}</option>
              <option value="manual">{t('breakout.how.manual')}</option>
            </select>
          </div>
          {how !== 'per-organisation' && <TextField label={t('breakout.count')} value={count} onInput={setCount} inputMode="numeric" name="groups" />}
          {how === 'manual' && (
            <ul class="wp-plain-list" data-testid="manual-assignment">
              {people.map((p) => (
                <li key={p.id}>
                  <label>
                    {displayName(room, p, t)} ({p.organisation}):{' '}
                    <select
                      class="utrecht-select"
                      data-participant={p.id}
                      value={String(assignment[p.id])}
                      onChange={(e) => setAssigned({ ...assigned, [p.id]: Number((e.currentTarget as HTMLSelectElement).value) })}
                    >
                      {Array.from({ length: groups }, (_, n) => (
                        <option key={n} value={String(n + 1)}>
                          {t('breakout.groupNo', { number: n + 1 })}
                        </option>
                      ))}
                    </select>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <Button type="submit" data-testid="start-breakout">
            {t('breakout.start')}
          </Button>
        </form>
      )}
    </section>
  );
}

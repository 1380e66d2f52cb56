// Cards per prompt: add, edit and remove your own, private until reveal where the step says so, grouped by
// the facilitator, and dot voting.
import { useRef, useState } from 'preact/hooks';
import { loc } from '../../i18n';
import type { Card, TemplateStep } from '../../protocol';
import { Limits } from '../../protocol';
import { dotsOnCard, dotsUsed } from '../../roomState';
import { Button, TextAreaField, TextField, useDraft, useEditFocus, useFocusWhenAdded } from '../common';
import { useId } from '../hooks';
import { displayName, useRoom } from '../roomContext';

function CardItem(props: { index: number; card: Card; canWrite: boolean; votes: number }) {
  const { room, me, flow, session, t, mode } = useRoom();
  const { card } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(card.text);
  const item = useEditFocus(editing);
  const selectId = useId('move');
  const author = room.participants[card.authorId];
  const own = card.authorId === me?.id;
  const content = room.content[props.index] ?? {};
  const groups = Object.values(content.groups ?? {});
  const myDots = me ? content.votes?.[me.id]?.[card.id] ?? 0 : 0;
  const total = dotsOnCard(room, props.index, card.id);
  const spec = room.agenda[props.index];
  const used = me ? dotsUsed(room, props.index, me.id) : 0;
  const canVote = props.canWrite && spec.votesPerParticipant > 0 && !card.hidden && mode !== 'projector';
  const who = room.anonymous ? author?.organisation ?? '' : `${displayName(room, author, t)} (${author?.organisation ?? '?'})`;

  if (editing) {
    return (
      <li class="wp-card wp-card--editing" ref={item}>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            try {
              await session.command({ type: 'edit-card', step: props.index, cardId: card.id, text: text.trim() });
              setEditing(false);
            } catch {
              // notice shown
            }
          }}
        >
          <TextAreaField label={t('cards.editLabel')} value={text} onInput={setText} maxLength={Limits.card} required />
          <div class="utrecht-button-group">
            <Button kind="primary" type="submit">
              {t('common.save')}
            </Button>
            <Button kind="subtle" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li
      class={`wp-card${card.hidden ? ' wp-card--hidden' : ''}${own ? ' wp-card--own' : ''}`}
      data-testid="card"
      ref={item}
      tabIndex={-1}
      data-added-key={own ? `${card.prompt}:${card.text}` : undefined}
    >
      {card.hidden ? (
        <p class="wp-card__text wp-muted">{t('cards.hidden')}</p>
      ) : (
        <p class="wp-card__text">{card.text}</p>
      )}
      <p class="wp-card__meta">
        {who}
        {own && card.privateUntilReveal && !room.runtime[props.index]?.revealed && <> · {t('cards.privateOwn')}</>}
      </p>
      {spec.votesPerParticipant > 0 && !card.hidden && (
        <p class="wp-card__dots">
          <span class="wp-vote-dots" aria-hidden="true">
            {Array.from({ length: Math.min(total, 20) }, (_, i) => (
              <span class="wp-vote-dot" key={i} />
            ))}
          </span> {t('cards.dots', { count: total })}
          {myDots > 0 && <> · {t('cards.myDots', { count: myDots })}</>}
        </p>
      )}
      <div class="utrecht-button-group wp-card__actions">
        {canVote && (
          <>
            <Button
              kind="secondary"
              disabled={used >= spec.votesPerParticipant}
              onClick={() => session.command({ type: 'vote', step: props.index, cardId: card.id, delta: 1 }).catch(() => undefined)}
            >
              {t('cards.vote')}
              <span class="wp-visually-hidden">: {card.text}</span>
            </Button>
            {myDots > 0 && (
              <Button
                kind="subtle"
                onClick={() => session.command({ type: 'vote', step: props.index, cardId: card.id, delta: -1 }).catch(() => undefined)}
              >
                {t('cards.unvote')}
                <span class="wp-visually-hidden">: {card.text}</span>
              </Button>
            )}
          </>
        )}
        {props.canWrite && own && mode !== 'projector' && (
          <Button kind="subtle" onClick={() => (setText(card.text), setEditing(true))} data-edit-button>
            {t('common.edit')}
            <span class="wp-visually-hidden">: {card.text}</span>
          </Button>
        )}
        {props.canWrite && (own || flow) && mode !== 'projector' && (
          <Button
            kind="subtle"
            onClick={() => {
              if (window.confirm(t('cards.confirmRemove'))) {
                session.command({ type: 'remove-card', step: props.index, cardId: card.id }).catch(() => undefined);
              }
            }}
          >
            {t('common.remove')}
          </Button>
        )}
        {flow && props.canWrite && groups.length > 0 && (
          <span class="wp-inline-field">
            <label for={selectId} class="utrecht-form-label">
              {t('cards.moveTo')}
            </label>
            <select
              id={selectId}
              class="utrecht-select utrecht-select--html-select"
              value={card.groupId ?? ''}
              onChange={(e) => {
                const groupId = (e.currentTarget as HTMLSelectElement).value || null;
                session.command({ type: 'move-card', step: props.index, cardId: card.id, groupId }).catch(() => undefined);
              }}
            >
              <option value="">{t('cards.noGroup')}</option>
              {groups.map((g) => (
                <option value={g.id} key={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
    </li>
  );
}

function AddCard(props: { index: number; prompt: number; promptText: string; left: number; onAdding: (key: string) => void }) {
  const { room, session, t } = useRoom();
  const [text, setText] = useDraft(`card:${room.roomId}:${props.index}:${props.prompt}`);
  const [sending, setSending] = useState(0);
  return (
    <form
      class="wp-add-card"
      onSubmit={async (e) => {
        e.preventDefault();
        const sent = text.trim();
        if (!sent || props.left <= 0) return;
        // The box is free at once for the next card; what was sent comes back into it only if the room refuses it.
        setText('');
        setSending((n) => n + 1);
        props.onAdding(`${props.prompt}:${sent}`);
        try {
          await session.command({ type: 'add-card', step: props.index, prompt: props.prompt, text: sent });
        } catch {
          setText((typed) => (typed.trim() ? `${sent}\n${typed}` : sent));
        } finally {
          setSending((n) => n - 1);
        }
      }}
    >
      <TextAreaField
        label={t('cards.newLabel', { prompt: props.promptText })}
        description={sending > 0 ? t('cards.sending') : t('cards.left', { count: props.left })}
        value={text}
        onInput={setText}
        maxLength={Limits.card}
        rows={2}
      />
      <Button kind="primary" type="submit" aria-disabled={props.left <= 0 || !text.trim() ? 'true' : undefined}>
        {t('cards.add')}
      </Button>
    </form>
  );
}

function GroupEditor(props: { index: number }) {
  const { room, session, t } = useRoom();
  const [title, setTitle] = useState('');
  const groups = Object.values(room.content[props.index]?.groups ?? {});
  return (
    <section class="wp-group-editor" aria-labelledby={`groups-${props.index}`}>
      <h3 class="utrecht-heading-3" id={`groups-${props.index}`}>
        {t('cards.groups')}
      </h3>
      <ul class="wp-plain-list">
        {groups.map((g) => (
          <GroupRename key={g.id} index={props.index} id={g.id} title={g.title} />
        ))}
      </ul>
      <form
        class="wp-row wp-row--end"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!title.trim()) return;
          try {
            await session.command({ type: 'save-group', step: props.index, title: title.trim() });
            setTitle('');
          } catch {
            // notice shown
          }
        }}
      >
        <TextField label={t('cards.newGroup')} value={title} onInput={setTitle} maxLength={Limits.groupTitle} />
        <Button kind="secondary" type="submit">
          {t('cards.addGroup')}
        </Button>
      </form>
    </section>
  );
}

function GroupRename(props: { index: number; id: string; title: string }) {
  const { session, t } = useRoom();
  const [title, setTitle] = useState(props.title);
  return (
    <li>
      <form
        class="wp-row wp-row--end"
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) session.command({ type: 'save-group', step: props.index, groupId: props.id, title: title.trim() }).catch(() => undefined);
        }}
      >
        <TextField label={t('cards.groupTitle', { title: props.title })} value={title} onInput={setTitle} maxLength={Limits.groupTitle} />
        <Button kind="subtle" type="submit">
          {t('cards.renameGroup')}
        </Button>
      </form>
    </li>
  );
}

export function CardsStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, flow, t, lang, mode } = useRoom();
  const spec = room.agenda[props.index];
  const content = room.content[props.index] ?? {};
  const cards = Object.values(content.cards ?? {}).sort((a, b) => a.createdAt - b.createdAt);
  const groups = Object.values(content.groups ?? {});
  const prompts = props.step.cards?.prompts ?? [];
  const mine = me ? cards.filter((c) => c.authorId === me.id).length : 0;
  const left = Math.max(0, spec.maxCardsPerParticipant - mine);
  const used = me ? dotsUsed(room, props.index, me.id) : 0;
  const revealed = room.runtime[props.index]?.revealed;
  const wall = useRef<HTMLDivElement>(null);
  const focusWhenAdded = useFocusWhenAdded(wall);

  const renderCards = (list: Card[]) =>
    list.length === 0 ? null : (
      <ul class="wp-card-list">
        {list.map((c) => (
          <CardItem key={c.id} index={props.index} card={c} canWrite={props.canWrite} votes={dotsOnCard(room, props.index, c.id)} />
        ))}
      </ul>
    );

  return (
    <div class="wp-cards" ref={wall}>
      {spec.privateUntilReveal && (
        <p class="utrecht-paragraph wp-info-line">{revealed ? t('cards.revealed') : t('cards.private')}</p>
      )}
      {spec.votesPerParticipant > 0 && me && mode !== 'projector' && (
        <p class="utrecht-paragraph wp-info-line" data-testid="dots-left">
          {t('cards.dotsLeft', { left: spec.votesPerParticipant - used, total: spec.votesPerParticipant })}
        </p>
      )}
      {prompts.map((prompt, p) => {
        const ofPrompt = cards.filter((c) => c.prompt === p);
        const ungrouped = ofPrompt.filter((c) => !c.groupId || !content.groups?.[c.groupId]);
        return (
          <section class="wp-prompt" key={p} aria-labelledby={`prompt-${props.index}-${p}`}>
            <h3 class="utrecht-heading-3" id={`prompt-${props.index}-${p}`}>
              {loc(prompt, lang)}
            </h3>
            {groups.map((g) => {
              const inGroup = ofPrompt.filter((c) => c.groupId === g.id);
              if (inGroup.length === 0) return null;
              return (
                <section class="wp-card-group" key={g.id} aria-label={t('cards.groupLabel', { title: g.title })}>
                  <h4 class="utrecht-heading-4">{g.title}</h4>
                  {renderCards(inGroup)}
                </section>
              );
            })}
            {groups.length > 0 && ungrouped.length > 0 && <h4 class="utrecht-heading-4">{t('cards.ungrouped')}</h4>}
            {renderCards(ungrouped)}
            {ofPrompt.length === 0 && <p class="utrecht-paragraph wp-muted">{t('cards.none')}</p>}
            {props.canWrite && mode !== 'projector' && (
              <AddCard index={props.index} prompt={p} promptText={loc(prompt, lang)} left={left} onAdding={focusWhenAdded} />
            )}
          </section>
        );
      })}
      {flow && props.canWrite && <GroupEditor index={props.index} />}
    </div>
  );
}

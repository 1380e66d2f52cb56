// The backlog review: a follow-up session of a project goes through the project's open items live. A status
// change is sent at once; owner, date and note are saved together. Every screen sees each change as the room
// orders it; the project's backlog gets the outcome when the session is frozen.
import { useState } from 'preact/hooks';
import type { BacklogEntry, BacklogStatus, CommandBody } from '../../protocol';
import { BACKLOG_STATUSES, Limits } from '../../protocol';
import type { MessageKey } from '../../i18n';
import { Button, TextAreaField, TextField } from '../common';
import { useId, useT } from '../hooks';
import { displayName, useRoom } from '../roomContext';

/** The words for a backlog status (also on the organiser's project page). */
export const STATUS_KEYS: Record<BacklogStatus, MessageKey> = {
  open: 'backlog.status.open',
  'in-progress': 'backlog.status.in-progress',
  done: 'backlog.status.done',
  dropped: 'backlog.status.dropped',
};

/** A choice of the four statuses; also on the organiser's project page. */
export function StatusSelect(props: { value: BacklogStatus; onChange: (status: string) => void; id?: string; testId?: string }) {
  const { t } = useT();
  return (
    <select
      id={props.id}
      data-testid={props.testId}
      class="utrecht-select utrecht-select--html-select"
      value={props.value}
      onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      {BACKLOG_STATUSES.map((s) => (
        <option value={s} key={s}>
          {t(STATUS_KEYS[s])}
        </option>
      ))}
    </select>
  );
}

function ItemForm(props: { index: number; item: BacklogEntry; onDone: () => void }) {
  const { room, session, t } = useRoom();
  const orgId = useId('owner-org');
  const [org, setOrg] = useState(props.item.ownerOrganisation);
  const [person, setPerson] = useState(props.item.ownerPerson);
  const [due, setDue] = useState(props.item.due ?? '');
  const [note, setNote] = useState(props.item.note);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await session.command({
        type: 'update-backlog-item',
        step: props.index,
        itemId: props.item.id,
        ownerOrganisation: org,
        ownerPerson: person.trim(),
        due,
        note: note.trim(),
      } as unknown as CommandBody);
      props.onDone();
    } catch {
      // the room said why (a notice); the form keeps what was typed
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="wp-agreement-form" onSubmit={submit} aria-label={t('backlog.editForm')}>
      <div class="wp-row">
        <span class="wp-inline-field">
          <label class="utrecht-form-label" for={orgId}>
            {t('backlog.ownerOrganisation')}
          </label>
          <select id={orgId} class="utrecht-select utrecht-select--html-select" value={org} onChange={(e) => setOrg((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('backlog.noOwner')}</option>
            {(room.partners ?? []).map((p) => (
              <option value={p} key={p}>
                {p}
              </option>
            ))}
          </select>
        </span>
        <TextField label={t('backlog.ownerPerson')} value={person} onInput={setPerson} maxLength={Limits.agreementWho} />
        <TextField label={t('agreements.due')} value={due} onInput={setDue} type="date" />
      </div>
      <TextAreaField label={t('backlog.note')} value={note} onInput={setNote} maxLength={Limits.backlogNote} rows={2} />
      <div class="utrecht-button-group">
        <Button kind="primary" type="submit" aria-disabled={busy ? 'true' : undefined}>
          {t('common.save')}
        </Button>
        <Button kind="subtle" onClick={props.onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function ItemRow(props: { index: number; item: BacklogEntry; canWrite: boolean }) {
  const { room, session, t } = useRoom();
  const [editing, setEditing] = useState(false);
  const statusId = useId('backlog-status');
  const i = props.item;
  const setStatus = (status: string) =>
    session.command({ type: 'update-backlog-item', step: props.index, itemId: i.id, status } as unknown as CommandBody).catch(() => undefined);
  const by = i.updatedBy ? room.participants[i.updatedBy] : undefined;
  return (
    <li class={`wp-agreement wp-backlog-item wp-backlog-item--${i.status}`} data-testid="backlog-item" data-item-id={i.id}>
      <p class="wp-agreement__what">{i.what}</p>
      <dl class="wp-agreement__meta">
        <div>
          <dt>{t('backlog.status')}</dt>
          <dd data-testid="backlog-status">{t(STATUS_KEYS[i.status])}</dd>
        </div>
        <div>
          <dt>{t('backlog.owner')}</dt>
          <dd>{[i.ownerOrganisation, i.ownerPerson].filter(Boolean).join(', ') || t('agreements.nobody')}</dd>
        </div>
        <div>
          <dt>{t('agreements.due')}</dt>
          <dd>{i.due ?? t('agreements.noDue')}</dd>
        </div>
        {i.note && (
          <div>
            <dt>{t('backlog.note')}</dt>
            <dd>{i.note}</dd>
          </div>
        )}
        <div>
          <dt>{t('backlog.origin')}</dt>
          <dd>{i.origin}</dd>
        </div>
        {by && (
          <div>
            <dt>{t('backlog.changedBy')}</dt>
            <dd>{displayName(room, by, t)}</dd>
          </div>
        )}
      </dl>
      {props.canWrite && !editing && (
        <div class="wp-row wp-row--end">
          <span class="wp-inline-field">
            <label class="utrecht-form-label" for={statusId}>
              {t('backlog.setStatus')}
              <span class="wp-visually-hidden">: {i.what}</span>
            </label>
            <StatusSelect id={statusId} testId="backlog-status-select" value={i.status} onChange={setStatus} />
          </span>
          <Button kind="subtle" onClick={() => setEditing(true)}>
            {t('common.edit')}
            <span class="wp-visually-hidden">: {i.what}</span>
          </Button>
        </div>
      )}
      {editing && <ItemForm index={props.index} item={i} onDone={() => setEditing(false)} />}
    </li>
  );
}

export function BacklogReviewStep(props: { index: number; canWrite: boolean }) {
  const { room, t } = useRoom();
  const items = Object.values(room.backlog ?? {});
  const open = items.filter((i) => i.status === 'open' || i.status === 'in-progress').length;
  return (
    <section class="wp-backlog" aria-label={t('backlog.heading')}>
      <p class="utrecht-paragraph wp-info-line">
        {items.length === 0 ? t('backlog.empty') : t('backlog.openCount', { count: open, total: items.length })}
      </p>
      <ul class="wp-agreement-list">
        {items.map((i) => (
          <ItemRow index={props.index} item={i} canWrite={props.canWrite} key={i.id} />
        ))}
      </ul>
    </section>
  );
}

// Agreements and tasks: what, who, by when. Shown on the agreements step (all of them) and under each
// checklist question (those made there).
import type { CommandBody } from '../../protocol';
import { useRef, useState } from 'preact/hooks';
import { formatDate } from '../../i18n';
import type { Agreement } from '../../protocol';
import { Limits } from '../../protocol';
import { Button, TextField, useDraft, useEditFocus, useFocusWhenAdded } from '../common';
import { displayName, useRoom } from '../roomContext';

function AgreementForm(props: { step: number; agreement?: Agreement; onDone: () => void; onAdding?: (key: string) => void }) {
  const { room, session, t } = useRoom();
  const [draft, setDraft] = useDraft(`agreement:${room.roomId}:${props.step}`);
  const [edited, setEdited] = useState(props.agreement?.what ?? '');
  // A new agreement's text outlives the form (a lock takes it away); an edit starts from the agreement.
  const [what, setWhat] = props.agreement ? [edited, setEdited] : [draft, setDraft];
  const [who, setWho] = useState(props.agreement?.who ?? '');
  const [due, setDue] = useState(props.agreement?.due ?? '');
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!what.trim()) {
      setInvalid(t('agreements.whatRequired'));
      return;
    }
    setInvalid(null);
    setBusy(true);
    const sent = { what: what.trim(), who: who.trim(), due };
    const body: Record<string, unknown> = { type: 'save-agreement', step: props.step, what: sent.what, who: sent.who };
    if (sent.due) body.due = sent.due;
    if (props.agreement) body.agreementId = props.agreement.id;
    if (!props.agreement) {
      // The form is free at once for the next one; what was sent comes back only if the room refuses it.
      setWhat('');
      setWho('');
      setDue('');
      props.onAdding?.(sent.what);
    }
    try {
      await session.command(body as unknown as CommandBody);
      props.onDone();
    } catch {
      if (!props.agreement) {
        setWhat((typed) => (typed.trim() ? `${sent.what} ${typed}` : sent.what));
        setWho((typed) => typed || sent.who);
        setDue((typed) => typed || sent.due);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="wp-agreement-form" onSubmit={submit} aria-label={props.agreement ? t('agreements.editForm') : t('agreements.addForm')}>
      <TextField label={t('agreements.what')} value={what} onInput={setWhat} maxLength={Limits.agreementWhat} required invalid={invalid} />
      <div class="wp-row">
        <TextField label={t('agreements.who')} value={who} onInput={setWho} maxLength={Limits.agreementWho} />
        <TextField label={t('agreements.due')} value={due} onInput={setDue} type="date" />
      </div>
      <div class="utrecht-button-group">
        <Button kind="primary" type="submit" aria-disabled={busy ? 'true' : undefined}>
          {props.agreement ? t('common.save') : t('agreements.add')}
        </Button>
        {props.agreement && (
          <Button kind="subtle" onClick={props.onDone}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

function AgreementRow(props: { agreement: Agreement; canWrite: boolean; showStep: boolean }) {
  const { room, me, flow, session, t, lang, template } = useRoom();
  const [editing, setEditing] = useState(false);
  const item = useEditFocus(editing);
  const a = props.agreement;
  const author = room.participants[a.createdBy];
  if (editing) {
    return (
      <li class="wp-agreement" ref={item}>
        <AgreementForm step={a.step} agreement={a} onDone={() => setEditing(false)} />
      </li>
    );
  }
  const stepTitle = template?.steps[a.step]?.title;
  return (
    <li class="wp-agreement" data-testid="agreement" ref={item} tabIndex={-1} data-added-key={a.createdBy === me?.id ? a.what : undefined}>
      <p class="wp-agreement__what">{a.what}</p>
      <dl class="wp-agreement__meta">
        <div>
          <dt>{t('agreements.who')}</dt>
          <dd>{a.who || t('agreements.nobody')}</dd>
        </div>
        <div>
          <dt>{t('agreements.due')}</dt>
          <dd>{a.due ? new Date(a.due + 'T12:00:00').toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' }) : t('agreements.noDue')}</dd>
        </div>
        {props.showStep && stepTitle && (
          <div>
            <dt>{t('agreements.step')}</dt>
            <dd>{lang === 'en' ? stepTitle.en : stepTitle.nl}</dd>
          </div>
        )}
        <div>
          <dt>{t('agreements.by')}</dt>
          <dd>
            {displayName(room, author, t)} ({author?.organisation ?? '?'}), {formatDate(a.updatedAt, lang)}
          </dd>
        </div>
      </dl>
      {props.canWrite && (
        <div class="utrecht-button-group">
          <Button kind="subtle" onClick={() => setEditing(true)} data-edit-button>
            {t('common.edit')}
            <span class="wp-visually-hidden">: {a.what}</span>
          </Button>
          {(a.createdBy === me?.id || flow) && (
            <Button
              kind="subtle"
              onClick={() => {
                if (window.confirm(t('agreements.confirmRemove'))) {
                  session.command({ type: 'remove-agreement', agreementId: a.id }).catch(() => undefined);
                }
              }}
            >
              {t('common.remove')}
              <span class="wp-visually-hidden">: {a.what}</span>
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

/** The agreements of one step (`onlyStep`), or of the whole room. */
export function AgreementsList(props: { step: number; onlyStep: boolean; canWrite: boolean; headingLevel?: 2 | 3 }) {
  const { room, t, mode } = useRoom();
  const list = Object.values(room.agreements)
    .filter((a) => !props.onlyStep || a.step === props.step)
    .sort((a, b) => a.step - b.step || a.createdAt - b.createdAt);
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  const section = useRef<HTMLElement>(null);
  const focusWhenAdded = useFocusWhenAdded(section);
  return (
    <section class="wp-agreements" ref={section} aria-labelledby={`agreements-${props.step}-${props.onlyStep}`}>
      <H class={`utrecht-heading-${props.headingLevel ?? 3}`} id={`agreements-${props.step}-${props.onlyStep}`}>
        {props.onlyStep ? t('agreements.headingStep') : t('agreements.heading')}
      </H>
      {list.length === 0 ? (
        <p class="utrecht-paragraph wp-muted">{t('agreements.none')}</p>
      ) : (
        <ul class="wp-agreement-list">
          {list.map((a) => (
            <AgreementRow key={a.id} agreement={a} canWrite={props.canWrite && mode !== 'projector'} showStep={!props.onlyStep} />
          ))}
        </ul>
      )}
      {props.canWrite && mode !== 'projector' && <AgreementForm step={props.step} onDone={() => undefined} onAdding={focusWhenAdded} />}
    </section>
  );
}

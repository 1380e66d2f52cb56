// A shared text (checklist answer, joint answer, canvas field) edited together. Typing is kept locally and
// sent after a short pause; remote changes are merged into what the person is typing (see sharedText.ts),
// keeping the caret in place.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Limits } from '../protocol';
import { SharedTextSync } from '../sharedText';
import { mapIndex } from '../textMerge';
import { FieldFrame } from './common';
import { useId } from './hooks';
import { displayName, useRoom } from './roomContext';

const SEND_AFTER_MS = 400;
const SEND_AT_LEAST_EVERY_MS = 2000;

export function SharedTextField(props: {
  step: number;
  textKey: string;
  label: string;
  description?: string;
  readOnly: boolean;
  rows?: number;
  /** Hide the label visually (it stays for screen readers). */
  hideLabel?: boolean;
}) {
  const { room, store, session, me, t, mode } = useRoom();
  const id = useId('shared');
  const { step, textKey } = props;
  const server = room.content[step]?.texts?.[textKey];
  const syncRef = useRef<SharedTextSync | null>(null);
  if (syncRef.current === null) syncRef.current = new SharedTextSync(server?.text ?? '');
  const sync = syncRef.current;
  const [draft, setDraft] = useState(sync.draft);
  const [saving, setSaving] = useState<'saved' | 'typing' | 'sending' | 'failed'>('saved');
  const area = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<[number, number] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstUnsentAt = useRef<number | null>(null);
  const myId = me?.id;

  /** Shows the sync's draft, keeping the caret where it was relative to the text around it. */
  const show = () => {
    const el = area.current;
    const next = sync.draft;
    if (el && document.activeElement === el && el.value !== next) {
      pendingCaret.current = [mapIndex(el.value, next, el.selectionStart), mapIndex(el.value, next, el.selectionEnd)];
    }
    setDraft(next);
  };

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const cmd = sync.takeCommand();
    if (!cmd) return;
    firstUnsentAt.current = null;
    setSaving('sending');
    session
      .command({ type: 'edit-text', step, key: textKey, base: cmd.base, text: cmd.text })
      .then((ack) => {
        sync.acked(ack.seq, store.seq);
        show();
        if (sync.dirty) flush();
        else if (!sync.busy) setSaving('saved');
      })
      .catch(() => {
        sync.rejected();
        setSaving('failed');
        show();
      });
  };

  // Remote changes of this text, one by one in seq order.
  useEffect(() => {
    // A change that arrived between the first render and this subscription.
    const now = store.getState().room?.content[step]?.texts?.[textKey]?.text ?? '';
    if (now !== sync.serverText) {
      sync.serverChanged(now, false);
      show();
    }
    return store.subscribeText((s, key, text, seq) => {
      if (seq === null) {
        // A whole state arrived (welcome or snapshot).
        const current = store.getState().room?.content[step]?.texts?.[textKey]?.text ?? '';
        if (current !== sync.serverText) sync.serverChanged(current, false);
        sync.caughtUp(store.seq);
        show();
        return;
      }
      if (s !== step || key !== textKey || !text) return;
      const own = (myId !== undefined && text.updatedBy === myId && sync.busy) || sync.isOwnSeq(seq);
      sync.serverChanged(text.text, own);
      show();
      if (!sync.busy && !sync.dirty) setSaving('saved');
    });
  }, [store, step, textKey, myId]);

  // An acknowledged edit that changed nothing is done once the store has caught up with its seq.
  useEffect(() => {
    sync.caughtUp(room.seq);
    if (!sync.busy && sync.dirty && !timer.current) flush();
    if (!sync.busy && !sync.dirty && saving === 'sending') setSaving('saved');
  }, [room.seq]);

  // Send what is left when the view goes away (another step).
  useEffect(() => () => flush(), []);

  useLayoutEffect(() => {
    const el = area.current;
    const caret = pendingCaret.current;
    if (el && caret && el.value === draft) {
      el.setSelectionRange(caret[0], caret[1]);
      pendingCaret.current = null;
    }
  }, [draft]);

  const onInput = (value: string) => {
    sync.edit(value);
    setDraft(value);
    setSaving('typing');
    const now = Date.now();
    if (firstUnsentAt.current === null) firstUnsentAt.current = now;
    if (timer.current) clearTimeout(timer.current);
    const waited = now - firstUnsentAt.current;
    timer.current = setTimeout(flush, waited >= SEND_AT_LEAST_EVERY_MS ? 0 : SEND_AFTER_MS);
  };

  const updatedBy = server?.updatedBy ? room.participants[server.updatedBy] : undefined;
  const labelClass = `utrecht-form-label${props.hideLabel ? ' wp-visually-hidden' : ''}`;
  const describedBy = [props.description ? `${id}-d` : '', `${id}-s`].filter(Boolean).join(' ');

  if (props.readOnly || mode === 'projector') {
    return (
      <div class="wp-shared wp-shared--readonly">
        <div class={labelClass} id={`${id}-l`}>
          {props.label}
        </div>
        {props.description && (
          <div class="utrecht-form-field-description" id={`${id}-d`}>
            {props.description}
          </div>
        )}
        <div class="wp-shared__text" aria-labelledby={`${id}-l`} role="group" data-testid={`text-${textKey}`}>
          {(server?.text ?? '').trim() ? server?.text : <span class="wp-muted">{t('text.empty')}</span>}
        </div>
        {updatedBy && mode !== 'projector' && (
          <div class="wp-shared__meta">{t('text.updatedBy', { name: displayName(room, updatedBy, t) })}</div>
        )}
      </div>
    );
  }

  const status =
    saving === 'failed'
      ? t('text.failed')
      : saving === 'sending' || sync.busy
        ? t('text.sending')
        : saving === 'typing'
          ? t('text.typing')
          : t('text.saved');
  return (
    <FieldFrame
      id={id}
      kind="textarea"
      extraClass="wp-shared"
      label={props.label}
      labelClass={labelClass}
      description={props.description}
      after={
        <div class="wp-shared__meta" id={`${id}-s`}>
          <span class={saving === 'failed' ? 'wp-error-text' : ''}>{status}</span>
          {updatedBy && <span> · {t('text.updatedBy', { name: displayName(room, updatedBy, t) })}</span>}
        </div>
      }
    >
      <textarea
        ref={area}
        id={id}
        class="utrecht-textarea utrecht-textarea--html-textarea wp-shared__area"
        rows={props.rows ?? 4}
        value={draft}
        maxLength={Limits.sharedText}
        aria-describedby={describedBy}
        data-testid={`text-${textKey}`}
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={flush}
      />
    </FieldFrame>
  );
}

// A shared text (checklist answer, joint answer, canvas field) edited together in real time. Every change
// goes to the room as a small operation (textSync.ts); changes of others are merged in as they arrive, with
// the caret kept in place. Typing the room could not take (a lock, a pause, the end) stays visible here,
// marked as not saved, with a button to copy it; it is saved when the text is writable again.
import { useContext, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Limits } from '../protocol';
import { Button, FieldFrame } from './common';
import { useId } from './hooks';
import { displayName, SpaceContext, typingKey, useRoom } from './roomContext';
import { typistName, typistsIn } from '../typing';

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
  const { room, session, t, mode, cs, me } = useRoom();
  const id = useId('shared');
  const { step, textKey } = props;
  const server = room.content[step]?.texts?.[textKey];
  const sync = session.texts.get(step, textKey);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [copied, setCopied] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => sync.subscribe(() => rerender(undefined)), [sync]);

  const view = sync.view();

  // Keep the caret where the sync mapped it (somebody else's change moved the text around it).
  useLayoutEffect(() => {
    const el = area.current;
    if (!el || document.activeElement !== el) return;
    if (el.value !== view.doc) el.value = view.doc;
    const [a, b] = view.selection;
    if (el.selectionStart !== a || el.selectionEnd !== b) el.setSelectionRange(a, b);
  });

  const onInput = (el: HTMLTextAreaElement) => {
    session.texts.input(step, textKey, el.value, [el.selectionStart, el.selectionEnd]);
    session.typing.typed(step, textKey, el.selectionEnd);
  };
  // Leaving the field (or the field going away) ends this person's typing notice at once.
  useEffect(() => () => session.typing.left(step, textKey), [session, step, textKey]);

  const space = useContext(SpaceContext);
  const typists = mode === 'projector' ? [] : typistsIn(room, cs.typing, step, typingKey(space, step, textKey), me?.id);
  const typingLine =
    typists.length > 0 ? (
      <div class="wp-shared__typing wp-muted" data-testid="text-typing" aria-live="off">
        {t('typing.in', { count: typists.length, who: typists.map((p) => typistName(room, p)).join(', ') })}
      </div>
    ) : null;
  const onSelect = (el: HTMLTextAreaElement) => {
    if (el.value === sync.doc) sync.selection = [el.selectionStart, el.selectionEnd];
  };

  const updatedBy = server?.updatedBy ? room.participants[server.updatedBy] : undefined;
  const labelClass = `utrecht-form-label${props.hideLabel ? ' wp-visually-hidden' : ''}`;
  const describedBy = [props.description ? `${id}-d` : '', `${id}-s`].filter(Boolean).join(' ');

  const copy = () => {
    void navigator.clipboard?.writeText(view.doc).then(
      () => setCopied(true),
      () => setCopied(false),
    );
    const el = area.current;
    if (el) el.select();
  };

  const held = view.held !== null && view.unsaved;
  if ((props.readOnly && !held) || mode === 'projector') {
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
        {typingLine}
        {updatedBy && mode !== 'projector' && (
          <div class="wp-shared__meta">{t('text.updatedBy', { name: displayName(room, updatedBy, t) })}</div>
        )}
      </div>
    );
  }

  // Nothing to say under an empty field that nobody has written in.
  const status = held ? '' : view.unsaved ? t('text.sending') : view.doc.trim() ? t('text.saved') : '';
  return (
    <FieldFrame
      id={id}
      kind="textarea"
      extraClass={`wp-shared${held ? ' wp-shared--held' : ''}`}
      label={props.label}
      labelClass={labelClass}
      description={props.description}
      after={
        <>
        {typingLine}
        <div class="wp-shared__meta" id={`${id}-s`}>
          {held ? (
            <div class="wp-error-text" role="status" data-testid="text-held" data-reason={view.held}>
              {t(`text.held.${view.held}` as 'text.held.locked')}{' '}
              <Button kind="secondary" onClick={copy} data-testid="text-copy">
                {copied ? t('text.copied') : t('text.copy')}
              </Button>
            </div>
          ) : (
            <span data-testid="text-status" data-unsaved={view.unsaved ? 'true' : 'false'}>
              {status}
            </span>
          )}
          {updatedBy && !held && <span> · {t('text.updatedBy', { name: displayName(room, updatedBy, t) })}</span>}
        </div>
        </>
      }
    >
      <textarea
        ref={area}
        id={id}
        class="utrecht-textarea utrecht-textarea--html-textarea wp-shared__area"
        rows={props.rows ?? 4}
        value={view.doc}
        readOnly={props.readOnly}
        maxLength={Limits.sharedText}
        aria-describedby={describedBy}
        data-testid={`text-${textKey}`}
        onInput={(e) => onInput(e.currentTarget as HTMLTextAreaElement)}
        onSelect={(e) => onSelect(e.currentTarget as HTMLTextAreaElement)}
        onKeyUp={(e) => onSelect(e.currentTarget as HTMLTextAreaElement)}
        onClick={(e) => onSelect(e.currentTarget as HTMLTextAreaElement)}
        onBlur={() => session.typing.left(step, textKey)}
      />
    </FieldFrame>
  );
}

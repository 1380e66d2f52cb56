// Small building blocks in NL Design System (Utrecht) style: page layout, buttons, form fields, notices,
// the polite live region. User text is only ever rendered as text (JSX escapes it), never as HTML.
import type { ComponentChildren, JSX, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LANGS, isLang, translate } from '../i18n';
import type { Lang } from '../i18n';
import { saveLang } from '../storage';
import { themeTokens } from '../theme';
import { useApp, useClientState, useId, useT } from './hooks';

export function Layout(props: { title: string; children: ComponentChildren; wide?: boolean; headerExtra?: ComponentChildren }) {
  const { t, lang } = useT();
  const { room } = useClientState();
  const theme = themeTokens(room?.theme);
  useEffect(() => {
    document.title = `${props.title} – Werkplaats`;
  }, [props.title]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <div class="wp-page" style={theme.style} data-testid="page">
      <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
        {t('layout.skip')}
      </a>
      <header class="wp-header">
        <div class="wp-header__inner">
          <a class="wp-brand" href="/">
            {theme.logo && <img class="wp-brand__logo" src={theme.logo} alt="" data-testid="theme-logo" />}
            Werkplaats
          </a>
          {props.headerExtra}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} class={`wp-main${props.wide ? ' wp-main--wide' : ''}`}>
        {props.children}
      </main>
      <footer class="wp-footer">
        <p class="utrecht-paragraph utrecht-paragraph--small">{t('layout.footer')}</p>
      </footer>
      <LiveRegion />
    </div>
  );
}

export function LanguageSwitch() {
  const { store } = useApp();
  const { t, lang } = useT();
  const names: Record<Lang, string> = { nl: 'Nederlands', en: 'English' };
  return (
    <nav class="wp-lang" aria-label={t('layout.language')}>
      {LANGS.map((l) => (
        <button
          type="button"
          lang={l}
          class={`utrecht-button utrecht-button--subtle wp-lang__button`}
          aria-pressed={l === lang}
          onClick={() => {
            if (!isLang(l)) return;
            saveLang(l);
            store.setLang(l);
          }}
        >
          {names[l]}
        </button>
      ))}
    </nav>
  );
}

type ButtonKind = 'primary' | 'secondary' | 'subtle' | 'danger';

export function Button(
  props: {
    kind?: ButtonKind;
    children: ComponentChildren;
  } & Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'class'>,
) {
  const { kind = 'secondary', children, type, ...rest } = props;
  const cls =
    kind === 'primary'
      ? 'utrecht-button--primary-action'
      : kind === 'danger'
        ? 'utrecht-button--primary-action utrecht-button--danger'
        : kind === 'subtle'
          ? 'utrecht-button--subtle'
          : 'utrecht-button--secondary-action';
  return (
    <button type={type ?? 'button'} class={`utrecht-button ${cls}`} {...rest}>
      {children}
    </button>
  );
}

/**
 * The frame every form field shares (NL Design System form-field markup): label, optional description
 * and error, then the control. {@code id} is the control's id; the description and error get `${id}-d`
 * and `${id}-e` for aria-describedby.
 */
export function FieldFrame(props: {
  id: string;
  kind: 'text' | 'textarea';
  label: ComponentChildren;
  labelClass?: string;
  description?: ComponentChildren;
  invalid?: string | null;
  extraClass?: string;
  children: ComponentChildren;
  /** Shown under the control, inside the field (e.g. a saving status). */
  after?: ComponentChildren;
}) {
  const invalid = props.invalid ? ' utrecht-form-field--invalid' : '';
  return (
    <div class={`utrecht-form-field utrecht-form-field--${props.kind} ${props.extraClass ?? 'wp-field'}${invalid}`}>
      <div class="utrecht-form-field__label">
        <label class={props.labelClass ?? 'utrecht-form-label'} for={props.id}>
          {props.label}
        </label>
      </div>
      {props.description && (
        <div class="utrecht-form-field-description" id={`${props.id}-d`}>
          {props.description}
        </div>
      )}
      {props.invalid && (
        <div class="utrecht-form-field-error-message" id={`${props.id}-e`}>
          {props.invalid}
        </div>
      )}
      <div class="utrecht-form-field__input">{props.children}</div>
      {props.after}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  maxLength?: number;
  required?: boolean;
  description?: string;
  type?: string;
  autoComplete?: string;
  name?: string;
  invalid?: string | null;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  autoFocus?: boolean;
}) {
  const id = useId('field');
  const describedBy = [props.description ? `${id}-d` : '', props.invalid ? `${id}-e` : ''].filter(Boolean).join(' ');
  return (
    <FieldFrame id={id} kind="text" label={props.label} description={props.description} invalid={props.invalid}>
      <input
        id={id}
        name={props.name}
        class={`utrecht-textbox utrecht-textbox--html-input${props.invalid ? ' utrecht-textbox--invalid' : ''}`}
        type={props.type ?? 'text'}
        value={props.value}
        maxLength={props.maxLength}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        autoFocus={props.autoFocus}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  maxLength?: number;
  required?: boolean;
  description?: string;
  rows?: number;
  readOnly?: boolean;
}) {
  const id = useId('area');
  return (
    <FieldFrame id={id} kind="textarea" label={props.label} description={props.description}>
      <textarea
        id={id}
        class="utrecht-textarea utrecht-textarea--html-textarea"
        value={props.value}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        aria-required={props.required ? 'true' : undefined}
        readOnly={props.readOnly}
        aria-describedby={props.description ? `${id}-d` : undefined}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </FieldFrame>
  );
}

export function Alert(props: { kind: 'info' | 'ok' | 'warning' | 'error'; children: ComponentChildren; role?: JSX.AriaRole }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${props.kind} wp-alert`} role={props.role}>
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">{props.children}</div>
      </div>
    </div>
  );
}

/** Errors of refused commands and other notices, each dismissable. */
export function Notices() {
  const { store } = useApp();
  const { notices } = useClientState();
  const { t } = useT();
  if (notices.length === 0) return null;
  return (
    <div class="wp-notices">
      {notices.map((n) => (
        <div key={n.id} class={`utrecht-alert utrecht-alert--${n.kind === 'error' ? 'error' : 'info'} wp-alert wp-notice`} role="alert">
          <div class="utrecht-alert__message">
            <span>{t(n.key, n.params)}</span>
            <Button kind="subtle" onClick={() => store.dismissNotice(n.id)} aria-label={t('notice.dismissLabel')}>
              {t('notice.dismiss')}
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * The polite live region: the latest announcement is written into it for screen readers. Kept in the DOM
 * from the start (a region added together with its text is not announced).
 */
export function LiveRegion() {
  const { announcements, lang } = useClientState();
  const last = announcements[announcements.length - 1];
  // The text is translated when shown, so that switching the language switches the announcement too.
  return (
    <div class="wp-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {last ? translate(lang, last.key, last.params) : ''}
    </div>
  );
}

export function VisuallyHidden(props: { children: ComponentChildren }) {
  return <span class="wp-visually-hidden">{props.children}</span>;
}

/** Copies a text to the clipboard, and says so. */
export function CopyButton(props: { text: string; label: string }) {
  const { t } = useT();
  const [done, setDone] = useState(false);
  return (
    <span class="wp-copy">
      <Button
        kind="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(props.text);
            setDone(true);
            setTimeout(() => setDone(false), 2500);
          } catch {
            setDone(false);
          }
        }}
      >
        {props.label}
      </Button>
      <span role="status" class="wp-copy__status">
        {done ? t('common.copied') : ''}
      </span>
    </span>
  );
}

/** Runs `effect` when `deps` change, but not when the view first appears (moving the focus then would be a surprise). */
export function useChangeEffect(effect: () => void, deps: unknown[]): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    effect();
  }, deps);
}

/**
 * Focus follows an inline edit: into the form's first field when it opens, back to the item's "edit" button
 * (marked `data-edit-button`) when it closes. `item` goes on the element that holds both.
 */
export function useEditFocus(editing: boolean): RefObject<HTMLLIElement> {
  const item = useRef<HTMLLIElement>(null);
  useChangeEffect(() => {
    const root = item.current;
    if (!root) return;
    const target = editing ? root.querySelector<HTMLElement>('textarea, input, select') : root.querySelector<HTMLElement>('[data-edit-button]');
    target?.focus();
  }, [editing]);
  return item;
}

/** Whether the person is typing in a field right now (then the focus is not moved away from it). */
function typingInField(): boolean {
  const a = document.activeElement;
  return a instanceof HTMLTextAreaElement || (a instanceof HTMLInputElement && a.type !== 'submit' && a.type !== 'button');
}

/**
 * After this person added something, moves the focus to the new item once the room shows it: call the
 * returned function with the item's key (the value of its `data-added-key`) before sending. Items are
 * looked up below `container`; the focus stays in a field the person is already typing in again.
 */
export function useFocusWhenAdded(container: RefObject<HTMLElement>): (key: string) => void {
  const wanted = useRef<{ key: string; before: number } | null>(null);
  const matching = (key: string) =>
    [...(container.current?.querySelectorAll<HTMLElement>('[data-added-key]') ?? [])].filter((el) => el.dataset.addedKey === key);
  useEffect(() => {
    const w = wanted.current;
    if (!w) return;
    const found = matching(w.key);
    if (found.length <= w.before) return;
    wanted.current = null;
    if (!typingInField()) found[found.length - 1].focus();
  });
  return (key: string) => {
    wanted.current = { key, before: matching(key).length };
  };
}

/** The visible hint of a radio group (WAI-ARIA APG): Tab reaches the group, the arrow keys choose in it. */
export function RadioHint(props: { id: string }) {
  const { t } = useT();
  return (
    <p class="wp-hint" id={props.id}>
      {t('common.radioHint')}
    </p>
  );
}

const drafts = new Map<string, string>();

/**
 * A text being written in a form (a new card, a new agreement) that outlives the form: when a lock or pause
 * takes the form away and the unlock brings it back, the text (or a refused one put back) is still there.
 * Kept for this page only.
 */
export function useDraft(key: string): [string, (v: string | ((prev: string) => string)) => void] {
  const [value, setValue] = useState(() => drafts.get(key) ?? '');
  const set = (v: string | ((prev: string) => string)) => {
    const next = typeof v === 'function' ? v(drafts.get(key) ?? '') : v;
    if (next) drafts.set(key, next);
    else drafts.delete(key);
    setValue(next);
  };
  return [value, set];
}

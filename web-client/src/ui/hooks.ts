// Glue between the store and Preact: a context that carries the page's store (and session, in a room) and
// hooks that re-render a view when the store changes.
import { createContext } from 'preact';
import { useContext, useEffect, useId as preactUseId, useMemo, useState } from 'preact/hooks';
import { translator } from '../i18n';
import type { Lang, T } from '../i18n';
import type { Session } from '../session';
import type { ClientState, Store } from '../store';

export interface AppContextValue {
  store: Store;
  session: Session | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}

/** The store's state; the calling view re-renders on every change. */
export function useClientState(): ClientState {
  const { store } = useApp();
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(() => setState(store.getState()));
  }, [store]);
  return state;
}

export function useT(): { t: T; lang: Lang } {
  const { lang } = useClientState();
  const t = useMemo(() => translator(lang), [lang]);
  return { t, lang };
}

/** The current time, refreshed every `everyMs`. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}

/** A stable id for label/for and aria attributes. */
export function useId(prefix: string): string {
  return `${prefix}-${preactUseId().replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/**
 * A value shown optimistically: what the person just chose, until the server's value catches up (or the
 * command fails and `reset` is called). Keeps a radio button from jumping back while its command travels.
 */
export function useOptimistic<V>(server: V): [V, (v: V) => void, () => void] {
  const [pending, setPending] = useState<{ value: V } | null>(null);
  // Only the server catching up with the latest choice ends it: choosing 2, 3, 4 quickly (arrow keys in a
  // radio group) must not show 2 and 3 again while their commands come back.
  useEffect(() => {
    if (pending && Object.is(pending.value, server)) setPending(null);
  }, [server]);
  return [pending ? pending.value : server, (value: V) => setPending({ value }), () => setPending(null)];
}

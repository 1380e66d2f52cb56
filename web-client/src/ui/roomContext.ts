import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang, T } from '../i18n';
import type { Participant, RoomState, Template } from '../protocol';
import { runsFlow } from '../roomState';
import type { Session } from '../session';
import type { ClientState, Store } from '../store';
import { useApp, useClientState, useT } from './hooks';

export type ViewMode = 'participant' | 'facilitator' | 'projector';

export const ModeContext = createContext<ViewMode>('participant');

export interface RoomView {
  cs: ClientState;
  room: RoomState;
  template: Template | null;
  me: Participant | undefined;
  /** Whether I run the flow (facilitator or co-facilitator). */
  flow: boolean;
  session: Session;
  store: Store;
  t: T;
  lang: Lang;
  mode: ViewMode;
}

/** Everything a room view needs; only call below a RoomView, where a room state exists. */
export function useRoom(): RoomView {
  const { store, session } = useApp();
  const cs = useClientState();
  const { t, lang } = useT();
  const mode = useContext(ModeContext);
  const room = cs.room as RoomState;
  const me = cs.me ? room?.participants[cs.me.participantId] : undefined;
  return {
    cs,
    room,
    template: cs.template,
    me,
    flow: runsFlow(me?.role ?? cs.me?.role) && mode !== 'projector',
    session: session as Session,
    store,
    t,
    lang,
    mode,
  };
}

/** A participant as others see them: the name, or only the organisation in an anonymous room. */
export function displayName(room: RoomState, p: Participant | undefined, t: T): string {
  if (!p) return t('common.unknown');
  return room.anonymous ? p.organisation : p.name;
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang, T } from '../i18n';
import { breakoutOf, groupSpace } from '../breakouts';
import type { CommandBody, Participant, RoomState, Template } from '../protocol';
import { runsFlow } from '../roomState';
import type { Session } from '../session';
import type { ClientState, Store } from '../store';
import { useApp, useClientState, useT } from './hooks';

export type ViewMode = 'participant' | 'facilitator' | 'projector';

export const ModeContext = createContext<ViewMode>('participant');

/** The breakout group whose space of a step the views below show (and write in), or null for the plenary's. */
export interface Space {
  step: number;
  group: number;
}

export const SpaceContext = createContext<Space | null>(null);

/** The key of a shared text in the typing notices: a group's text as `g<group>/<key>` (docs/protocol.md). */
export function typingKey(space: Space | null, step: number, key: string): string {
  return space && space.step === step ? `g${space.group}/${key}` : key;
}

/** Content commands that can name the group whose space they are for (docs/protocol.md, Breakout groups). */
const FOR_GROUP = new Set([
  'text-op', 'set-status', 'save-agreement', 'remove-agreement', 'add-card', 'edit-card', 'remove-card',
  'save-group', 'move-card', 'vote', 'assent-joint-answer',
]);

/**
 * The session as the views of one group's space use it: its content commands name the group, its shared texts
 * are the group's, and its typing notices name the group's texts.
 */
export function spaceSession(session: Session, space: Space): Session {
  const group = (step: number) => (step === space.step ? space.group : null);
  return Object.assign(Object.create(session) as Session, {
    command: (body: CommandBody, opts?: { quiet?: boolean }) =>
      session.command(FOR_GROUP.has(body.type) ? ({ ...body, group: space.group } as CommandBody) : body, opts),
    texts: Object.assign(Object.create(session.texts) as Session['texts'], {
      get: (step: number, key: string) => session.texts.get(step, key, group(step)),
      input: (step: number, key: string, value: string, selection: [number, number]) =>
        session.texts.input(step, key, value, selection, group(step)),
    }),
    typing: Object.assign(Object.create(session.typing) as Session['typing'], {
      typed: (step: number, key: string, caret: number) => session.typing.typed(step, typingKey(space, step, key), caret),
      left: (step: number, key: string) => session.typing.left(step, typingKey(space, step, key)),
    }),
  });
}

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
  const space = useContext(SpaceContext);
  const whole = cs.room as RoomState;
  const me = cs.me ? whole?.participants[cs.me.participantId] : undefined;
  const group = space && whole ? breakoutOf(whole, space.step)?.groups.find((g) => g.no === space.group) : undefined;
  const room = group && space ? groupSpace(whole, space.step, group) : whole;
  return {
    cs,
    room,
    template: cs.template,
    me,
    flow: runsFlow(me?.role ?? cs.me?.role) && mode !== 'projector',
    session: group && space ? spaceSession(session as Session, space) : (session as Session),
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

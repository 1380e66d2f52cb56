// The one store of the client. It holds the room as the server's events built it, plus what the views need
// around it (who am I, presence, clock offset, connection status, language, announcements). Nothing else in
// the client keeps global mutable state. Each change replaces the state object, so views compare by identity.
import type { Lang, MessageKey, MessageParams, ParamValue } from './i18n';
import { applyEvent, normaliseState, writeBlock } from './roomState';
import type {
  Participant,
  Role,
  RoomEvent,
  RoomState,
  SequencedEvent,
  Template,
  TypingEntry,
  WelcomeMessage,
} from './protocol';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
export type CloseReason = 'removed' | 'room-not-found' | 'unauthorised' | 'protocol' | 'stopped' | null;

export interface ConnectionInfo {
  status: ConnectionStatus;
  reason: CloseReason;
  /** Whether a welcome has been received on this page: tells "reconnecting" apart from "connecting". */
  everOpened: boolean;
  /** Set for a moment after a reconnect succeeded, so the banner can say "back". */
  backSince: number | null;
  /** When the next attempt is due (epoch ms), while reconnecting. */
  retryAt: number | null;
}

export interface Message {
  id: number;
  key: MessageKey;
  params: MessageParams;
  at: number;
}

export interface ClientState {
  room: RoomState | null;
  template: Template | null;
  me: { participantId: string; role: Role } | null;
  online: string[];
  /** Who types in which shared text now (volatile, from the server's `typing` messages). */
  typing: TypingEntry[];
  /** serverTime - clientTime in ms: the server clock is Date.now() + clockOffset. */
  clockOffset: number;
  connection: ConnectionInfo;
  lang: Lang;
  /** Polite screen-reader announcements, newest last (a few kept). */
  announcements: Message[];
  /** Errors and notices shown on screen until dismissed, newest last. */
  notices: (Message & { kind: 'error' | 'info' })[];
  /** Commands sent but not yet acknowledged. */
  pending: number;
  /** The results link's credential, once the session has ended (docs/protocol.md, "The results link"). */
  resultsToken: string | null;
  /** An earlier step this person looks back at while the session goes on (null: the live step). */
  lookingBack: number | null;
}

export interface ApplyResult {
  /** Events were missing before one that arrived: the caller must send a resync. */
  gap: boolean;
  applied: number;
}

/** Called with the events just applied (in seq order), and with null when a whole state replaced the room. */
export type TextListener = (events: SequencedEvent[] | null) => void;

/** Refusals that say why one cannot write now; each stays on screen only while that reason holds. */
const BLOCK_NOTICES: Partial<Record<MessageKey, (block: ReturnType<typeof writeBlock>) => boolean>> = {
  'error.locked': (b) => b === 'locked',
  'error.paused': (b) => b === 'paused',
  'error.not_started': (b) => b === 'lobby',
  'error.step_not_open': (b) => b === 'not-open',
};

/**
 * The notices that are still true in `room`: a refusal because the step was locked (paused, not started, not
 * open) goes away by itself once the facilitator unlocks (resumes, starts, opens) it; other notices stay until
 * dismissed.
 */
export function currentNotices<N extends { key: MessageKey }>(notices: N[], room: RoomState, myId: string | undefined): N[] {
  const me = myId ? room.participants[myId] : undefined;
  const block = writeBlock(room, me, room.currentStep);
  return notices.filter((n) => {
    const holds = BLOCK_NOTICES[n.key];
    return !holds || holds(block);
  });
}

const KEEP_ANNOUNCEMENTS = 5;
const KEEP_NOTICES = 5;
/** The same summary is announced at most once in this many ms (no announcement per keystroke). */
const ANNOUNCE_THROTTLE_MS = 20_000;

export class Store {
  private state: ClientState;
  private readonly listeners = new Set<() => void>();
  private readonly textListeners = new Set<TextListener>();
  private nextId = 1;
  private readonly lastAnnounced = new Map<string, number>();

  constructor(lang: Lang = 'nl', private readonly now: () => number = () => Date.now()) {
    this.state = {
      room: null,
      template: null,
      me: null,
      online: [],
      typing: [],
      clockOffset: 0,
      connection: { status: 'idle', reason: null, everOpened: false, backSince: null, retryAt: null },
      lang,
      announcements: [],
      notices: [],
      pending: 0,
      resultsToken: null,
      lookingBack: null,
    };
  }

  getState(): ClientState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeText(listener: TextListener): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  /** The room's history hash at our seq, as the server gave it (null: not known). */
  chain: string | null = null;

  /** The last seq this client applied (0 without a state). */
  get seq(): number {
    return this.state.room?.seq ?? 0;
  }

  me(): Participant | undefined {
    const { room, me } = this.state;
    return room && me ? room.participants[me.participantId] : undefined;
  }

  private set(patch: Partial<ClientState>): void {
    if (patch.room && patch.room !== this.state.room && this.state.notices.length > 0) {
      const next = { ...this.state, ...patch };
      const notices = currentNotices(next.notices, patch.room, next.me?.participantId);
      if (notices.length !== this.state.notices.length) patch = { ...patch, notices };
    }
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  // ---------------------------------------------------------------- server messages

  /** A welcome: either a full state, or the events missed since our lastSeq. */
  welcome(msg: WelcomeMessage): ApplyResult {
    // A projector is nobody in the room.
    const me = msg.participantId && msg.role !== 'projector' ? { participantId: msg.participantId, role: msg.role } : null;
    const base: Partial<ClientState> = {
      me,
      template: msg.template ?? this.state.template,
      online: msg.online ?? this.state.online,
      resultsToken: msg.resultsToken ?? this.state.resultsToken,
    };
    if (msg.state) {
      const room = normaliseState(msg.state);
      if (typeof room.seq !== 'number') room.seq = msg.seq;
      this.chain = msg.chain ?? null;
      this.set({ ...base, room });
      this.emitAllTexts();
      return { gap: room.seq < msg.seq, applied: 0 };
    }
    this.set(base);
    if (!this.state.room) {
      // Resumed without a state we could apply events to: ask for a snapshot.
      return { gap: true, applied: 0 };
    }
    const result = this.receiveEvents(msg.events ?? [], false);
    if (this.seq === msg.seq && msg.chain) this.chain = msg.chain;
    return { gap: result.gap || this.seq < msg.seq, applied: result.applied };
  }

  /**
   * Applies events in seq order: a seq we have is ignored, the next one is applied, a later one means events
   * are missing: nothing after the gap is applied and the caller asks for a resync.
   */
  receiveEvents(events: SequencedEvent[], announce = true): ApplyResult {
    let room = this.state.room;
    if (!room) {
      return { gap: events.length > 0, applied: 0 };
    }
    const sorted = [...events].sort((a, b) => a.seq - b.seq);
    const applied: SequencedEvent[] = [];
    let gap = false;
    for (const e of sorted) {
      if (e.seq <= room.seq) continue;
      if (e.seq !== room.seq + 1) {
        gap = true;
        break;
      }
      const before: RoomState = room;
      room = applyEvent(room, e.event);
      this.chain = e.chain ?? null;
      applied.push(e);
      if (announce) this.announceEvent(before, room, e.event);
    }
    if (applied.length > 0) {
      const me = this.state.me;
      let role = me?.role;
      if (me) role = room.participants[me.participantId]?.role ?? role;
      // The facilitator calls everybody back; looking back at what became the live step ends by itself.
      const calledBack = applied.some((e) => e.event.type === 'called-back');
      const lookingBack = calledBack || this.state.lookingBack === room.currentStep ? null : this.state.lookingBack;
      this.set({ room, me: me && role ? { ...me, role } : me, lookingBack });
      for (const l of [...this.textListeners]) l(applied);
    }
    return { gap, applied: applied.length };
  }

  snapshot(seq: number, state: RoomState, chain?: string): void {
    const room = normaliseState(state);
    this.chain = chain ?? null;
    if (typeof room.seq !== 'number') room.seq = seq;
    const me = this.state.me;
    const role = me ? room.participants[me.participantId]?.role ?? me.role : undefined;
    this.set({ room, me: me && role ? { ...me, role } : me });
    this.emitAllTexts();
  }

  private emitAllTexts(): void {
    const room = this.state.room;
    if (!room) return;
    for (const l of [...this.textListeners]) l(null);
  }

  /**
   * A heartbeat at our own seq with another history hash: we applied an event the room does not have (two
   * sides of a network partition gave one seq to two commands); the whole room must come again.
   */
  hasForked(seq: number, chain: string | undefined): boolean {
    return this.state.room !== null && seq === this.seq && !!chain && this.chain !== null && chain !== this.chain;
  }

  /** A heartbeat or another sign of the room's latest seq: true when we are behind. */
  isBehind(seq: number): boolean {
    return this.state.room !== null && seq > this.seq;
  }

  /**
   * Who came online and who went offline since the welcome's list (or the previous change): applied to the
   * list we hold, which stays sorted and without repeats.
   */
  presenceChanged(cameOnline: string[], wentOffline: string[]): void {
    const now = new Set(this.state.online);
    for (const id of wentOffline) now.delete(id);
    for (const id of cameOnline) now.add(id);
    const online = [...now].sort();
    if (online.length === this.state.online.length && online.every((id, i) => id === this.state.online[i])) return;
    this.set({ online });
  }

  setTyping(typing: TypingEntry[]): void {
    if (typing.length === 0 && this.state.typing.length === 0) return;
    this.set({ typing: [...typing] });
  }

  setResultsToken(token: string): void {
    if (token !== this.state.resultsToken) this.set({ resultsToken: token });
  }

  setTemplate(template: Template): void {
    this.set({ template });
  }

  setClockOffset(offset: number): void {
    if (Math.abs(offset - this.state.clockOffset) >= 1) this.set({ clockOffset: offset });
  }

  setConnection(patch: Partial<ConnectionInfo>): void {
    const connection = { ...this.state.connection, ...patch };
    this.set({ connection });
  }

  setPending(pending: number): void {
    if (pending !== this.state.pending) this.set({ pending });
  }

  setLang(lang: Lang): void {
    this.set({ lang });
  }

  /** Forgets the room (after removal or a bad credential). */
  clearRoom(): void {
    this.set({ room: null, me: null, online: [], typing: [], resultsToken: null });
  }

  // ---------------------------------------------------------------- announcements and notices

  announce(key: MessageKey, params: MessageParams = {}, throttleKey?: string): void {
    const at = this.now();
    const tk = throttleKey ?? key + JSON.stringify(params);
    const last = this.lastAnnounced.get(tk);
    if (last !== undefined && at - last < ANNOUNCE_THROTTLE_MS) return;
    this.lastAnnounced.set(tk, at);
    const announcements = [...this.state.announcements, { id: this.nextId++, key, params, at }].slice(-KEEP_ANNOUNCEMENTS);
    this.set({ announcements });
  }

  notice(kind: 'error' | 'info', key: MessageKey, params: MessageParams = {}): void {
    const notices = [...this.state.notices, { id: this.nextId++, key, params, at: this.now(), kind }].slice(-KEEP_NOTICES);
    this.set({ notices });
  }

  /** Looks back at an earlier, opened step (read-only when it is locked), or back at the live step (null). */
  lookBack(step: number | null): void {
    const room = this.state.room;
    const valid = step !== null && room && step !== room.currentStep && room.runtime[step]?.opened;
    this.set({ lookingBack: valid ? step : null });
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  /** The organisation of a participant; for an alias (others' answers in an anonymous room, marks) just "an organisation". */
  private orgOf(room: RoomState, participantId: string | null | undefined): ParamValue {
    return (participantId && room.participants[participantId]?.organisation) || { key: 'common.anOrganisation' };
  }

  /** A short summary of somebody else's event, for screen readers. */
  private announceEvent(before: RoomState, after: RoomState, e: RoomEvent): void {
    const myId = this.state.me?.participantId;
    switch (e.type) {
      case 'participant-joined':
        if (e.participant.id !== myId && !before.participants[e.participant.id]) {
          this.announce('announce.joined', { name: e.participant.name, organisation: e.participant.organisation });
        }
        return;
      case 'participant-removed': {
        const p = after.participants[e.participantId];
        if (p) this.announce('announce.removed', { name: p.name });
        return;
      }
      case 'participant-role-changed':
        if (e.participantId === myId) this.announce('announce.myRole', { role: { key: `role.${e.role}` as MessageKey } });
        return;
      case 'flow-changed':
        if (before.status !== e.status) {
          if (e.status === 'running' && before.status === 'lobby') this.announce('announce.started');
          else if (e.status === 'running') this.announce('announce.resumed');
          else if (e.status === 'paused') this.announce('announce.paused');
          else if (e.status === 'ended') this.announce('announce.ended');
        }
        if (before.currentStep !== e.currentStep && e.status !== 'lobby') {
          const title = this.state.template?.steps[e.currentStep]?.title ?? '';
          this.announce('announce.step', { number: e.currentStep + 1, title }, `step${e.currentStep}:${e.at}`);
        }
        return;
      case 'step-runtime-changed': {
        const old = before.runtime[e.step];
        if (e.step !== after.currentStep || !old) return;
        if (old.locked !== e.runtime.locked) this.announce(e.runtime.locked ? 'announce.locked' : 'announce.unlocked');
        if (!old.revealed && e.runtime.revealed) this.announce('announce.revealed');
        return;
      }
      case 'text-changed':
      case 'text-op': {
        const by = e.type === 'text-op' ? e.by : e.text.updatedBy;
        if (by === myId) return;
        const organisation = this.orgOf(after, by);
        const isNew = !(before.content[e.step]?.texts?.[e.key]?.text ?? '').trim();
        if (e.key === 'joint') this.announce('announce.jointChanged', { organisation });
        else if (e.key.startsWith('org:'))
          this.announce(isNew ? 'announce.answerAdded' : 'announce.answerChanged', { organisation: e.key.slice(4) }, `text:${e.step}:${e.key}`);
        else this.announce('announce.fieldChanged', { organisation }, `text:${e.step}:${e.key}`);
        return;
      }
      case 'status-changed':
        this.announce('announce.status', { status: { key: `status.${e.status}` as MessageKey } });
        return;
      case 'agreement-saved': {
        const a = e.agreement;
        if (a.createdBy === myId || before.agreements[a.id]) return;
        this.announce('announce.agreementAdded', { organisation: this.orgOf(after, a.createdBy) });
        return;
      }
      case 'card-saved': {
        const existed = before.content[e.step]?.cards?.[e.card.id];
        if (existed || e.card.authorId === myId) return;
        this.announce('announce.cardAdded', { organisation: this.orgOf(after, e.card.authorId) });
        return;
      }
      case 'ratings-changed':
        if (e.participantId !== myId) this.announce('announce.rated', { organisation: this.orgOf(after, e.participantId) });
        return;
      case 'evaluation-saved':
        if (e.evaluation.participantId !== myId && !before.content[e.step]?.evaluations?.[e.evaluation.participantId]) {
          this.announce('announce.evaluated', { organisation: this.orgOf(after, e.evaluation.participantId) });
        }
        return;
      case 'role-assignment-changed':
        this.announce('announce.rolesChanged', {}, `roles:${e.step}`);
        return;
      case 'called-back':
        this.announce('announce.calledBack', {}, `back:${e.at}`);
        return;
      default:
        return;
    }
  }
}

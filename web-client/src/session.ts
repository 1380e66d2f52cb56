// A live session in one room: wires the connection to the store. It turns server messages into store
// updates, asks for a resync when events are missing, keeps the clock offset, and offers `command()` to the
// views. One session per page.
import { Connection } from './connection';
import type { Ack, CommandError, Environment, SocketLike, StateInfo } from './connection';
import type { Auth, CommandBody, HelloMessage, ServerMessage } from './protocol';
import { PROTOCOL_VERSION } from './protocol';
import { Store } from './store';
import { TextSyncs } from './textSync';
import { TypingReporter } from './typing';
import { ERROR_CODES } from './generated/protocol';
import type { MessageKey } from './i18n';

export interface SessionOptions {
  roomId: string;
  urls: string[];
  /** The credential for the next hello; may change (a join becomes a resume once we have a token). */
  auth(): Auth;
  /** A join answered with a token: keep it. */
  onCredentials?(participantId: string, token: string): void;
  /** The connection closed for good (removed, bad credential, unknown room). */
  onTerminal?(reason: string): void;
  /**
   * The server refused the hello with an error but kept the socket (e.g. a join with an invalid name). The
   * session stops; the page shows the problem.
   */
  onHandshakeError?(code: string, message: string): void;
  createSocket?(url: string): SocketLike;
  environment?: Environment;
  now?: () => number;
}

/** How long to wait for a close code after a refused hello before treating the refusal as final. */
const HANDSHAKE_CLOSE_WAIT_MS = 1200;

/** How long a resync may stay unanswered before it is asked again. */
const RESYNC_RETRY_MS = 4000;

export function browserEnvironment(): Environment {
  return {
    onOnline(fn) {
      window.addEventListener('online', fn);
      return () => window.removeEventListener('online', fn);
    },
    onVisible(fn) {
      const h = () => {
        if (document.visibilityState === 'visible') fn();
      };
      document.addEventListener('visibilitychange', h);
      return () => document.removeEventListener('visibilitychange', h);
    },
  };
}

/** The server's error codes (generated from the schema) and the connection's own ('closed', 'queue_full'). */
const ERROR_KEYS = new Set<string>([...ERROR_CODES, 'closed', 'queue_full']);

export function errorKey(code: string): MessageKey {
  return (ERROR_KEYS.has(code) ? `error.${code}` : 'error.unknown') as MessageKey;
}

export class Session {
  readonly connection: Connection;
  private resyncAskedAt = -Infinity;
  private resyncFrom = -1;
  private bestRtt = Infinity;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  /** The shared texts this client edits (see textSync.ts). */
  readonly texts: TextSyncs;
  /** Says where this person types (volatile; see typing.ts). */
  readonly typing: TypingReporter;

  constructor(readonly store: Store, private readonly o: SessionOptions) {
    this.now = o.now ?? (() => Date.now());
    this.texts = new TextSyncs({
      getRoom: () => store.getState().room,
      me: () => store.me(),
      storeSeq: () => store.seq,
      send: (body) => this.command(body, { quiet: true }),
      now: this.now,
    });
    this.typing = new TypingReporter((msg) => this.connection.sendControl(msg), this.now);
    store.subscribeText((events) => (events ? this.texts.events(events) : this.texts.resetAll()));
    store.subscribe(() => this.texts.refresh());
    this.connection = new Connection({
      urls: o.urls,
      createSocket: o.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      environment: o.environment,
      now: this.now,
      hello: () => this.hello(),
      onMessage: (m) => this.onMessage(m),
      onState: (info) => this.onState(info),
      onPending: (n) => this.store.setPending(n),
    });
  }

  start(): void {
    this.connection.start();
  }

  stop(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.connection.stop();
  }

  /**
   * Sends a command. A refusal is shown as a notice (unless `quiet`) and rethrown to the caller.
   */
  async command(body: CommandBody, opts: { quiet?: boolean } = {}): Promise<Ack> {
    try {
      return await this.connection.send(body);
    } catch (e) {
      const err = e as CommandError;
      if (!opts.quiet) this.store.notice('error', errorKey(err.code), { detail: err.message ?? '' });
      throw err;
    }
  }

  private hello(): HelloMessage {
    const msg: HelloMessage = { type: 'hello', protocol: PROTOCOL_VERSION, roomId: this.o.roomId, auth: this.o.auth() };
    // Without a state of our own, events would not help: ask for the full state.
    if (this.store.getState().room) {
      msg.lastSeq = this.store.seq;
      if (this.store.chain) msg.lastChain = this.store.chain;
    }
    return msg;
  }

  private onState(info: StateInfo): void {
    const prev = this.store.getState().connection;
    if (info.state === 'open') {
      const back = prev.everOpened && prev.status !== 'open';
      this.store.setConnection({ status: 'open', everOpened: true, retryAt: null, reason: null, backSince: back ? this.now() : null });
      if (back) this.store.announce('connection.back', {}, `back:${this.now()}`);
    } else if (info.state === 'reconnecting') {
      // Who types where is volatile: the list comes again with the next welcome.
      this.typing.reset();
      this.store.setTyping([]);
      if (prev.status === 'open') this.store.announce('connection.lost', {}, `lost:${this.now()}`);
      this.store.setConnection({ status: 'reconnecting', retryAt: info.retryAt ?? null, backSince: null });
    } else if (info.state === 'connecting') {
      this.store.setConnection({ status: 'connecting', retryAt: info.retryAt ?? null });
    } else if (info.state === 'closed') {
      this.store.setConnection({ status: 'closed', reason: info.reason ?? 'stopped', retryAt: null, backSince: null });
      if (info.reason && info.reason !== 'stopped') this.o.onTerminal?.(info.reason);
    }
  }

  /** Asks for what we miss since {@code from} (default: our seq; 0: the whole room). */
  private askResync(from?: number): void {
    const seq = from ?? this.store.seq;
    const at = this.now();
    if (seq === this.resyncFrom && at - this.resyncAskedAt < RESYNC_RETRY_MS) return;
    if (this.connection.sendControl({ type: 'resync', fromSeq: seq })) {
      this.resyncFrom = seq;
      this.resyncAskedAt = at;
    }
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome': {
        if (m.token && m.participantId && this.o.onCredentials) this.o.onCredentials(m.participantId, m.token);
        this.store.setClockOffset(m.serverTime - this.now());
        this.bestRtt = Infinity;
        this.resyncFrom = -1;
        const r = this.store.welcome(m);
        if (r.gap) this.askResync();
        return;
      }
      case 'events': {
        const r = this.store.receiveEvents(m.events ?? []);
        if (r.gap) this.askResync();
        return;
      }
      case 'snapshot':
        this.store.snapshot(m.seq, m.state, m.chain);
        return;
      case 'heartbeat':
        if (this.bestRtt === Infinity) this.store.setClockOffset(m.serverTime - this.now());
        if (this.store.isBehind(m.seq)) this.askResync();
        else if (this.store.hasForked(m.seq, m.chain)) this.askResync(0);
        return;
      case 'pong': {
        const now = this.now();
        const rtt = now - m.t;
        // The sample with the shortest round trip is the most accurate; drift is small in a session.
        if (rtt >= 0 && rtt <= this.bestRtt * 1.5 + 50) {
          this.bestRtt = Math.min(this.bestRtt, rtt);
          this.store.setClockOffset(m.serverTime + rtt / 2 - now);
        }
        return;
      }
      case 'presence-changed':
        this.store.presenceChanged(m.online ?? [], m.offline ?? []);
        return;
      case 'typing':
        this.store.setTyping(m.typing ?? []);
        return;
      case 'template':
        this.store.setTemplate(m.template);
        return;
      case 'results':
        this.store.setResultsToken(m.token);
        return;
      case 'error':
        if (m.commandId) return;
        if (this.connection.current !== 'open' && this.o.onHandshakeError && m.code !== 'rate_limited' && m.code !== 'internal') {
          // Refused before the welcome. When the server also closes the socket with a code (removed, bad
          // token, no room), that close decides; otherwise retrying the same hello would be refused again.
          const { code, message } = m;
          if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
          this.handshakeTimer = setTimeout(() => {
            this.handshakeTimer = null;
            if (this.connection.current === 'closed' || this.connection.current === 'open') return;
            this.connection.stop();
            this.o.onHandshakeError?.(code, message ?? '');
          }, HANDSHAKE_CLOSE_WAIT_MS);
          return;
        }
        this.store.notice('error', errorKey(m.code), { detail: m.message ?? '' });
        return;
      default:
        return;
    }
  }
}

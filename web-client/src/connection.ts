// The connection to the server as a state machine: connecting → open → reconnecting → open … → closed.
// It knows a small socket interface (not the browser's WebSocket), timers and a random source, all
// injectable, so the unit tests drive it with a fake socket and fake timers.
//
//  - capped exponential backoff with full jitter between attempts, rotating over the known node URLs;
//  - an application ping every 10 s while open, and a liveness timeout: no message for 25 s → reconnect;
//  - retry at once on the window's `online` event and when the page becomes visible again;
//  - the hello is built anew for every attempt (so it carries the last seq the store applied);
//  - commands keep their commandId until acknowledged and are sent again, with the same id, after a reconnect.
import { CloseCode, Limits } from './protocol';
import type { CommandBody, CommandMessage, HelloMessage, ServerMessage } from './protocol';

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev?: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev?: unknown) => void) | null;
}

export type ConnState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
export type TerminalReason = 'removed' | 'room-not-found' | 'unauthorised' | 'protocol' | 'stopped';

export interface StateInfo {
  state: ConnState;
  /** Why the connection closed for good (state closed). */
  reason?: TerminalReason;
  /** The close code that caused this state, when a socket closed. */
  code?: number;
  /** When the next attempt is due (epoch ms of the injected clock), while reconnecting. */
  retryAt?: number;
  /** The URL in use or about to be tried. */
  url?: string;
}

export interface CommandError {
  code: string;
  message: string;
}

export interface Ack {
  commandId: string;
  seq: number;
  duplicate: boolean;
  /** Only for new-projector-link: the new link's token (absent on a duplicate: ask again). */
  projectorToken?: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where `online` and `visibilitychange` come from (the window and document in a browser). */
export interface Environment {
  onOnline(fn: () => void): () => void;
  onVisible(fn: () => void): () => void;
}

export interface ConnectionOptions {
  /** WebSocket URLs of the nodes, in order of preference. */
  urls: string[];
  createSocket(url: string): SocketLike;
  /** Builds the hello for a new attempt. */
  hello(): HelloMessage;
  /** Every message the server sends (welcome included), after the connection has handled its part. */
  onMessage(msg: ServerMessage): void;
  onState(info: StateInfo): void;
  /** The number of commands not yet acknowledged changed. */
  onPending?(count: number): void;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  environment?: Environment;
  pingIntervalMs?: number;
  livenessTimeoutMs?: number;
  helloTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  floodPauseMs?: number;
  maxPending?: number;
  /** How often a command answered `internal` or `rate_limited` is retried. */
  maxCommandRetries?: number;
}

interface Pending {
  msg: CommandMessage;
  resolve(ack: Ack): void;
  reject(err: CommandError): void;
  retries: number;
}

const TERMINAL: Record<number, TerminalReason> = {
  [CloseCode.UNSUPPORTED_PROTOCOL]: 'protocol',
  [CloseCode.NOT_AUTHENTICATED]: 'unauthorised',
  [CloseCode.REMOVED]: 'removed',
  [CloseCode.ROOM_NOT_FOUND]: 'room-not-found',
};

let idCounter = 0;

/** A commandId: 1-64 characters of [A-Za-z0-9_-]. */
export function newCommandId(random: () => number = Math.random): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  idCounter += 1;
  return `c-${Date.now().toString(36)}-${idCounter}-${Math.floor(random() * 1e9).toString(36)}`;
}

/** Backoff before attempt number `attempt` (0-based): capped exponential with full jitter in [d/2, d]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const d = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(d / 2 + (random() * d) / 2);
}

export class Connection {
  private state: ConnState = 'idle';
  private socket: SocketLike | null = null;
  private urlIndex = 0;
  private attempt = 0;
  private welcomed = false;
  private everWelcomed = false;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private livenessTimer: unknown = null;
  private helloTimer: unknown = null;
  private readonly pending = new Map<string, Pending>();
  private lastSent: string | null = null;
  private unlisten: (() => void)[] = [];
  private readonly o: Required<Omit<ConnectionOptions, 'environment' | 'onPending'>> &
    Pick<ConnectionOptions, 'environment' | 'onPending'>;

  constructor(options: ConnectionOptions) {
    if (options.urls.length === 0) throw new Error('no server URL to connect to');
    this.o = {
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
      now: () => Date.now(),
      random: Math.random,
      pingIntervalMs: 10_000,
      livenessTimeoutMs: 25_000,
      helloTimeoutMs: 10_000,
      backoffBaseMs: 500,
      backoffMaxMs: 15_000,
      floodPauseMs: 30_000,
      maxPending: 200,
      maxCommandRetries: 5,
      ...options,
    };
  }

  get current(): ConnState {
    return this.state;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** The URL the next or current attempt uses. */
  get url(): string {
    return this.o.urls[this.urlIndex % this.o.urls.length];
  }

  start(): void {
    if (this.state !== 'idle') return;
    if (this.o.environment) {
      this.unlisten.push(this.o.environment.onOnline(() => this.retryNow()));
      this.unlisten.push(this.o.environment.onVisible(() => this.onVisible()));
    }
    this.setState({ state: 'connecting', url: this.url });
    this.open();
  }

  /** Closes for good; commands not yet acknowledged are rejected. */
  stop(reason: TerminalReason = 'stopped', code?: number): void {
    if (this.state === 'closed') return;
    this.clearTimers();
    this.clearRetry();
    const s = this.socket;
    this.socket = null;
    if (s) {
      this.detach(s);
      try {
        s.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
    for (const u of this.unlisten) u();
    this.unlisten = [];
    for (const p of this.pending.values()) p.reject({ code: 'closed', message: 'the connection was closed' });
    this.pending.clear();
    this.notifyPending();
    this.setState({ state: 'closed', reason, code });
  }

  /** Tries again now instead of waiting for the backoff (also for the banner's "retry now" button). */
  retryNow(): void {
    if (this.retryTimer === null || this.socket) return;
    this.clearRetry();
    this.open();
  }

  /**
   * Sends a command; it is kept until the server answers and sent again with the same commandId after a
   * reconnect. Resolves with the ack, rejects with the server's error.
   */
  send(body: CommandBody, commandId: string = newCommandId(this.o.random)): Promise<Ack> {
    return new Promise<Ack>((resolve, reject) => {
      if (this.state === 'closed') {
        reject({ code: 'closed', message: 'the connection is closed' });
        return;
      }
      const msg = { ...body, commandId } as CommandMessage;
      const text = JSON.stringify(msg);
      if (new TextEncoder().encode(text).length > Limits.frameBytes) {
        reject({ code: 'too_large', message: 'this message is too large to send' });
        return;
      }
      const existing = this.pending.get(commandId);
      if (existing) {
        // The same command again (a UI retry): answer both callers.
        const prev = existing;
        this.pending.set(commandId, {
          ...prev,
          resolve: (a) => (prev.resolve(a), resolve(a)),
          reject: (e) => (prev.reject(e), reject(e)),
        });
        return;
      }
      if (this.pending.size >= this.o.maxPending) {
        reject({ code: 'queue_full', message: 'too many changes are waiting to be sent' });
        return;
      }
      this.pending.set(commandId, { msg, resolve, reject, retries: 0 });
      this.notifyPending();
      if (this.welcomed) this.write(text);
    });
  }

  /** Sends a message that is not a command (ping, resync) when open; dropped otherwise. */
  sendControl(msg: { type: string } & Record<string, unknown>): boolean {
    if (!this.welcomed) return false;
    this.write(JSON.stringify(msg));
    return true;
  }

  // ---------------------------------------------------------------- internals

  private setState(info: StateInfo): void {
    this.state = info.state;
    this.o.onState(info);
  }

  private notifyPending(): void {
    this.o.onPending?.(this.pending.size);
  }

  private write(text: string): void {
    if (!this.socket) return;
    try {
      this.lastSent = text;
      this.socket.send(text);
    } catch {
      this.lost();
    }
  }

  private open(): void {
    this.welcomed = false;
    let socket: SocketLike;
    try {
      socket = this.o.createSocket(this.url);
    } catch {
      this.lost();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.write(JSON.stringify(this.o.hello()));
    };
    socket.onmessage = (ev) => {
      if (socket !== this.socket) return;
      this.onData(ev.data);
    };
    socket.onclose = (ev) => {
      if (socket !== this.socket) return;
      this.onClose(ev.code);
    };
    socket.onerror = () => {
      // A close event follows an error; the browser closes the socket itself.
    };
    // An attempt that gets no welcome in time (a black-holed address, a hung node) is given up.
    if (this.helloTimer !== null) this.o.timers.clearTimeout(this.helloTimer);
    this.helloTimer = this.o.timers.setTimeout(() => {
      if (socket === this.socket && !this.welcomed) this.lost();
    }, this.o.helloTimeoutMs);
  }

  private onData(data: unknown): void {
    this.armLiveness();
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    if (msg.type === 'welcome') {
      this.onWelcome();
    } else if (msg.type === 'ack') {
      const p = this.pending.get(msg.commandId);
      if (p) {
        this.pending.delete(msg.commandId);
        this.notifyPending();
        const ack: Ack = { commandId: msg.commandId, seq: msg.seq, duplicate: msg.duplicate === true };
        if (typeof msg.projectorToken === 'string') ack.projectorToken = msg.projectorToken;
        p.resolve(ack);
      }
    } else if (msg.type === 'error' && msg.commandId) {
      const p = this.pending.get(msg.commandId);
      if (p) {
        const retry = msg.code === 'unavailable'
          || ((msg.code === 'internal' || msg.code === 'rate_limited') && p.retries < this.o.maxCommandRetries);
        if (retry) {
          // Not applied (or not confirmed; the same commandId is applied once): try again a little later.
          // `unavailable` (the room is moving to another server, or this side of a network split lost its
          // quorum) is retried for as long as it takes, like a command waiting for a reconnect.
          p.retries += 1;
          const id = msg.commandId;
          this.o.timers.setTimeout(() => {
            const again = this.pending.get(id);
            if (again && this.welcomed) this.write(JSON.stringify(again.msg));
          }, backoffDelay(p.retries, 1000, 8000, this.o.random));
        } else {
          this.pending.delete(msg.commandId);
          this.notifyPending();
          p.reject({ code: msg.code, message: msg.message });
        }
      }
    }
    this.o.onMessage(msg);
  }

  private onWelcome(): void {
    this.welcomed = true;
    this.everWelcomed = true;
    this.attempt = 0;
    if (this.helloTimer !== null) this.o.timers.clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.setState({ state: 'open', url: this.url });
    this.schedulePing();
    // Everything not acknowledged yet goes (again) with its own commandId, oldest first.
    for (const p of this.pending.values()) this.write(JSON.stringify(p.msg));
  }

  private schedulePing(): void {
    if (this.pingTimer !== null) this.o.timers.clearTimeout(this.pingTimer);
    this.pingTimer = this.o.timers.setTimeout(() => {
      this.pingTimer = null;
      if (!this.welcomed) return;
      this.write(JSON.stringify({ type: 'ping', t: this.o.now() }));
      this.schedulePing();
    }, this.o.pingIntervalMs);
  }

  private armLiveness(): void {
    if (this.livenessTimer !== null) this.o.timers.clearTimeout(this.livenessTimer);
    this.livenessTimer = this.o.timers.setTimeout(() => {
      this.livenessTimer = null;
      if (this.socket) this.lost();
    }, this.o.livenessTimeoutMs);
  }

  private onVisible(): void {
    if (this.retryTimer !== null) {
      this.retryNow();
    } else if (this.state === 'open') {
      // A page in the background may have missed a dead connection: check at once.
      this.write(JSON.stringify({ type: 'ping', t: this.o.now() }));
    }
  }

  private onClose(code: number): void {
    const terminal = TERMINAL[code];
    if (terminal) {
      this.socket = null;
      this.stop(terminal, code);
      return;
    }
    if (code === CloseCode.TOO_BIG && this.lastSent) {
      // Do not send that message again.
      for (const [id, p] of this.pending) {
        if (JSON.stringify(p.msg) === this.lastSent) {
          this.pending.delete(id);
          p.reject({ code: 'too_large', message: 'the message was too large' });
          this.notifyPending();
        }
      }
    }
    this.lost(code);
  }

  /** The socket is gone or unusable: schedule the next attempt on the next URL. */
  private lost(code?: number): void {
    if (this.state === 'closed') return;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (s) {
      this.detach(s);
      try {
        s.close(4100, 'reconnecting');
      } catch {
        // ignore
      }
    }
    let delay = backoffDelay(this.attempt, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random);
    if (code === CloseCode.FLOODING) delay = Math.max(delay, this.o.floodPauseMs);
    this.attempt += 1;
    this.urlIndex = (this.urlIndex + 1) % this.o.urls.length;
    const retryAt = this.o.now() + delay;
    this.clearRetry();
    this.retryTimer = this.o.timers.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
    this.setState({ state: this.everWelcomed ? 'reconnecting' : 'connecting', code, retryAt, url: this.url });
  }

  private detach(s: SocketLike): void {
    s.onopen = null;
    s.onmessage = null;
    s.onclose = null;
    s.onerror = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.o.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearTimers(): void {
    for (const t of [this.pingTimer, this.livenessTimer, this.helloTimer]) {
      if (t !== null) this.o.timers.clearTimeout(t);
    }
    this.pingTimer = null;
    this.livenessTimer = null;
    this.helloTimer = null;
  }
}

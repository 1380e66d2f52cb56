// Test doubles: a socket the test drives by hand, and small builders of room states and events.
import type { SocketLike } from '../src/connection';
import type { RoomEvent, RoomState, SequencedEvent, StepSpec, WelcomeMessage } from '../src/protocol';
import { Session } from '../src/session';
import { Store } from '../src/store';

export class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  onopen: ((ev?: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onerror: ((ev?: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  static reset(): void {
    FakeSocket.all = [];
  }

  static last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }

  send(data: string): void {
    if (this.closed) throw new Error('socket closed');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }

  /** Messages sent, parsed. */
  messages(): Record<string, unknown>[] {
    return this.sent.map((s) => JSON.parse(s));
  }

  ofType(type: string): Record<string, unknown>[] {
    return this.messages().filter((m) => m.type === type);
  }

  // --- what the server does
  open(): void {
    this.onopen?.();
  }

  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }

  serverClose(code: number, reason = ''): void {
    this.onclose?.({ code, reason });
  }
}

export function step(id: string, type: StepSpec['type'], extra: Partial<StepSpec> = {}): StepSpec {
  return {
    id,
    type,
    durationSeconds: 600,
    privateUntilReveal: false,
    votesPerParticipant: 0,
    maxCardsPerParticipant: 0,
    prompts: 0,
    competenceIds: [],
    roleIds: [],
    fieldIds: [],
    ...extra,
  };
}

export function roomState(seq = 0, patch: Partial<RoomState> = {}): RoomState {
  const agenda = patch.agenda ?? [
    step('welcome', 'info'),
    step('q1', 'checklist-question'),
    step('cards', 'cards', { privateUntilReveal: true, votesPerParticipant: 3, maxCardsPerParticipant: 5, prompts: 2 }),
    step('skills', 'competences', { competenceIds: ['data', 'law'] }),
    step('eval', 'evaluation'),
  ];
  return {
    roomId: 'r-1',
    title: 'Test',
    templateId: 't',
    templateVersion: 1,
    language: 'nl',
    anonymous: false,
    joinCode: 'ABC123',
    createdAt: 1,
    status: 'running',
    currentStep: 1,
    history: [0],
    seq,
    startedAt: 1,
    endedAt: 0,
    pausedAt: 0,
    endCount: 0,
    participants: {
      'p-f': { id: 'p-f', name: 'Bea', organisation: 'Datawerkplaats', function: '', role: 'facilitator', joinedAt: 1, removed: false },
      'p-1': { id: 'p-1', name: 'Fatima', organisation: 'Gemeente Gouda', function: 'analist', role: 'participant', joinedAt: 2, removed: false },
      'p-2': { id: 'p-2', name: 'Jan', organisation: 'Provincie Utrecht', function: '', role: 'participant', joinedAt: 3, removed: false },
    },
    ownerId: 'p-f',
    agenda,
    runtime: agenda.map((_, i) => ({
      opened: i <= 1,
      locked: false,
      revealed: false,
      timer: null,
      firstOpenedAt: 0,
      enteredAt: 0,
      timeSpentMs: 0,
    })),
    content: agenda.map(() => ({})),
    agreements: {},
    ...patch,
  };
}

export function seqd(seq: number, event: RoomEvent): SequencedEvent {
  return { seq, event };
}

export function textEvent(seq: number, stepIndex: number, key: string, text: string, by = 'p-2', rev = 1): SequencedEvent {
  return seqd(seq, { type: 'text-changed', step: stepIndex, key, text: { text, rev, updatedBy: by, updatedAt: 1000 + seq } });
}

export function welcome(state: RoomState | null, patch: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: 'welcome',
    protocol: 1,
    roomId: 'r-1',
    participantId: 'p-1',
    role: 'participant',
    serverTime: 1_000_000,
    seq: state?.seq ?? 0,
    state,
    template: { id: 't', version: 1, title: { nl: 'T', en: 'T' }, description: { nl: '', en: '' }, steps: [] },
    online: ['p-1'],
    ...patch,
  };
}

/** A participant's session over a FakeSocket, started and its socket open (no welcome yet). */
export function openSession(store = new Store('nl')): { store: Store; session: Session; socket: FakeSocket } {
  const session = new Session(store, {
    roomId: 'r-1',
    urls: ['ws://x/ws'],
    auth: () => ({ kind: 'join', name: 'Fatima', organisation: 'Gemeente Gouda' }),
    createSocket: (url) => new FakeSocket(url),
  });
  session.start();
  const socket = FakeSocket.last();
  socket.open();
  return { store, session, socket };
}

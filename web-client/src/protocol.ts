// Types of the Werkplaats wire protocol, version 1 (docs/protocol.md is authoritative).
// The server's Java domain (server/src/main/java/nl/werkplaats/room) is the reference for the shapes.

import type { CommandBodyOf, TypingMessage, WireAssent, WireBacklogEntry, WireBreakoutMembers, WireBreakoutMerge, WirePreWork, WireSelfGuided, WireTheme, WireTypingEntry } from './generated/protocol';
import type { TextOp } from './textOt';

export const PROTOCOL_VERSION = 1;

export type Role = 'facilitator' | 'co-facilitator' | 'participant' | 'observer';
export type RoomStatus = 'lobby' | 'running' | 'paused' | 'ended';
export type ChecklistStatus = 'open' | 'agreed' | 'not-applicable';
export type StepType =
  | 'info'
  | 'checklist-question'
  | 'cards'
  | 'competences'
  | 'roles'
  | 'canvas'
  | 'agreements'
  | 'evaluation'
  | 'backlog-review';

export interface Participant {
  id: string;
  name: string;
  organisation: string;
  function: string | null;
  role: Role;
  joinedAt: number;
  removed: boolean;
}

export interface Timer {
  running: boolean;
  deadline: number;
  remainingMs: number;
  durationMs: number;
}

export interface StepRuntime {
  opened: boolean;
  locked: boolean;
  revealed: boolean;
  timer: Timer | null;
  firstOpenedAt: number;
  enteredAt: number;
  timeSpentMs: number;
}

export interface StepSpec {
  id: string;
  type: StepType;
  durationSeconds: number;
  privateUntilReveal: boolean;
  votesPerParticipant: number;
  maxCardsPerParticipant: number;
  prompts: number;
  competenceIds: string[];
  roleIds: string[];
  fieldIds: string[];
}

export interface SharedText {
  text: string;
  rev: number;
  updatedBy: string | null;
  updatedAt: number;
}

export interface Card {
  id: string;
  authorId: string;
  prompt: number;
  text: string;
  groupId: string | null;
  privateUntilReveal: boolean;
  hidden: boolean;
  createdAt: number;
}

export interface CardGroup {
  id: string;
  title: string;
}

export interface Evaluation {
  participantId: string;
  mark: number | null;
  tips: string;
  hidden: boolean;
}

export interface Agreement {
  id: string;
  step: number;
  what: string;
  who: string | null;
  due: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** Everything written in one step; the server leaves empty parts out, so every part is optional. */
/** One organisation's assent to the joint answer at one revision of its text. */
export type Assent = WireAssent;

export interface StepContent {
  texts?: Record<string, SharedText>;
  status?: ChecklistStatus | null;
  /** The facilitator who marked the question agreed without every organisation's assent (override). */
  statusBy?: string;
  /** Checklist: organisation -> its latest assent to the joint answer. */
  assents?: Record<string, Assent>;
  cards?: Record<string, Card>;
  groups?: Record<string, CardGroup>;
  votes?: Record<string, Record<string, number>>;
  ratings?: Record<string, Record<string, number>>;
  roleAssignments?: Record<string, string[]>;
  evaluations?: Record<string, Evaluation>;
}

export interface RoomState {
  roomId: string;
  title: string;
  templateId: string;
  templateVersion: number;
  language: string;
  anonymous: boolean;
  /** Anonymous sessions: the smallest group whose figures are shown apart (summaries). */
  minimumGroupSize?: number;
  joinCode: string;
  createdAt: number;
  status: RoomStatus;
  currentStep: number;
  history: number[];
  seq: number;
  startedAt: number;
  endedAt: number;
  pausedAt: number;
  endCount: number;
  participants: Record<string, Participant>;
  ownerId: string | null;
  agenda: StepSpec[];
  runtime: StepRuntime[];
  content: StepContent[];
  agreements: Record<string, Agreement>;
  /** The session's house style (docs/api.md), or null. */
  theme?: Theme | null;
  /** The project this session belongs to (docs/projects.md), or null. */
  projectId?: string | null;
  /** The project's partner organisations; participants join as one of them. */
  partners?: string[];
  /** The project's open backlog items a backlog review works through, by item id. */
  backlog?: Record<string, BacklogEntry>;
  /** A session without a facilitator: who moves it, who chairs (docs/protocol.md, Self-guided sessions); null: led by a facilitator. */
  selfGuided?: SelfGuided | null;
  /** Steps open for answering before the session, from when, and who answered them (docs/protocol.md); null: none. */
  preWork?: PreWork | null;
  /** Per step index that was split into groups, its breakout (absent when no step was split). */
  breakouts?: Record<string, Breakout>;
}

/** One group of a breakout: its members and its own space of the step (docs/protocol.md, Breakout groups). */
export interface BreakoutGroup {
  no: number;
  name: string;
  members: string[];
  content: StepContent;
  agreements: Record<string, Agreement>;
}

export type BreakoutHow = 'per-organisation' | 'mixed' | 'manual';
export type BreakoutMerge = WireBreakoutMerge;

export interface Breakout {
  how: BreakoutHow;
  running: boolean;
  startedAt: number;
  endedAt: number;
  groups: BreakoutGroup[];
  broadcast?: { text: string; by: string; at: number };
  merges: BreakoutMerge[];
}

/** How a self-guided session is run. Generated from the schema. */
export type SelfGuided = WireSelfGuided;

/** Pre-work: steps opened for answering before the session. Generated from the schema. */
export type PreWork = WirePreWork;

/** One project backlog item in a backlog review. Generated from the schema. */
export type BacklogEntry = WireBacklogEntry;
export type BacklogStatus = BacklogEntry['status'];
export const BACKLOG_STATUSES: BacklogStatus[] = ['open', 'in-progress', 'done', 'dropped'];

/** A session's house style: a logo (data URL) and two colours (#rrggbb). Generated from the schema. */
export type Theme = WireTheme;

// ------------------------------------------------------------------ events (section 3)

export type RoomEvent =
  | { type: 'participant-joined'; participant: Participant; owner: boolean }
  | { type: 'participant-role-changed'; participantId: string; role: Role }
  | { type: 'participant-removed'; participantId: string }
  | {
      type: 'flow-changed';
      status: RoomStatus;
      currentStep: number;
      history: number[];
      startedAt: number;
      endedAt: number;
      pausedAt: number;
      endCount: number;
      at: number;
    }
  | { type: 'step-runtime-changed'; step: number; runtime: StepRuntime }
  | { type: 'text-changed'; step: number; key: string; text: SharedText }
  | { type: 'text-op'; step: number; key: string; rev: number; op: TextOp; by: string; opId: string | null; at: number }
  | { type: 'status-changed'; step: number; status: ChecklistStatus; by?: string }
  | { type: 'joint-answer-assented'; step: number; assent: Assent }
  /** The facilitator brought everybody back to the current step. */
  | { type: 'called-back'; step: number; at: number }
  | { type: 'agreement-saved'; agreement: Agreement }
  | { type: 'agreement-removed'; agreementId: string }
  | { type: 'card-saved'; step: number; card: Card }
  | { type: 'card-removed'; step: number; cardId: string }
  | { type: 'group-saved'; step: number; group: CardGroup }
  | { type: 'votes-changed'; step: number; participantId: string; votes: Record<string, number> }
  | { type: 'ratings-changed'; step: number; participantId: string; ratings: Record<string, number> }
  | { type: 'role-assignment-changed'; step: number; roleId: string; participantIds: string[] }
  | { type: 'evaluation-saved'; step: number; evaluation: Evaluation }
  /** A new projector link was made; changes nothing a client keeps (projectors on the old link are closed). */
  | { type: 'projector-link-renewed'; at: number }
  /** A self-guided session's chair changed hands, or it ended (endedBy). */
  | { type: 'self-guided-changed'; selfGuided: SelfGuided }
  | { type: 'backlog-item-updated'; step: number; item: BacklogEntry }
  /** Pre-work opened on these steps from this moment; no steps: closed. */
  | { type: 'pre-work-opened'; steps: number[]; from: number; until?: number | null }
  | { type: 'pre-work-answered'; step: number; participantId: string }
  | { type: 'breakout-started'; step: number; how: BreakoutHow; groups: WireBreakoutMembers[]; by: string; at: number }
  | { type: 'group-member-placed'; step: number; group: number; name: string; participantId: string }
  /** `event` happened in the space of one group of the step, not in the plenary. */
  | { type: 'in-group'; step: number; group: number; event: RoomEvent }
  | { type: 'groups-broadcast'; step: number; text: string; by: string; at: number }
  | { type: 'breakout-ended'; step: number; at: number }
  | { type: 'group-result-merged'; step: number; merge: BreakoutMerge };

export interface SequencedEvent {
  seq: number;
  /** The event's id in the room's history, and the room's history hash after it (docs/protocol.md). */
  id?: string;
  chain?: string;
  event: RoomEvent;
}

// ------------------------------------------------------------------ templates (docs/templates.md)

export interface LocalizedText {
  nl: string;
  en: string;
}

export interface TemplateStep {
  id: string;
  type: StepType;
  title: LocalizedText;
  instructions: LocalizedText;
  /** Only in a facilitator's copy of the template. */
  facilitatorNotes?: LocalizedText;
  durationMinutes: number;
  area?: LocalizedText;
  question?: LocalizedText;
  tips?: { title: LocalizedText; text: LocalizedText }[];
  cards?: {
    privateUntilReveal: boolean;
    votesPerParticipant: number;
    maxCardsPerParticipant: number;
    prompts: LocalizedText[];
  };
  competences?: { id: string; name: LocalizedText; description: LocalizedText }[];
  scale?: { '1': LocalizedText; '5': LocalizedText };
  roles?: { id: string; name: LocalizedText; description: LocalizedText }[];
  fields?: { id: string; label: LocalizedText; help: LocalizedText }[];
  evaluation?: { tipsPrompt: LocalizedText };
}

export interface Template {
  id: string;
  version: number;
  title: LocalizedText;
  description: LocalizedText;
  metadata?: {
    audience?: LocalizedText;
    goal?: LocalizedText;
    expectedResult?: LocalizedText;
    authors?: string[];
    licence?: string;
    durationMinutes?: number;
  };
  summaryLayout?: string;
  steps: TemplateStep[];
}

// ------------------------------------------------------------------ messages

export type Auth =
  | {
      kind: 'join';
      name: string;
      organisation: string;
      function?: string;
      role?: 'participant' | 'observer';
      /** Random per join attempt: a hello repeated after a lost welcome gives the same participant back. */
      joinKey?: string;
    }
  | { kind: 'resume'; participantId: string; token: string }
  | { kind: 'facilitator'; token: string; name?: string; organisation?: string }
  /** The projector link: reads the room as someone outside it sees it, sends no commands. */
  | { kind: 'projector'; token: string };

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  roomId: string;
  lastSeq?: number;
  /** The room's history hash at lastSeq as this client has it: a forked history gets the whole room. */
  lastChain?: string;
  auth: Auth;
}

export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  roomId: string;
  /** Absent for a projector, which is nobody in the room. */
  participantId?: string;
  role: Role | 'projector';
  token?: string;
  serverTime: number;
  seq: number;
  chain?: string;
  state: RoomState | null;
  events?: SequencedEvent[];
  template: Template;
  /** Who is connected now (all nodes); later changes come as `presence-changed`. */
  online?: string[];
  /** Only in the welcome of an ended room: the read-only credential of its summaries (the results link). */
  resultsToken?: string;
}

export type ServerMessage =
  | WelcomeMessage
  | { type: 'ack'; commandId: string; seq: number; duplicate?: boolean; projectorToken?: string }
  | { type: 'error'; code: string; message: string; commandId?: string }
  | { type: 'events'; events: SequencedEvent[] }
  | { type: 'pong'; t: number; serverTime: number }
  | { type: 'heartbeat'; seq: number; chain?: string; serverTime: number }
  | { type: 'snapshot'; seq: number; chain?: string; state: RoomState }
  | { type: 'presence-changed'; online: string[]; offline: string[] }
  | { type: 'typing'; typing: TypingEntry[] }
  | { type: 'template'; template: Template }
  /** The session ended: the read-only credential of its summaries, for the results link /s/{roomId}#token. */
  | { type: 'results'; roomId: string; token: string };

/** Somebody typing in a shared text now (volatile; docs/protocol.md, "Who is typing"). Generated from the schema. */
export type TypingEntry = WireTypingEntry;
/** What the client says while typing. Generated from the schema. */
export type { TypingMessage };

/** A command as the UI builds it; the connection adds the commandId. Generated from the schema. */
export type CommandBody = CommandBodyOf;
export type { CommandType, ErrorCode, EventType } from './generated/protocol';

export type CommandMessage = CommandBody & { commandId: string };

/** WebSocket close codes of section 7. */
export const CloseCode = {
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  UNSUPPORTED_PROTOCOL: 4000,
  NOT_AUTHENTICATED: 4001,
  HELLO_TIMEOUT: 4002,
  REMOVED: 4003,
  ROOM_NOT_FOUND: 4004,
  FLOODING: 4008,
} as const;

/** Text limits of section 8, in characters (code points). */
export const Limits = {
  name: 80,
  organisation: 120,
  function: 80,
  sharedText: 10_000,
  card: 500,
  groupTitle: 120,
  agreementWhat: 500,
  agreementWho: 120,
  tips: 2_000,
  backlogNote: 2_000,
  frameBytes: 64 * 1024,
} as const;

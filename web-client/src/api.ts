// The REST calls the client makes (docs/api.md).
import type { LocalizedText, Template, Theme } from './protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * How the organiser page proves who it is: a signed-in organiser account (its cookie goes along by itself;
 * changes carry the session's CSRF token), or the administrator's organiser key.
 */
export type Credential = { csrf: string } | { key: string };

/** The request headers of a credential: the key as a bearer token, or the CSRF token with a change. */
function credentialHeaders(headers: Headers, cred: Credential | undefined, method: string): void {
  if (!cred) return;
  if ('key' in cred) headers.set('Authorization', `Bearer ${cred.key}`);
  else if (method !== 'GET' && method !== 'HEAD') headers.set('X-CSRF-Token', cred.csrf);
}

async function request<T>(path: string, init: RequestInit & { cred?: Credential } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  credentialHeaders(headers, init.cred, (init.method ?? 'GET').toUpperCase());
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch (e) {
    throw new ApiError(0, 'network', String(e), null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, b.error ?? `http_${res.status}`, b.message ?? res.statusText, body);
  }
  return body as T;
}

export interface RoomInfo {
  roomId: string;
  title: string;
  status: string;
  templateId: string;
  organisations: string[];
  /** In an anonymous room participants see each other's organisations, not names. */
  anonymous?: boolean;
}

export interface TemplateInfo {
  id: string;
  version: number;
  title: LocalizedText;
  description: LocalizedText;
  builtIn: boolean;
}

export interface CreatedRoom {
  roomId: string;
  joinCode: string;
  participantUrl: string;
  facilitatorUrl: string;
  organiserToken: string;
  facilitatorToken: string;
}

export interface SummaryInfo {
  version: number;
  sha256: string;
  frozenAt: number;
}

export interface RoomListItem {
  roomId: string;
  title: string;
  templateId: string;
  templateVersion: number;
  status: string;
  createdAt: number;
  endedAt: number;
  participants: number;
  /** Frozen summaries; may be left out by the server when there are none. */
  summaries?: SummaryInfo[];
}

export interface OrganiserAccount {
  id: string;
  email: string;
  displayName: string;
}

export interface SignedIn {
  organiser: OrganiserAccount;
  csrfToken: string;
}

export interface SessionOptions {
  passwords: boolean;
  openIdConnect: boolean;
  firstAccount: boolean;
}

export interface Project {
  projectId: string;
  title: string;
  description: string;
  partners: string[];
  organisers: string[];
  /** The organiser accounts among `organisers`. */
  sharedWith: OrganiserAccount[];
  createdAt: number;
}

export interface ProjectSession {
  roomId: string;
  title: string;
  templateId: string;
  status: string;
  createdAt: number;
  endedAt: number;
  /** Per organisation (the partners first): people present and checklist answers written. */
  organisations: { organisation: string; partner: boolean; people: number; answers: number }[];
}

export interface BacklogItem {
  itemId: string;
  what: string;
  ownerOrganisation: string;
  ownerPerson: string;
  due: string | null;
  status: 'open' | 'in-progress' | 'done' | 'dropped';
  note: string;
  origin: { roomId: string | null; step: string | null; kind: string; label: string };
  createdAt: number;
  updatedAt: number;
}

export interface PartnerMatch {
  partners: string[];
  match?: { kind: 'exact' | 'suggestion' | 'none'; partner: string | null };
}

export interface TemplateProblem {
  path: string;
  message: string;
}

/** Per mark 1 to 10, how many gave it. */
export type MarkDistribution = Record<string, number>;

/** One session's marks (docs/api.md, "Evaluation over time"); null figures: fewer than three people. */
export interface EvaluationMark {
  roomId: string;
  title: string;
  version: number;
  templateVersion: number;
  endedAt: number;
  participants: number;
  organisations: string[];
  count: number;
  average: string | null;
  distribution: MarkDistribution | null;
  tips: string[] | null;
}

export interface OrganisationMarks {
  organisation: string;
  sessions: number;
  count: number;
  average: string | null;
  distribution: MarkDistribution | null;
}

export interface AreaCounts {
  agreed: number;
  open: number;
  notApplicable: number;
  notReached: number;
}

export interface Comparison {
  templateId: string;
  k: number;
  areas: string[];
  competences: { id: string; name: string }[];
  sessions: {
    roomId: string;
    title: string;
    version: number;
    endedAt: number;
    participants: number;
    areas: Record<string, AreaCounts> | null;
    raters: number;
    competences: Record<string, string | null> | null;
  }[];
}

/** The same instrument compared across projects: per project the caller manages, its sessions together. */
export interface ComparisonByProject {
  templateId: string;
  k: number;
  by: 'project';
  areas: string[];
  groups: {
    projectId: string | null;
    title: string;
    sessions: number;
    participants: number;
    areas: Record<string, AreaCounts> | null;
    count: number;
    average: string | null;
  }[];
}

/** Which sessions an evaluation route covers: a template's, optionally only some rooms (a project's) or a partner's. */
export interface EvaluationFilter {
  templateId: string;
  roomIds?: string[];
  organisation?: string;
}

function evaluationQuery(f: EvaluationFilter): string {
  const q = new URLSearchParams({ templateId: f.templateId });
  if (f.roomIds) q.set('roomIds', f.roomIds.join(','));
  if (f.organisation) q.set('organisation', f.organisation);
  return q.toString();
}

/** The join code without its dash or spaces, upper case (KX7-M4Q → KX7M4Q). */
export function cleanJoinCode(code: string): string {
  return code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A join code as people read it: KX7M4Q → KX7-M4Q. */
export function formatJoinCode(code: string): string {
  const c = cleanJoinCode(code ?? '');
  return c.length === 6 ? `${c.slice(0, 3)}-${c.slice(3)}` : code;
}

export const api = {
  join: (code: string) => request<{ roomId: string; title: string }>(`/api/join/${encodeURIComponent(cleanJoinCode(code))}`),
  room: (roomId: string) => request<RoomInfo>(`/api/rooms/${encodeURIComponent(roomId)}`),
  templates: () => request<TemplateInfo[]>('/api/templates'),
  template: (id: string, version: number) => request<Template>(`/api/templates/${encodeURIComponent(id)}/${version}`),
  createRoom: (cred: Credential, body: { templateId: string; templateVersion?: number; title: string; language?: string; anonymous?: boolean; theme?: Theme; facilitation?: 'facilitator' | 'self-guided'; guide?: 'anyone' | 'chair'; preWork?: { steps: number[]; from: number; until?: number | null } }) =>
    request<CreatedRoom>('/api/rooms', { method: 'POST', cred, body: JSON.stringify(body) }),
  rooms: (cred: Credential) => request<RoomListItem[]>('/api/rooms', { cred }),
  summaries: (cred: Credential, roomId: string) => request<SummaryInfo[]>(`/api/rooms/${encodeURIComponent(roomId)}/summaries`, { cred }),
  deleteRoom: (cred: Credential, roomId: string) => request<void>(`/api/rooms/${encodeURIComponent(roomId)}`, { method: 'DELETE', cred }),
  evaluations: (cred: Credential, f: EvaluationFilter) => request<EvaluationMark[]>(`/api/evaluations?${evaluationQuery(f)}`, { cred }),
  evaluationsByOrganisation: (cred: Credential, f: EvaluationFilter) =>
    request<OrganisationMarks[]>(`/api/evaluations/organisations?${evaluationQuery(f)}`, { cred }),
  comparison: (cred: Credential, f: EvaluationFilter) => request<Comparison>(`/api/evaluations/comparison?${evaluationQuery(f)}`, { cred }),
  comparisonByProject: (cred: Credential, f: EvaluationFilter) =>
    request<ComparisonByProject>(`/api/evaluations/comparison?${evaluationQuery(f)}&by=project`, { cred }),
  partners: (roomId: string, organisation?: string) =>
    request<PartnerMatch>(
      `/api/rooms/${encodeURIComponent(roomId)}/partners` + (organisation !== undefined ? `?organisation=${encodeURIComponent(organisation)}` : ''),
    ),
  projects: (cred: Credential) => request<Project[]>('/api/projects', { cred }),
  project: (cred: Credential, id: string) =>
    request<Project & { sessions: ProjectSession[] }>(`/api/projects/${encodeURIComponent(id)}`, { cred }),
  createProject: (cred: Credential, body: { title: string; description?: string; partners: string[] }) =>
    request<Project>('/api/projects', { method: 'POST', cred, body: JSON.stringify(body) }),
  createSession: (cred: Credential, projectId: string, body: { templateId: string; title: string; language?: string }) =>
    request<CreatedRoom>(`/api/projects/${encodeURIComponent(projectId)}/sessions`, { method: 'POST', cred, body: JSON.stringify(body) }),
  backlog: (cred: Credential, projectId: string) => request<BacklogItem[]>(`/api/projects/${encodeURIComponent(projectId)}/backlog`, { cred }),
  changeItem: (cred: Credential, projectId: string, itemId: string, body: Partial<Pick<BacklogItem, 'status' | 'ownerOrganisation' | 'ownerPerson' | 'due' | 'note' | 'what'>>) =>
    request<BacklogItem>(`/api/projects/${encodeURIComponent(projectId)}/backlog/${encodeURIComponent(itemId)}`, {
      method: 'PATCH',
      cred,
      body: JSON.stringify(body),
    }),
  shareProject: (cred: Credential, projectId: string, email: string) =>
    request<Project>(`/api/projects/${encodeURIComponent(projectId)}/organisers`, { method: 'POST', cred, body: JSON.stringify({ email }) }),
  tips: (cred: Credential, projectId: string) =>
    request<ProjectTip[]>(`/api/projects/${encodeURIComponent(projectId)}/tips`, { cred }),
  tipToItem: (cred: Credential, projectId: string, tip: { roomId: string; participantId: string; what: string }) =>
    request<BacklogItem>(`/api/projects/${encodeURIComponent(projectId)}/backlog`, {
      method: 'POST',
      cred,
      body: JSON.stringify({ what: tip.what, tip: { roomId: tip.roomId, participantId: tip.participantId } }),
    }),
  uploadTemplate: (cred: Credential, templateJson: string) =>
    request<{ id: string; version: number }>('/api/templates', { method: 'POST', cred, body: templateJson }),
  sessionOptions: () => request<SessionOptions>('/api/session/options'),
  /** Who is signed in with this browser's session cookie (401 when nobody is). */
  session: () => request<SignedIn>('/api/session'),
  signIn: (email: string, password: string) =>
    request<SignedIn>('/api/session', { method: 'POST', body: JSON.stringify({ email, password }) }),
  signOut: (csrf: string) => request<void>('/api/session', { method: 'DELETE', cred: { csrf } }),
  /** The first organiser account, with the token of the first-run link the server printed. */
  createFirstAccount: (setupToken: string, body: { email: string; displayName: string; password: string }) =>
    request<OrganiserAccount>('/api/organisers', { method: 'POST', cred: { key: setupToken }, body: JSON.stringify(body) }),
  /** Fetches a file with the credential and hands it to the browser as a download. */
  async download(cred: Credential, path: string, filename: string): Promise<void> {
    let res: Response;
    try {
      const headers = new Headers();
      credentialHeaders(headers, cred, 'GET');
      res = await fetch(path, { headers });
    } catch (e) {
      throw new ApiError(0, 'network', String(e), null);
    }
    if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText, null);
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** An evaluation tip of a project's session with the backlog item made from it, if any. */
export interface ProjectTip {
  roomId: string;
  session: string;
  participantId: string;
  tip: string;
  item: { itemId: string; status: 'open' | 'in-progress' | 'done' | 'dropped'; what: string } | null;
}

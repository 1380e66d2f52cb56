// The REST calls the client makes (docs/api.md).
import type { LocalizedText, Theme } from './protocol';

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

async function request<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
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

export interface Project {
  projectId: string;
  title: string;
  description: string;
  partners: string[];
  organisers: string[];
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
  createRoom: (key: string, body: { templateId: string; templateVersion?: number; title: string; language?: string; anonymous?: boolean; theme?: Theme }) =>
    request<CreatedRoom>('/api/rooms', { method: 'POST', token: key, body: JSON.stringify(body) }),
  rooms: (key: string) => request<RoomListItem[]>('/api/rooms', { token: key }),
  summaries: (key: string, roomId: string) => request<SummaryInfo[]>(`/api/rooms/${encodeURIComponent(roomId)}/summaries`, { token: key }),
  deleteRoom: (key: string, roomId: string) => request<void>(`/api/rooms/${encodeURIComponent(roomId)}`, { method: 'DELETE', token: key }),
  partners: (roomId: string, organisation?: string) =>
    request<PartnerMatch>(
      `/api/rooms/${encodeURIComponent(roomId)}/partners` + (organisation !== undefined ? `?organisation=${encodeURIComponent(organisation)}` : ''),
    ),
  projects: (key: string) => request<Project[]>('/api/projects', { token: key }),
  project: (key: string, id: string) =>
    request<Project & { sessions: ProjectSession[] }>(`/api/projects/${encodeURIComponent(id)}`, { token: key }),
  createProject: (key: string, body: { title: string; description?: string; partners: string[] }) =>
    request<Project>('/api/projects', { method: 'POST', token: key, body: JSON.stringify(body) }),
  createSession: (key: string, projectId: string, body: { templateId: string; title: string; language?: string }) =>
    request<CreatedRoom>(`/api/projects/${encodeURIComponent(projectId)}/sessions`, { method: 'POST', token: key, body: JSON.stringify(body) }),
  backlog: (key: string, projectId: string) => request<BacklogItem[]>(`/api/projects/${encodeURIComponent(projectId)}/backlog`, { token: key }),
  changeItem: (key: string, projectId: string, itemId: string, body: Partial<Pick<BacklogItem, 'status' | 'ownerOrganisation' | 'ownerPerson' | 'due' | 'note' | 'what'>>) =>
    request<BacklogItem>(`/api/projects/${encodeURIComponent(projectId)}/backlog/${encodeURIComponent(itemId)}`, {
      method: 'PATCH',
      token: key,
      body: JSON.stringify(body),
    }),
  tips: (key: string, projectId: string) =>
    request<{ roomId: string; session: string; participantId: string; tip: string }[]>(`/api/projects/${encodeURIComponent(projectId)}/tips`, { token: key }),
  tipToItem: (key: string, projectId: string, tip: { roomId: string; participantId: string; what: string }) =>
    request<BacklogItem>(`/api/projects/${encodeURIComponent(projectId)}/backlog`, {
      method: 'POST',
      token: key,
      body: JSON.stringify({ what: tip.what, tip: { roomId: tip.roomId, participantId: tip.participantId } }),
    }),
  uploadTemplate: (key: string, templateJson: string) =>
    request<{ id: string; version: number }>('/api/templates', { method: 'POST', token: key, body: templateJson }),
  /** Fetches a file with the credential and hands it to the browser as a download. */
  async download(key: string, path: string, filename: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(path, { headers: { Authorization: `Bearer ${key}` } });
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

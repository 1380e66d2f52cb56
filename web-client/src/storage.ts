// What the client remembers in the browser. Every access is guarded: storage may be unavailable (private
// mode, blocked cookies) and the client must still work for the page's lifetime.

export interface Credentials {
  participantId: string;
  token: string;
}

export interface FacilitatorIdentity {
  name: string;
  organisation: string;
}

const PREFIX = 'werkplaats:';

function get(store: Storage | undefined, key: string): string | null {
  try {
    return store?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

function put(store: Storage | undefined, key: string, value: string | null): void {
  try {
    if (value === null) store?.removeItem(PREFIX + key);
    else store?.setItem(PREFIX + key, value);
  } catch {
    // storage full or blocked: the value lives only as long as the page
  }
}

function local(): Storage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage;
}

function session(): Storage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
}

function readJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The participant id and token of this device in a room (kept for reloads and lost connections). */
export function loadCredentials(roomId: string): Credentials | null {
  const c = readJson<Credentials>(get(local(), `cred:${roomId}`));
  return c && typeof c.participantId === 'string' && typeof c.token === 'string' ? c : null;
}

export function saveCredentials(roomId: string, c: Credentials | null): void {
  put(local(), `cred:${roomId}`, c ? JSON.stringify(c) : null);
}

/** The name and organisation the facilitator gave on this device (sent with the facilitator token). */
export function loadFacilitator(roomId: string): FacilitatorIdentity | null {
  return readJson<FacilitatorIdentity>(get(local(), `facilitator:${roomId}`));
}

export function saveFacilitator(roomId: string, f: FacilitatorIdentity | null): void {
  put(local(), `facilitator:${roomId}`, f ? JSON.stringify(f) : null);
}

export function loadOrganiserKey(): string {
  return get(local(), 'organiserKey') ?? '';
}

export function saveOrganiserKey(key: string | null): void {
  put(local(), 'organiserKey', key);
}

export function loadLang(): string | null {
  return get(local(), 'lang');
}

export function saveLang(lang: string): void {
  put(local(), 'lang', lang);
}

/** The fallback node list of this tab (from a `?nodes=` parameter). */
export function loadNodes(): string[] {
  const list = readJson<string[]>(get(session(), 'nodes'));
  return Array.isArray(list) ? list.filter((u) => typeof u === 'string') : [];
}

export function saveNodes(nodes: string[]): void {
  put(session(), 'nodes', nodes.length ? JSON.stringify(nodes) : null);
}

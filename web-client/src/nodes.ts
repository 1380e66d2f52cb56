// Which WebSocket URLs the client may connect to.
//
// By default only the node that served the page (`/ws` on the same host). A tab can be given fallback nodes
// with `?nodes=ws://host:port,ws://host:port` (http(s) URLs are accepted too, a missing path means `/ws`); the
// list is kept in sessionStorage for the tab's lifetime and the parameter is removed from the address bar.
// For safety only nodes on the page's own host name are accepted (other ports are fine): a link must not be
// able to send a participant's token to somebody else's server.

export interface PageLocation {
  protocol: string;
  host: string;
  hostname: string;
}

/** The WebSocket URL of the node that served the page. */
export function ownSocketUrl(loc: PageLocation): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}

/** Turns one entry of a `nodes` parameter into a WebSocket URL on the page's host, or null. */
export function normaliseNode(entry: string, loc: PageLocation): string | null {
  let url: URL;
  try {
    url = new URL(entry.trim());
  } catch {
    return null;
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  if (url.hostname !== loc.hostname) return null;
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/ws';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** Parses a `nodes` parameter value: comma-separated, invalid or foreign entries dropped, no duplicates. */
export function parseNodes(param: string | null, loc: PageLocation): string[] {
  if (!param) return [];
  const out: string[] = [];
  for (const part of param.split(',')) {
    const u = part.trim() ? normaliseNode(part, loc) : null;
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

/** The URLs to try, in order: the page's own node first when it is in the list. */
export function socketUrls(loc: PageLocation, nodes: string[]): string[] {
  const own = ownSocketUrl(loc);
  if (nodes.length === 0) return [own];
  const i = nodes.indexOf(own);
  return i > 0 ? [...nodes.slice(i), ...nodes.slice(0, i)] : nodes.slice();
}

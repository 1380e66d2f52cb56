// Routing by path: /, /j/{roomId}, /f/{roomId}#facilitatorToken, /p/{roomId}#projectorToken,
// /s/{roomId}#resultsToken, /o.
import { useEffect, useState } from 'preact/hooks';
import { socketUrls } from '../nodes';
import type { Store } from '../store';
import { AppContext } from './hooks';
import { OrganiserPage } from './Organiser';
import { FacilitatorPage, HomePage, NotFoundPage, ParticipantPage } from './pages';
import { ProjectorPage } from './Projector';
import { ResultsPage } from './SummaryDownloads';

export type Route =
  | { page: 'home' }
  | { page: 'join'; roomId: string }
  | { page: 'facilitator'; roomId: string }
  | { page: 'projector'; roomId: string }
  | { page: 'results'; roomId: string }
  | { page: 'organiser' }
  | { page: 'not-found' };

export function route(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/o') return { page: 'organiser' };
  let m = /^\/j\/([^/]+)$/.exec(path);
  if (m) return { page: 'join', roomId: decodeURIComponent(m[1]) };
  m = /^\/f\/([^/]+)$/.exec(path);
  if (m) return { page: 'facilitator', roomId: decodeURIComponent(m[1]) };
  m = /^\/p\/([^/]+)$/.exec(path);
  if (m) return { page: 'projector', roomId: decodeURIComponent(m[1]) };
  m = /^\/s\/([^/]+)$/.exec(path);
  if (m) return { page: 'results', roomId: decodeURIComponent(m[1]) };
  return { page: 'not-found' };
}

export function App(props: { store: Store; nodes: string[] }) {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const h = () => setPath(window.location.pathname);
    window.addEventListener('popstate', h);
    return () => window.removeEventListener('popstate', h);
  }, []);
  const navigate = (to: string) => {
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  };
  const r = route(path);
  const urls = socketUrls(window.location, props.nodes);
  let page;
  switch (r.page) {
    case 'home':
      page = <HomePage navigate={navigate} />;
      break;
    case 'join':
      page = <ParticipantPage key={r.roomId} roomId={r.roomId} urls={urls} />;
      break;
    case 'facilitator':
      page = (
        <FacilitatorPage key={r.roomId} roomId={r.roomId} token={decodeURIComponent(window.location.hash.slice(1))} urls={urls} />
      );
      break;
    case 'projector':
      page = <ProjectorPage key={r.roomId} roomId={r.roomId} token={decodeURIComponent(window.location.hash.slice(1))} urls={urls} />;
      break;
    case 'results':
      page = <ResultsPage key={r.roomId} roomId={r.roomId} token={decodeURIComponent(window.location.hash.slice(1))} />;
      break;
    case 'organiser':
      page = <OrganiserPage />;
      break;
    default:
      page = <NotFoundPage />;
  }
  return <AppContext.Provider value={{ store: props.store, session: null }}>{page}</AppContext.Provider>;
}

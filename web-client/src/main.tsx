// Entry point: picks the page from the address, creates the page's one store, and renders.
import '@utrecht/design-tokens/dist/theme.css';
import '@utrecht/component-library-css/dist/index.css';
import './styles.css';
import { render } from 'preact';
import { App } from './ui/App';
import { Store } from './store';
import { isLang } from './i18n';
import { loadLang, loadNodes, saveNodes } from './storage';
import { parseNodes } from './nodes';

function initialLang() {
  const saved = loadLang();
  if (isLang(saved)) return saved;
  const param = new URLSearchParams(window.location.search).get('lang');
  return isLang(param) ? param : 'nl';
}

// A `?nodes=` parameter gives this tab fallback server nodes (see docs/client.md); it is kept in
// sessionStorage and removed from the address bar.
const url = new URL(window.location.href);
const nodesParam = url.searchParams.get('nodes');
if (nodesParam !== null) {
  saveNodes(parseNodes(nodesParam, window.location));
  url.searchParams.delete('nodes');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

const store = new Store(initialLang());
render(<App store={store} nodes={loadNodes()} />, document.getElementById('app') as HTMLElement);

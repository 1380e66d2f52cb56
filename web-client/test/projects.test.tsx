// The project page's sharing: whom the project is shared with, and the form to share it further (Dutch by
// default), rendered to HTML as the browser gets it.
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import type { Project, ProjectTip } from '../src/api';
import { Store } from '../src/store';
import { AppContext } from '../src/ui/hooks';
import { ShareProject, TipList } from '../src/ui/Projects';

/** The form as rendered on a Dutch page. */
function render(p: Project): string {
  return renderToString(
    <AppContext.Provider value={{ store: new Store('nl', () => 0), session: null }}>
      <ShareProject cred={{ key: 'k' }} project={p} onShared={() => undefined} />
    </AppContext.Provider>,
  );
}

const project: Project = {
  projectId: 'pr-1',
  title: 'Datadelen Midden',
  description: '',
  partners: ['Gemeente Gouda', 'Gemeente Woerden'],
  organisers: ['or-anna', 'or-bram'],
  sharedWith: [
    { id: 'or-anna', email: 'anna@gouda.nl', displayName: 'Anna' },
    { id: 'or-bram', email: 'bram@woerden.nl', displayName: 'Bram' },
  ],
  createdAt: 0,
};

describe('sharing a project', () => {
  it('names the organisers it is shared with and offers an e-mail field to share it further', () => {
    const html = render(project);
    expect(html).toContain('Gedeeld met: Anna (anna@gouda.nl), Bram (bram@woerden.nl)');
    expect(html).toContain('aria-label="Deel dit project met een organisator"');
    expect(html).toMatch(/<label[^>]*>E-mailadres van de organisator/);
    expect(html).toMatch(/<input[^>]*type="email"/);
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>Delen</);
  });

  it('shows no list while the project is shared with nobody else', () => {
    const html = render({ ...project, organisers: [], sharedWith: [] });
    expect(html).not.toContain('Gedeeld met');
  });
});

describe('tips with what became of them', () => {
  const tips: ProjectTip[] = [
    { roomId: 'r-1', session: 'Start', participantId: 'p-1', tip: 'Lijst vooraf sturen', item: { itemId: 'b-1', status: 'in-progress', what: 'Lijst vooraf' } },
    { roomId: 'r-1', session: 'Start', participantId: 'p-2', tip: 'Kortere pauze', item: null },
  ];
  const html = renderToString(
    <AppContext.Provider value={{ store: new Store('nl', () => 0), session: null }}>
      <TipList tips={tips} onToItem={() => undefined} />
    </AppContext.Provider>,
  );

  it('shows the status of the item made from a tip, in words', () => {
    expect(html).toContain('Op de afsprakenlijst: loopt');
  });

  it('offers to put on the list only the tips without an item', () => {
    expect(html.match(/Op de afsprakenlijst zetten/g)?.length).toBe(1);
    const withItem = html.slice(html.indexOf('Lijst vooraf sturen'), html.indexOf('Kortere pauze'));
    expect(withItem).not.toContain('Op de afsprakenlijst zetten');
  });
});

// The project page's sharing: whom the project is shared with, and the form to share it further (Dutch by
// default), rendered to HTML as the browser gets it.
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import type { Project } from '../src/api';
import { Store } from '../src/store';
import { AppContext } from '../src/ui/hooks';
import { ShareProject } from '../src/ui/Projects';

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

// The organiser's evaluation over time: the marks chart (our own SVG) and the tables that say the same in text,
// rendered to HTML as the browser gets them. A figure of fewer than three people arrives as null and shows "—".
import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import type { Comparison, ComparisonByProject, EvaluationMark } from '../src/api';
import { translator } from '../src/i18n';
import { ComparisonTable, MarksChart, ProjectComparisonTable, MarksTable, TipsPerSession, formatAverage, formatDistribution } from '../src/ui/EvaluationOverTime';

const nl = translator('nl');

function session(roomId: string, over: Partial<EvaluationMark>): EvaluationMark {
  return {
    roomId,
    title: `Sessie ${roomId}`,
    version: 1,
    templateVersion: 1,
    endedAt: Date.UTC(2026, 0, 15, 10),
    participants: 4,
    organisations: ['Gemeente Gouda'],
    count: 4,
    average: '7.50',
    distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, '7': 2, '8': 2, '9': 0, '10': 0 },
    tips: ['Meer pauzes'],
    ...over,
  };
}

const sessions = [
  session('r-a', {}),
  session('r-b', { count: 2, participants: 2, average: null, distribution: null, tips: null }),
  session('r-c', { average: '10.00', tips: [] }),
];

/** The attribute values of every element of that kind, e.g. the widths of the bars. */
function attrs(html: string, tag: string, attr: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);
}

function cellsOf(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '')),
  );
}

describe('the marks chart', () => {
  it('draws one bar per session with an average, on the scale 0 to 10; a hidden average gets no bar and "—"', () => {
    const html = renderToString(<MarksChart sessions={sessions} t={nl} lang="nl" captionId="cap" />);
    expect(attrs(html, 'rect', 'width').map(Number)).toEqual([270, 360]); // 7.5 and 10 of 360
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="cap"');
    expect(html).toContain('<figcaption id="cap"');
    const values = [...html.matchAll(/class="wp-chart__value"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(values).toEqual(['7,5', '—', '10']);
    expect(html).toContain('<title>Sessie r-b: gemiddeld — (2 cijfers)</title>');
  });

  it('says the same in a table: participants, marks, average with a decimal comma, distribution; "—" when hidden', () => {
    const rows = cellsOf(renderToString(<MarksTable sessions={sessions} t={nl} lang="nl" />));
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
      ['Sessie r-a', '4', '4', '7,5', '2× 7, 2× 8'],
      ['Sessie r-b', '2', '2', '—', '—'],
      ['Sessie r-c', '4', '4', '10', '2× 7, 2× 8'],
    ]);
    expect(rows[0][1]).toContain('2026');
  });

  it('lists the tips per session, and none of a session of fewer than three marks', () => {
    const html = renderToString(<TipsPerSession sessions={sessions} t={nl} />);
    expect(html).toContain('Meer pauzes');
    expect(html).toContain('Minder dan drie cijfers: de tips worden niet getoond.');
    expect(html).toContain('Geen tips gegeven.');
  });

  it('writes figures as the screens do', () => {
    expect(formatAverage('7.67', 'nl')).toBe('7,7');
    expect(formatAverage('7.67', 'en')).toBe('7.7');
    expect(formatAverage('8.00', 'nl')).toBe('8');
    expect(formatAverage(null, 'nl')).toBe('—');
    expect(formatDistribution(null)).toBe('—');
  });
});

describe('the comparison across sessions', () => {
  const comparison: Comparison = {
    templateId: 'checklist-samen-data-delen',
    k: 3,
    areas: ['Maatschappelijk vraagstuk', 'Juridisch'],
    competences: [],
    sessions: [
      {
        roomId: 'r-a',
        title: 'Gouda',
        version: 1,
        endedAt: 0,
        participants: 5,
        areas: {
          'Maatschappelijk vraagstuk': { agreed: 2, open: 1, notApplicable: 0, notReached: 0 },
          Juridisch: { agreed: 0, open: 0, notApplicable: 1, notReached: 3 },
        },
        raters: 0,
        competences: null,
      },
      { roomId: 'r-b', title: 'Klein', version: 1, endedAt: 0, participants: 2, areas: null, raters: 0, competences: null },
    ],
  };

  it('shows per area and session agreed / open / not applicable, and "—" for a session of fewer than three', () => {
    const html = renderToString(<ComparisonTable comparison={comparison} t={nl} lang="nl" />);
    expect(cellsOf(html)).toEqual([
      ['Gouda', '2 / 1 / 0 (0 niet behandeld)', '0 / 0 / 1 (3 niet behandeld)'],
      ['Klein', '—', '—'],
    ]);
    expect(html).toContain('minder dan 3 deelnemers');
  });
});

describe('the instrument compared across projects', () => {
  const byProject: ComparisonByProject = {
    templateId: 'checklist-samen-data-delen',
    k: 3,
    by: 'project',
    areas: ['Doel', 'Juridisch'],
    groups: [
      {
        projectId: 'pr-1',
        title: 'Datadelen Gouda',
        sessions: 2,
        participants: 7,
        areas: { Doel: { agreed: 2, open: 1, notApplicable: 0, notReached: 1 }, Juridisch: { agreed: 0, open: 0, notApplicable: 1, notReached: 3 } },
        count: 6,
        average: '7.50',
      },
      { projectId: null, title: 'Zonder project', sessions: 1, participants: 2, areas: null, count: 2, average: null },
    ],
  };

  it('shows per project its sessions, participants, marks, average and per area the questions; "—" below three', () => {
    const html = renderToString(<ProjectComparisonTable comparison={byProject} t={nl} lang="nl" />);
    expect(html).toContain('data-testid="project-comparison-table"');
    expect(html).toContain('minder dan 3 deelnemers of cijfers');
    expect(cellsOf(html)).toEqual([
      ['Datadelen Gouda', '2', '7', '6', '7,5', '2 / 1 / 0 (1 niet behandeld)', '0 / 0 / 1 (3 niet behandeld)'],
      ['Zonder project', '1', '2', '2', '—', '—', '—'],
    ]);
  });

  it('names the group of sessions in no project in the page language', () => {
    const html = renderToString(<ProjectComparisonTable comparison={byProject} t={translator('en')} lang="en" />);
    expect(cellsOf(html)[1][0]).toBe('Without project');
  });
});

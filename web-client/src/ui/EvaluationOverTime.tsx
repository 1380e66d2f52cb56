// The organiser's view over time (docs/api.md, "Evaluation over time"): per template the sessions' marks on a
// bar chart drawn here as SVG, with the same figures in a table for those who do not see the chart, the tips
// per session, the marks per partner organisation, and the instrument compared across sessions. No figure of
// fewer than three people ever arrives from the server; such a figure shows as "—".
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Comparison, ComparisonByProject, Credential, EvaluationMark, MarkDistribution, OrganisationMarks, TemplateInfo } from '../api';
import { formatDate, loc } from '../i18n';
import type { Lang, T } from '../i18n';
import { Alert } from './common';
import { useId, useT } from './hooks';

/** A figure not shown (fewer than three people). */
export const HIDDEN = '—';

/** A two-decimal average ("7.67") as the screens write it: 7,7 in Dutch; "—" when there is none. */
export function formatAverage(average: string | null, lang: Lang): string {
  if (average === null || average === undefined || Number.isNaN(Number(average))) return HIDDEN;
  return Number(average).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

/** "1×5 2×6": the marks given, from low to high, without the marks nobody gave; "—" when hidden. */
export function formatDistribution(d: MarkDistribution | null): string {
  if (!d) return HIDDEN;
  const parts: string[] = [];
  for (let m = 1; m <= 10; m++) {
    const n = d[String(m)] ?? 0;
    if (n > 0) parts.push(`${n}× ${m}`);
  }
  return parts.length ? parts.join(', ') : HIDDEN;
}

const ROW = 28;
const LABEL = 220;
const PLOT = 360;
const VALUE = 48;

/** The average mark per session as horizontal bars on the scale 0–10; a session without one has no bar and "—". */
export function MarksChart(props: { sessions: EvaluationMark[]; t: T; lang: Lang; captionId: string }) {
  const { sessions, t, lang } = props;
  const height = ROW * sessions.length + 24;
  const width = LABEL + PLOT + VALUE;
  return (
    <figure class="wp-chart" data-testid="marks-chart">
      <svg
        role="img"
        aria-labelledby={props.captionId}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width}px` }}
        class="wp-chart__svg"
      >
        {[0, 2, 4, 6, 8, 10].map((tick) => (
          <g key={tick}>
            <line x1={LABEL + (tick / 10) * PLOT} x2={LABEL + (tick / 10) * PLOT} y1={0} y2={height - 18} class="wp-chart__grid" />
            <text x={LABEL + (tick / 10) * PLOT} y={height - 4} text-anchor="middle" class="wp-chart__tick">
              {tick}
            </text>
          </g>
        ))}
        {sessions.map((s, i) => {
          const y = i * ROW + 4;
          const value = s.average === null ? null : Number(s.average);
          const label = `${s.title} (${formatDate(s.endedAt, lang).split(',')[0]})`;
          return (
            <g key={s.roomId} data-testid="marks-bar">
              <title>
                {t('evaluations.barTitle', { title: s.title, average: formatAverage(s.average, lang), count: s.count })}
              </title>
              <text x={LABEL - 8} y={y + ROW / 2 + 4} text-anchor="end" class="wp-chart__label">
                {label.length > 34 ? `${label.slice(0, 33)}…` : label}
              </text>
              {value !== null && <rect x={LABEL} y={y + 4} width={(Math.min(10, Math.max(0, value)) / 10) * PLOT} height={ROW - 10} class="wp-chart__bar" />}
              <text x={LABEL + PLOT + 6} y={y + ROW / 2 + 4} class="wp-chart__value">
                {formatAverage(s.average, lang)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={props.captionId} class="wp-muted">
        {t('evaluations.chartCaption')}
      </figcaption>
    </figure>
  );
}

/** The chart's figures as a table: per session when it ended, how many took part and gave a mark, average and marks. */
export function MarksTable(props: { sessions: EvaluationMark[]; t: T; lang: Lang }) {
  const { sessions, t, lang } = props;
  return (
    <table class="utrecht-table wp-table" data-testid="marks-table">
      <caption class="utrecht-table__caption">{t('evaluations.tableCaption')}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          {(['evaluations.session', 'evaluations.endedAt', 'evaluations.participants', 'evaluations.marks', 'evaluations.average', 'evaluations.distribution'] as const).map((k) => (
            <th class="utrecht-table__header-cell" scope="col" key={k}>
              {t(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {sessions.map((s) => (
          <tr class="utrecht-table__row" key={s.roomId}>
            <th class="utrecht-table__header-cell" scope="row">
              {s.title}
            </th>
            <td class="utrecht-table__cell">{formatDate(s.endedAt, lang)}</td>
            <td class="utrecht-table__cell">{s.participants}</td>
            <td class="utrecht-table__cell">{s.count}</td>
            <td class="utrecht-table__cell">{formatAverage(s.average, lang)}</td>
            <td class="utrecht-table__cell">{formatDistribution(s.distribution)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The tips per session, not attributed; a session with fewer than three marks shows none. */
export function TipsPerSession(props: { sessions: EvaluationMark[]; t: T }) {
  const { sessions, t } = props;
  return (
    <div data-testid="tips">
      {sessions.map((s) => (
        <div key={s.roomId}>
          <h4 class="utrecht-heading-4">{s.title}</h4>
          {s.tips === null ? (
            <p class="utrecht-paragraph wp-muted">{t('evaluations.tipsHidden')}</p>
          ) : s.tips.length === 0 ? (
            <p class="utrecht-paragraph wp-muted">{t('evaluations.noTips')}</p>
          ) : (
            <ul class="utrecht-unordered-list">
              {s.tips.map((tip, i) => (
                <li class="utrecht-unordered-list__item" key={i} dir="auto">
                  {tip}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

export function OrganisationTable(props: { organisations: OrganisationMarks[]; t: T; lang: Lang }) {
  const { organisations, t, lang } = props;
  return (
    <table class="utrecht-table wp-table" data-testid="organisation-table">
      <caption class="utrecht-table__caption">{t('evaluations.byOrganisationCaption')}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          {(['evaluations.organisation', 'evaluations.sessions', 'evaluations.marks', 'evaluations.average'] as const).map((k) => (
            <th class="utrecht-table__header-cell" scope="col" key={k}>
              {t(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {organisations.map((o) => (
          <tr class="utrecht-table__row" key={o.organisation}>
            <th class="utrecht-table__header-cell" scope="row">
              {o.organisation}
            </th>
            <td class="utrecht-table__cell">{o.sessions}</td>
            <td class="utrecht-table__cell">{o.count}</td>
            <td class="utrecht-table__cell">{formatAverage(o.average, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The instrument across sessions: for the Checklist per area and session the questions agreed / open / not
 * applicable (and not reached), for competences the team's average; "—" for a group of fewer than three.
 */
export function ComparisonTable(props: { comparison: Comparison; t: T; lang: Lang }) {
  const { comparison: c, t, lang } = props;
  const checklist = c.areas.length > 0;
  const columns = checklist ? c.areas.map((a) => ({ id: a, name: a })) : c.competences;
  if (columns.length === 0) return <p class="utrecht-paragraph wp-muted">{t('evaluations.nothingToCompare')}</p>;
  const caption = t(checklist ? 'evaluations.comparisonChecklist' : 'evaluations.comparisonCompetences', { k: c.k });
  // Many areas or competences: the table scrolls sideways inside its own region, reachable with the keyboard.
  return (
    <div class="wp-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="utrecht-table wp-table" data-testid="comparison-table">
        <caption class="utrecht-table__caption">{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">
              {t('evaluations.session')}
            </th>
            {columns.map((col) => (
              <th class="utrecht-table__header-cell" scope="col" key={col.id}>
                {col.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {c.sessions.map((s) => (
            <tr class="utrecht-table__row" key={s.roomId}>
              <th class="utrecht-table__header-cell" scope="row">
                {s.title}
              </th>
              {columns.map((col) => {
                let text = HIDDEN;
                if (checklist && s.areas && s.areas[col.id]) {
                  const n = s.areas[col.id];
                  text = t('evaluations.areaCell', { agreed: n.agreed, open: n.open, na: n.notApplicable, notReached: n.notReached });
                } else if (!checklist && s.competences) {
                  text = formatAverage(s.competences[col.id] ?? null, lang);
                }
                return (
                  <td class="utrecht-table__cell" key={col.id}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The instrument across projects: per project (and the sessions in no project) the sessions, participants, the
 * Checklist's areas and the marks; "—" for a group of fewer than three.
 */
export function ProjectComparisonTable(props: { comparison: ComparisonByProject; t: T; lang: Lang }) {
  const { comparison: c, t, lang } = props;
  if (c.groups.length === 0) return <p class="utrecht-paragraph wp-muted">{t('evaluations.nothingToCompare')}</p>;
  const caption = t('evaluations.byProjectCaption', { k: c.k });
  return (
    <div class="wp-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="utrecht-table wp-table" data-testid="project-comparison-table">
        <caption class="utrecht-table__caption">{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {[t('evaluations.project'), t('evaluations.sessions'), t('evaluations.participants'), t('evaluations.marks'), t('evaluations.average')]
              .concat(c.areas)
              .map((name) => (
                <th class="utrecht-table__header-cell" scope="col" key={name}>
                  {name}
                </th>
              ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {c.groups.map((g) => (
            <tr class="utrecht-table__row" key={g.projectId ?? ''}>
              <th class="utrecht-table__header-cell" scope="row">
                {g.projectId === null ? t('evaluations.withoutProject') : g.title}
              </th>
              <td class="utrecht-table__cell">{g.sessions}</td>
              <td class="utrecht-table__cell">{g.participants}</td>
              <td class="utrecht-table__cell">{g.count}</td>
              <td class="utrecht-table__cell">{formatAverage(g.average, lang)}</td>
              {c.areas.map((area) => {
                const n = g.areas?.[area];
                return (
                  <td class="utrecht-table__cell" key={area}>
                    {n ? t('evaluations.areaCell', { agreed: n.agreed, open: n.open, na: n.notApplicable, notReached: n.notReached }) : HIDDEN}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The section on the organiser page: choose a template, see its sessions over time. */
export function EvaluationOverTime(props: { cred: Credential; templates: TemplateInfo[] }) {
  const { t, lang } = useT();
  const selectId = useId('evaluation-template');
  const captionId = useId('marks-caption');
  const ids = [...new Set(props.templates.map((x) => x.id))];
  const [templateId, setTemplateId] = useState<string>('');
  const [data, setData] = useState<{
    marks: EvaluationMark[];
    organisations: OrganisationMarks[];
    comparison: Comparison;
    byProject: ComparisonByProject;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = templateId || ids[0] || '';
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    const filter = { templateId: chosen };
    setError(null);
    Promise.all([
      api.evaluations(props.cred, filter),
      api.evaluationsByOrganisation(props.cred, filter),
      api.comparison(props.cred, filter),
      api.comparisonByProject(props.cred, filter),
    ])
      .then(([marks, organisations, comparison, byProject]) => live && setData({ marks, organisations, comparison, byProject }))
      .catch(() => live && setError(t('evaluations.failed')));
    return () => {
      live = false;
    };
  }, [chosen, props.cred]);
  return (
    <section aria-labelledby="evaluations-heading" class="wp-section" data-testid="evaluations">
      <h2 class="utrecht-heading-2" id="evaluations-heading">
        {t('evaluations.title')}
      </h2>
      <p class="utrecht-paragraph">{t('evaluations.help')}</p>
      <div class="utrecht-form-field wp-field">
        <label class="utrecht-form-label" for={selectId}>
          {t('evaluations.template')}
        </label>
        <select id={selectId} class="utrecht-select" value={chosen} onChange={(e) => setTemplateId((e.currentTarget as HTMLSelectElement).value)}>
          {ids.map((id) => {
            const info = props.templates.find((x) => x.id === id);
            return (
              <option value={id} key={id}>
                {info ? loc(info.title, lang) : id}
              </option>
            );
          })}
        </select>
      </div>
      {error && (
        <Alert kind="error" role="alert">
          {error}
        </Alert>
      )}
      {data && data.marks.length === 0 && <p class="utrecht-paragraph wp-muted">{t('evaluations.none')}</p>}
      {data && data.marks.length > 0 && (
        <>
          <h3 class="utrecht-heading-3">{t('evaluations.marksHeading')}</h3>
          <MarksChart sessions={data.marks} t={t} lang={lang} captionId={captionId} />
          <MarksTable sessions={data.marks} t={t} lang={lang} />
          <h3 class="utrecht-heading-3">{t('evaluations.tipsHeading')}</h3>
          <TipsPerSession sessions={data.marks} t={t} />
          <h3 class="utrecht-heading-3">{t('evaluations.byOrganisationHeading')}</h3>
          <OrganisationTable organisations={data.organisations} t={t} lang={lang} />
          <h3 class="utrecht-heading-3">{t('evaluations.comparisonHeading')}</h3>
          <ComparisonTable comparison={data.comparison} t={t} lang={lang} />
          <h3 class="utrecht-heading-3">{t('evaluations.byProjectHeading')}</h3>
          <ProjectComparisonTable comparison={data.byProject} t={t} lang={lang} />
        </>
      )}
    </section>
  );
}

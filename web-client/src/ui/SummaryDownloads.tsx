// The versions of a session's frozen summary with a download button per format: on the results page
// (/s/{roomId}#token, the read-only link everyone in the session gets when it ends), in the facilitator
// console of an ended session, and on the organiser page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { Credential, SummaryInfo } from '../api';
import { formatDate } from '../i18n';
import { Alert, Button, Layout } from './common';
import { useT } from './hooks';

export const FORMATS: { ext: string; label: string; path: (v: number) => string }[] = [
  { ext: 'pdf', label: 'PDF', path: (v) => `${v}.pdf` },
  { ext: 'docx', label: 'Word (DOCX)', path: (v) => `${v}.docx` },
  { ext: 'html', label: 'HTML', path: (v) => `${v}.html` },
  { ext: 'md', label: 'Markdown', path: (v) => `${v}.md` },
  { ext: 'json', label: 'JSON', path: (v) => `${v}.json` },
  { ext: 'csv', label: 'CSV', path: (v) => `${v}.csv` },
  { ext: 'xlsx', label: 'Excel (XLSX)', path: (v) => `${v}.xlsx` },
  { ext: 'agreements.csv', label: 'CSV', path: (v) => `${v}/agreements.csv` },
  { ext: 'agreements.ics', label: 'iCalendar', path: (v) => `${v}/agreements.ics` },
];

/** A file name for a download: the session's title in letters and digits, the version and the format. */
export function downloadName(title: string, roomId: string, version: number, ext: string): string {
  const safe = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || roomId;
  return `${safe}-v${version}.${ext}`;
}

/** One version's download buttons. */
export function VersionDownloads(props: { roomId: string; title: string; cred: Credential; summary: SummaryInfo; onError: (m: string) => void }) {
  const { t, lang } = useT();
  const { roomId, title, summary: s } = props;
  const download = async (f: (typeof FORMATS)[number]) => {
    const path = `/api/rooms/${encodeURIComponent(roomId)}/summaries/${f.path(s.version)}`;
    try {
      await api.download(props.cred, path, downloadName(title, roomId, s.version, f.ext));
    } catch {
      props.onError(t('organiser.downloadFailed'));
    }
  };
  return (
    <div class="wp-summary" data-testid="summary-version">
      <p class="utrecht-paragraph">
        {t('organiser.summary', { version: s.version, date: formatDate(s.frozenAt, lang) })}{' '}
        <span class="wp-muted wp-hash" title="SHA-256">
          {(s.sha256 ?? '').slice(0, 12)}…
        </span>
      </p>
      <ul class="wp-inline-list" aria-label={t('organiser.downloads', { version: s.version })}>
        {FORMATS.map((f) => (
          <li key={f.ext}>
            <Button kind="subtle" data-format={f.ext} onClick={() => download(f)}>
              {f.ext.startsWith('agreements') ? t('organiser.agreementsAs', { format: f.label }) : f.label}
              <span class="wp-visually-hidden">
                {' '}
                – {title}, {t('organiser.version', { version: s.version })}
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every version of a session's summary, fetched with `token` (a results link's, the facilitator's). */
export function SummaryVersions(props: { roomId: string; title: string; token: string }) {
  const { t } = useT();
  const [versions, setVersions] = useState<SummaryInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .summaries({ key: props.token }, props.roomId)
      .then((v) => live && setVersions([...v].sort((a, b) => b.version - a.version)))
      .catch((e) => live && setError(e instanceof ApiError && e.status === 401 ? t('results.refused') : t('results.failed')));
    return () => {
      live = false;
    };
  }, [props.roomId, props.token]);
  return (
    <div class="wp-summary-versions" data-testid="summary-versions">
      {error && (
        <Alert kind="error" role="alert">
          {error}
        </Alert>
      )}
      {versions && versions.length === 0 && <p class="utrecht-paragraph">{t('organiser.noSummary')}</p>}
      {versions?.map((s) => <VersionDownloads key={s.version} roomId={props.roomId} title={props.title} cred={{ key: props.token }} summary={s} onError={setError} />)}
    </div>
  );
}

/** /s/{roomId}#token: the results of an ended session for everyone who took part; no organiser key needed. */
export function ResultsPage(props: { roomId: string; token: string }) {
  const { t } = useT();
  const [title, setTitle] = useState<string>('');
  useEffect(() => {
    api
      .room(props.roomId)
      .then((r) => setTitle(r.title))
      .catch(() => setTitle(''));
  }, [props.roomId]);
  return (
    <Layout title={t('results.title')}>
      <h1 class="utrecht-heading-1">{t('results.title')}</h1>
      {title && <p class="utrecht-paragraph wp-lead">{title}</p>}
      <p class="utrecht-paragraph">{t('results.help')}</p>
      {props.token ? (
        <SummaryVersions roomId={props.roomId} title={title || props.roomId} token={props.token} />
      ) : (
        <Alert kind="error" role="alert">
          {t('results.refused')}
        </Alert>
      )}
    </Layout>
  );
}

/** In the room once the session has ended: the link to its results, and for those who run it the downloads. */
export function ResultsLink(props: { roomId: string; token: string }) {
  const { t } = useT();
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={`/s/${encodeURIComponent(props.roomId)}#${encodeURIComponent(props.token)}`} data-testid="results-link">
        {t('results.link')}
      </a>
    </p>
  );
}

// The organiser's page: the organiser key, creating a room from a template, past sessions with their
// summaries, and uploading a custom template.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { CreatedRoom, RoomListItem, TemplateInfo, TemplateProblem } from '../api';
import { formatDate, loc } from '../i18n';
import { loadOrganiserKey, saveOrganiserKey } from '../storage';
import { MAX_LOGO_CHARS, colourProblem } from '../theme';
import type { Theme } from '../protocol';
import { Alert, Button, CopyButton, Layout, TextField } from './common';
import { useId, useT } from './hooks';
import { ProjectsSection } from './Projects';

const FORMATS: { ext: string; label: string; path: (v: number) => string }[] = [
  { ext: 'pdf', label: 'PDF', path: (v) => `${v}.pdf` },
  { ext: 'html', label: 'HTML', path: (v) => `${v}.html` },
  { ext: 'md', label: 'Markdown', path: (v) => `${v}.md` },
  { ext: 'json', label: 'JSON', path: (v) => `${v}.json` },
  { ext: 'csv', label: 'CSV', path: (v) => `${v}.csv` },
  { ext: 'xlsx', label: 'Excel (XLSX)', path: (v) => `${v}.xlsx` },
  { ext: 'agreements.csv', label: 'CSV', path: (v) => `${v}/agreements.csv` },
  { ext: 'agreements.ics', label: 'iCalendar', path: (v) => `${v}/agreements.ics` },
];

function KeyForm(props: { onKey: (k: string) => void; error: string | null }) {
  const { t } = useT();
  const [key, setKey] = useState('');
  return (
    <form
      class="wp-form wp-narrow"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) props.onKey(key.trim());
      }}
    >
      <TextField label={t('organiser.key')} description={t('organiser.keyHelp')} value={key} onInput={setKey} type="password" autoComplete="off" invalid={props.error} name="organiserKey" />
      <Button kind="primary" type="submit">
        {t('organiser.useKey')}
      </Button>
    </form>
  );
}

/** The session's house style: a logo (uploaded, kept as a data URL) and two colours, each checked here and on the server. */
function ThemeFields(props: { theme: Theme; onChange: (t: Theme) => void }) {
  const { t } = useT();
  const logoId = useId('logo');
  const [logoError, setLogoError] = useState<string | null>(null);
  const colourError = (value: string | null, kind: 'primary' | 'light') => {
    const p = colourProblem(value ?? '', kind);
    return p === 'format' ? t('organiser.colourFormat') : p === 'contrast' ? t(kind === 'primary' ? 'organiser.primaryContrast' : 'organiser.lightContrast') : null;
  };
  const set = (patch: Partial<Theme>) => props.onChange({ ...props.theme, ...patch });
  return (
    <fieldset class="utrecht-form-fieldset wp-fieldset wp-theme-fields">
      <legend class="utrecht-form-fieldset__legend">{t('organiser.theme')}</legend>
      <p class="utrecht-form-field-description">{t('organiser.themeHelp')}</p>
      <div class="utrecht-form-field wp-field">
        <label class="utrecht-form-label" for={logoId}>
          {t('organiser.logo')}
        </label>
        <p class="utrecht-form-field-description" id={`${logoId}-d`}>
          {t('organiser.logoHelp')}
        </p>
        {logoError && (
          <p class="utrecht-form-field-error-message" id={`${logoId}-e`}>
            {logoError}
          </p>
        )}
        <input
          id={logoId}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          class="wp-file"
          aria-describedby={`${logoId}-d${logoError ? ` ${logoId}-e` : ''}`}
          aria-invalid={logoError ? 'true' : undefined}
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            setLogoError(null);
            if (!file) return set({ logo: null });
            if (!['image/png', 'image/jpeg', 'image/webp'].includes(file.type)) {
              setLogoError(t('organiser.logoType'));
              return set({ logo: null });
            }
            const reader = new FileReader();
            reader.onload = () => {
              const url = String(reader.result ?? '');
              if (url.length > MAX_LOGO_CHARS) {
                setLogoError(t('organiser.logoTooLarge'));
                set({ logo: null });
              } else {
                set({ logo: url });
              }
            };
            reader.readAsDataURL(file);
          }}
        />
        {props.theme.logo && <img class="wp-theme-fields__logo" src={props.theme.logo} alt={t('organiser.logoPreview')} />}
      </div>
      <div class="wp-row">
        <TextField
          label={t('organiser.primaryColour')}
          description={t('organiser.colourHelp')}
          value={props.theme.primaryColour ?? ''}
          onInput={(v) => set({ primaryColour: v.trim().toLowerCase() || null })}
          maxLength={7}
          invalid={colourError(props.theme.primaryColour, 'primary')}
          name="primaryColour"
        />
        <TextField
          label={t('organiser.lightColour')}
          description={t('organiser.colourHelp')}
          value={props.theme.lightColour ?? ''}
          onInput={(v) => set({ lightColour: v.trim().toLowerCase() || null })}
          maxLength={7}
          invalid={colourError(props.theme.lightColour, 'light')}
          name="lightColour"
        />
      </div>
    </fieldset>
  );
}

const NO_THEME: Theme = { logo: null, primaryColour: null, lightColour: null };

function CreateRoom(props: { organiserKey: string; templates: TemplateInfo[]; onCreated: () => void }) {
  const { t, lang } = useT();
  const selectId = useId('template');
  const langId = useId('lang');
  const [templateId, setTemplateId] = useState('');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<'nl' | 'en'>('nl');
  const [anonymous, setAnonymous] = useState(false);
  const [theme, setTheme] = useState<Theme>(NO_THEME);
  const [created, setCreated] = useState<{ room: CreatedRoom; title: string; template: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!templateId && props.templates.length) setTemplateId(props.templates[0].id);
  }, [props.templates]);
  const chosen = props.templates.find((x) => x.id === templateId);
  return (
    <section aria-labelledby="create-heading" class="wp-section">
      <h2 class="utrecht-heading-2" id="create-heading">
        {t('organiser.create')}
      </h2>
      <form
        class="wp-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!templateId || !title.trim()) {
            setError(t('organiser.createMissing'));
            return;
          }
          if (colourProblem(theme.primaryColour ?? '', 'primary') || colourProblem(theme.lightColour ?? '', 'light')) {
            setError(t('organiser.themeInvalid'));
            return;
          }
          const withTheme = theme.logo || theme.primaryColour || theme.lightColour;
          setBusy(true);
          setError(null);
          try {
            const r = await api.createRoom(props.organiserKey, {
              templateId,
              templateVersion: chosen?.version,
              title: title.trim(),
              language,
              anonymous,
              ...(withTheme ? { theme } : {}),
            });
            setCreated({ room: r, title: title.trim(), template: chosen ? loc(chosen.title, lang) : templateId });
            // The form is ready for the next session; the box below says which one was just made.
            setTitle('');
            props.onCreated();
          } catch (err) {
            setError(err instanceof ApiError ? t('organiser.failedWith', { message: err.message }) : t('organiser.failed'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="utrecht-form-field wp-field">
          <label class="utrecht-form-label" for={selectId}>
            {t('organiser.template')}
          </label>
          <select id={selectId} name="template" class="utrecht-select utrecht-select--html-select" value={templateId} onChange={(e) => setTemplateId((e.currentTarget as HTMLSelectElement).value)}>
            {props.templates.map((x) => (
              <option value={x.id} key={`${x.id}-${x.version}`}>
                {loc(x.title, lang)} (v{x.version}){x.builtIn ? '' : ` – ${t('organiser.custom')}`}
              </option>
            ))}
          </select>
          {chosen && <p class="utrecht-form-field-description">{loc(chosen.description, lang)}</p>}
        </div>
        <TextField label={t('organiser.roomTitle')} value={title} onInput={setTitle} maxLength={200} required name="title" />
        <div class="utrecht-form-field wp-field">
          <label class="utrecht-form-label" for={langId}>
            {t('organiser.language')}
          </label>
          <select id={langId} class="utrecht-select utrecht-select--html-select" value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as 'nl' | 'en')}>
            <option value="nl" lang="nl">Nederlands</option>
            <option value="en" lang="en">English</option>
          </select>
        </div>
        <label class="wp-checkbox">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('organiser.anonymous')}</span>
        </label>
        <ThemeFields theme={theme} onChange={setTheme} />
        {error && <Alert kind="error" role="alert">{error}</Alert>}
        <Button kind="primary" type="submit" disabled={busy}>
          {t('organiser.createButton')}
        </Button>
      </form>
      {created && <CreatedBox created={created.room} title={created.title} template={created.template} />}
    </section>
  );
}

function absolute(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

export function CreatedBox(props: { created: CreatedRoom; title: string; template: string }) {
  const { t } = useT();
  const c = props.created;
  const participantUrl = absolute(c.participantUrl || `/j/${c.roomId}`);
  const facilitatorUrl = absolute(c.facilitatorUrl || `/f/${c.roomId}#${c.facilitatorToken}`);
  return (
    <div class="wp-created" role="status" data-testid="created-room">
      <h3 class="utrecht-heading-3" data-testid="created-title">
        {t('organiser.createdFor', { title: props.title })}
      </h3>
      <p class="utrecht-paragraph wp-muted">{t('organiser.createdTemplate', { template: props.template })}</p>
      <dl class="wp-dl">
        <dt>{t('share.code')}</dt>
        <dd class="wp-share__code" data-testid="created-code">
          {c.joinCode}
        </dd>
        <dt>{t('organiser.participantLink')}</dt>
        <dd>
          <a class="utrecht-link" href={participantUrl} data-testid="created-participant-url">
            {participantUrl}
          </a>{' '}
          <CopyButton text={participantUrl} label={t('common.copy')} />
        </dd>
        <dt>{t('organiser.facilitatorLink')}</dt>
        <dd>
          <a class="utrecht-link" href={facilitatorUrl} data-testid="created-facilitator-url">
            {facilitatorUrl}
          </a>{' '}
          <CopyButton text={facilitatorUrl} label={t('common.copy')} />
          <p class="utrecht-paragraph wp-muted">{t('organiser.facilitatorLinkHelp')}</p>
        </dd>
        <dt>{t('organiser.organiserToken')}</dt>
        <dd>
          <code class="wp-code" data-testid="created-organiser-token">
            {c.organiserToken}
          </code>{' '}
          <CopyButton text={c.organiserToken} label={t('common.copy')} />
          <p class="utrecht-paragraph wp-muted">{t('organiser.organiserTokenHelp')}</p>
        </dd>
      </dl>
    </div>
  );
}

function Sessions(props: { organiserKey: string; rooms: RoomListItem[] | null; reload: () => void; error: string | null }) {
  const { t, lang } = useT();
  const [message, setMessage] = useState<string | null>(null);
  const download = async (r: RoomListItem, version: number, f: (typeof FORMATS)[number]) => {
    setMessage(null);
    const path = `/api/rooms/${encodeURIComponent(r.roomId)}/summaries/${f.path(version)}`;
    const safe = r.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || r.roomId;
    try {
      await api.download(props.organiserKey, path, `${safe}-v${version}.${f.ext}`);
    } catch {
      setMessage(t('organiser.downloadFailed'));
    }
  };
  return (
    <section aria-labelledby="sessions-heading" class="wp-section">
      <h2 class="utrecht-heading-2" id="sessions-heading">
        {t('organiser.sessions')}
      </h2>
      <Button kind="subtle" onClick={props.reload}>
        {t('organiser.refresh')}
      </Button>
      {props.error && <Alert kind="error">{props.error}</Alert>}
      {message && <Alert kind="error" role="alert">{message}</Alert>}
      {props.rooms && props.rooms.length === 0 && <p class="utrecht-paragraph wp-muted">{t('organiser.noSessions')}</p>}
      {props.rooms && props.rooms.length > 0 && (
        <ul class="wp-session-list">
          {props.rooms.map((r) => (
            <li class="wp-session" key={r.roomId} data-testid="session">
              <h3 class="utrecht-heading-3">{r.title}</h3>
              <p class="utrecht-paragraph wp-muted">
                {t('organiser.sessionMeta', {
                  status: { key: statusKey(r.status) },
                  created: formatDate(r.createdAt, lang),
                  count: r.participants,
                  template: `${r.templateId} v${r.templateVersion}`,
                })}
              </p>
              {(r.summaries ?? []).length === 0 ? (
                <p class="utrecht-paragraph">{t('organiser.noSummary')}</p>
              ) : (
                (r.summaries ?? []).map((s) => (
                  <div class="wp-summary" key={s.version}>
                    <p class="utrecht-paragraph">
                      {t('organiser.summary', { version: s.version, date: formatDate(s.frozenAt, lang) })}{' '}
                      <span class="wp-muted wp-hash" title="SHA-256">
                        {(s.sha256 ?? '').slice(0, 12)}…
                      </span>
                    </p>
                    <ul class="wp-inline-list" aria-label={t('organiser.downloads', { version: s.version })}>
                      {FORMATS.map((f) => (
                        <li key={f.ext}>
                          <Button kind="subtle" onClick={() => download(r, s.version, f)}>
                            {f.ext.startsWith('agreements') ? t('organiser.agreementsAs', { format: f.label }) : f.label}
                            <span class="wp-visually-hidden">
                              {' '}
                              – {r.title}, {t('organiser.version', { version: s.version })}
                            </span>
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))
              )}
              <Button
                kind="danger"
                onClick={async () => {
                  if (!window.confirm(t('organiser.confirmDelete', { title: r.title }))) return;
                  try {
                    await api.deleteRoom(props.organiserKey, r.roomId);
                    props.reload();
                  } catch {
                    setMessage(t('organiser.deleteFailed'));
                  }
                }}
              >
                {t('organiser.delete')}
                <span class="wp-visually-hidden">: {r.title}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function statusKey(status: string) {
  return status === 'lobby' || status === 'running' || status === 'paused' || status === 'ended'
    ? (`roomStatus.${status}` as const)
    : ('common.unknown' as const);
}

function UploadTemplate(props: { organiserKey: string; onUploaded: () => void }) {
  const { t } = useT();
  const id = useId('upload');
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<TemplateProblem[] | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="upload-heading" class="wp-section">
      <h2 class="utrecht-heading-2" id="upload-heading">
        {t('organiser.upload')}
      </h2>
      <p class="utrecht-paragraph">{t('organiser.uploadHelp')}</p>
      <form
        class="wp-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setProblems(null);
          setResult(null);
          setError(null);
          if (!file) {
            setError(t('organiser.uploadChoose'));
            return;
          }
          const text = await file.text();
          try {
            JSON.parse(text);
          } catch (err) {
            setProblems([{ path: '/', message: t('organiser.notJson', { message: String((err as Error).message ?? err) }) }]);
            return;
          }
          try {
            const r = await api.uploadTemplate(props.organiserKey, text);
            setResult(t('organiser.uploaded', { id: r.id, version: r.version }));
            props.onUploaded();
          } catch (err) {
            if (err instanceof ApiError && err.status === 422) {
              const body = err.body as { problems?: TemplateProblem[] };
              setProblems(body?.problems?.length ? body.problems : [{ path: '/', message: err.message }]);
            } else {
              setError(err instanceof ApiError ? t('organiser.failedWith', { message: err.message }) : t('organiser.failed'));
            }
          }
        }}
      >
        <div class="utrecht-form-field wp-field">
          <label class="utrecht-form-label" for={id}>
            {t('organiser.templateFile')}
          </label>
          <input
            id={id}
            type="file"
            accept="application/json,.json"
            class="wp-file"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <Button kind="primary" type="submit">
          {t('organiser.uploadButton')}
        </Button>
      </form>
      {result && (
        <Alert kind="ok" role="status">
          {result}
        </Alert>
      )}
      {error && (
        <Alert kind="error" role="alert">
          {error}
        </Alert>
      )}
      {problems && (
        <div role="alert" class="wp-problems" data-testid="template-problems">
          <h3 class="utrecht-heading-3">{t('organiser.problems', { count: problems.length })}</h3>
          <table class="utrecht-table wp-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">{t('organiser.problemPath')}</th>
                <th class="utrecht-table__header-cell" scope="col">{t('organiser.problemMessage')}</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {problems.map((p, i) => (
                <tr class="utrecht-table__row" key={i}>
                  <td class="utrecht-table__cell">
                    <code class="wp-code">{p.path}</code>
                  </td>
                  <td class="utrecht-table__cell">{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function OrganiserPage() {
  const { t } = useT();
  const [key, setKey] = useState(loadOrganiserKey());
  const [keyError, setKeyError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [rooms, setRooms] = useState<RoomListItem[] | null>(null);
  const [roomsError, setRoomsError] = useState<string | null>(null);

  const loadTemplates = () => api.templates().then(setTemplates).catch(() => setTemplates([]));
  const loadRooms = (k = key) => {
    if (!k) return;
    api
      .rooms(k)
      .then(async (r) => {
        // A list without summaries: ask for those of the sessions that have ended at least once.
        const withSummaries = await Promise.all(
          r.map(async (room) =>
            room.summaries !== undefined || !(room.status === 'ended' || room.endedAt > 0)
              ? room
              : { ...room, summaries: await api.summaries(k, room.roomId).catch(() => []) },
          ),
        );
        setRooms(withSummaries.sort((a, b) => b.createdAt - a.createdAt));
        setRoomsError(null);
      })
      .catch((e) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          saveOrganiserKey(null);
          setKey('');
          setKeyError(t('organiser.keyRejected'));
        } else {
          setRoomsError(t('organiser.listFailed'));
        }
      });
  };
  useEffect(() => {
    loadTemplates();
  }, []);
  useEffect(() => {
    if (key) loadRooms(key);
  }, [key]);

  return (
    <Layout title={t('organiser.title')}>
      <h1 class="utrecht-heading-1">{t('organiser.title')}</h1>
      {!key ? (
        <KeyForm
          error={keyError}
          onKey={(k) => {
            saveOrganiserKey(k);
            setKeyError(null);
            setKey(k);
          }}
        />
      ) : (
        <>
          <p class="utrecht-paragraph">
            {t('organiser.keyKept')}{' '}
            <Button
              kind="subtle"
              onClick={() => {
                saveOrganiserKey(null);
                setKey('');
                setRooms(null);
              }}
            >
              {t('organiser.forgetKey')}
            </Button>
          </p>
          <CreateRoom organiserKey={key} templates={templates} onCreated={() => loadRooms()} />
          <Sessions organiserKey={key} rooms={rooms} reload={() => loadRooms()} error={roomsError} />
          <ProjectsSection organiserKey={key} templates={templates} />
          <UploadTemplate organiserKey={key} onUploaded={loadTemplates} />
        </>
      )}
    </Layout>
  );
}

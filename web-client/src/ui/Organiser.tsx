// The organiser's page: signing in (e-mail and password, the organisation's OpenID provider, the first
// account through the first-run link, or the administrator's organiser key), creating a room from a
// template, the organiser's sessions with their summaries, and uploading a custom template.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { CreatedRoom, Credential, RoomListItem, SessionOptions, SignedIn, TemplateInfo, TemplateProblem } from '../api';
import { formatDate, loc } from '../i18n';
import { loadOrganiserKey, saveOrganiserKey } from '../storage';
import { MAX_LOGO_CHARS, colourProblem } from '../theme';
import type { Theme } from '../protocol';
import { Alert, Button, CopyButton, Layout, TextField } from './common';
import { useId, useT } from './hooks';
import { EvaluationOverTime } from './EvaluationOverTime';
import { VersionDownloads } from './SummaryDownloads';
import { ProjectsSection } from './Projects';
import { NO_PRE_WORK, PreWorkFields, preWorkBody } from './PreWork';
import type { PreWorkChoice } from './PreWork';

/** The administrator's way in: the server's organiser key (every session). */
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

/** Sign-in with an e-mail address and a password. */
function SignInForm(props: { onSignedIn: (s: SignedIn) => void }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="wp-form wp-narrow"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!email.trim() || !password) return setError(t('organiser.signInMissing'));
        setBusy(true);
        try {
          props.onSignedIn(await api.signIn(email.trim(), password));
        } catch (err) {
          setError(
            err instanceof ApiError && err.status === 429
              ? t('organiser.signInLimited')
              : err instanceof ApiError && (err.status === 401 || err.status === 400)
                ? t('organiser.signInWrong')
                : t('organiser.failed'),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <TextField label={t('organiser.email')} value={email} onInput={setEmail} type="email" autoComplete="username" name="email" maxLength={320} />
      <TextField label={t('organiser.password')} value={password} onInput={setPassword} type="password" autoComplete="current-password" name="password" maxLength={200} invalid={error} />
      <Button kind="primary" type="submit" disabled={busy}>
        {t('organiser.signIn')}
      </Button>
    </form>
  );
}

/** The first organiser account of a new server, with the token of the first-run link it printed. */
function FirstAccountForm(props: { setupToken: string; onSignedIn: (s: SignedIn) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="wp-section" aria-labelledby="first-account">
      <h2 class="utrecht-heading-2" id="first-account">
        {t('organiser.firstAccount')}
      </h2>
      <p class="utrecht-paragraph">{t('organiser.firstAccountHelp')}</p>
      <form
        class="wp-form wp-narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (password.length < 10) return setError(t('organiser.passwordShort'));
          try {
            await api.createFirstAccount(props.setupToken, { email: email.trim(), displayName: name.trim(), password });
            props.onSignedIn(await api.signIn(email.trim(), password));
          } catch (err) {
            setError(err instanceof ApiError && err.status === 400 ? t('organiser.failedWith', { message: err.message }) : t('organiser.failed'));
          }
        }}
      >
        <TextField label={t('organiser.displayName')} value={name} onInput={setName} autoComplete="name" name="displayName" maxLength={200} />
        <TextField label={t('organiser.email')} value={email} onInput={setEmail} type="email" autoComplete="username" name="newEmail" maxLength={320} />
        <TextField label={t('organiser.newPassword')} description={t('organiser.passwordHelp')} value={password} onInput={setPassword} type="password" autoComplete="new-password" name="newPassword" maxLength={200} invalid={error} />
        <Button kind="primary" type="submit">
          {t('organiser.createAccount')}
        </Button>
      </form>
    </section>
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

function CreateRoom(props: { cred: Credential; templates: TemplateInfo[]; onCreated: () => void }) {
  const { t, lang } = useT();
  const selectId = useId('template');
  const langId = useId('lang');
  const [templateId, setTemplateId] = useState('');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<'nl' | 'en'>('nl');
  const [anonymous, setAnonymous] = useState(false);
  const [facilitation, setFacilitation] = useState<Facilitation>('facilitator');
  const [theme, setTheme] = useState<Theme>(NO_THEME);
  const [preWork, setPreWork] = useState<PreWorkChoice>(NO_PRE_WORK);
  const [created, setCreated] = useState<{ room: CreatedRoom; title: string; template: string; selfGuided: boolean } | null>(null);
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
          const preWorkChosen = preWorkBody(preWork);
          if (preWorkChosen === null) {
            setError(t('preWork.chooseSteps'));
            return;
          }
          setBusy(true);
          setError(null);
          try {
            const r = await api.createRoom(props.cred, {
              templateId,
              templateVersion: chosen?.version,
              title: title.trim(),
              language,
              anonymous,
              ...(withTheme ? { theme } : {}),
              ...facilitationBody(facilitation),
              ...(preWorkChosen ? { preWork: preWorkChosen } : {}),
            });
            setCreated({ room: r, title: title.trim(), template: chosen ? loc(chosen.title, lang) : templateId, selfGuided: facilitation !== 'facilitator' });
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
        <FacilitationField value={facilitation} onChange={setFacilitation} />
        <ThemeFields theme={theme} onChange={setTheme} />
        <PreWorkFields templateId={templateId} version={chosen?.version} value={preWork} onChange={setPreWork} t={t} lang={lang} />
        {error && <Alert kind="error" role="alert">{error}</Alert>}
        <Button kind="primary" type="submit" disabled={busy}>
          {t('organiser.createButton')}
        </Button>
      </form>
      {created && <CreatedBox created={created.room} title={created.title} template={created.template} selfGuided={created.selfGuided} />}
    </section>
  );
}

type Facilitation = 'facilitator' | 'anyone' | 'chair';

/** How the new session is run: the request body's facilitation and guide (docs/api.md). */
export function facilitationBody(f: Facilitation): { facilitation?: 'self-guided'; guide?: 'anyone' | 'chair' } {
  return f === 'facilitator' ? {} : { facilitation: 'self-guided', guide: f };
}

/** A session led by a facilitator, or self-guided with anyone or one chair moving it. */
function FacilitationField(props: { value: Facilitation; onChange: (f: Facilitation) => void }) {
  const { t } = useT();
  return (
    <fieldset class="utrecht-form-fieldset wp-field" data-testid="facilitation">
      <legend class="utrecht-form-label">{t('organiser.facilitation')}</legend>
      {(['facilitator', 'chair', 'anyone'] as const).map((f) => (
        <label class="wp-checkbox" key={f}>
          <input type="radio" name="facilitation" value={f} checked={props.value === f} onChange={() => props.onChange(f)} />
          <span>{t(`organiser.facilitation.${f}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function absolute(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

export function CreatedBox(props: { created: CreatedRoom; title: string; template: string; selfGuided?: boolean }) {
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
          <p class="utrecht-paragraph wp-muted" data-testid="created-facilitator-help">
            {t(props.selfGuided ? 'organiser.selfGuidedLinkHelp' : 'organiser.facilitatorLinkHelp')}
          </p>
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

function Sessions(props: { cred: Credential; rooms: RoomListItem[] | null; reload: () => void; error: string | null }) {
  const { t, lang } = useT();
  const [message, setMessage] = useState<string | null>(null);
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
                  <VersionDownloads key={s.version} roomId={r.roomId} title={r.title} cred={props.cred} summary={s} onError={setMessage} />
                ))
              )}
              <Button
                kind="danger"
                onClick={async () => {
                  if (!window.confirm(t('organiser.confirmDelete', { title: r.title }))) return;
                  try {
                    await api.deleteRoom(props.cred, r.roomId);
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

function UploadTemplate(props: { cred: Credential; onUploaded: () => void }) {
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
            const r = await api.uploadTemplate(props.cred, text);
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

/** What the address after # brings: the first-run link's token, or why an OpenID Connect sign-in was refused. */
function readHash(): { setup: string | null; signInProblem: string | null } {
  const params = new URLSearchParams(location.hash.slice(1));
  const found = { setup: params.get('setup'), signInProblem: params.get('signin') };
  if (found.setup || found.signInProblem) history.replaceState(null, '', location.pathname);
  return found;
}

export function OrganiserPage() {
  const { t } = useT();
  const [hash] = useState(readHash);
  const [key, setKey] = useState(loadOrganiserKey());
  const [keyError, setKeyError] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [checked, setChecked] = useState(false);
  const [options, setOptions] = useState<SessionOptions | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [rooms, setRooms] = useState<RoomListItem[] | null>(null);
  const [roomsError, setRoomsError] = useState<string | null>(null);
  const cred: Credential | null = signedIn ? { csrf: signedIn.csrfToken } : key ? { key } : null;

  const loadTemplates = () => api.templates().then(setTemplates).catch(() => setTemplates([]));
  const loadRooms = (c = cred) => {
    if (!c) return;
    api
      .rooms(c)
      .then(async (r) => {
        // A list without summaries: ask for those of the sessions that have ended at least once.
        const withSummaries = await Promise.all(
          r.map(async (room) =>
            room.summaries !== undefined || !(room.status === 'ended' || room.endedAt > 0)
              ? room
              : { ...room, summaries: await api.summaries(c, room.roomId).catch(() => []) },
          ),
        );
        setRooms(withSummaries.sort((a, b) => b.createdAt - a.createdAt));
        setRoomsError(null);
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401 && 'csrf' in c) {
          setSignedIn(null); // the session expired or ended elsewhere
        } else if (e instanceof ApiError && (e.status === 401 || e.status === 403) && 'key' in c) {
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
    api.sessionOptions().then(setOptions).catch(() => setOptions(null));
    api
      .session()
      .then(setSignedIn)
      .catch(() => setSignedIn(null))
      .finally(() => setChecked(true));
  }, []);
  useEffect(() => {
    setRooms(null);
    if (cred) loadRooms(cred);
  }, [signedIn?.csrfToken, key]);

  const signInProblem = hash.signInProblem ? t('organiser.openIdRefused') : null;
  return (
    <Layout title={t('organiser.title')}>
      <h1 class="utrecht-heading-1">{t('organiser.title')}</h1>
      {!checked ? null : !cred ? (
        <>
          {signInProblem && (
            <Alert kind="error" role="alert">
              {signInProblem}
            </Alert>
          )}
          {hash.setup && options?.firstAccount && <FirstAccountForm setupToken={hash.setup} onSignedIn={setSignedIn} />}
          <section class="wp-section" aria-labelledby="sign-in">
            <h2 class="utrecht-heading-2" id="sign-in">
              {t('organiser.signInTitle')}
            </h2>
            <SignInForm onSignedIn={setSignedIn} />
            {options?.openIdConnect && (
              <p class="utrecht-paragraph">
                <a class="utrecht-button utrecht-button--secondary-action" href="/api/session/oidc">
                  {t('organiser.signInOpenId')}
                </a>
              </p>
            )}
          </section>
          <section class="wp-section" aria-labelledby="administrator">
            <h2 class="utrecht-heading-2" id="administrator">
              {t('organiser.administrator')}
            </h2>
            <p class="utrecht-paragraph">{t('organiser.administratorHelp')}</p>
            <KeyForm
              error={keyError}
              onKey={(k) => {
                saveOrganiserKey(k);
                setKeyError(null);
                setKey(k);
              }}
            />
          </section>
        </>
      ) : (
        <>
          <p class="utrecht-paragraph" data-testid="signed-in-as">
            {signedIn ? t('organiser.signedInAs', { name: signedIn.organiser.displayName, email: signedIn.organiser.email }) : t('organiser.keyKept')}{' '}
            {signedIn ? (
              <Button
                kind="subtle"
                onClick={async () => {
                  await api.signOut(signedIn.csrfToken).catch(() => undefined);
                  setSignedIn(null);
                }}
              >
                {t('organiser.signOut')}
              </Button>
            ) : (
              <Button
                kind="subtle"
                onClick={() => {
                  saveOrganiserKey(null);
                  setKey('');
                }}
              >
                {t('organiser.forgetKey')}
              </Button>
            )}
          </p>
          <CreateRoom cred={cred} templates={templates} onCreated={() => loadRooms()} />
          <Sessions cred={cred} rooms={rooms} reload={() => loadRooms()} error={roomsError} />
          <ProjectsSection cred={cred} templates={templates} />
          <EvaluationOverTime cred={cred} templates={templates} />
          <UploadTemplate cred={cred} onUploaded={loadTemplates} />
        </>
      )}
    </Layout>
  );
}

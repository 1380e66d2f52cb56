// The pages: home (join with a code), join and take part, facilitator console (the projector: Projector.tsx).
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { RoomInfo } from '../api';
import type { MessageKey } from '../i18n';
import type { Auth } from '../protocol';
import { Limits } from '../protocol';
import { Session, browserEnvironment, errorKey } from '../session';
import { translate } from '../i18n';
import {
  loadCredentials,
  loadFacilitator,
  saveCredentials,
  saveFacilitator,
} from '../storage';
import type { Credentials, FacilitatorIdentity } from '../storage';
import { Alert, Button, Layout, TextField } from './common';
import { AppContext, useApp, useClientState, useId, useT } from './hooks';
import { RoomView } from './Room';
import { ModeContext } from './roomContext';
import type { ViewMode } from './roomContext';

// ------------------------------------------------------------------ home

export function HomePage(props: { navigate: (path: string) => void }) {
  const { t } = useT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Layout title={t('home.title')}>
      <h1 class="utrecht-heading-1">{t('home.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('home.lead')}</p>
      <form
        class="wp-form wp-narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!code.trim()) {
            setError(t('home.codeRequired'));
            return;
          }
          setBusy(true);
          setError(null);
          try {
            const r = await api.join(code);
            props.navigate(`/j/${encodeURIComponent(r.roomId)}`);
          } catch (err) {
            const status = err instanceof ApiError ? err.status : 0;
            setError(status === 404 ? t('home.codeUnknown') : status === 429 ? t('home.tooMany') : t('home.failed'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField
          label={t('home.code')}
          description={t('home.codeHelp')}
          value={code}
          onInput={setCode}
          maxLength={12}
          autoComplete="off"
          invalid={error}
          name="code"
        />
        <Button kind="primary" type="submit" disabled={busy}>
          {t('home.join')}
        </Button>
      </form>
      <h2 class="utrecht-heading-2">{t('home.organiseHeading')}</h2>
      <p class="utrecht-paragraph">
        {t('home.organiseText')}{' '}
        <a class="utrecht-link" href="/o">
          {t('home.organiseLink')}
        </a>
      </p>
    </Layout>
  );
}

export function NotFoundPage() {
  const { t } = useT();
  return (
    <Layout title={t('notFound.title')}>
      <h1 class="utrecht-heading-1">{t('notFound.title')}</h1>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          {t('notFound.home')}
        </a>
      </p>
    </Layout>
  );
}

// ------------------------------------------------------------------ live session plumbing

export type Ending = 'removed' | 'room-not-found' | 'protocol' | 'unauthorised';

/** Runs a session while mounted and provides it to the room views (`view`, or the room page). */
export function LiveRoom(props: {
  roomId: string;
  urls: string[];
  auth: () => Auth;
  onCredentials?: (participantId: string, token: string) => void;
  /** The session ended for this person; `unsaved` holds the texts they typed that the room never took. */
  onEnd: (reason: Ending, unsaved: string[]) => void;
  onHandshakeError?: (code: string, message: string) => void;
  mode: ViewMode;
  view?: () => JSX.Element;
}) {
  const { store } = useApp();
  const [session, setSession] = useState<Session | null>(null);
  const onEnd = useRef(props.onEnd);
  onEnd.current = props.onEnd;
  useEffect(() => {
    const s = new Session(store, {
      roomId: props.roomId,
      urls: props.urls,
      auth: props.auth,
      onCredentials: props.onCredentials,
      onTerminal: (reason) =>
        onEnd.current(
          reason as Ending,
          s.texts.all().filter((x) => x.unsaved).map((x) => x.view().doc),
        ),
      onHandshakeError: props.onHandshakeError,
      environment: browserEnvironment(),
    });
    setSession(s);
    s.start();
    return () => s.stop();
  }, [props.roomId]);
  if (!session) return null;
  return (
    <AppContext.Provider value={{ store, session }}>
      <ModeContext.Provider value={props.mode}>
        <RoomOrWaiting view={props.view} />
      </ModeContext.Provider>
    </AppContext.Provider>
  );
}

function RoomOrWaiting(props: { view?: () => JSX.Element }) {
  const cs = useClientState();
  const { t } = useT();
  if (!cs.room) {
    return (
      <div class="wp-waiting" role="status">
        <p class="utrecht-paragraph">{cs.connection.status === 'reconnecting' ? t('connection.retrying') : t('connection.connecting')}</p>
      </div>
    );
  }
  const View = props.view ?? RoomView;
  return <View />;
}

export function Ended(props: { reason: Ending; unsaved?: string[]; children?: ComponentChildren; message?: MessageKey }) {
  const { t } = useT();
  const keys: Record<Ending, MessageKey> = {
    removed: 'ended.removed',
    'room-not-found': 'ended.notFound',
    protocol: 'ended.protocol',
    unauthorised: 'ended.unauthorised',
  };
  return (
    <div class="wp-narrow">
      <Alert kind={props.reason === 'removed' ? 'warning' : 'error'} role="alert">
        {t(props.message ?? keys[props.reason])}
      </Alert>
      {(props.unsaved ?? []).length > 0 && <UnsavedTexts texts={props.unsaved ?? []} />}
      {props.reason === 'protocol' && (
        <Button kind="primary" onClick={() => window.location.reload()}>
          {t('ended.reload')}
        </Button>
      )}
      {props.children}
    </div>
  );
}

/** What the person typed and the room never took, when they can no longer write: to read and copy. */
function UnsavedTexts(props: { texts: string[] }) {
  const { t } = useT();
  const [copied, setCopied] = useState(-1);
  return (
    <div class="wp-unsaved" data-testid="unsaved-texts">
      <p class="utrecht-paragraph">{t('ended.unsaved')}</p>
      {props.texts.map((text, i) => (
        <div key={i} class="wp-unsaved__text">
          <textarea class="utrecht-textarea wp-unsaved__area" rows={6} readOnly value={text} aria-label={t('ended.unsavedText')} />
          <Button
            kind="secondary"
            onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(i), () => setCopied(-1))}
          >
            {copied === i ? t('text.copied') : t('text.copy')}
          </Button>
        </div>
      ))}
    </div>
  );
}

// ------------------------------------------------------------------ participant

interface JoinData {
  name: string;
  organisation: string;
  function: string;
  observer: boolean;
  /** Kept until the welcome: repeating the join after a lost welcome returns the same participant. */
  joinKey: string;
}

/** 24 random characters of [A-Za-z0-9_-]. */
function randomKey(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

function JoinForm(props: {
  roomId: string;
  info: RoomInfo | null;
  onJoin: (d: JoinData) => void;
  notice: MessageKey | null;
  /** What was entered before (after a refused join). */
  initial: JoinData | null;
  /** The partners of the session's project (docs/projects.md); empty for a session on its own. */
  partners: string[];
}) {
  const { t } = useT();
  const orgGroup = useId('org');
  const [name, setName] = useState(props.initial?.name ?? '');
  const [fn, setFn] = useState(props.initial?.function ?? '');
  const inProject = props.partners.length > 0;
  const orgs = inProject ? props.partners : props.info?.organisations ?? [];
  // A typed name near a partner's: the form asks instead of guessing (docs/projects.md, "Joining as a partner").
  const [suggested, setSuggested] = useState<string | null>(null);
  const [choice, setChoice] = useState<string>(props.initial ? '__new' : orgs.length ? '' : '__new');
  const [newOrg, setNewOrg] = useState(props.initial?.organisation ?? '');
  const [observer, setObserver] = useState(props.initial?.observer ?? false);
  const [errors, setErrors] = useState<{ name?: string; org?: string }>({});
  useEffect(() => {
    if (orgs.length === 0) setChoice('__new');
  }, [orgs.length]);
  const join = (organisation: string) =>
    props.onJoin({ name: name.trim(), organisation, function: fn.trim(), observer, joinKey: randomKey() });
  const submit = async (e: Event) => {
    e.preventDefault();
    const organisation = choice === '__new' ? newOrg.trim() : choice;
    const errs: { name?: string; org?: string } = {};
    if (!name.trim()) errs.name = t('join.nameRequired');
    if (!organisation) errs.org = t('join.orgRequired');
    setErrors(errs);
    setSuggested(null);
    if (errs.name || errs.org) return;
    if (inProject && choice === '__new' && !observer) {
      const found = await api.partners(props.roomId, organisation).catch(() => null);
      const match = found?.match;
      if (match && match.partner && match.kind !== 'none' && match.partner !== organisation) {
        setSuggested(match.partner);
        return;
      }
      if (match && match.kind === 'none') {
        setErrors({ org: t('join.notPartner', { organisation }) });
        return;
      }
    }
    join(organisation);
  };
  return (
    <div class="wp-narrow">
      <h1 class="utrecht-heading-1">{props.info ? props.info.title : t('join.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t(props.info?.anonymous ? 'join.leadAnonymous' : 'join.lead')}</p>
      {props.notice && <Alert kind="warning">{t(props.notice)}</Alert>}
      <form class="wp-form" onSubmit={submit} noValidate>
        <TextField label={t('join.name')} value={name} onInput={setName} maxLength={Limits.name} required autoComplete="name" invalid={errors.name} name="name" />
        <fieldset class="utrecht-form-fieldset wp-fieldset" aria-describedby={errors.org ? `${orgGroup}-e` : undefined}>
          <legend class="utrecht-form-fieldset__legend">{t('join.organisation')}</legend>
          {errors.org && (
            <p class="utrecht-form-field-error-message" id={`${orgGroup}-e`}>
              {errors.org}
            </p>
          )}
          {orgs.length > 0 && (
            <p class="utrecht-form-field-description">{t(inProject ? 'join.partnersHelp' : 'join.organisationHelp')}</p>
          )}
          {orgs.map((o) => (
            <label class="wp-radio wp-radio--line" key={o}>
              <input
                type="radio"
               
                name={orgGroup}
                value={o}
                checked={choice === o}
                onChange={() => setChoice(o)}
              />
              <span>{o}</span>
            </label>
          ))}
          {orgs.length > 0 && (
            <label class="wp-radio wp-radio--line">
              <input
                type="radio"
               
                name={orgGroup}
                value="__new"
                checked={choice === '__new'}
                onChange={() => setChoice('__new')}
              />
              <span>{t('join.otherOrganisation')}</span>
            </label>
          )}
          {choice === '__new' && (
            <TextField
              label={t('join.newOrganisation')}
              value={newOrg}
              onInput={setNewOrg}
              maxLength={Limits.organisation}
              required
              autoComplete="organization"
              name="organisation"
            />
          )}
          {suggested && (
            <div class="wp-partner-question" role="alert" data-testid="partner-question">
              <p class="utrecht-paragraph">{t('join.partnerQuestion', { partner: suggested })}</p>
              <div class="utrecht-button-group">
                <Button kind="primary" onClick={() => (setChoice(suggested), setSuggested(null), join(suggested))}>
                  {t('join.partnerYes', { partner: suggested })}
                </Button>
                <Button kind="subtle" onClick={() => (setSuggested(null), setErrors({ org: t('join.notPartner', { organisation: newOrg.trim() }) }))}>
                  {t('join.partnerNo')}
                </Button>
              </div>
            </div>
          )}
        </fieldset>
        <TextField label={t('join.function')} description={t('join.functionHelp')} value={fn} onInput={setFn} maxLength={Limits.function} name="function" />
        <label class="wp-checkbox">
          <input type="checkbox" checked={observer} onChange={(e) => setObserver((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('join.observer')}</span>
        </label>
        <Button kind="primary" type="submit">
          {t('join.submit')}
        </Button>
      </form>
      <p class="utrecht-paragraph wp-muted">{t('join.privacy')}</p>
    </div>
  );
}

export function ParticipantPage(props: { roomId: string; urls: string[] }) {
  const { t, lang } = useT();
  const { store } = useApp();
  const creds = useRef<Credentials | null>(loadCredentials(props.roomId));
  const joinData = useRef<JoinData | null>(null);
  const [phase, setPhase] = useState<'form' | 'live' | Ending>(creds.current ? 'live' : 'form');
  const [unsaved, setUnsaved] = useState<string[]>([]);
  const [info, setInfo] = useState<RoomInfo | null>(null);
  const [infoError, setInfoError] = useState<'not-found' | 'failed' | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [partners, setPartners] = useState<string[]>([]);
  const title = info?.title ?? t('join.title');

  useEffect(() => {
    if (phase !== 'form') return;
    api
      .room(props.roomId)
      .then((r) => (setInfo(r), setInfoError(null)))
      .catch((e) => setInfoError(e instanceof ApiError && e.status === 404 ? 'not-found' : 'failed'));
    api
      .partners(props.roomId)
      .then((p) => setPartners(p.partners))
      .catch(() => setPartners([]));
  }, [phase, props.roomId]);

  if (phase === 'live') {
    return (
      <Layout title={title} wide>
        <LiveRoom
          roomId={props.roomId}
          urls={props.urls}
          mode="participant"
          auth={() => {
            if (creds.current) return { kind: 'resume', ...creds.current };
            const d = joinData.current as JoinData;
            const auth: Auth = {
              kind: 'join',
              name: d.name,
              organisation: d.organisation,
              role: d.observer ? 'observer' : 'participant',
            };
            if (d.joinKey) auth.joinKey = d.joinKey;
            if (d.function) auth.function = d.function;
            return auth;
          }}
          onCredentials={(participantId, token) => {
            creds.current = { participantId, token };
            saveCredentials(props.roomId, creds.current);
          }}
          onHandshakeError={(code, message) => {
            const d = joinData.current;
            if (code === 'invalid_message' && /joinKey|\/auth/.test(message) && d?.joinKey) {
              // A server that does not know joinKey yet (older node): join without it.
              joinData.current = { ...d, joinKey: '' };
              setPhase('form');
              setTimeout(() => setPhase('live'), 0);
              return;
            }
            // A join the server refused (e.g. a name that is too long): back to the form with the reason.
            store.clearRoom();
            setJoinError(translate(lang, errorKey(code), { detail: message }));
            setNotice(null);
            setPhase('form');
          }}
          onEnd={(reason, texts) => {
            store.clearRoom();
            setUnsaved(texts);
            if (reason === 'unauthorised') {
              creds.current = null;
              saveCredentials(props.roomId, null);
              setNotice('join.expired');
              setPhase('form');
            } else {
              if (reason === 'removed') saveCredentials(props.roomId, null);
              setPhase(reason);
            }
          }}
        />
      </Layout>
    );
  }
  if (phase !== 'form') {
    return (
      <Layout title={title}>
        <Ended reason={phase} unsaved={unsaved} />
      </Layout>
    );
  }
  return (
    <Layout title={title}>
      {infoError === 'not-found' ? (
        <Ended reason="room-not-found" />
      ) : (
        <>
          {infoError === 'failed' && <Alert kind="warning">{t('join.infoFailed')}</Alert>}
          {joinError && (
            <Alert kind="error" role="alert">
              {joinError}
            </Alert>
          )}
          <JoinForm
            roomId={props.roomId}
            info={info}
            notice={notice}
            initial={joinData.current}
            partners={partners}
            onJoin={(d) => {
              joinData.current = d;
              setJoinError(null);
              setPhase('live');
            }}
          />
        </>
      )}
    </Layout>
  );
}

// ------------------------------------------------------------------ facilitator

function FacilitatorIdentityForm(props: { onDone: (f: FacilitatorIdentity) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [errors, setErrors] = useState<{ name?: string; org?: string }>({});
  return (
    <div class="wp-narrow">
      <h1 class="utrecht-heading-1">{t('facilitator.welcome')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('facilitator.lead')}</p>
      <form
        class="wp-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const errs = { name: name.trim() ? undefined : t('join.nameRequired'), org: organisation.trim() ? undefined : t('join.orgRequired') };
          setErrors(errs);
          if (errs.name || errs.org) return;
          props.onDone({ name: name.trim(), organisation: organisation.trim() });
        }}
      >
        <TextField label={t('join.name')} value={name} onInput={setName} maxLength={Limits.name} required autoComplete="name" invalid={errors.name} name="name" />
        <TextField
          label={t('join.organisationName')}
          value={organisation}
          onInput={setOrganisation}
          maxLength={Limits.organisation}
          required
          autoComplete="organization"
          invalid={errors.org}
          name="organisation"
        />
        <Button kind="primary" type="submit">
          {t('facilitator.open')}
        </Button>
      </form>
    </div>
  );
}

export function FacilitatorPage(props: { roomId: string; token: string; urls: string[] }) {
  const { t, lang } = useT();
  const { store } = useApp();
  const [identity, setIdentity] = useState<FacilitatorIdentity | null>(loadFacilitator(props.roomId));
  const [ending, setEnding] = useState<Ending | null>(null);
  const [handshakeError, setHandshakeError] = useState<string | null>(null);
  const title = t('facilitator.title');
  if (!props.token) {
    return (
      <Layout title={title}>
        <Ended reason="unauthorised" />
      </Layout>
    );
  }
  if (ending) {
    return (
      <Layout title={title}>
        <Ended reason={ending} />
      </Layout>
    );
  }
  if (!identity) {
    return (
      <Layout title={title}>
        {handshakeError && (
          <Alert kind="error" role="alert">
            {handshakeError}
          </Alert>
        )}
        <FacilitatorIdentityForm
          onDone={(f) => {
            saveFacilitator(props.roomId, f);
            setIdentity(f);
          }}
        />
      </Layout>
    );
  }
  const content = (
    <LiveRoom
      roomId={props.roomId}
      urls={props.urls}
      mode="facilitator"
      auth={() => ({ kind: 'facilitator', token: props.token, name: identity.name, organisation: identity.organisation })}
      onHandshakeError={(code, message) => {
        store.clearRoom();
        setHandshakeError(translate(lang, errorKey(code), { detail: message }));
        setIdentity(null);
      }}
      onEnd={(reason) => {
        store.clearRoom();
        setEnding(reason);
      }}
    />
  );
  return (
    <Layout title={title} wide>
      {content}
    </Layout>
  );
}

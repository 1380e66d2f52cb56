// Projects on the organiser page: a collaboration of partner organisations, its sessions (attendance and
// answers per partner), its shared backlog (status, owner, date; exports) and the evaluation tips that can
// be put on it. See docs/projects.md.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { BacklogItem, CreatedRoom, Credential, EvaluationMark, Project, ProjectSession, ProjectTip, TemplateInfo } from '../api';
import { loc } from '../i18n';
import type { MessageKey } from '../i18n';
import { Alert, Button, TextAreaField, TextField } from './common';
import { useId, useT } from './hooks';
import { MarksChart, MarksTable } from './EvaluationOverTime';
import { CreatedBox } from './Organiser';
import { STATUS_KEYS, StatusSelect } from './steps/BacklogReview';

function failure(e: unknown, t: ReturnType<typeof useT>['t']): string {
  return e instanceof ApiError && e.message ? t('organiser.failedWith', { message: e.message }) : t('organiser.failed');
}

/** A form's refusal (if any) above its submit button. */
function SubmitRow(props: { error: string | null; label: string }) {
  return (
    <>
      {props.error && (
        <Alert kind="error" role="alert">
          {props.error}
        </Alert>
      )}
      <Button kind="primary" type="submit">
        {props.label}
      </Button>
    </>
  );
}

function NewProject(props: { cred: Credential; onCreated: (p: Project) => void }) {
  const { t } = useT();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [partners, setPartners] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const list = partners.split('\n').map((p) => p.trim()).filter(Boolean);
    if (!title.trim() || list.length === 0) {
      setError(t('projects.createMissing'));
      return;
    }
    try {
      const p = await api.createProject(props.cred, { title: title.trim(), description: description.trim(), partners: list });
      setError(null);
      setTitle('');
      setDescription('');
      setPartners('');
      props.onCreated(p);
    } catch (err) {
      setError(failure(err, t));
    }
  };
  return (
    <form class="wp-form" onSubmit={submit} noValidate aria-label={t('projects.create')}>
      <TextField label={t('projects.title')} value={title} onInput={setTitle} maxLength={200} required name="projectTitle" />
      <TextAreaField label={t('projects.description')} value={description} onInput={setDescription} maxLength={4000} rows={2} />
      <TextAreaField label={t('projects.partners')} description={t('projects.partnersHelp')} value={partners} onInput={setPartners} rows={4} required />
      <SubmitRow error={error} label={t('projects.createButton')} />
    </form>
  );
}

function NewSession(props: { cred: Credential; project: Project; templates: TemplateInfo[]; onCreated: () => void }) {
  const { t, lang } = useT();
  const selectId = useId('project-template');
  const [templateId, setTemplateId] = useState(props.templates[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [created, setCreated] = useState<{ room: CreatedRoom; title: string; template: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = props.templates.find((x) => x.id === templateId);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!chosen || !title.trim()) {
      setError(t('organiser.createMissing'));
      return;
    }
    try {
      const room = await api.createSession(props.cred, props.project.projectId, { templateId, title: title.trim(), language: lang });
      setCreated({ room, title: title.trim(), template: loc(chosen.title, lang) });
      setError(null);
      setTitle('');
      props.onCreated();
    } catch (err) {
      setError(failure(err, t));
    }
  };
  return (
    <div>
      <form class="wp-form" onSubmit={submit} noValidate aria-label={t('projects.newSession')}>
        <div class="utrecht-form-field wp-field">
          <label class="utrecht-form-label" for={selectId}>
            {t('organiser.template')}
          </label>
          <select id={selectId} name="projectTemplate" class="utrecht-select utrecht-select--html-select" value={templateId} onChange={(e) => setTemplateId((e.currentTarget as HTMLSelectElement).value)}>
            {props.templates.map((x) => (
              <option value={x.id} key={`${x.id}-${x.version}`}>
                {loc(x.title, lang)}
              </option>
            ))}
          </select>
        </div>
        <TextField label={t('organiser.roomTitle')} value={title} onInput={setTitle} maxLength={200} required name="sessionTitle" />
        <SubmitRow error={error} label={t('projects.newSessionButton')} />
      </form>
      {created && <CreatedBox created={created.room} title={created.title} template={created.template} />}
    </div>
  );
}

function SessionsTable(props: { sessions: ProjectSession[] }) {
  const { t } = useT();
  if (props.sessions.length === 0) return <p class="utrecht-paragraph wp-muted">{t('projects.noSessions')}</p>;
  return (
    <ul class="wp-session-list">
      {props.sessions.map((s) => (
        <li class="wp-session" key={s.roomId} data-testid="project-session">
          <h4 class="utrecht-heading-4">{s.title}</h4>
          <p class="utrecht-paragraph wp-muted">{t('projects.sessionMeta', { template: s.templateId, status: { key: `roomStatus.${s.status}` as MessageKey } })}</p>
          <table class="utrecht-table">
            <caption class="wp-visually-hidden">{t('projects.attendance', { title: s.title })}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">{t('join.organisationName')}</th>
                <th class="utrecht-table__header-cell" scope="col">{t('projects.people')}</th>
                <th class="utrecht-table__header-cell" scope="col">{t('projects.answers')}</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {s.organisations.map((o) => (
                <tr class="utrecht-table__row" key={o.organisation}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {o.organisation}
                    {!o.partner && ` (${t('projects.notPartner')})`}
                  </th>
                  <td class="utrecht-table__cell">{o.people}</td>
                  <td class="utrecht-table__cell">{o.answers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}

function Backlog(props: { cred: Credential; project: Project; items: BacklogItem[]; reload: () => void }) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  const change = async (item: BacklogItem, status: string) => {
    try {
      await api.changeItem(props.cred, props.project.projectId, item.itemId, { status: status as BacklogItem['status'] });
      setError(null);
      props.reload();
    } catch (e) {
      setError(failure(e, t));
    }
  };
  const download = (ext: string) =>
    api
      .download(props.cred, `/api/projects/${encodeURIComponent(props.project.projectId)}/backlog.${ext}`, `backlog-${props.project.projectId}.${ext}`)
      .catch(() => setError(t('organiser.downloadFailed')));
  return (
    <div>
      {error && (
        <Alert kind="error" role="alert">
          {error}
        </Alert>
      )}
      {props.items.length === 0 ? (
        <p class="utrecht-paragraph wp-muted">{t('backlog.empty')}</p>
      ) : (
        <ul class="wp-agreement-list">
          {props.items.map((i) => (
            <li class="wp-agreement" key={i.itemId} data-testid="project-backlog-item">
              <p class="wp-agreement__what">{i.what}</p>
              <p class="utrecht-paragraph wp-muted">
                <span data-testid="project-backlog-status">{t(STATUS_KEYS[i.status])}</span>
                {' · '}
                {[i.ownerOrganisation, i.ownerPerson].filter(Boolean).join(', ') || t('agreements.nobody')}
                {' · '}
                {i.due ?? t('agreements.noDue')}
                {' · '}
                {i.origin.label || t(`projects.kind.${i.origin.kind}` as MessageKey)}
              </p>
              {i.note && <p class="utrecht-paragraph">{i.note}</p>}
              <label class="utrecht-form-label">
                {t('backlog.setStatus')}
                <span class="wp-visually-hidden">: {i.what}</span>{' '}
                <StatusSelect value={i.status} onChange={(status) => change(i, status)} />
              </label>
            </li>
          ))}
        </ul>
      )}
      <div class="utrecht-button-group">
        {['csv', 'xlsx', 'ics'].map((ext) => (
          <Button kind="secondary" key={ext} onClick={() => download(ext)}>
            {t('projects.export', { format: ext.toUpperCase() })}
          </Button>
        ))}
      </div>
    </div>
  );
}

function Tips(props: { cred: Credential; project: Project; onAdded: () => void }) {
  const [tips, setTips] = useState<ProjectTip[]>([]);
  const load = () => api.tips(props.cred, props.project.projectId).then(setTips).catch(() => setTips([]));
  useEffect(() => {
    load();
  }, [props.project.projectId]);
  return (
    <TipList
      tips={tips}
      onToItem={(tip) =>
        api
          .tipToItem(props.cred, props.project.projectId, { roomId: tip.roomId, participantId: tip.participantId, what: tip.tip.slice(0, 500) })
          .then(() => {
            props.onAdded();
            load();
          })
          .catch(() => undefined)
      }
    />
  );
}

/** The evaluation tips, each with what became of it: the backlog item's status, or a button to make one. */
export function TipList(props: { tips: ProjectTip[]; onToItem: (tip: ProjectTip) => void }) {
  const { t } = useT();
  if (props.tips.length === 0) return null;
  return (
    <>
      <h4 class="utrecht-heading-4">{t('projects.tips')}</h4>
      <ul class="wp-agreement-list">
        {props.tips.map((tip) => (
          <li class="wp-agreement" key={`${tip.roomId}-${tip.participantId}`}>
            <p class="utrecht-paragraph">{tip.tip}</p>
            <p class="utrecht-paragraph wp-muted">{tip.session}</p>
            {tip.item ? (
              <p class="utrecht-paragraph" data-testid="project-tip-item">
                {t('projects.tipItem', { status: t(STATUS_KEYS[tip.item.status]) })}
              </p>
            ) : (
              <Button kind="subtle" onClick={() => props.onToItem(tip)}>
                {t('projects.tipToItem')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Shares the project (and so its sessions) with another organiser account by its e-mail address. */
export function ShareProject(props: { cred: Credential; project: Project; onShared: (p: Project) => void }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const address = email.trim();
    setDone(null);
    if (!address) {
      setError(t('projects.shareMissing'));
      return;
    }
    try {
      const p = await api.shareProject(props.cred, props.project.projectId, address);
      setError(null);
      setEmail('');
      setDone(address);
      props.onShared(p);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'no_account' ? t('projects.shareNoAccount') : failure(err, t));
    }
  };
  const shared = props.project.sharedWith ?? [];
  return (
    <div data-testid="project-sharing">
      {shared.length > 0 && (
        <p class="utrecht-paragraph" data-testid="project-shared-with">
          {t('projects.sharedWith')}: {shared.map((o) => `${o.displayName} (${o.email})`).join(', ')}
        </p>
      )}
      <form class="wp-form" onSubmit={submit} noValidate aria-label={t('projects.share')}>
        <TextField label={t('projects.shareEmail')} value={email} onInput={setEmail} maxLength={320} required name="shareEmail" type="email" />
        {done && (
          <p class="utrecht-paragraph" role="status">
            {t('projects.shared', { email: done })}
          </p>
        )}
        <SubmitRow error={error} label={t('projects.shareButton')} />
      </form>
    </div>
  );
}

/** The marks of the project's sessions over time, per template its sessions use. */
function ProjectEvaluations(props: { cred: Credential; sessions: ProjectSession[]; templates: TemplateInfo[] }) {
  const { t, lang } = useT();
  const captionId = useId('project-marks');
  const [marks, setMarks] = useState<{ templateId: string; marks: EvaluationMark[] }[]>([]);
  const roomIds = props.sessions.map((s) => s.roomId);
  const templateIds = [...new Set(props.sessions.map((s) => s.templateId))];
  const key = props.sessions.map((s) => `${s.roomId}:${s.status}`).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(templateIds.map((templateId) => api.evaluations(props.cred, { templateId, roomIds }).then((m) => ({ templateId, marks: m }))))
      .then((all) => live && setMarks(all.filter((x) => x.marks.length > 0)))
      .catch(() => live && setMarks([]));
    return () => {
      live = false;
    };
  }, [key]);
  if (marks.length === 0) return <p class="utrecht-paragraph wp-muted">{t('projects.evaluationsNone')}</p>;
  return (
    <div data-testid="project-evaluations">
      {marks.map((x) => {
        const info = props.templates.find((tpl) => tpl.id === x.templateId);
        return (
          <div key={x.templateId}>
            <h5 class="utrecht-heading-5">{info ? loc(info.title, lang) : x.templateId}</h5>
            <MarksChart sessions={x.marks} t={t} lang={lang} captionId={`${captionId}-${x.templateId}`} />
            <MarksTable sessions={x.marks} t={t} lang={lang} />
          </div>
        );
      })}
    </div>
  );
}

function ProjectView(props: { cred: Credential; project: Project; templates: TemplateInfo[] }) {
  const { t } = useT();
  const [sessions, setSessions] = useState<ProjectSession[]>([]);
  const [project, setProject] = useState<Project>(props.project);
  const [items, setItems] = useState<BacklogItem[]>([]);
  const reload = () => {
    api
      .project(props.cred, props.project.projectId)
      .then((p) => {
        setSessions(p.sessions);
        setProject(p);
      })
      .catch(() => undefined);
    api.backlog(props.cred, props.project.projectId).then(setItems).catch(() => undefined);
  };
  useEffect(reload, [props.project.projectId]);
  return (
    <div class="wp-project" data-testid="project">
      <h3 class="utrecht-heading-3">{props.project.title}</h3>
      {props.project.description && <p class="utrecht-paragraph">{props.project.description}</p>}
      <p class="utrecht-paragraph" data-testid="project-partners">
        {t('projects.partnersList', { partners: props.project.partners.join(', ') })}
      </p>
      <Button kind="subtle" onClick={reload}>
        {t('organiser.refresh')}
      </Button>
      <h4 class="utrecht-heading-4">{t('organiser.sessions')}</h4>
      <SessionsTable sessions={sessions} />
      <NewSession cred={props.cred} project={props.project} templates={props.templates} onCreated={reload} />
      <h4 class="utrecht-heading-4">{t('backlog.heading')}</h4>
      <Backlog cred={props.cred} project={props.project} items={items} reload={reload} />
      <Tips cred={props.cred} project={props.project} onAdded={reload} />
      <h4 class="utrecht-heading-4">{t('projects.evaluations')}</h4>
      <ProjectEvaluations cred={props.cred} sessions={sessions} templates={props.templates} />
      <h4 class="utrecht-heading-4">{t('projects.share')}</h4>
      <ShareProject cred={props.cred} project={project} onShared={setProject} />
    </div>
  );
}

export function ProjectsSection(props: { cred: Credential; templates: TemplateInfo[] }) {
  const { t } = useT();
  const [projects, setProjects] = useState<Project[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const load = () => api.projects(props.cred).then(setProjects).catch(() => setProjects([]));
  useEffect(() => {
    load();
  }, [props.cred]);
  const current = projects.find((p) => p.projectId === open);
  return (
    <section aria-labelledby="projects-heading" class="wp-section">
      <h2 class="utrecht-heading-2" id="projects-heading">
        {t('projects.heading')}
      </h2>
      <p class="utrecht-paragraph wp-muted">{t('projects.lead')}</p>
      <NewProject
        cred={props.cred}
        onCreated={(p) => {
          setProjects((list) => [p, ...list]);
          setOpen(p.projectId);
        }}
      />
      {projects.length > 0 && (
        <ul class="wp-session-list">
          {projects.map((p) => (
            <li class="wp-session" key={p.projectId}>
              <Button kind={p.projectId === open ? 'primary' : 'secondary'} onClick={() => setOpen(p.projectId === open ? null : p.projectId)} aria-expanded={p.projectId === open ? 'true' : 'false'}>
                {p.title}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {current && <ProjectView cred={props.cred} project={current} templates={props.templates} key={current.projectId} />}
    </section>
  );
}

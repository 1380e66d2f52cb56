// A checklist question: every organisation's own answer side by side, the joint answer, the status and the
// agreements made on this question.
import { loc } from '../../i18n';
import type { ChecklistStatus, TemplateStep } from '../../protocol';
import { consentComplete, consentRow } from '../../roomState';
import { organisations } from '../../roomState';
import { Button, RadioHint } from '../common';
import { useId, useOptimistic } from '../hooks';
import { useRoom } from '../roomContext';
import { SharedTextField } from '../SharedTextField';
import { AgreementsList } from './Agreements';

const STATUSES: ChecklistStatus[] = ['open', 'agreed', 'not-applicable'];

function StatusChooser(props: { step: number; canWrite: boolean }) {
  const { room, session, t, mode, flow } = useRoom();
  const id = useId('status');
  const [status, setStatus, reset] = useOptimistic(room.content[props.step]?.status ?? 'open');
  // "Agreed" comes from every organisation's assent; choosing it by hand is the facilitator's override.
  const mayChoose = (s: ChecklistStatus) => s !== 'agreed' || flow || status === 'agreed' || consentComplete(room, props.step);
  if (!props.canWrite || mode === 'projector') {
    return (
      <p class="utrecht-paragraph">
        <strong>{t('checklist.status')}:</strong>{' '}
        <span class={`utrecht-status-badge wp-status wp-status--${status}`}>{t(`status.${status}`)}</span>
      </p>
    );
  }
  return (
    <fieldset class="utrecht-form-fieldset wp-fieldset" aria-describedby={`${id}-d ${id}-h`}>
      <legend class="utrecht-form-fieldset__legend">{t('checklist.status')}</legend>
      <p id={`${id}-d`} class="utrecht-form-field-description">
        {t('checklist.statusHelp')} {!flow && t('checklist.agreedOnlyByAssent')}
      </p>
      <RadioHint id={`${id}-h`} />
      <div class="wp-radio-row">
        {STATUSES.map((s) => (
          <label class="wp-radio" key={s}>
            <input
              type="radio"
             
              name={id}
              value={s}
              checked={status === s}
              disabled={!mayChoose(s)}
              onChange={() => {
                setStatus(s);
                session.command({ type: 'set-status', step: props.step, status: s }).catch(reset);
              }}
            />
            <span>{t(`status.${s}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Per organisation where it stands on the joint answer, and the button to assent for my organisation. */
export function ConsentRow(props: { step: number; canWrite: boolean }) {
  const { room, me, session, t, mode } = useRoom();
  const id = useId('consent');
  const row = consentRow(room, props.step);
  const content = room.content[props.step];
  const joint = content?.texts?.joint;
  const mine = me && row.find((r) => r.organisation.toLowerCase() === me.organisation.trim().toLowerCase());
  return (
    <section class="wp-consent" aria-labelledby={id} data-testid="consent-row">
      <h4 class="utrecht-heading-4" id={id}>
        {t('consent.heading')}
      </h4>
      {mode !== 'projector' && <p class="utrecht-paragraph wp-muted">{t('consent.help')}</p>}
      <ul class="wp-consent__list">
        {row.map((r) => (
          <li key={r.organisation} class={`wp-consent__org wp-consent__org--${r.state}`} data-testid="consent-org" data-organisation={r.organisation} data-state={r.state}>
            <span class="wp-consent__name">{r.organisation}</span>{' '}
            <span class={`utrecht-status-badge wp-status wp-consent__state--${r.state}`}>{t(`consent.${r.state}`)}</span>
          </li>
        ))}
      </ul>
      {content?.status === 'agreed' && content.statusBy && (
        <p class="utrecht-paragraph" data-testid="consent-override">
          {t('consent.override')}
        </p>
      )}
      {mode !== 'projector' && props.canWrite && mine && (
        mine.state === 'assented' ? (
          <p class="utrecht-paragraph" data-testid="consent-mine">{t('consent.yours')}</p>
        ) : !(joint?.text ?? '').trim() ? (
          <p class="utrecht-paragraph wp-muted">{t('consent.empty')}</p>
        ) : (
          <Button kind="primary" data-testid="assent" onClick={() => session.command({ type: 'assent-joint-answer', step: props.step, rev: joint?.rev ?? 0 }).catch(() => {})}>
            {t('consent.assent')}
          </Button>
        )
      )}
    </section>
  );
}

export function Tips(props: { step: TemplateStep }) {
  const { t, lang } = useRoom();
  const tips = props.step.tips ?? [];
  if (tips.length === 0) return null;
  return (
    <section class="wp-tips" aria-labelledby={`tips-${props.step.id}`}>
      <h3 class="utrecht-heading-3" id={`tips-${props.step.id}`}>
        {t('checklist.tips')}
      </h3>
      <ul class="wp-tip-list">
        {tips.map((tip, i) => (
          <li class="wp-tip" key={i}>
            <h4 class="utrecht-heading-4">{loc(tip.title, lang)}</h4>
            <p class="utrecht-paragraph">{loc(tip.text, lang)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChecklistStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, flow, t } = useRoom();
  const orgs = organisations(room);
  const mine = me?.organisation.toLowerCase();
  // My own organisation first, the others alphabetically.
  const sorted = [...orgs].sort((a, b) => {
    if (a.toLowerCase() === mine) return -1;
    if (b.toLowerCase() === mine) return 1;
    return a.localeCompare(b, 'nl');
  });
  return (
    <div class="wp-checklist">
      <Tips step={props.step} />
      <section aria-labelledby={`orgs-${props.index}`}>
        <h3 class="utrecht-heading-3" id={`orgs-${props.index}`}>
          {t('checklist.perOrganisation')}
        </h3>
        {sorted.length === 0 ? (
          <p class="utrecht-paragraph wp-muted">{t('checklist.noOrganisations')}</p>
        ) : (
          <div class="wp-org-grid">
            {sorted.map((org) => {
              const own = org.toLowerCase() === mine;
              return (
                <article class={`wp-org-answer${own ? ' wp-org-answer--own' : ''}`} key={org} data-testid="org-answer" data-organisation={org}>
                  <SharedTextField
                    step={props.index}
                    textKey={`org:${org}`}
                    label={own ? t('checklist.ownAnswer', { organisation: org }) : t('checklist.answerOf', { organisation: org })}
                    readOnly={!props.canWrite || !(own || flow)}
                  />
                </article>
              );
            })}
          </div>
        )}
      </section>
      <section aria-labelledby={`joint-${props.index}`} class="wp-joint">
        <h3 class="utrecht-heading-3" id={`joint-${props.index}`}>
          {t('checklist.joint')}
        </h3>
        <SharedTextField
          step={props.index}
          textKey="joint"
          label={t('checklist.jointLabel')}
          hideLabel
          description={t('checklist.jointHelp')}
          readOnly={!props.canWrite}
          rows={5}
        />
        <ConsentRow step={props.index} canWrite={props.canWrite} />
        <StatusChooser step={props.index} canWrite={props.canWrite} />
      </section>
      <AgreementsList step={props.index} onlyStep canWrite={props.canWrite} />
    </div>
  );
}

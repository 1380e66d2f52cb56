// Roles, canvas and evaluation steps.
import { useEffect, useState } from 'preact/hooks';
import { loc } from '../../i18n';
import type { TemplateStep } from '../../protocol';
import { Limits } from '../../protocol';
import { activeParticipants, evaluationSummary } from '../../roomState';
import { Button, RadioHint, TextAreaField } from '../common';
import { useId } from '../hooks';
import { displayName, useRoom } from '../roomContext';
import { SharedTextField } from '../SharedTextField';

// ------------------------------------------------------------------ roles

function AssignRole(props: { index: number; roleId: string; roleName: string; holders: string[] }) {
  const { room, session, t } = useRoom();
  const id = useId('assign');
  const [who, setWho] = useState('');
  const candidates = activeParticipants(room).filter((p) => p.role !== 'observer' && !props.holders.includes(p.id));
  if (candidates.length === 0) return null;
  return (
    <form
      class="wp-row wp-row--end"
      onSubmit={(e) => {
        e.preventDefault();
        if (who) session.command({ type: 'take-role', step: props.index, roleId: props.roleId, participantId: who, taken: true }).catch(() => undefined);
        setWho('');
      }}
    >
      <span class="wp-inline-field">
        <label class="utrecht-form-label" for={id}>
          {t('roles.assign', { role: props.roleName })}
        </label>
        <select id={id} class="utrecht-select utrecht-select--html-select" value={who} onChange={(e) => setWho((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t('roles.choose')}</option>
          {candidates.map((p) => (
            <option value={p.id} key={p.id}>
              {p.name} ({p.organisation})
            </option>
          ))}
        </select>
      </span>
      <Button kind="secondary" type="submit" disabled={!who}>
        {t('roles.assignButton')}
      </Button>
    </form>
  );
}

export function RolesStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, flow, session, t, lang, mode } = useRoom();
  const roles = props.step.roles ?? [];
  const assignments = room.content[props.index]?.roleAssignments ?? {};
  const open = roles.filter((r) => (assignments[r.id] ?? []).length === 0).length;
  const take = (roleId: string, participantId: string, taken: boolean) =>
    session.command({ type: 'take-role', step: props.index, roleId, participantId, taken }).catch(() => undefined);
  return (
    <div class="wp-roles">
      <p class="utrecht-paragraph wp-info-line">{open > 0 ? t('roles.openCount', { count: open }) : t('roles.allFilled')}</p>
      <ul class="wp-role-list">
        {roles.map((r) => {
          const holders = (assignments[r.id] ?? []).filter((id) => room.participants[id] && !room.participants[id].removed);
          const name = loc(r.name, lang);
          const mine = me ? holders.includes(me.id) : false;
          const unfilled = holders.length === 0;
          return (
            <li class={`wp-role${unfilled ? ' wp-role--unfilled' : ''}`} key={r.id} data-testid="role">
              <h3 class="utrecht-heading-3">
                {name} {unfilled && <span class="utrecht-status-badge wp-badge wp-badge--warning">{t('roles.unfilled')}</span>}
              </h3>
              <p class="utrecht-paragraph">{loc(r.description, lang)}</p>
              {unfilled ? (
                <p class="utrecht-paragraph wp-role__nobody">{t('roles.nobody')}</p>
              ) : (
                <ul class="wp-plain-list">
                  {holders.map((id) => {
                    const p = room.participants[id];
                    return (
                      <li key={id}>
                        {displayName(room, p, t)} ({p?.organisation})
                        {flow && props.canWrite && id !== me?.id && (
                          <Button kind="subtle" onClick={() => take(r.id, id, false)}>
                            {t('roles.unassign', { name: p?.name ?? '', role: name })}
                          </Button>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {props.canWrite && me && mode !== 'projector' && (
                <div class="utrecht-button-group">
                  <Button kind={mine ? 'subtle' : 'secondary'} onClick={() => take(r.id, me.id, !mine)}>
                    {mine ? t('roles.drop', { role: name }) : t('roles.take', { role: name })}
                  </Button>
                </div>
              )}
              {flow && props.canWrite && <AssignRole index={props.index} roleId={r.id} roleName={name} holders={holders} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

// ------------------------------------------------------------------ canvas

export function CanvasStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { lang } = useRoom();
  return (
    <div class="wp-canvas">
      {(props.step.fields ?? []).map((f) => (
        <div class="wp-canvas__field" key={f.id}>
          <SharedTextField
            step={props.index}
            textKey={`field:${f.id}`}
            label={loc(f.label, lang)}
            description={loc(f.help, lang)}
            readOnly={!props.canWrite}
          />
        </div>
      ))}
    </div>
  );
}

// ------------------------------------------------------------------ evaluation

function MyEvaluation(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, session, t, lang } = useRoom();
  const id = useId('mark');
  const saved = me ? room.content[props.index]?.evaluations?.[me.id] : undefined;
  const [mark, setMark] = useState<number | null>(saved?.mark ?? null);
  const [tips, setTips] = useState(saved?.tips ?? '');
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (saved?.mark) setMark(saved.mark);
  }, [saved?.mark]);
  return (
    <form
      class="wp-evaluation-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (mark === null) return;
        try {
          await session.command({ type: 'evaluate', step: props.index, mark, tips: tips.trim() });
          setDone(true);
        } catch {
          setDone(false);
        }
      }}
    >
      <fieldset class="utrecht-form-fieldset wp-fieldset" disabled={!props.canWrite} aria-describedby={props.canWrite ? `${id}-h` : undefined}>
        <legend class="utrecht-form-fieldset__legend">{t('evaluation.mark')}</legend>
        {props.canWrite && <RadioHint id={`${id}-h`} />}
        <div class="wp-radio-row wp-radio-row--marks" data-testid="marks">
          {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => (
            <label class="wp-radio wp-radio--boxed" key={v}>
              <input
                type="radio"
               
                name={id}
                value={v}
                checked={mark === v}
                onChange={() => (setMark(v), setDone(false))}
              />
              <span>{v}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextAreaField
        label={loc(props.step.evaluation?.tipsPrompt, lang) || t('evaluation.tips')}
        value={tips}
        onInput={(v) => (setTips(v), setDone(false))}
        maxLength={Limits.tips}
        readOnly={!props.canWrite}
      />
      {props.canWrite && (
        <div class="wp-row">
          <Button kind="primary" type="submit" disabled={mark === null}>
            {saved ? t('evaluation.update') : t('evaluation.save')}
          </Button>
          <span role="status">{done ? t('evaluation.saved', { mark: mark ?? '' }) : ''}</span>
        </div>
      )}
      {saved && saved.mark !== null && (
        <p class="utrecht-paragraph wp-muted">
          {t(room.runtime[props.index]?.revealed ? 'evaluation.yourMarkRevealed' : 'evaluation.yourMark', { mark: saved.mark })}
        </p>
      )}
    </form>
  );
}

export function EvaluationStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, t, mode } = useRoom();
  const revealed = room.runtime[props.index]?.revealed ?? false;
  const summary = evaluationSummary(room, props.index);
  const max = Math.max(1, ...summary.distribution);
  return (
    <div class="wp-evaluation">
      {me && me.role !== 'observer' && mode !== 'projector' && <MyEvaluation index={props.index} step={props.step} canWrite={props.canWrite} />}
      <section aria-labelledby={`evalresult-${props.index}`}>
        <h3 class="utrecht-heading-3" id={`evalresult-${props.index}`}>
          {t('evaluation.results')}
        </h3>
        <p class="utrecht-paragraph">{t('evaluation.count', { count: summary.count })}</p>
        {!revealed ? (
          <p class="utrecht-paragraph wp-muted">{t('evaluation.hiddenUntilReveal')}</p>
        ) : (
          <>
            <p class="utrecht-paragraph wp-big-number" data-testid="evaluation-average">
              {summary.average === null ? t('evaluation.noMarks') : t('evaluation.average', { average: summary.average })}
            </p>
            <table class="utrecht-table wp-table wp-distribution">
              <caption class="utrecht-table__caption">{t('evaluation.distribution')}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">{t('evaluation.markColumn')}</th>
                  <th class="utrecht-table__header-cell" scope="col">{t('evaluation.countColumn')}</th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {summary.distribution.map((n, i) => (
                  <tr class="utrecht-table__row" key={i}>
                    <th class="utrecht-table__header-cell" scope="row">{i + 1}</th>
                    <td class="utrecht-table__cell">
                      <span class="wp-bar" aria-hidden="true">
                        <span class="wp-bar__fill" style={{ width: `${Math.round((n / max) * 100)}%` }} />
                      </span>{' '}
                      {n}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {summary.tips.length > 0 && (
              <>
                <h4 class="utrecht-heading-4">{t('evaluation.tipsHeading')}</h4>
                <ul class="wp-plain-list wp-tips-given">
                  {summary.tips.map((tip, i) => (
                    <li key={i}>{tip}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}

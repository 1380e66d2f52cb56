// Self-assessment of competences (1-5) and the team's coverage: highest, spread and gaps per competence, and
// the averages per organisation. The bars are decoration; every number is also written out as text.
import { loc } from '../../i18n';
import type { TemplateStep } from '../../protocol';
import { competenceCoverage } from '../../roomState';
import { Button, RadioHint } from '../common';
import { useId, useOptimistic } from '../hooks';
import { useRoom } from '../roomContext';

function Bar(props: { value: number | null; max: number; gap?: boolean }) {
  const pct = props.value === null ? 0 : Math.round((props.value / props.max) * 100);
  return (
    <span class="wp-bar" aria-hidden="true">
      <span class={`wp-bar__fill${props.gap ? ' wp-bar__fill--gap' : ''}`} style={{ width: `${pct}%` }} />
    </span>
  );
}

function RatingInput(props: { index: number; competenceId: string; name: string; description: string; value: number | undefined; canWrite: boolean; hintId: string }) {
  const { session, t } = useRoom();
  const id = useId('rate');
  const [shown, setShown, reset] = useOptimistic<number | undefined>(props.value);
  const rate = (value: number | null) => {
    setShown(value ?? undefined);
    session.command({ type: 'rate', step: props.index, competenceId: props.competenceId, value }).catch(reset);
  };
  return (
    <fieldset class="utrecht-form-fieldset wp-fieldset wp-rating" aria-describedby={`${id}-d ${props.hintId}`} disabled={!props.canWrite}>
      <legend class="utrecht-form-fieldset__legend">{props.name}</legend>
      <p class="utrecht-form-field-description" id={`${id}-d`}>
        {props.description}
      </p>
      <div class="wp-radio-row">
        {[1, 2, 3, 4, 5].map((v) => (
          <label class="wp-radio wp-radio--boxed" key={v}>
            <input
              type="radio"
             
              name={id}
              value={v}
              checked={shown === v}
              onChange={() => rate(v)}
            />
            <span>{v}</span>
          </label>
        ))}
        {shown !== undefined && props.canWrite && (
          <Button kind="subtle" onClick={() => rate(null)}>
            {t('competences.clear')}
            <span class="wp-visually-hidden">: {props.name}</span>
          </Button>
        )}
      </div>
    </fieldset>
  );
}

export function CompetencesStep(props: { index: number; step: TemplateStep; canWrite: boolean }) {
  const { room, me, t, lang, mode } = useRoom();
  const competences = props.step.competences ?? [];
  const names = new Map(competences.map((c) => [c.id, loc(c.name, lang)]));
  const mine = me ? room.content[props.index]?.ratings?.[me.id] ?? {} : {};
  const coverage = competenceCoverage(room, props.index);
  const orgs = [...new Set(coverage.flatMap((c) => c.perOrganisation.map((o) => o.organisation)))].sort((a, b) => a.localeCompare(b, 'nl'));
  const raters = Object.keys(room.content[props.index]?.ratings ?? {}).length;
  const hintId = useId('ratehint');

  return (
    <div class="wp-competences">
      {props.step.scale && (
        <p class="utrecht-paragraph wp-info-line">
          {t('competences.scale', { low: loc(props.step.scale['1'], lang), high: loc(props.step.scale['5'], lang) })}
        </p>
      )}
      {me && me.role !== 'observer' && mode !== 'projector' && (
        <section aria-labelledby={`myratings-${props.index}`}>
          <h3 class="utrecht-heading-3" id={`myratings-${props.index}`}>
            {t('competences.mine')}
          </h3>
          {props.canWrite && <RadioHint id={hintId} />}
          {competences.map((c) => (
            <RatingInput
              key={c.id}
              index={props.index}
              competenceId={c.id}
              name={loc(c.name, lang)}
              description={loc(c.description, lang)}
              value={mine[c.id]}
              canWrite={props.canWrite}
              hintId={hintId}
            />
          ))}
        </section>
      )}
      <section aria-labelledby={`coverage-${props.index}`} class="wp-coverage">
        <h3 class="utrecht-heading-3" id={`coverage-${props.index}`}>
          {t('competences.coverage')}
        </h3>
        <p class="utrecht-paragraph wp-muted">{t('competences.raters', { count: raters })}</p>
        <table class="utrecht-table wp-table wp-table--fit" data-testid="coverage">
          <caption class="wp-visually-hidden">{t('competences.coverageCaption')}</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">{t('competences.competence')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('competences.highest')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('competences.spread')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('competences.gap')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {coverage.map((c) => (
              <tr class={`utrecht-table__row${c.gap ? ' wp-row-gap' : ''}`} key={c.competenceId}>
                <th class="utrecht-table__header-cell" scope="row">{names.get(c.competenceId) ?? c.competenceId}</th>
                <td class="utrecht-table__cell">
                  <Bar value={c.highest} max={5} gap={c.gap} /> {c.highest ?? '–'}
                </td>
                <td class="utrecht-table__cell">
                  {c.lowest === null ? '–' : t('competences.range', { low: c.lowest, high: c.highest ?? 0, average: c.average ?? 0 })}
                </td>
                <td class="utrecht-table__cell">
                  {c.gap ? <strong class="wp-gap">{t('competences.isGap')}</strong> : t('competences.covered')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {room.anonymous && (
          <p class="utrecht-paragraph wp-muted" data-testid="no-breakdown">
            {t('competences.anonymousNoBreakdown', { k: room.minimumGroupSize ?? 3 })}
          </p>
        )}
        {orgs.length > 0 && (
          <div class="utrecht-table-container">
            <table class="utrecht-table wp-table wp-table--fit" data-testid="coverage-per-organisation">
              <caption class="utrecht-table__caption">{t('competences.perOrganisation')}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">{t('competences.competence')}</th>
                  {orgs.map((o) => (
                    <th class="utrecht-table__header-cell" scope="col" key={o}>
                      {o}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {coverage.map((c) => (
                  <tr class="utrecht-table__row" key={c.competenceId}>
                    <th class="utrecht-table__header-cell" scope="row">{names.get(c.competenceId) ?? c.competenceId}</th>
                    {orgs.map((o) => {
                      const v = c.perOrganisation.find((p) => p.organisation === o);
                      return (
                        <td class="utrecht-table__cell" key={o}>
                          {v ? (
                            <>
                              <Bar value={v.average} max={5} /> {t('competences.orgValue', { average: v.average, highest: v.highest })}
                            </>
                          ) : (
                            '–'
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

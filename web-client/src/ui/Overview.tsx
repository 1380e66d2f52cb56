// The whole checklist at a glance, as the A2 poster of the paper version: organisations (rows) x questions
// (columns), answered or missing, and per question the joint answer's status and whether the organisations'
// answers differ. The facilitator jumps to a question from here; the projector shows it on the wall.
import { loc } from '../i18n';
import { checklistOverview } from '../roomState';
import { Button } from './common';
import { useRoom } from './roomContext';

export function ChecklistOverview(props: { downloadPoster?: (() => void) | null }) {
  const { room, template, session, flow, t, lang } = useRoom();
  const o = checklistOverview(room);
  if (o.questions.length === 0) return null;
  const title = (step: number) => {
    const ts = template?.steps[step];
    return ts ? loc(ts.title, lang) : room.agenda[step]?.id ?? '';
  };
  const header = (step: number, n: number) =>
    flow && step !== room.currentStep && room.status !== 'ended' && room.status !== 'lobby' ? (
      <button
        type="button"
        class="utrecht-button utrecht-button--subtle wp-overview__jump"
        title={title(step)}
        aria-label={t('overview.goTo', { number: n })}
        data-testid="overview-jump"
        onClick={() => session.command({ type: 'go-to-step', step, fromStep: room.currentStep }).catch(() => undefined)}
      >
        {n}
      </button>
    ) : (
      <span title={title(step)}>{n}</span>
    );
  return (
    <section class="wp-overview" aria-labelledby="overview-heading" data-testid="checklist-overview">
      <h2 class="utrecht-heading-3" id="overview-heading">
        {t('overview.heading')}
      </h2>
      {/* Many questions: the table scrolls sideways inside its own region, reachable with the keyboard (in the lobby
          its question numbers are no buttons yet, so the region itself takes the focus). */}
      <div class="wp-overview__scroll" tabIndex={0} role="region" aria-label={t('overview.heading')}>
        <table class="utrecht-table wp-table wp-overview__table">
          <caption class="utrecht-table__caption wp-muted">{t('overview.caption')}</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">
                {t('overview.organisation')}
              </th>
              {o.questions.map((q, n) => (
                <th class={`utrecht-table__header-cell${q.step === room.currentStep ? ' wp-overview__current' : ''}`} scope="col" key={q.step}>
                  {header(q.step, n + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {o.organisations.map((org, r) => (
              <tr class="utrecht-table__row" key={org} data-testid="overview-org" data-organisation={org}>
                <th class="utrecht-table__header-cell" scope="row">
                  {org}
                </th>
                {o.questions.map((q) => (
                  <td class={`utrecht-table__cell wp-overview__cell wp-overview__cell--${q.answered[r] ? 'answered' : 'missing'}`} key={q.step}>
                    <span aria-hidden="true">{q.answered[r] ? '●' : '○'}</span>
                    <span class="wp-visually-hidden">{q.answered[r] ? t('overview.answered') : t('overview.missing')}</span>
                  </td>
                ))}
              </tr>
            ))}
            <tr class="utrecht-table__row wp-overview__joint">
              <th class="utrecht-table__header-cell" scope="row">
                {t('overview.joint')}
              </th>
              {o.questions.map((q) => (
                <td class={`utrecht-table__cell wp-overview__status wp-status--${q.status}`} key={q.step} data-testid="overview-status" data-status={q.status}>
                  {q.status === 'not-reached' ? t('overview.notReached') : t(`status.${q.status}`)}
                </td>
              ))}
            </tr>
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                {t('overview.differs')}
              </th>
              {o.questions.map((q) => (
                <td class="utrecht-table__cell" key={q.step} data-testid="overview-differs" data-differs={String(q.differs)}>
                  {q.differs ? t('overview.differsYes') : ''}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {props.downloadPoster && (
        <Button kind="subtle" data-testid="overview-poster" onClick={props.downloadPoster}>
          {t('overview.poster')}
        </Button>
      )}
    </section>
  );
}

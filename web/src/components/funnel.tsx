// The funnel of one place: how many of the eligible got to each step, with today's change beside each.
import type { Change, PlaceProgress } from '../api-types.js';
import { formatSigned } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { funnelKeys } from '../review.js';
import { Bar } from './bars.js';
import { Count } from './count.js';

type Step = 'eligible' | keyof Change;
/** The steps in order; each is a figure of the place, a label of the same name, and (but eligible) a change. */
export const funnelSteps: readonly Step[] = ['eligible', 'started', 'mobileVerified', 'ekycDone', 'pendingApproval', 'issued'];

export function Funnel({ place, id, title }: { place: PlaceProgress; id: string; title: string }) {
  const { t } = useI18n();
  return (
    <section class="funnel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <dl>
        {funnelSteps.map((step) => {
          const value = place[step];
          const change = step === 'eligible' ? undefined : place.change?.[step];
          return (
            <div class="funnel-step" data-step={step}>
              <dt>{t(step)}</dt>
              <dd>
                <Bar value={value} total={place.eligible} />
                <span class="funnel-value" data-field={step}>
                  <Count value={value} of={funnelKeys[step]} />
                </span>
                {change === undefined ? (
                  <span class="change" />
                ) : (
                  <span class={`change${change > 0 ? ' change-up' : change < 0 ? ' change-down' : ''}`} data-field={`change-${step}`}>
                    {t('changeToday')} {formatSigned(change)}
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

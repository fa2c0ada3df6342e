// Where the campaign is going: the target (saturation by an end date), the days left, the daily rate needed
// against the rate achieved over the last week, the projected date of saturation at that pace, cards issued per
// day and the pending backlog over the last four weeks, and the blocks furthest behind their target
// (GET /v1/admin/campaigns/{id}/trend). District and state admins set the target here (PUT .../targets).
import { useState } from 'preact/hooks';
import { DayChart } from '../components/day-chart.js';
import { ErrorNotice, Show } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { formatNumber, formatPercent } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { dayKey, formatRate, maySetTarget, peopleHref } from '../review.js';
import type { BlockBehind, Trend } from '../review-types.js';

function TargetForm({ campaignId, district, trend, onSaved }: { campaignId: string; district: string; trend: Trend; onSaved: () => void }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [percent, setPercent] = useState(String(trend.target?.saturationPercent ?? ''));
  const [endsOn, setEndsOn] = useState(trend.target?.endsOn ?? '');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await api.setTargets(campaignId, { district, saturationPercent: Number(percent), endsOn });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form target-form" aria-label={t('targetFormTitle')} onSubmit={(event) => void save(event)}>
      <label>
        <span>{t('targetPercent')}</span>
        <input type="number" name="saturationPercent" required min={1} max={100} step="0.1" value={percent} onInput={(event) => setPercent((event.target as HTMLInputElement).value)} />
      </label>
      <label>
        <span>{t('targetEndsOn')}</span>
        <input type="date" name="endsOn" required min={trend.today} value={endsOn} onInput={(event) => setEndsOn((event.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="button" disabled={busy}>
        {busy ? t('loading') : t('saveTarget')}
      </button>
      {saved ? (
        <p class="small" role="status" data-saved="target">
          {t('targetSaved')}
        </p>
      ) : null}
      {error === undefined ? null : <ErrorNotice error={error} />}
    </form>
  );
}

/** One figure of the target: a term and its value, with a field name tests and screen-scrapers rely on. */
function Fact({ field, term, children }: { field: string; term: string; children: string }) {
  return (
    <div data-fact={field}>
      <dt>{term}</dt>
      <dd data-field={field}>{children}</dd>
    </div>
  );
}

export function BlocksBehind({ blocks }: { blocks: readonly BlockBehind[] }) {
  const { t } = useI18n();
  const columns: Column<BlockBehind>[] = [
    { key: 'block', label: t('block'), render: (row) => row.block },
    {
      key: 'behindBy',
      label: t('behindBy'),
      numeric: true,
      render: (row) => formatNumber(row.behindBy),
    },
    { key: 'carded', label: t('issued'), numeric: true, render: (row) => formatNumber(row.carded) },
    { key: 'targetCards', label: t('targetCards'), numeric: true, render: (row) => formatNumber(row.targetCards) },
    { key: 'eligible', label: t('eligible'), numeric: true, render: (row) => formatNumber(row.eligible) },
  ];
  return <DataTable caption={t('blocksBehindTitle')} columns={columns} rows={blocks} rowKey={(row) => row.block} empty={t('noBlocksBehind')} />;
}

export function TrendPanel({ campaignId, district }: { campaignId: string; district: string | undefined }) {
  const { api, me } = useSignedIn();
  const { t } = useI18n();
  const trend = useLoad(() => api.trend(campaignId, district), [campaignId, district]);
  return (
    <section class="card trend" aria-labelledby="trend-title">
      <h3 id="trend-title">{t('trendTitle')}</h3>
      <Show loaded={trend}>
        {(data) => (
          <>
            <dl class="facts target-facts">
              <Fact field="target" term={t('target')}>
                {data.target === null ? t('noTarget') : t('targetOf', { percent: formatPercent(data.target.saturationPercent), endsOn: data.target.endsOn, cards: formatNumber(data.target.targetCards) })}
              </Fact>
              <Fact field="carded" term={t('issued')}>
                {t('issuedOfEligible', { issued: formatNumber(data.carded), eligible: formatNumber(data.eligible) })}
              </Fact>
              <Fact field="daysLeft" term={t('daysLeft')}>
                {data.daysLeft === null ? '—' : formatNumber(data.daysLeft)}
              </Fact>
              <Fact field="neededPerDay" term={t('neededPerDay')}>
                {data.neededPerDay === null ? '—' : formatRate(data.neededPerDay)}
              </Fact>
              <Fact field="achievedPerDay" term={t('achievedPerDay')}>
                {formatRate(data.achievedPerDay)}
              </Fact>
              <Fact field="projectedSaturationOn" term={t('projectedSaturationOn')}>
                {data.projectedSaturationOn ?? t('noPace')}
              </Fact>
            </dl>
            {data.neededPerDay !== null && data.achievedPerDay < data.neededPerDay ? (
              <p class="notice notice-warn" data-pace="behind">
                {t('paceBehind', { needed: formatRate(data.neededPerDay), achieved: formatRate(data.achievedPerDay) })}
              </p>
            ) : null}
            <div class="columns">
              <DayChart
                id="cards-per-day"
                kind="bars"
                title={t('cardsPerDay')}
                valueLabel={t('issued')}
                values={data.days.map((day) => ({ day: day.day, value: day.cardsIssued }))}
                drillDown={(day) => (district === undefined ? undefined : peopleHref({ campaignId, district, key: dayKey(day) }))}
              />
              <DayChart id="pending-per-day" kind="line" title={t('pendingPerDay')} valueLabel={t('pendingApproval')} values={data.days.map((day) => ({ day: day.day, value: day.pending }))} />
            </div>
            {district !== undefined && maySetTarget(me, district) ? <TargetForm key={`${campaignId}/${district}`} campaignId={campaignId} district={district} trend={data} onSaved={trend.reload} /> : null}
          </>
        )}
      </Show>
    </section>
  );
}

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
import type { CampaignProgress } from '../api-types.js';
import type { BlockBehind, Trend } from '../review-types.js';

/** A district's target as stored (on the progress answer's campaign): its percentage, date and blocks' own. */
export type StoredTarget = NonNullable<CampaignProgress['campaign']['targets']>[number];

function TargetForm({
  campaignId,
  district,
  trend,
  blocks,
  stored,
  onSaved,
}: {
  campaignId: string;
  district: string;
  trend: Trend;
  blocks: readonly string[];
  stored: StoredTarget | undefined;
  onSaved: () => void;
}) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [percent, setPercent] = useState(String(trend.target?.saturationPercent ?? ''));
  const [endsOn, setEndsOn] = useState(trend.target?.endsOn ?? '');
  // Blocks whose target differs from the district's; a blank one takes the district's.
  const [blockPercents, setBlockPercents] = useState<Readonly<Record<string, string>>>(
    Object.fromEntries(Object.entries(stored?.blocks ?? {}).map(([block, value]) => [block, String(value)])),
  );
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const own = Object.entries(blockPercents).filter(([, value]) => value.trim() !== '');
      await api.setTargets(campaignId, {
        district,
        saturationPercent: Number(percent),
        endsOn,
        ...(blocks.length === 0 ? {} : { blocks: Object.fromEntries(own.map(([block, value]) => [block, Number(value)])) }),
      });
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
      {blocks.length === 0 ? null : (
        <details class="target-blocks">
          <summary>{t('blockTargets')}</summary>
          {blocks.map((block) => (
            <label>
              <span>{block}</span>
              <input
                type="number"
                name={`block-${block}`}
                min={1}
                max={100}
                step="0.1"
                placeholder={percent}
                value={blockPercents[block] ?? ''}
                onInput={(event) => setBlockPercents({ ...blockPercents, [block]: (event.target as HTMLInputElement).value })}
              />
            </label>
          ))}
        </details>
      )}
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

export function TrendPanel({
  campaignId,
  district,
  blocks,
  stored,
}: {
  campaignId: string;
  district: string | undefined;
  /** The district's blocks, for their own targets. */
  blocks: readonly string[];
  stored: StoredTarget | undefined;
}) {
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
            {district !== undefined && maySetTarget(me, district) ? <TargetForm key={`${campaignId}/${district}`} campaignId={campaignId} district={district} trend={data} blocks={blocks} stored={stored} onSaved={trend.reload} /> : null}
          </>
        )}
      </Show>
    </section>
  );
}

// Campaign overview: the funnel from roster to card, today's change, and cards issued against eligible people
// per district and per block (GET /v1/admin/campaigns/{id}/progress[?district=]).
import type { DistrictProgress, PlaceProgress } from '../api-types.js';
import { Bar, BarList } from '../components/bars.js';
import { Funnel } from '../components/funnel.js';
import { biggestFirst, withoutCard } from '../derived.js';
import { DataTable, type Column } from '../components/table.js';
import { formatNumber, formatPercent, formatSigned } from '../format.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';

const bars = (places: readonly PlaceProgress[]) =>
  places.map((place) => ({ key: place.name, label: place.name, value: place.issued, total: place.eligible, percent: place.saturationPercent }));

export const placeColumns = (t: Translate, first: string): Column<PlaceProgress>[] => [
  { key: 'name', label: first, render: (place) => place.name },
  { key: 'eligible', label: t('eligible'), numeric: true, render: (place) => formatNumber(place.eligible) },
  { key: 'started', label: t('started'), numeric: true, render: (place) => formatNumber(place.started) },
  { key: 'mobileVerified', label: t('mobileVerified'), numeric: true, render: (place) => formatNumber(place.mobileVerified) },
  { key: 'ekycDone', label: t('ekycDone'), numeric: true, render: (place) => formatNumber(place.ekycDone) },
  { key: 'pendingApproval', label: t('pendingApproval'), numeric: true, render: (place) => formatNumber(place.pendingApproval) },
  { key: 'issued', label: t('issued'), numeric: true, render: (place) => formatNumber(place.issued) },
  { key: 'saturationPercent', label: t('saturation'), numeric: true, render: (place) => formatPercent(place.saturationPercent) },
  { key: 'changeIssued', label: `${t('issued')}: ${t('changeToday')}`, numeric: true, render: (place) => (place.change === undefined ? '—' : formatSigned(place.change.issued)) },
];

/** People stopped for a reason someone must act on (Aadhaar not linked, update needed, rejected…), by reason. */
function Blocked({ place }: { place: PlaceProgress }) {
  const { t } = useI18n();
  const reasons = biggestFirst(place.blocked);
  // One axis for every bar: the people of this place without a card. Each bar is its reason's share of them, so
  // four reasons of one case each draw four short bars, not four full ones.
  const axis = withoutCard(place);
  return (
    <section class="card bars bars-warn" aria-labelledby="blocked">
      <h3 id="blocked">{t('blockedTitle')}</h3>
      {reasons.length === 0 ? (
        <p class="small">{t('noneBlocked')}</p>
      ) : (
        <>
        <p class="small" data-axis={axis}>{t('barsOfWithoutCard', { count: formatNumber(axis) })}</p>
        <ul>
          {reasons.map(([reason, count]) => (
            <li data-bar={reason}>
              <span class="bar-label">{labelFor(t, 'reason', reason)}</span>
              <Bar value={count} total={axis} />
              <span class="bar-figures" data-field="count">
                {formatNumber(count)}
              </span>
            </li>
          ))}
        </ul>
        </>
      )}
    </section>
  );
}

function DistrictBlocks({ district }: { district: DistrictProgress }) {
  const { t } = useI18n();
  const id = `blocks-${district.name.replace(/\W+/g, '-')}`;
  return (
    <section class="card" data-district={district.name}>
      <BarList id={id} title={t('blocksOf', { district: district.name })} items={bars(district.blocks)} />
      <DataTable caption={t('blocksOf', { district: district.name })} columns={placeColumns(t, t('block'))} rows={district.blocks} rowKey={(place) => place.name} footer={{ ...district, name: t('total') }} />
    </section>
  );
}

export function OverviewView(props: CampaignViewProps) {
  const { t } = useI18n();
  return (
    <CampaignView {...props} title={t('overviewTitle')} districtRequired={false}>
      {(progress, { district }) => {
        const place = district === undefined ? progress.total : (progress.districts[0] ?? progress.total);
        return (
          <>
            <div class="columns">
              <section class="card">
                <Funnel id="funnel" title={`${t('funnelTitle')}: ${district ?? progress.campaign.name}`} place={place} />
              </section>
              {district === undefined ? (
                <section class="card">
                  <BarList id="by-district" title={t('byDistrict')} items={bars(progress.districts)} />
                </section>
              ) : null}
              <Blocked place={place} />
            </div>
            {progress.districts.map((each) => (
              <DistrictBlocks district={each} />
            ))}
          </>
        );
      }}
    </CampaignView>
  );
}

// Campaign overview: the funnel from roster to card, today's change, and cards issued against eligible people
// per district and per block (GET /v1/admin/campaigns/{id}/progress[?district=]).
import type { DistrictProgress, PlaceProgress } from '../api-types.js';
import { Bar, BarList } from '../components/bars.js';
import { Count, DrillDistrict } from '../components/count.js';
import { Funnel } from '../components/funnel.js';
import { biggestFirst, withoutCard } from '../derived.js';
import { DataTable, type Column } from '../components/table.js';
import { formatNumber, formatPercent, formatSigned } from '../format.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { funnelKeys } from '../review.js';
import { AttentionPanel } from './attention.js';
import { CategoriesPanel } from './categories.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';
import { TrendPanel } from './trend.js';

/** A row of a district's blocks, or (the table's total row, the district itself) none. */
const blockOf = (place: PlaceProgress): string | undefined => ('blocks' in place ? undefined : place.name);

const bars = (places: readonly PlaceProgress[]) =>
  places.map((place) => ({ key: place.name, label: place.name, value: place.issued, total: place.eligible, percent: place.saturationPercent }));

export const placeColumns = (t: Translate, first: string): Column<PlaceProgress>[] => [
  { key: 'name', label: first, render: (place) => place.name },
  ...(['eligible', 'started', 'mobileVerified', 'ekycDone', 'pendingApproval', 'issued'] as const).map(
    (step): Column<PlaceProgress> => ({ key: step, label: t(step), numeric: true, render: (place) => <Count value={place[step]} of={funnelKeys[step]} block={blockOf(place)} /> }),
  ),
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
                <Count value={count} of={reason} />
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
      <DrillDistrict district={district.name}>
        <DataTable caption={t('blocksOf', { district: district.name })} columns={placeColumns(t, t('block'))} rows={district.blocks} rowKey={(place) => place.name} footer={{ ...district, name: t('total') }} />
      </DrillDistrict>
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
            <AttentionPanel />
            <TrendPanel
              campaignId={progress.campaign.campaignId}
              district={district}
              blocks={district === undefined ? [] : (progress.districts[0]?.blocks ?? []).map((block) => block.name)}
              stored={progress.campaign.targets?.find((target) => target.district === district)}
            />
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
            <CategoriesPanel campaignId={progress.campaign.campaignId} district={district} />
            {progress.districts.map((each) => (
              <DistrictBlocks district={each} />
            ))}
          </>
        );
      }}
    </CampaignView>
  );
}

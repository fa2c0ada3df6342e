// Pending approvals by DDO with ageing: a heat-map of DDOs by days waiting, the DDOs with the oldest cases
// first, so that who is slow stands out (the DDO figures of GET /v1/admin/campaigns/{id}/progress?district=).
import { HeatMap } from '../components/heatmap.js';
import { ageingBuckets, pendingRow, slowestFirst } from '../derived.js';
import { useI18n } from '../i18n/index.js';
import { holderLabel } from '../review.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';

export function ApprovalsView(props: CampaignViewProps) {
  const { t } = useI18n();
  return (
    <CampaignView {...props} title={t('approvalsTitle')} intro={t('approvalsIntro')} districtRequired={true}>
      {(progress) => {
        const district = progress.districts[0];
        if (district === undefined) return null;
        const ddos = (district.ddos ?? []).filter((ddo) => ddo.pendingApproval > 0).map((ddo) => pendingRow(ddo, holderLabel(ddo.name, ddo.holder))).sort(slowestFirst);
        const columns = ageingBuckets.map((bucket) => ({ key: bucket.key, label: t(bucket.label) }));
        return (
          <section class="card">
            {district.pendingApproval === 0 ? <p class="notice">{t('noPending')}</p> : null}
            {(district.ddos ?? []).length === 0 ? <p class="notice">{t('noDdoFigures')}</p> : null}
            <HeatMap
              caption={`${t('approvalsTitle')}: ${district.name}`}
              rowHeader={t('ddo')}
              columns={columns}
              rows={ddos}
              footer={pendingRow(district, `${t('wholeDistrict')} (${district.name})`, 'total')}
              totalLabel={t('total')}
            />
            <p class="legend" aria-hidden="true">
              <span class="heat heat-1">1</span>
              <span class="heat heat-2">2</span>
              <span class="heat heat-3">3</span>
              <span class="heat heat-4">4</span> {t('heatLegend')}
            </p>
          </section>
        );
      }}
    </CampaignView>
  );
}

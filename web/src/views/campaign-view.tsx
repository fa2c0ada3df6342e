// What the three campaign views share: the picker, and the progress of the chosen campaign and district.
import type { ComponentChildren } from 'preact';
import type { Campaign, CampaignProgress } from '../api-types.js';
import { CampaignPicker } from '../components/campaign-picker.js';
import { DrillContext } from '../components/count.js';
import { resolveSelection, type Selection } from '../derived.js';
import { Show } from '../components/feedback.js';
import { formatDateTime } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

export interface CampaignViewProps {
  readonly selection: Selection;
  readonly onSelect: (selection: Selection) => void;
}

export function CampaignView({
  title,
  intro,
  selection,
  onSelect,
  districtRequired,
  children,
}: CampaignViewProps & {
  title: string;
  intro?: string;
  districtRequired: boolean;
  children: (progress: CampaignProgress, context: { campaign: Campaign; district: string | undefined }) => ComponentChildren;
}) {
  const { api, me, campaigns } = useSignedIn();
  const { t, language } = useI18n();
  const { campaign, districts, district } = resolveSelection(campaigns, me, selection, districtRequired);
  const progress = useLoad(campaign === undefined ? undefined : () => api.progress(campaign.campaignId, district), [campaign?.campaignId, district]);
  return (
    <>
      <h2>{title}</h2>
      {intro === undefined ? null : <p class="intro">{intro}</p>}
      <CampaignPicker campaigns={campaigns} campaign={campaign} districts={districts} district={district} onChange={onSelect} districtRequired={districtRequired} />
      {campaign === undefined ? null : (
        <Show loaded={progress}>
          {(data) => (
            <>
              <p class="as-of">
                {data.asOf === null ? t('asOfNothingCounted') : t('asOf', { time: formatDateTime(data.asOf, language) })}{' '}
                <button type="button" class="button button-quiet" onClick={progress.reload}>
                  {t('refresh')}
                </button>
              </p>
              <DrillContext.Provider value={{ campaignId: campaign.campaignId, district }}>{children(data, { campaign, district })}</DrillContext.Provider>
            </>
          )}
        </Show>
      )}
    </>
  );
}

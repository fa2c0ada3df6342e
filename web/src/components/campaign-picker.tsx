// Which campaign and district the campaign views show; the choice is kept across views and visits.
import type { Campaign } from '../api-types.js';
import type { Selection } from '../derived.js';
import { labelFor, useI18n } from '../i18n/index.js';

const storageKey = 'healthcard.selection';
export const savedSelection = (): Selection => {
  try {
    return JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Selection;
  } catch {
    return {};
  }
};
export const saveSelection = (selection: Selection): void => localStorage.setItem(storageKey, JSON.stringify(selection));

/** The picker for what resolveSelection chose: `campaign` among `campaigns`, `district` among `districts`. */
export function CampaignPicker({
  campaigns,
  campaign,
  districts,
  district,
  onChange,
  districtRequired,
}: {
  campaigns: readonly Campaign[];
  campaign: Campaign | undefined;
  districts: readonly string[];
  district: string | undefined;
  onChange: (selection: Selection) => void;
  districtRequired: boolean;
}) {
  const { t } = useI18n();
  if (campaign === undefined) return <p class="notice">{t('noCampaigns')}</p>;
  return (
    <form class="picker" onSubmit={(event) => event.preventDefault()}>
      <label>
        <span>{t('campaign')}</span>
        <select
          name="campaign"
          value={campaign.campaignId}
          onChange={(event) => onChange({ campaignId: (event.target as HTMLSelectElement).value })}
        >
          {campaigns.map((option) => (
            <option value={option.campaignId}>{option.name}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('district')}</span>
        <select
          name="district"
          value={district ?? ''}
          onChange={(event) => {
            const value = (event.target as HTMLSelectElement).value;
            onChange({ campaignId: campaign.campaignId, ...(value === '' ? {} : { district: value }) });
          }}
        >
          {districtRequired ? null : <option value="">{t('allDistricts')}</option>}
          {districts.map((option) => (
            <option value={option}>{option}</option>
          ))}
        </select>
      </label>
      <p class="picker-note">{t('campaignDates', { scheme: labelFor(t, 'scheme', campaign.scheme), start: campaign.startDate, end: campaign.endDate })}</p>
    </form>
  );
}

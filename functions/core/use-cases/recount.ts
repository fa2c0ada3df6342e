// Reconciliation of campaign progress: the counts the change stream kept against the registrations themselves.
// One call recounts one page of the scheme's registrations for a district; the caller (`healthcard verify
// --counts`) adds the pages up and, on the last one, gets the counts as kept to compare (`countDifferences`).
import type { Caller } from '../identity.js';
import { recountOf, type SlotCounts } from '../progress.js';
import type { ProgressReader } from '../../ports/progress.js';
import { requireCampaignDistrict, type CampaignDeps } from './campaigns.js';

export interface RecountDeps extends Pick<CampaignDeps, 'campaigns'> {
  readonly progress: Pick<ProgressReader, 'registrations' | 'counts' | 'asOf'>;
}

export interface RecountPage {
  readonly campaignId: string;
  readonly district: string;
  /** Registrations of the scheme read on this page (of any district: a case that moved counts where it left). */
  readonly registrations: number;
  /** People per progress key and place slot that this page's registrations hold in the district. */
  readonly recounted: SlotCounts[];
  /** The next page; absent on the last one. */
  readonly cursor?: string;
  /** On the last page: the counts as kept, read after the scan, and the moment they are exact up to. */
  readonly counted?: { readonly asOf: string | null; readonly slots: SlotCounts[] };
}

export const recountProgress = async (
  deps: RecountDeps,
  caller: Caller,
  campaignId: string,
  query: { district: string; cursor?: string },
): Promise<RecountPage> => {
  const campaign = await requireCampaignDistrict(deps, caller, campaignId, query.district);
  const page = await deps.progress.registrations(campaign.scheme, query.cursor);
  const ofCampaign = page.images.filter((image) => campaign.rosterTypes.includes(image.rosterType));
  const base = {
    campaignId,
    district: query.district,
    registrations: page.images.length,
    recounted: recountOf(ofCampaign, query.district),
  };
  if (page.cursor !== undefined) return { ...base, cursor: page.cursor };
  const asOf = (await deps.progress.asOf()) ?? null;
  const kept = await Promise.all(
    campaign.rosterTypes.map(async (rosterType) =>
      (await deps.progress.counts(campaign.scheme, query.district, rosterType)).map((row) => ({ rosterType, ...row })),
    ),
  );
  return { ...base, counted: { asOf, slots: kept.flat() } };
};

// A campaign's beneficiary categories (core/categories.ts): per category, its eligible people (counted by each
// import, `byCategory` of the ELIGIBLE items) and where their registrations are (the `category#<id>` count
// slots the change stream keeps). Reading a slice reads the same few items per district and roster type as the
// progress view; it never scans people or registrations.
import { categories } from '../categories.js';
import type { Caller } from '../identity.js';
import { addCounts, funnelOf, indianDay, type GapReason } from '../progress.js';
import { campaignDistricts, type CampaignDeps } from './campaigns.js';

export interface CategorySlice {
  readonly category: string;
  readonly label: { readonly en: string; readonly hi: string };
  /** People of the category on the campaign's rosters, as counted at each roster's last import. */
  readonly eligible: number;
  /** Of them, people whose latest registration issued a card. */
  readonly carded: number;
  /** Eligible people without a card (never below zero). */
  readonly pending: number;
  /** People with a registration. */
  readonly started: number;
  /** Why the eligible people without a card have none, by the gap ledger's reasons. */
  readonly gap: Readonly<Partial<Record<GapReason, number>>>;
}

export interface CategorySlices {
  /** Every change up to this moment is counted; null before any was. */
  readonly asOf: string | null;
  readonly items: readonly CategorySlice[];
}

const slotPrefix = 'category#';

/** People per category and progress key, and eligible per category, of one district over the campaign's roster types. */
const districtCategories = async (deps: CampaignDeps, scheme: string, rosterTypes: readonly string[], district: string) => {
  const [populations, counts] = await Promise.all([
    deps.people.eligible(scheme, district).then((all) => all.filter((population) => rosterTypes.includes(population.rosterType))),
    Promise.all(rosterTypes.map((type) => deps.progress.counts(scheme, district, type))),
  ]);
  const keys = new Map<string, Record<string, number>>();
  for (const row of counts.flat()) {
    if (!row.slot.startsWith(slotPrefix)) continue;
    const id = row.slot.slice(slotPrefix.length);
    keys.set(id, addCounts(keys.get(id) ?? {}, row.counts));
  }
  return { eligible: addCounts(...populations.map((population) => population.byCategory ?? {})), keys };
};

/**
 * `GET /v1/admin/campaigns/{id}/categories?district=`: each category's slice in the district asked (its admin's
 * or any, for a state admin), or over the caller's districts of the campaign.
 */
export const campaignCategories = async (
  deps: CampaignDeps,
  caller: Caller,
  campaignId: string,
  district?: string,
): Promise<CategorySlices> => {
  const scope = await campaignDistricts(deps, caller, campaignId, district);
  const today = indianDay(deps.clock.now());
  // Read before the counts: the counts hold at least every change up to it.
  const asOf = (await deps.progress.asOf()) ?? null;
  const { scheme, rosterTypes } = scope.campaign;
  const districts = await Promise.all(scope.districts.map((district) => districtCategories(deps, scheme, rosterTypes, district)));
  const eligible = addCounts(...districts.map((district) => district.eligible));
  const items = categories.map((category): CategorySlice => {
    const funnel = funnelOf(
      addCounts(...districts.map((district) => district.keys.get(category.id) ?? {})),
      eligible[category.id] ?? 0,
      today,
    );
    return {
      category: category.id,
      label: category.label,
      eligible: funnel.eligible,
      carded: funnel.issued,
      pending: Math.max(0, funnel.eligible - funnel.issued),
      started: funnel.started,
      gap: funnel.gap,
    };
  });
  return { asOf, items };
};

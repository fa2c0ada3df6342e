// Campaigns and their progress: a scheme's drive in some districts, measured against the eligible population the
// rosters gave (ELIGIBLE items) with the counts registrations keep as they move (core/progress.ts). Reading
// progress reads a few items per district and roster type; it never scans people or registrations.
import { createHash } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { addCounts, funnelOf, indianDay, type Funnel } from '../progress.js';
import { findScheme } from '../schemes.js';
import type { Campaign, Campaigns } from '../../ports/campaigns.js';
import type { EligiblePopulation, People } from '../../ports/people.js';
import type { ProgressCounts, ProgressReader } from '../../ports/progress.js';
import { adminDistricts, isStateAdmin } from './access.js';
import type { Clock } from './deps.js';

export interface CampaignDeps {
  readonly campaigns: Campaigns;
  readonly progress: Pick<ProgressReader, 'counts' | 'dayCounts' | 'asOf'>;
  readonly people: Pick<People, 'eligible'>;
  readonly clock: Clock;
}

export interface CampaignInput {
  readonly name: string;
  readonly scheme: string;
  readonly districts: readonly string[];
  readonly rosterTypes?: readonly string[];
  readonly startDate: string;
  readonly endDate: string;
}

/** The campaign's districts the caller may see. */
export const visibleDistricts = (caller: Caller, campaign: Campaign): string[] => adminDistricts(caller, campaign.districts);

/** The id of a campaign is its scheme and name: the same campaign posted twice is one campaign. */
export const campaignIdOf = (scheme: string, name: string): string =>
  createHash('sha256')
    .update(`${scheme}\n${name.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')}`)
    .digest('hex')
    .slice(0, 16);

const sameDefinition = (a: Campaign, b: Campaign) =>
  a.scheme === b.scheme &&
  a.startDate === b.startDate &&
  a.endDate === b.endDate &&
  [...a.districts].sort().join('\n') === [...b.districts].sort().join('\n') &&
  [...a.rosterTypes].sort().join('\n') === [...b.rosterTypes].sort().join('\n');

export const createCampaign = async (
  deps: CampaignDeps,
  caller: Caller,
  input: CampaignInput,
): Promise<{ campaign: Campaign; created: boolean }> => {
  const scheme = findScheme(input.scheme);
  if (scheme === undefined)
    throw new ValidationError({ code: 'UNKNOWN_SCHEME', message: `Unknown scheme ${input.scheme}.`, details: { scheme: input.scheme } });
  const rosterTypes = input.rosterTypes ?? scheme.rosterTypes;
  const foreign = rosterTypes.filter((type) => !(scheme.rosterTypes as readonly string[]).includes(type));
  if (foreign.length > 0) {
    throw new ValidationError({
      code: 'WRONG_ROSTER_TYPE',
      message: `Scheme ${scheme.id} registers people from ${scheme.rosterTypes.join(', ')} rosters, not ${foreign.join(', ')}.`,
      details: { rosterTypes: foreign },
    });
  }
  if (input.endDate < input.startDate)
    throw new ValidationError({
      code: 'INVALID_DATES',
      message: 'The campaign ends before it starts.',
      details: { startDate: input.startDate, endDate: input.endDate },
    });
  if (!isStateAdmin(caller)) {
    const others = input.districts.filter((district) => !caller.districts.includes(district));
    if (others.length > 0)
      throw new ForbiddenError({
        message: `Districts ${others.join(', ')} are not yours: a state admin creates campaigns across districts.`,
      });
  }
  const campaign: Campaign = {
    campaignId: campaignIdOf(scheme.id, input.name),
    name: input.name.normalize('NFC').trim(),
    scheme: scheme.id,
    districts: [...new Set(input.districts)],
    rosterTypes: [...new Set(rosterTypes)],
    startDate: input.startDate,
    endDate: input.endDate,
    createdAt: new Date(deps.clock.now()).toISOString(),
    createdBy: caller.subject,
  };
  if (await deps.campaigns.create(campaign)) return { campaign, created: true };
  const existing = (await deps.campaigns.get(campaign.campaignId)) as Campaign;
  // The name is taken by a campaign the caller may not read (another district's): say only that the name is
  // taken, never its id, name as written, districts or dates.
  if (visibleDistricts(caller, existing).length === 0) {
    throw new ConflictError({
      code: 'CAMPAIGN_NAME_TAKEN',
      message: `Scheme ${scheme.id} has a campaign of this name already: choose another name.`,
    });
  }
  if (!sameDefinition(existing, campaign)) {
    throw new ConflictError({
      code: 'CAMPAIGN_EXISTS',
      message: `Scheme ${scheme.id} has a campaign named "${existing.name}" already, defined differently.`,
      details: { campaignId: existing.campaignId },
    });
  }
  return { campaign: existing, created: false };
};

/** A campaign the caller may see (a district admin: one with a district of theirs); others are not found. */
export const requireCampaign = async (deps: Pick<CampaignDeps, 'campaigns'>, caller: Caller, campaignId: string): Promise<Campaign> => {
  const campaign = await deps.campaigns.get(campaignId);
  if (campaign === undefined || visibleDistricts(caller, campaign).length === 0)
    throw new NotFoundError({ code: 'CAMPAIGN_NOT_FOUND', message: 'No such campaign.' });
  return campaign;
};

/** The campaign, when `district` is one of its districts the caller may see (404 otherwise, as for no campaign). */
export const requireCampaignDistrict = async (
  deps: Pick<CampaignDeps, 'campaigns'>,
  caller: Caller,
  campaignId: string,
  district: string,
): Promise<Campaign> => {
  const campaign = await requireCampaign(deps, caller, campaignId);
  if (!visibleDistricts(caller, campaign).includes(district)) {
    throw new NotFoundError({ code: 'DISTRICT_NOT_IN_CAMPAIGN', message: `District ${district} is not in this campaign, or not yours.` });
  }
  return campaign;
};

/** The campaign and the districts a read covers: the one asked (404 unless it is the caller's), else all the caller's. */
export const campaignDistricts = async (
  deps: Pick<CampaignDeps, 'campaigns'>,
  caller: Caller,
  campaignId: string,
  district: string | undefined,
): Promise<{ campaign: Campaign; districts: string[] }> => {
  if (district !== undefined) return { campaign: await requireCampaignDistrict(deps, caller, campaignId, district), districts: [district] };
  const campaign = await requireCampaign(deps, caller, campaignId);
  return { campaign, districts: visibleDistricts(caller, campaign) };
};

export const listCampaigns = async (deps: Pick<CampaignDeps, 'campaigns'>, caller: Caller): Promise<Campaign[]> =>
  (await deps.campaigns.list()).filter((campaign) => visibleDistricts(caller, campaign).length > 0);

/** What moved today (IST): net change of each funnel figure. */
export interface Change {
  readonly started: number;
  readonly mobileVerified: number;
  readonly ekycDone: number;
  readonly pendingApproval: number;
  readonly issued: number;
}

const changeOf = (dayCounts: Readonly<Record<string, number>>, today: string): Change => {
  const moved = funnelOf(dayCounts, 0, today);
  return {
    started: moved.started,
    mobileVerified: moved.mobileVerified,
    ekycDone: moved.ekycDone,
    pendingApproval: moved.pendingApproval,
    issued: moved.issued,
  };
};

export interface PlaceProgress extends Funnel {
  readonly name: string;
  readonly change?: Change;
}

export interface DistrictProgress extends PlaceProgress {
  readonly blocks: readonly PlaceProgress[];
  /** With `?district=`: the finer levels. */
  readonly villages?: readonly PlaceProgress[];
  readonly departments?: readonly PlaceProgress[];
  readonly ddos?: readonly PlaceProgress[];
}

export interface CampaignProgress {
  readonly campaign: Campaign;
  /** Every change up to this moment is counted (the change stream applied that far); null before any was. */
  readonly asOf: string | null;
  readonly today: string;
  readonly total: PlaceProgress;
  readonly districts: readonly DistrictProgress[];
}

/** Counts per slot (`<level>#<value>`), added up over roster types. */
const bySlot = (all: readonly (readonly ProgressCounts[])[]): Map<string, Record<string, number>> => {
  const slots = new Map<string, Record<string, number>>();
  for (const rows of all) for (const row of rows) slots.set(row.slot, addCounts(slots.get(row.slot) ?? {}, row.counts));
  return slots;
};

const levelOf = (slots: Map<string, Record<string, number>>, level: string): Map<string, Record<string, number>> =>
  new Map([...slots].filter(([slot]) => slot.startsWith(`${level}#`)).map(([slot, counts]) => [slot.slice(level.length + 1), counts]));

const sumOf = (populations: readonly EligiblePopulation[], pick: (population: EligiblePopulation) => Readonly<Record<string, number>>) =>
  addCounts(...populations.map(pick));

/** One level's places: every place with eligible people or counts, largest eligible first. */
const places = (
  counts: Map<string, Record<string, number>>,
  eligible: Readonly<Record<string, number>>,
  today: string,
  dayCounts?: Map<string, Record<string, number>>,
): PlaceProgress[] =>
  [...new Set([...Object.keys(eligible), ...counts.keys()])]
    .map((name) => ({
      name,
      ...funnelOf(counts.get(name) ?? {}, eligible[name] ?? 0, today),
      ...(dayCounts === undefined ? {} : { change: changeOf(dayCounts.get(name) ?? {}, today) }),
    }))
    .sort((a, b) => b.eligible - a.eligible || a.name.localeCompare(b.name));

const districtProgress = async (
  deps: CampaignDeps,
  campaign: Campaign,
  district: string,
  today: string,
  detailed: boolean,
): Promise<DistrictProgress & { counts: Record<string, number>; dayTotal: Record<string, number> }> => {
  const [populations, counts, days] = await Promise.all([
    deps.people
      .eligible(campaign.scheme, district)
      .then((all) => all.filter((population) => campaign.rosterTypes.includes(population.rosterType))),
    Promise.all(campaign.rosterTypes.map((type) => deps.progress.counts(campaign.scheme, district, type))),
    Promise.all(campaign.rosterTypes.map((type) => deps.progress.dayCounts(campaign.scheme, district, type, today))),
  ]);
  const slots = bySlot(counts);
  const daySlots = levelOf(bySlot(days), 'block');
  const blocks = levelOf(slots, 'block');
  // Every person is counted in exactly one block, so the district is the sum of its blocks.
  const total = addCounts(...blocks.values());
  const dayTotal = addCounts(...daySlots.values());
  const eligible = populations.reduce((sum, population) => sum + population.total, 0);
  return {
    name: district,
    ...funnelOf(total, eligible, today),
    change: changeOf(dayTotal, today),
    blocks: places(
      blocks,
      sumOf(populations, (population) => population.byBlock),
      today,
      daySlots,
    ),
    ...(detailed
      ? {
          villages: places(
            levelOf(slots, 'village'),
            sumOf(populations, (population) => population.byVillage),
            today,
          ),
          departments: places(
            levelOf(slots, 'department'),
            sumOf(populations, (population) => population.byDepartment),
            today,
          ),
          ddos: places(
            levelOf(slots, 'ddo'),
            sumOf(populations, (population) => population.byDdo),
            today,
          ),
        }
      : {}),
    counts: total,
    dayTotal,
  };
};

export const campaignProgress = async (
  deps: CampaignDeps,
  caller: Caller,
  campaignId: string,
  query: { district?: string },
): Promise<CampaignProgress> => {
  const campaign = await requireCampaign(deps, caller, campaignId);
  const visible = visibleDistricts(caller, campaign);
  if (query.district !== undefined && !visible.includes(query.district)) {
    throw new NotFoundError({
      code: 'DISTRICT_NOT_IN_CAMPAIGN',
      message: `District ${query.district} is not in this campaign, or not yours.`,
    });
  }
  const now = deps.clock.now();
  const today = indianDay(now);
  // Read before the counts: the counts hold at least every change up to it.
  const asOf = (await deps.progress.asOf()) ?? null;
  const districts = await Promise.all(
    (query.district === undefined ? visible : [query.district]).map((district) =>
      districtProgress(deps, campaign, district, today, query.district !== undefined),
    ),
  );
  const eligible = districts.reduce((sum, district) => sum + district.eligible, 0);
  const counts = addCounts(...districts.map((district) => district.counts));
  return {
    campaign,
    asOf,
    today,
    total: {
      name: query.district ?? 'all',
      ...funnelOf(counts, eligible, today),
      change: changeOf(addCounts(...districts.map((district) => district.dayTotal)), today),
    },
    districts: districts.map(({ counts: _counts, dayTotal: _day, ...district }) => district),
  };
};

// Targets and trends of a campaign: each district's target (a saturation share by an end date, per block where it
// differs), set by its admin or a state admin; the trend per day over the last weeks, read from the per-day count
// items the stream aggregator writes (one read per day and roster type, no rescans); and the outlook against the
// target (core/trend.ts). Blocks furthest behind their targets need only the running counts.
import pMap from 'p-map';
import { ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { checkBlock } from '../place-names.js';
import { addCounts, funnelOf, indianDay } from '../progress.js';
import {
  blocksBehindOf,
  dayRange,
  outlookOf,
  paceCardsOf,
  shiftDay,
  targetCardsOf,
  trendOf,
  type BlockBehind,
  type Outlook,
  type TrendDay,
} from '../trend.js';
import type { Campaign, CampaignTarget, CampaignTargets } from '../../ports/campaigns.js';
import type { CampaignDeps } from './campaigns.js';
import { campaignDistricts, requireCampaignDistrict, visibleDistricts } from './campaigns.js';

export interface TrendDeps extends CampaignDeps {
  readonly targets: CampaignTargets;
}

export interface TargetInput {
  readonly district: string;
  readonly saturationPercent: number;
  readonly endsOn: string;
  readonly blocks?: Readonly<Record<string, number>>;
}

/** Reads of count items at once per district: a 92-day trend over three roster types is 276 small queries. */
const readsAtOnce = 16;
const districtsAtOnce = 4;

const percentProblem = (value: number) => !Number.isFinite(value) || value < 1 || value > 100;

const eligibleOf = async (deps: Pick<CampaignDeps, 'people'>, campaign: Campaign, district: string) => {
  const populations = (await deps.people.eligible(campaign.scheme, district)).filter((population) =>
    campaign.rosterTypes.includes(population.rosterType),
  );
  return {
    total: populations.reduce((sum, population) => sum + population.total, 0),
    byBlock: addCounts(...populations.map((population) => population.byBlock)),
  };
};

const sameTarget = (a: CampaignTarget, b: CampaignTarget) =>
  a.saturationPercent === b.saturationPercent &&
  a.endsOn === b.endsOn &&
  JSON.stringify(Object.entries(a.blocks).sort()) === JSON.stringify(Object.entries(b.blocks).sort());

/**
 * Sets a district's target (the same target again changes nothing). Refused: a share outside 1-100, an end date
 * outside the campaign's dates, a block the gazetteer takes for a misspelling or, once the district's rosters are in,
 * a block none of them names.
 */
export const setCampaignTarget = async (
  deps: TrendDeps,
  caller: Caller,
  campaignId: string,
  input: TargetInput,
): Promise<CampaignTarget> => {
  const campaign = await requireCampaignDistrict(deps, caller, campaignId, input.district);
  const percents = [input.saturationPercent, ...Object.values(input.blocks ?? {})];
  if (percents.some(percentProblem)) {
    throw new ValidationError({
      code: 'TARGET_PERCENT_OUT_OF_RANGE',
      message: 'A saturation target is a share of the eligible people: from 1 to 100 per cent.',
      details: { saturationPercent: input.saturationPercent, blocks: input.blocks ?? {} },
    });
  }
  if (input.endsOn < campaign.startDate || input.endsOn > campaign.endDate) {
    throw new ValidationError({
      code: 'TARGET_DATE_OUTSIDE_CAMPAIGN',
      message: `The target's end date must fall within the campaign, ${campaign.startDate} to ${campaign.endDate}.`,
      details: { endsOn: input.endsOn, startDate: campaign.startDate, endDate: campaign.endDate },
    });
  }
  const eligible = await eligibleOf(deps, campaign, input.district);
  const rosterBlocks = new Set(Object.keys(eligible.byBlock));
  const blocks: Record<string, number> = {};
  for (const [written, percent] of Object.entries(input.blocks ?? {})) {
    const check = checkBlock(input.district, written);
    const known = check.ok && (rosterBlocks.size === 0 || rosterBlocks.has(check.name));
    if (!check.ok || !known) {
      throw new ValidationError({
        code: 'UNKNOWN_BLOCK',
        message: check.ok
          ? `No roster of this campaign names a block "${written}" in ${input.district}: ${[...rosterBlocks].sort().join(', ')}.`
          : `${written}: ${check.message}`,
        details: { block: written },
      });
    }
    blocks[check.name] = percent;
  }
  const target: CampaignTarget = {
    campaignId: campaign.campaignId,
    district: input.district,
    saturationPercent: input.saturationPercent,
    endsOn: input.endsOn,
    blocks,
    setAt: new Date(deps.clock.now()).toISOString(),
    setBy: caller.subject,
  };
  const existing = (await deps.targets.targets(campaign.campaignId)).find((held) => held.district === input.district);
  if (existing !== undefined && sameTarget(existing, target)) return existing;
  await deps.targets.putTarget(target);
  return target;
};

/** The targets of the districts the caller may see. */
export const visibleTargets = async (
  deps: { readonly targets: Pick<CampaignTargets, 'targets'> },
  caller: Caller,
  campaign: Campaign,
): Promise<CampaignTarget[]> => {
  const visible = new Set(visibleDistricts(caller, campaign));
  return (await deps.targets.targets(campaign.campaignId))
    .filter((target) => visible.has(target.district))
    .sort((a, b) => a.district.localeCompare(b.district));
};

/** A district's running counts per block, and the eligible per block. */
const districtNow = async (deps: Pick<CampaignDeps, 'people' | 'progress'>, campaign: Campaign, district: string) => {
  const [eligible, counts] = await Promise.all([
    eligibleOf(deps, campaign, district),
    pMap(campaign.rosterTypes, (type) => deps.progress.counts(campaign.scheme, district, type), { concurrency: readsAtOnce }),
  ]);
  const blocks = new Map<string, Record<string, number>>();
  for (const row of counts.flat()) {
    if (!row.slot.startsWith('block#')) continue;
    const name = row.slot.slice('block#'.length);
    blocks.set(name, addCounts(blocks.get(name) ?? {}, row.counts));
  }
  return { eligible, blocks };
};

/** Each day's net change in a district, all blocks and roster types added, for the days asked. */
const districtDays = async (deps: Pick<CampaignDeps, 'progress'>, campaign: Campaign, district: string, days: readonly string[]) => {
  const reads = days.flatMap((day) => campaign.rosterTypes.map((type) => ({ day, type })));
  const rows = await pMap(reads, ({ day, type }) => deps.progress.dayCounts(campaign.scheme, district, type, day), {
    concurrency: readsAtOnce,
  });
  const byDay = new Map<string, Record<string, number>>(days.map((day) => [day, {}]));
  reads.forEach(({ day }, index) => {
    for (const row of rows[index] ?? []) if (row.slot.startsWith('block#')) byDay.set(day, addCounts(byDay.get(day) ?? {}, row.counts));
  });
  return days.map((day) => ({ day, counts: byDay.get(day) ?? {} }));
};

const blockRows = (
  district: string,
  now: Awaited<ReturnType<typeof districtNow>>,
  target: CampaignTarget,
): { district: string; block: string; eligible: number; carded: number; saturationPercent: number }[] =>
  [...new Set([...Object.keys(now.eligible.byBlock), ...now.blocks.keys()])].map((block) => ({
    district,
    block,
    eligible: now.eligible.byBlock[block] ?? 0,
    carded: funnelOf(now.blocks.get(block) ?? {}, 0, '').issued,
    saturationPercent: target.blocks[block] ?? target.saturationPercent,
  }));

export interface TrendTarget {
  readonly saturationPercent: number;
  readonly endsOn: string;
  readonly targetCards: number;
}

export interface CampaignTrend extends Outlook {
  readonly campaignId: string;
  readonly district?: string;
  readonly asOf: string | null;
  readonly today: string;
  readonly days: readonly TrendDay[];
  readonly eligible: number;
  readonly carded: number;
  readonly target: TrendTarget | null;
  readonly blocks: readonly BlockBehind[];
}

/**
 * Figures and outlook of some of a campaign's districts: `days` oldest first through today (a past day's end is read
 * back from today's counts); the pace over the 7 days ending `lastDay`; the people carded at the end of `countedOn`.
 */
export const trendOfDistricts = async (
  deps: Pick<TrendDeps, 'people' | 'progress'>,
  campaign: Campaign,
  districts: readonly string[],
  targets: readonly CampaignTarget[],
  days: readonly string[],
  lastDay: string,
  countedOn: string,
) => {
  // A state-wide trend reads every district's days: a few districts at a time, so the reads at once stay bounded.
  const loaded = await pMap(
    districts,
    async (district) => {
      const [now, changes] = await Promise.all([districtNow(deps, campaign, district), districtDays(deps, campaign, district, days)]);
      return { district, now, changes, target: targets.find((target) => target.district === district) };
    },
    { concurrency: districtsAtOnce },
  );
  const current = addCounts(...loaded.flatMap(({ now }) => [...now.blocks.values()]));
  const changes = days.map((day, index) => ({ day, counts: addCounts(...loaded.map((one) => one.changes[index]?.counts ?? {})) }));
  const trend = trendOf(current, changes);
  const eligible = loaded.reduce((sum, one) => sum + one.now.eligible.total, 0);
  const carded =
    funnelOf(current, 0, countedOn).issued - trend.filter((day) => day.day > countedOn).reduce((sum, day) => sum + day.cardsIssued, 0);
  // Several districts: their targets added up, to the latest end date; a district without one leaves none.
  const withTargets = loaded.flatMap((one) => (one.target === undefined ? [] : [{ ...one, target: one.target }]));
  const targetCards = withTargets.reduce((sum, one) => sum + targetCardsOf(one.now.eligible.total, one.target.saturationPercent), 0);
  const target: TrendTarget | null =
    withTargets.length === 0 || withTargets.length < loaded.length
      ? null
      : {
          saturationPercent:
            withTargets.length === 1
              ? (withTargets[0] as (typeof withTargets)[number]).target.saturationPercent
              : eligible === 0
                ? 0
                : Math.round((1000 * targetCards) / eligible) / 10,
          endsOn: withTargets
            .map((one) => one.target.endsOn)
            .sort()
            .at(-1) as string,
          targetCards,
        };
  return {
    trend,
    eligible,
    carded,
    target,
    outlook: outlookOf({ eligible, carded, target, paceCards: paceCardsOf(trend, lastDay), lastDay, countedOn }),
    blocks: blocksBehindOf(withTargets.flatMap((one) => blockRows(one.district, one.now, one.target))),
  };
};

export const maxTrendDays = 92;

/** The trend of a campaign (one district, or every district the caller may see) over the last `days` days (IST). */
export const campaignTrend = async (
  deps: TrendDeps,
  caller: Caller,
  campaignId: string,
  query: { readonly district?: string; readonly days: number },
): Promise<CampaignTrend> => {
  const { campaign, districts } = await campaignDistricts(deps, caller, campaignId, query.district);
  const today = indianDay(deps.clock.now());
  // Read before the counts: the counts hold at least every change up to it.
  const asOf = (await deps.progress.asOf()) ?? null;
  const targets = await visibleTargets(deps, caller, campaign);
  // The achieved rate is over the complete days before today: at least that many days are read.
  const read = dayRange(today, Math.max(query.days, 8));
  const figures = await trendOfDistricts(deps, campaign, districts, targets, read, shiftDay(today, -1), today);
  return {
    campaignId: campaign.campaignId,
    ...(query.district === undefined ? {} : { district: query.district }),
    asOf,
    today,
    days: figures.trend.slice(-query.days),
    eligible: figures.eligible,
    carded: figures.carded,
    target: figures.target,
    ...figures.outlook,
    blocks: figures.blocks,
  };
};

/** Blocks furthest behind their targets across some of a campaign's districts: the running counts only. */
export const blocksBehind = async (
  deps: TrendDeps,
  caller: Caller,
  campaign: Campaign,
  districts: readonly string[],
): Promise<BlockBehind[]> => {
  const targets = await visibleTargets(deps, caller, campaign);
  const rows = await Promise.all(
    districts.map(async (district) => {
      const target = targets.find((held) => held.district === district);
      return target === undefined ? [] : blockRows(district, await districtNow(deps, campaign, district), target);
    }),
  );
  return blocksBehindOf(rows.flat());
};

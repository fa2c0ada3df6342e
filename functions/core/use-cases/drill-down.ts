// The people behind a count (GET /v1/admin/campaigns/{id}/people): any figure of the progress view or the gap
// ledger, for a district or one block, as a paged list of people, named as the caller may see them, with the
// count it came from as `total`. People are read block by block with the worklist's reader (blockPeople); the
// total is the counts' own figure (core/drill-down.ts decides both from the same rules).
import { decodePosition, drillCount, drillMatches, encodePosition, parseDrillKey } from '../drill-down.js';
import { ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { personFor } from '../names.js';
import { addCounts, gapReasonOf, indianDay, statusOfKey } from '../progress.js';
import type { Campaign } from '../../ports/campaigns.js';
import type { CaseNames } from '../../ports/case-names.js';
import type { People } from '../../ports/people.js';
import type { ProgressReader } from '../../ports/progress.js';
import { requireCampaignDistrict, type CampaignDeps } from './campaigns.js';
import { blockPeople, type BlockPerson } from './worklists.js';

export interface PeopleListDeps extends Pick<CampaignDeps, 'campaigns' | 'clock'> {
  readonly people: Pick<People, 'inBlock' | 'eligible'>;
  readonly progress: Pick<ProgressReader, 'gap' | 'counts' | 'dayCounts'>;
  readonly names: Pick<CaseNames, 'people'>;
}

export interface PeopleListQuery {
  readonly district: string;
  readonly block?: string | undefined;
  readonly key: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const blockSlot = 'block#';

/** The place's counts (key -> people; a day's net change for a day key) and eligible people, per block. */
const placeFigures = async (deps: PeopleListDeps, campaign: Campaign, district: string, day: string | undefined) => {
  const [populations, rows] = await Promise.all([
    deps.people
      .eligible(campaign.scheme, district)
      .then((all) => all.filter((population) => campaign.rosterTypes.includes(population.rosterType))),
    Promise.all(
      campaign.rosterTypes.map((type) =>
        day === undefined
          ? deps.progress.counts(campaign.scheme, district, type)
          : deps.progress.dayCounts(campaign.scheme, district, type, day),
      ),
    ),
  ]);
  const counts = new Map<string, Record<string, number>>();
  for (const row of rows.flat())
    if (row.slot.startsWith(blockSlot)) {
      const block = row.slot.slice(blockSlot.length);
      counts.set(block, addCounts(counts.get(block) ?? {}, row.counts));
    }
  const eligible = addCounts(...populations.map((population) => population.byBlock));
  return { counts, eligible, total: populations.reduce((sum, population) => sum + population.total, 0) };
};

const sortKey = (person: BlockPerson) =>
  `${person.person?.village ?? person.entry?.place.village ?? ''}\n${person.person?.department ?? person.entry?.place.department ?? ''}\n${person.person?.name ?? ''}\n${person.personId}`;

export const campaignPeople = async (deps: PeopleListDeps, caller: Caller, campaignId: string, query: PeopleListQuery) => {
  const campaign = await requireCampaignDistrict(deps, caller, campaignId, query.district);
  const drill = parseDrillKey(query.key);
  if (drill === undefined)
    throw new ValidationError({
      code: 'UNKNOWN_KEY',
      message: `Not a count the views show: ${query.key}. Use a figure (started, issued, …), a gap reason, a status, or day:<yyyy-mm-dd>:cardsIssued.`,
    });
  const today = indianDay(deps.clock.now());
  const figures = await placeFigures(deps, campaign, query.district, drill.kind === 'day' ? drill.day : undefined);
  // Blocks in a steady order: the one asked for, or every block with people or counts.
  const blocks =
    query.block !== undefined ? [query.block] : [...new Set([...Object.keys(figures.eligible), ...figures.counts.keys()])].sort();
  const total =
    query.block !== undefined
      ? drillCount(drill, figures.counts.get(query.block) ?? {}, figures.eligible[query.block] ?? 0, today)
      : drillCount(drill, addCounts(...figures.counts.values()), figures.total, today);

  const found: { block: string; person: BlockPerson }[] = [];
  let { part, offset } = decodePosition(query.cursor);
  let next: { part: number; offset: number } | undefined;
  for (; part < blocks.length && next === undefined; part += 1, offset = 0) {
    const block = blocks[part] as string;
    const matching: BlockPerson[] = [];
    for await (const person of blockPeople(deps, campaign, query.district, block))
      if (
        drillMatches(
          drill,
          {
            ...(person.entry === undefined ? {} : { key: person.entry.key, updatedAt: person.entry.updatedAt }),
            eligible: person.eligible,
          },
          today,
        )
      )
        matching.push(person);
    matching.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const room = query.limit - found.length;
    found.push(...matching.slice(offset, offset + room).map((person) => ({ block, person })));
    if (offset + room < matching.length) next = { part, offset: offset + room };
    else if (found.length >= query.limit && part + 1 < blocks.length) next = { part: part + 1, offset: 0 };
  }

  // People no longer on the block's roster are named from their roster record, one batch read.
  const missing = found.flatMap(({ person }) => (person.person === undefined ? [person.personId] : []));
  const records = missing.length === 0 ? new Map() : await deps.names.people(campaign.scheme, missing);
  const items = found.map(({ block, person }) => {
    const roster = person.person ?? records.get(person.personId);
    const named = personFor(caller, query.district, person.personId, roster);
    const entry = person.entry;
    const reason = entry === undefined ? 'not-started' : gapReasonOf(entry.key);
    const village = roster?.village ?? entry?.place.village;
    return {
      ...(entry === undefined ? {} : { registrationId: entry.registrationId }),
      ...named,
      block,
      ...(village === undefined ? {} : { village }),
      status: entry === undefined ? 'NOT_STARTED' : statusOfKey(entry.key),
      ...(reason === 'carded' ? {} : { reason }),
      ...(entry === undefined ? {} : { since: entry.updatedAt }),
    };
  });
  return { items, total, ...(next === undefined ? {} : { cursor: encodePosition(next) }) };
};

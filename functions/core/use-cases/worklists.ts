// The gap ledger as a list: one block's eligible people without a card, each with the reason and what to do,
// for a door-to-door visit or an Aadhaar update camp. Written as a CSV report with a short-lived link (a block
// can hold lakhs of people: more than an API response carries).
import { requirePlaceName } from '../place-names.js';
import type { Caller } from '../identity.js';
import { gapReasonOf, statusOfKey, type GapReason } from '../progress.js';
import { nextActions } from '../registration.js';
import { neutralizeFormula } from '../roster/rows.js';
import { findScheme, type RosterType } from '../schemes.js';
import type { Campaign } from '../../ports/campaigns.js';
import type { ListedPerson, People } from '../../ports/people.js';
import type { GapEntry, ProgressReader } from '../../ports/progress.js';
import type { RosterFiles } from '../../ports/roster-files.js';
import type { FieldForce } from '../../ports/field-force.js';
import { fieldGapReason, fieldNextAction } from '../field-force.js';
import { requireCampaignDistrict, type CampaignDeps } from './campaigns.js';

export interface WorklistDeps extends Pick<CampaignDeps, 'campaigns' | 'clock'> {
  readonly people: Pick<People, 'inBlock'>;
  readonly progress: Pick<ProgressReader, 'gap'>;
  readonly files: Pick<RosterFiles, 'writeReport' | 'reportLink'>;
  /** Where the district's field force answers for people: visit outcomes and `no-responsible-worker` are reasons. */
  readonly fieldForce: Pick<FieldForce, 'assignmentsIn'>;
}

export interface WorklistQuery {
  readonly district: string;
  readonly block: string;
  readonly reason?: GapReason;
}

const linkSeconds = 15 * 60;

export const worklistColumns = [
  'person id',
  'name',
  'name (Hindi)',
  'relation',
  'village',
  'department',
  'office',
  'DDO code',
  'reason',
  'registration id',
  'status',
  'since',
  'what to do',
  'क्या करें',
] as const;

/** One person of a block as the counts know them. */
export interface BlockPerson {
  readonly personId: string;
  /** Their roster record, when this block's roster (of the campaign's roster types) has them. */
  readonly person?: ListedPerson;
  /** Their latest registration's progress record, when they started. */
  readonly entry?: GapEntry;
  /** On the roster in a status the scheme registers: counted in the block's eligible population. */
  readonly eligible: boolean;
}

/**
 * One block's people: every person of its roster (the campaign's roster types), with their registration's record
 * when they started, then everyone else counted here (started, no longer on this block's roster). The started are
 * read whole (a block has as many as it has registrations); the roster is streamed past them.
 */
export async function* blockPeople(
  deps: { readonly people: Pick<People, 'inBlock'>; readonly progress: Pick<ProgressReader, 'gap'> },
  campaign: Pick<Campaign, 'scheme' | 'rosterTypes'>,
  district: string,
  block: string,
): AsyncIterable<BlockPerson> {
  const eligibleStatuses = findScheme(campaign.scheme)?.eligibleRosterStatuses ?? ['active'];
  const started = new Map<string, GapEntry>();
  for await (const entry of deps.progress.gap(campaign.scheme, district, block))
    if (entry.rosterType === undefined || campaign.rosterTypes.includes(entry.rosterType)) started.set(entry.personId, entry);
  for (const rosterType of campaign.rosterTypes) {
    for await (const person of deps.people.inBlock({ scheme: campaign.scheme, district, rosterType: rosterType as RosterType }, block)) {
      const entry = started.get(person.personId);
      started.delete(person.personId);
      yield {
        personId: person.personId,
        person,
        eligible: eligibleStatuses.includes(person.status),
        ...(entry === undefined ? {} : { entry }),
      };
    }
  }
  for (const entry of started.values()) yield { personId: entry.personId, entry, eligible: false };
}

export const blockWorklist = async (deps: WorklistDeps, caller: Caller, campaignId: string, query: WorklistQuery) => {
  const campaign = await requireCampaignDistrict(deps, caller, campaignId, query.district);
  const rows: string[][] = [];
  const byReason: Partial<Record<GapReason, number>> = {};
  // A district whose field force was assigned: each person's reason as the field views give it.
  const field = new Map(
    (await deps.fieldForce.assignmentsIn(campaign.campaignId, query.district)).map((assignment) => [assignment.personId, assignment]),
  );
  for await (const { person, entry, eligible } of blockPeople(deps, campaign, query.district, query.block)) {
    // The worklist is of the roster's eligible people (someone who registered and left the roster is no visit).
    if (person === undefined || !eligible) continue;
    const assignment = field.get(person.personId);
    const reason =
      assignment === undefined
        ? entry === undefined
          ? 'not-started'
          : gapReasonOf(entry.key)
        : fieldGapReason({
            ...(entry === undefined ? {} : { progressKey: entry.key, progressAt: entry.updatedAt }),
            ...(assignment.lastVisit === undefined ? {} : { lastVisit: assignment.lastVisit }),
            assigned: assignment.workerId !== undefined,
          });
    if (reason === 'carded' || (query.reason !== undefined && reason !== query.reason)) continue;
    // A stopped registration waits on the district office, not on a visit: listed only when asked for by name.
    if (reason === 'stopped' && query.reason !== 'stopped') continue;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    const status = entry === undefined ? undefined : statusOfKey(entry.key);
    const action =
      assignment !== undefined
        ? fieldNextAction(reason, entry?.key)
        : status === undefined
          ? { en: 'Not registered yet: help them start at a camp or CSC.', hi: 'अभी पंजीकरण नहीं हुआ: शिविर या CSC पर पंजीकरण शुरू कराएँ।' }
          : status === 'MIGRATED'
            ? { en: 'Moved to another district.', hi: 'दूसरे जिले में चले गए।' }
            : nextActions[status];
    rows.push(
      [
        person.personId,
        person.name ?? '',
        person.nameLocal ?? '',
        person.relation ?? '',
        person.village ?? '',
        person.department ?? '',
        person.office ?? '',
        person.ddoCode ?? '',
        reason,
        entry?.registrationId ?? '',
        status ?? '',
        entry?.updatedAt ?? '',
        action.en,
        action.hi,
      ].map(neutralizeFormula),
    );
  }
  // By village (or department), then name: the order a field worker walks in.
  rows.sort((a, b) => `${a[4]}\n${a[5]}\n${a[1]}`.localeCompare(`${b[4]}\n${b[5]}\n${b[1]}`));
  const now = deps.clock.now();
  const asOf = new Date(now).toISOString();
  // Both become folders of the key: held to the place-name rule here too, whoever called.
  const key = `worklists/${campaign.campaignId}/${requirePlaceName('district', query.district)}/${requirePlaceName('block', query.block)}/${query.reason ?? 'all'}-${asOf.replace(/[:.]/g, '-')}.csv`;
  await deps.files.writeReport(key, [[...worklistColumns], ...rows], { forPeople: true });
  return {
    campaignId: campaign.campaignId,
    district: query.district,
    block: query.block,
    ...(query.reason === undefined ? {} : { reason: query.reason }),
    asOf,
    people: rows.length,
    byReason,
    url: await deps.files.reportLink(key, linkSeconds),
    expiresAt: new Date(now + linkSeconds * 1000).toISOString(),
  };
};

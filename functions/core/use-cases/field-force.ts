// The field force's use cases: workers kept by admins (the API, or a roster file: field-force-roster.ts), the
// district's assignment rules and the assignment run, reassignment by an admin, a field worker's worklist and
// visits, the segment check on registrations a field worker starts, accountability per worker, role or
// department, and the daily SMS to each worker. The rules themselves are pure (core/field-force.ts).
import { maskMobile } from '../anomalies.js';
import {
  assign,
  defaultRuleOrder,
  fieldGapReason,
  fieldNextAction,
  inSegment,
  progressRows,
  type AssignedPerson,
  type ProgressGrouping,
  type Segment,
  type SegmentKind,
  type UnassignedReason,
  type Visit,
  type VisitOutcome,
  type Worker,
  type WorkerRole,
} from '../field-force.js';
import { ForbiddenError, NotFoundError, ProviderUnavailableError, SmsRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { personFor } from '../names.js';
import { normalizeIndianMobile } from '../otp.js';
import type { Person } from '../person.js';
import { indianDay, noBlock, type GapReason } from '../progress.js';
import { findScheme, type RosterType } from '../schemes.js';
import type { ReminderClaims } from '../../ports/approvers.js';
import type { Campaign, Campaigns } from '../../ports/campaigns.js';
import type { FieldAssignment, FieldForce } from '../../ports/field-force.js';
import type { ListedPerson, People } from '../../ports/people.js';
import type { GapEntry, ProgressReader } from '../../ports/progress.js';
import type { SmsSender } from '../../ports/sms.js';
import { adminSees, listDistrict, requireAdminDistrict } from './access.js';
import { requireCampaignDistrict } from './campaigns.js';
import type { Clock } from './deps.js';
import { withinReminderHours } from './reminders.js';

const dayMs = 86_400_000;

export interface FieldForceDeps {
  readonly fieldForce: FieldForce;
  readonly campaigns: Campaigns;
  readonly people: Pick<People, 'inBlock' | 'eligible' | 'getPerson'>;
  readonly progress: Pick<ProgressReader, 'gap'>;
  readonly clock: Clock;
}

export type WorkerView = Omit<Worker, 'mobile'> & { readonly mobileMasked: string };

export const workerView = ({ mobile, ...worker }: Worker): WorkerView => ({ ...worker, mobileMasked: maskMobile(mobile) });

export interface WorkerInput {
  readonly name: string;
  readonly role: WorkerRole;
  readonly department: string;
  readonly district: string;
  readonly block?: string | undefined;
  readonly mobile: string;
  readonly language?: 'en' | 'hi' | undefined;
  readonly segment: Segment;
}

/** A worker as kept: the mobile normalised (a 400 INVALID_MOBILE otherwise), segment values trimmed and unique. */
export const workerOf = (workerId: string, input: WorkerInput, by: string, at: number): Worker => {
  const mobile = normalizeIndianMobile(input.mobile);
  if (mobile === undefined)
    throw new ValidationError({ code: 'INVALID_MOBILE', message: 'The mobile number must be a 10-digit Indian mobile number.' });
  const values = [...new Set(input.segment.values.map((value) => value.trim()).filter((value) => value !== ''))];
  if (values.length === 0)
    throw new ValidationError({ code: 'SEGMENT_EMPTY', message: 'Say what the worker answers for: at least one segment value.' });
  return {
    workerId,
    name: input.name,
    role: input.role,
    department: input.department,
    district: input.district,
    ...(input.block === undefined ? {} : { block: input.block }),
    mobile,
    language: input.language ?? 'hi',
    segment: { kind: input.segment.kind, values },
    updatedAt: new Date(at).toISOString(),
    updatedBy: by,
  };
};

export const putWorker = async (
  deps: Pick<FieldForceDeps, 'fieldForce' | 'clock'>,
  caller: Caller,
  workerId: string,
  input: WorkerInput,
) => {
  requireAdminDistrict(caller, input.district);
  const existing = await deps.fieldForce.getWorker(workerId);
  // A worker moves district only by an admin of the district they are in now.
  if (existing !== undefined) requireAdminDistrict(caller, existing.district);
  const worker = workerOf(workerId, input, caller.subject, deps.clock.now());
  await deps.fieldForce.putWorker(worker);
  return workerView(worker);
};

export const listWorkers = async (
  deps: Pick<FieldForceDeps, 'fieldForce'>,
  caller: Caller,
  query: { district?: string | undefined; role?: WorkerRole | undefined; limit: number; cursor?: string | undefined },
) => {
  const district = listDistrict(caller, query.district);
  const page = await deps.fieldForce.listWorkers({
    ...(district === undefined ? {} : { district }),
    ...(query.role === undefined ? {} : { role: query.role }),
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { items: page.items.map(workerView), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
};

export const putRules = async (
  deps: Pick<FieldForceDeps, 'fieldForce' | 'clock'>,
  caller: Caller,
  body: { district: string; order: readonly SegmentKind[] },
) => {
  requireAdminDistrict(caller, body.district);
  if (new Set(body.order).size !== body.order.length)
    throw new ValidationError({ code: 'RULES_REPEAT_KIND', message: 'Each segment kind may appear once in the order.' });
  const rules = {
    district: body.district,
    order: [...body.order],
    updatedAt: new Date(deps.clock.now()).toISOString(),
    updatedBy: caller.subject,
  };
  await deps.fieldForce.putRules(rules);
  return rules;
};

export const getRules = async (deps: Pick<FieldForceDeps, 'fieldForce'>, district: string) =>
  (await deps.fieldForce.getRules(district))?.order ?? defaultRuleOrder;

/** The eligible people of a campaign's district: every block of each roster type's eligible population. */
async function* eligiblePeople(deps: Pick<FieldForceDeps, 'people'>, campaign: Campaign, district: string): AsyncIterable<ListedPerson> {
  const statuses = findScheme(campaign.scheme)?.eligibleRosterStatuses ?? ['active'];
  const populations = await deps.people.eligible(campaign.scheme, district);
  for (const population of populations) {
    if (!campaign.rosterTypes.includes(population.rosterType)) continue;
    const scope = { scheme: campaign.scheme, district, rosterType: population.rosterType as RosterType };
    for (const block of Object.keys(population.byBlock)) {
      for await (const person of deps.people.inBlock(scope, block)) if (statuses.includes(person.status)) yield person;
    }
  }
}

export interface AssignmentResult {
  readonly assigned: number;
  readonly unassigned: { readonly total: number; readonly byReason: Partial<Record<UnassignedReason, number>> };
}

/** What an assignment says of its campaign and person: the roster's place and names, for the worker's list. */
const assignmentBase = (
  campaign: Pick<Campaign, 'campaignId' | 'scheme'>,
  person: Pick<Person, 'personId' | 'district' | 'block' | 'village' | 'name' | 'nameLocal'>,
) => {
  const { personId, district, block, village, name, nameLocal } = person;
  return {
    campaignId: campaign.campaignId,
    scheme: campaign.scheme,
    personId,
    district,
    ...placeAndNames({ block, village, name, nameLocal }),
  };
};

/** The place and names a roster gave, those it gave (an absent field is left out, not written as undefined). */
const placeAndNames = (fields: Readonly<Record<'block' | 'village' | 'name' | 'nameLocal', string | undefined>>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<
    Record<'block' | 'village' | 'name' | 'nameLocal', string>
  >;

const sameAssignment = (a: Omit<FieldAssignment, 'lastVisit' | 'assignedAt'>, b: FieldAssignment | undefined): boolean =>
  b !== undefined &&
  a.workerId === b.workerId &&
  a.rule === b.rule &&
  a.unassignedReason === b.unassignedReason &&
  a.block === b.block &&
  a.village === b.village &&
  a.name === b.name &&
  a.nameLocal === b.nameLocal;

/**
 * Gives every eligible person of a campaign's district one responsible worker by the district's rules, or names
 * why not. A person an admin reassigned keeps their worker; an assignment that did not change is not rewritten.
 */
export const assignDistrict = async (deps: FieldForceDeps, campaign: Campaign, district: string): Promise<AssignmentResult> => {
  const [order, workers, existing] = await Promise.all([
    getRules(deps, district),
    deps.fieldForce.workersOf(district),
    deps.fieldForce.assignmentsIn(campaign.campaignId, district),
  ]);
  const before = new Map(existing.map((assignment) => [assignment.personId, assignment]));
  const at = new Date(deps.clock.now()).toISOString();
  let assigned = 0;
  const byReason: Partial<Record<UnassignedReason, number>> = {};
  for await (const person of eligiblePeople(deps, campaign, district)) {
    const previous = before.get(person.personId);
    const kept = previous?.assignedBy === 'admin' && workers.some((worker) => worker.workerId === previous.workerId);
    const chosen = kept ? undefined : assign(person, order, workers);
    const next = {
      ...assignmentBase(campaign, { ...person, district }),
      ...(chosen === undefined
        ? { workerId: previous?.workerId as string, assignedBy: 'admin' as const }
        : 'workerId' in chosen
          ? { workerId: chosen.workerId, rule: chosen.kind, assignedBy: 'rules' as const }
          : { unassignedReason: chosen.reason, assignedBy: 'rules' as const }),
    };
    if (chosen !== undefined && 'reason' in chosen) byReason[chosen.reason] = (byReason[chosen.reason] ?? 0) + 1;
    else assigned += 1;
    if (!sameAssignment(next, previous)) await deps.fieldForce.putAssignment({ ...next, assignedAt: at });
  }
  const total = Object.values(byReason).reduce((sum, count) => sum + count, 0);
  return { assigned, unassigned: { total, byReason } };
};

export const runAssignment = async (deps: FieldForceDeps, caller: Caller, campaignId: string, district: string) =>
  assignDistrict(deps, await requireCampaignDistrict(deps, caller, campaignId, district), district);

/**
 * After a roster import (eligible people or field force) of a district: every campaign of the district assigned
 * again. A district without a field force is left alone (no assignment items for lakhs of people nobody answers for).
 */
export const assignAfterImport = async (deps: FieldForceDeps, district: string, scheme?: string): Promise<AssignmentResult[]> => {
  const results: AssignmentResult[] = [];
  if ((await deps.fieldForce.listWorkers({ district, limit: 1 })).items.length === 0) return results;
  for (const campaign of await campaignsOf(deps, district))
    if (scheme === undefined || campaign.scheme === scheme) results.push(await assignDistrict(deps, campaign, district));
  return results;
};

const campaignsOf = async (deps: Pick<FieldForceDeps, 'campaigns'>, district: string): Promise<Campaign[]> =>
  (await deps.campaigns.list()).filter((campaign) => campaign.districts.includes(district));

/** An admin makes a worker of the person's district responsible for them (kept by later assignment runs). */
export const reassign = async (deps: FieldForceDeps, caller: Caller, personKey: string, body: { campaignId: string; workerId: string }) => {
  const campaign = await deps.campaigns.get(body.campaignId);
  const person = campaign === undefined ? undefined : await deps.people.getPerson(campaign.scheme, personKey);
  // Another district's person is answered as no person: nothing tells an admin whom another roster holds.
  if (
    campaign === undefined ||
    person === undefined ||
    !campaign.districts.includes(person.district) ||
    !adminSees(caller, person.district)
  )
    throw new NotFoundError({ code: 'PERSON_NOT_FOUND', message: 'No such person on this campaign’s rosters.' });
  const worker = await deps.fieldForce.getWorker(body.workerId);
  if (worker === undefined || worker.district !== person.district)
    throw new NotFoundError({ code: 'WORKER_NOT_FOUND', message: `No worker ${body.workerId} in ${person.district}.` });
  const assignment = {
    ...assignmentBase(campaign, person),
    workerId: worker.workerId,
    assignedBy: 'admin' as const,
    assignedAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.fieldForce.putAssignment(assignment);
  const { campaignId, personId, district, workerId, assignedBy, assignedAt } = assignment;
  return { campaignId, personId, district, workerId, assignedBy, assignedAt };
};

// ---- The field worker ---------------------------------------------------------------------------------------

/** The caller's worker record; a token naming no worker on the roster gets 404 WORKER_NOT_FOUND. */
export const requireWorker = async (deps: { readonly fieldForce: Pick<FieldForce, 'getWorker'> }, caller: Caller): Promise<Worker> => {
  const worker = caller.workerId === undefined ? undefined : await deps.fieldForce.getWorker(caller.workerId);
  if (worker === undefined)
    throw new NotFoundError({ code: 'WORKER_NOT_FOUND', message: 'This token names no field worker on the field-force roster.' });
  return worker;
};

/** A campaign of the worker's district (404 CAMPAIGN_NOT_FOUND otherwise, as for no campaign). */
const workerCampaign = async (deps: Pick<FieldForceDeps, 'campaigns'>, worker: Worker, campaignId: string): Promise<Campaign> => {
  const campaign = await deps.campaigns.get(campaignId);
  if (campaign === undefined || !campaign.districts.includes(worker.district))
    throw new NotFoundError({ code: 'CAMPAIGN_NOT_FOUND', message: 'No such campaign.' });
  return campaign;
};

/** The started registrations of the blocks of `assignments`, by person (carded ones included). */
const progressOf = async (
  deps: Pick<FieldForceDeps, 'progress'>,
  scheme: string,
  district: string,
  assignments: readonly FieldAssignment[],
): Promise<Map<string, GapEntry>> => {
  const entries = new Map<string, GapEntry>();
  for (const block of new Set(assignments.map((assignment) => assignment.block ?? noBlock)))
    for await (const entry of deps.progress.gap(scheme, district, block)) entries.set(entry.personId, entry);
  return entries;
};

const reasonOf = (assignment: FieldAssignment, entry: GapEntry | undefined): GapReason | 'carded' =>
  fieldGapReason({
    ...(entry === undefined ? {} : { progressKey: entry.key, progressAt: entry.updatedAt }),
    ...(assignment.lastVisit === undefined ? {} : { lastVisit: assignment.lastVisit }),
    assigned: assignment.workerId !== undefined,
  });

export const fieldWorklist = async (deps: FieldForceDeps, caller: Caller, campaignId: string) => {
  const worker = await requireWorker(deps, caller);
  const campaign = await workerCampaign(deps, worker, campaignId);
  const assignments = await deps.fieldForce.assignmentsOf(campaign.campaignId, worker.workerId);
  const entries = await progressOf(deps, campaign.scheme, worker.district, assignments);
  const counts = { assigned: assignments.length, pending: 0, carded: 0, byReason: {} as Partial<Record<GapReason, number>> };
  const items = [];
  for (const assignment of assignments) {
    const entry = entries.get(assignment.personId);
    const reason = reasonOf(assignment, entry);
    if (reason === 'carded') {
      counts.carded += 1;
      continue;
    }
    counts.pending += 1;
    counts.byReason[reason] = (counts.byReason[reason] ?? 0) + 1;
    // The worker visits these people: their names whole (a worker lists only the people they answer for).
    items.push({
      personKey: assignment.personId,
      ...placeAndNames({ name: assignment.name, nameLocal: assignment.nameLocal, block: assignment.block, village: assignment.village }),
      reason,
      nextAction: fieldNextAction(reason, entry?.key),
      ...(entry === undefined ? {} : { registrationId: entry.registrationId }),
      ...(assignment.lastVisit === undefined ? {} : { lastVisit: { outcome: assignment.lastVisit.outcome, at: assignment.lastVisit.at } }),
    });
  }
  return { worker: workerView(worker), counts, items };
};

/** A visit's outcome, for a person the worker answers for (another's person: 404, as a person not on the roster). */
export const recordVisit = async (
  deps: FieldForceDeps,
  caller: Caller,
  body: { campaignId: string; personKey: string; outcome: VisitOutcome; note?: string | undefined },
) => {
  const worker = await requireWorker(deps, caller);
  const campaign = await workerCampaign(deps, worker, body.campaignId);
  const assignment = await deps.fieldForce.getAssignment(campaign.campaignId, campaign.scheme, body.personKey);
  if (assignment?.workerId !== worker.workerId)
    throw new NotFoundError({ code: 'PERSON_NOT_FOUND', message: 'No such person among the people you are responsible for.' });
  const visit: Visit = {
    outcome: body.outcome,
    at: new Date(deps.clock.now()).toISOString(),
    workerId: worker.workerId,
    ...(body.note === undefined ? {} : { note: body.note }),
  };
  await deps.fieldForce.recordVisit(assignment, visit);
  const entries = await progressOf(deps, campaign.scheme, assignment.district, [assignment]);
  const reason = reasonOf({ ...assignment, lastVisit: visit }, entries.get(assignment.personId));
  return { personKey: assignment.personId, outcome: visit.outcome, at: visit.at, reason };
};

/**
 * A field worker registers only people their segment holds: 403 OUT_OF_SEGMENT otherwise (the person is on the
 * roster; the worker is told it is not theirs, not that it does not exist, as a camp operator would be).
 */
export const requireInSegment = async (
  deps: { readonly fieldForce: Pick<FieldForce, 'getWorker'> },
  caller: Caller,
  person: Person,
): Promise<string> => {
  const worker = await requireWorker(deps, caller);
  if (worker.district !== person.district || !inSegment(person, worker))
    throw new ForbiddenError({
      code: 'OUT_OF_SEGMENT',
      message: 'This person is not in the segment you answer for: their own field worker or a camp registers them.',
    });
  return worker.workerId;
};

// ---- Accountability -----------------------------------------------------------------------------------------

export const fieldProgress = async (
  deps: FieldForceDeps,
  caller: Caller,
  query: { campaignId: string; district: string; groupBy: ProgressGrouping },
) => {
  const campaign = await requireCampaignDistrict(deps, caller, query.campaignId, query.district);
  const now = deps.clock.now();
  const weekStart = new Date(now - 7 * dayMs).toISOString();
  const [workers, assignments, visits] = await Promise.all([
    deps.fieldForce.workersOf(query.district),
    deps.fieldForce.assignmentsIn(campaign.campaignId, query.district),
    deps.fieldForce.visitsSince(campaign.campaignId, query.district, weekStart),
  ]);
  const entries = await progressOf(deps, campaign.scheme, query.district, assignments);
  const people: AssignedPerson[] = assignments.flatMap((assignment) => {
    if (assignment.workerId === undefined) return [];
    const entry = entries.get(assignment.personId);
    const reason = reasonOf(assignment, entry);
    return [
      { workerId: assignment.workerId, reason, ...(reason === 'carded' && entry !== undefined ? { cardedAt: entry.updatedAt } : {}) },
    ];
  });
  const items = progressRows(query.groupBy, workers, people, visits, weekStart);
  const unassigned = assignments.filter((assignment) => assignment.workerId === undefined).length;
  return {
    asOf: new Date(now).toISOString(),
    campaignId: campaign.campaignId,
    district: query.district,
    groupBy: query.groupBy,
    unassigned,
    items,
    total: items.length,
  };
};

/** The people of one worker still pending in a campaign (for their daily SMS). */
const pendingOf = async (deps: FieldForceDeps, campaign: Campaign, worker: Worker): Promise<number> => {
  const assignments = await deps.fieldForce.assignmentsOf(campaign.campaignId, worker.workerId);
  const entries = await progressOf(deps, campaign.scheme, worker.district, assignments);
  return assignments.filter((assignment) => reasonOf(assignment, entries.get(assignment.personId)) !== 'carded').length;
};

export interface WorkerDailyDeps extends FieldForceDeps {
  readonly claims: ReminderClaims;
  readonly sms: SmsSender;
}

/** What one run sends at most: the rest go on the next run of the day (each worker is claimed per day). */
export const workerDailyPolicy = { workersPerRun: 200, claimKeptMs: 3 * dayMs } as const;

/**
 * The daily SMS to each field worker with people pending (across the open campaigns of their district): claimed
 * per worker and Indian day before it is sent, so a sweep run again, or two at once, sends nothing twice; a claim
 * is given back when the gateway fails. Within the hours approvers' reminders go out.
 */
export const sendWorkerDaily = async (deps: WorkerDailyDeps): Promise<{ sent: number; failed: number }> => {
  const now = deps.clock.now();
  if (!withinReminderHours(now)) return { sent: 0, failed: 0 };
  const today = indianDay(now);
  let sent = 0;
  let failed = 0;
  let cursor: string | undefined;
  let seen = 0;
  const campaignsByDistrict = new Map<string, Campaign[]>();
  do {
    const page = await deps.fieldForce.allWorkers(100, cursor);
    cursor = page.cursor;
    for (const worker of page.items) {
      if (seen >= workerDailyPolicy.workersPerRun) return { sent, failed };
      seen += 1;
      const campaigns = campaignsByDistrict.get(worker.district) ?? (await campaignsOf(deps, worker.district));
      campaignsByDistrict.set(worker.district, campaigns);
      const open = campaigns.filter((campaign) => campaign.startDate <= today && campaign.endDate >= today);
      let pending = 0;
      for (const campaign of open) pending += await pendingOf(deps, campaign, worker);
      if (pending === 0) continue;
      const claim = `field-worker-daily#${worker.workerId}#${today}`;
      if (!(await deps.claims.claim(claim, new Date(now + workerDailyPolicy.claimKeptMs)))) continue;
      try {
        await deps.sms.send({
          to: worker.mobile,
          template: 'field-worker-daily',
          language: worker.language,
          variables: { pending: String(pending) },
        });
        sent += 1;
      } catch (error) {
        if (!(error instanceof ProviderUnavailableError || error instanceof SmsRejectedError)) throw error;
        await deps.claims.release(claim);
        failed += 1;
      }
    }
  } while (cursor !== undefined);
  return { sent, failed };
};

/** Names in admin lists as core/names.ts masks them. */
export const namedFor = (caller: Caller, assignment: FieldAssignment) =>
  personFor(caller, assignment.district, assignment.personId, { name: assignment.name, nameLocal: assignment.nameLocal });

// Camps: planned by a district's admin from a catchment of the campaign's rosters (its target list is the
// catchment's eligible people without a card, read once when the camp is planned), invitations sent once per
// person, check-ins and those turned away recorded by the camp's operators, registrations started there counted,
// and the outcome and follow-up list read back. Names are masked per core/names.ts; a mobile is never answered
// whole, and an opted-out mobile (kept only as its keyed hash) is never sent an invitation.
import { createHash } from 'node:crypto';
import { mobileToken, maskMobile } from '../anomalies.js';
import {
  campDatesProblem,
  campOutcome,
  campStatusOn,
  catchmentIsEmpty,
  followUpColumns,
  inCatchment,
  inState,
  matchesSearch,
  notCome,
  outcomeRows,
  targetReason,
  villagesOnly,
  type Camp,
  type CampOutcome,
  type CampTarget,
  type CampPlan,
  type CampStatus,
  type TargetState,
  type TurnedAwayReason,
} from '../camps.js';
import { ConflictError, NotFoundError, ProviderUnavailableError, RefusedError, SmsRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { personFor } from '../names.js';
import { normalizeIndianMobile, otpPolicy } from '../otp.js';
import { indianDay } from '../progress.js';
import { findScheme, type RosterType } from '../schemes.js';
import type { Campaigns } from '../../ports/campaigns.js';
import type { Camps, SmsOptOuts } from '../../ports/camps.js';
import type { MobileSendCounts } from '../../ports/otp-guards.js';
import type { People, ScopedPerson } from '../../ports/people.js';
import type { ProgressReader } from '../../ports/progress.js';
import type { Registry } from '../../ports/registry.js';
import type { RosterFiles } from '../../ports/roster-files.js';
import type { SmsSender } from '../../ports/sms.js';
import { adminSees, listDistrict } from './access.js';
import { requireCampaignDistrict } from './campaigns.js';
import { requestHash, requireIdempotencyKey } from './start-registration.js';
import type { Clock, Keys } from './deps.js';

/** What a camp may hold and send, and for how long its files are linked. */
export const campPolicy = {
  /** A camp serves a few villages or offices: a catchment past this is a block's worklist, not a camp. */
  maxTargets: 5000,
  /** Invitations one call sends; the rest are deferred to the next call (each call is seconds, not minutes). */
  invitationsPerCall: 200,
  linkSeconds: 15 * 60,
} as const;

export interface CampDeps {
  readonly campaigns: Campaigns;
  readonly camps: Camps;
  readonly optOuts: SmsOptOuts;
  readonly people: Pick<People, 'inBlock' | 'inScope' | 'getPerson'>;
  readonly progress: Pick<ProgressReader, 'personProgress'>;
  readonly registry: Pick<Registry, 'getRegistration'>;
  readonly sms: SmsSender;
  readonly sendCounts: MobileSendCounts;
  readonly files: Pick<RosterFiles, 'writeReport' | 'writeBytes' | 'reportLink'>;
  readonly renderPdf: (camp: CampView, outcome: CampOutcome) => Promise<Uint8Array>;
  readonly keys: () => Promise<Keys>;
  readonly clock: Clock;
}

/** What an admin plans a camp with (POST /v1/admin/camps). */
export type CampInput = CampPlan;

export type CampView = Omit<Camp, 'nodalOfficer' | 'targeted' | 'requestHash'> & {
  readonly status: CampStatus;
  readonly nodalOfficer: { readonly name: string; readonly mobileMasked: string };
};

const notFound = () => new NotFoundError({ code: 'CAMP_NOT_FOUND', message: 'No such camp, or not one of yours.' });

export const campViewOf = (camp: Camp, today: string): CampView => {
  const { nodalOfficer, targeted: _targeted, requestHash: _hash, ...rest } = camp as Camp & { requestHash?: string };
  return {
    ...rest,
    status: campStatusOn(camp, today),
    nodalOfficer: { name: nodalOfficer.name, mobileMasked: maskMobile(nodalOfficer.mobile) },
  };
};

/** The person key's own parts: a ration card or an employee id a desk can search by. */
const referenceOf = (personKey: string): Pick<CampTarget, 'rationCardNumber' | 'employeeId'> => {
  if (personKey.startsWith('rc:')) return { rationCardNumber: personKey.split(':')[1] as string };
  if (personKey.startsWith('emp:')) return { employeeId: personKey.slice('emp:'.length) };
  return {};
};

/** The catchment's eligible people of one roster: a villages-only catchment reads the camp's block, any other the district. */
async function* catchmentPeople(
  deps: Pick<CampDeps, 'people'>,
  scope: { scheme: string; district: string; rosterType: RosterType },
  input: CampInput,
): AsyncIterable<ScopedPerson & { name?: string; nameLocal?: string }> {
  if (villagesOnly(input.catchment)) {
    for await (const person of deps.people.inBlock(scope, input.block)) yield person;
    return;
  }
  yield* deps.people.inScope(scope);
}

/** The target list: the catchment's people in a status the scheme registers, without a card. */
const targetListOf = async (deps: CampDeps, scheme: string, rosterTypes: readonly string[], input: CampInput): Promise<CampTarget[]> => {
  const eligibleStatuses = findScheme(scheme)?.eligibleRosterStatuses ?? ['active'];
  const targets: CampTarget[] = [];
  for (const rosterType of rosterTypes) {
    const scope = { scheme, district: input.district, rosterType: rosterType as RosterType };
    for await (const person of catchmentPeople(deps, scope, input)) {
      if (person.removedByImport !== undefined || !eligibleStatuses.includes(person.status) || !inCatchment(person, input.catchment))
        continue;
      const progress = await deps.progress.personProgress(scheme, person.personId);
      if (progress !== undefined && targetReason(progress.key) === 'carded') continue;
      if (targets.length >= campPolicy.maxTargets)
        throw new ValidationError({
          code: 'CAMP_CATCHMENT_TOO_LARGE',
          message: `The catchment holds more than ${campPolicy.maxTargets} people without a card: plan several camps, each for fewer villages or offices.`,
        });
      const named = person.name === undefined ? await deps.people.getPerson(scheme, person.personId) : person;
      targets.push({
        personKey: person.personId,
        rosterType,
        block: person.block ?? input.block,
        ...(person.village === undefined ? {} : { village: person.village }),
        ...(named?.name === undefined ? {} : { name: named.name }),
        ...(named?.nameLocal === undefined ? {} : { nameLocal: named.nameLocal }),
        ...referenceOf(person.personId),
        onList: true,
      });
    }
  }
  return targets;
};

/** Plan a camp (the same Idempotency-Key and body again: the same camp, 200). */
export const createCamp = async (
  deps: CampDeps,
  caller: Caller,
  input: CampInput,
  idempotencyKey: string | undefined,
): Promise<{ camp: CampView; created: boolean }> => {
  // The message names what is created (`camp`); the rule is the registrations'.
  requireIdempotencyKey(idempotencyKey, 'camp' as 'registration');
  const campaign = await requireCampaignDistrict(deps, caller, input.campaignId, input.district);
  const datesProblem = campDatesProblem(input, campaign);
  if (datesProblem !== undefined) throw new ValidationError({ code: 'CAMP_DATES_INVALID', message: datesProblem });
  if (catchmentIsEmpty(input.catchment))
    throw new ValidationError({
      code: 'CAMP_CATCHMENT_EMPTY',
      message: 'Say whom the camp is for: at least one village, ration shop, office, DDO code or department in `catchment`.',
    });
  const nodalMobile = normalizeIndianMobile(input.nodalOfficer.mobile);
  if (nodalMobile === undefined)
    throw new ValidationError({ code: 'INVALID_MOBILE', message: "The nodal officer's mobile must be a 10-digit Indian mobile number." });
  const campId = createHash('sha256').update(`${campaign.campaignId}|${caller.subject}|${idempotencyKey}`).digest('hex').slice(0, 16);
  const hash = requestHash(input);
  const today = indianDay(deps.clock.now());
  const existing = (await deps.camps.get(campId)) as (Camp & { requestHash?: string }) | undefined;
  if (existing !== undefined) {
    if (existing.requestHash !== hash)
      throw new ConflictError({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used with a different request.' });
    return { camp: campViewOf(existing, today), created: false };
  }
  const targets = await targetListOf(deps, campaign.scheme, campaign.rosterTypes, input);
  const camp: Camp & { requestHash: string } = {
    ...input,
    nodalOfficer: { name: input.nodalOfficer.name, mobile: nodalMobile },
    campId,
    scheme: campaign.scheme,
    targeted: targets.length,
    createdAt: new Date(deps.clock.now()).toISOString(),
    createdBy: caller.subject,
    requestHash: hash,
  };
  const created = await deps.camps.create(camp, targets);
  return { camp: campViewOf(created ? camp : ((await deps.camps.get(campId)) ?? camp), today), created };
};

/** A camp of the admin's district (others: not found, as a camp that does not exist). */
const requireAdminCamp = async (deps: Pick<CampDeps, 'camps'>, caller: Caller, campId: string): Promise<Camp> => {
  const camp = await deps.camps.get(campId);
  if (camp === undefined || !adminSees(caller, camp.district)) throw notFound();
  return camp;
};

/** A camp the caller works at: an operator named on it, or an admin of its district. */
const requireDeskCamp = async (deps: Pick<CampDeps, 'camps'>, caller: Caller, campId: string): Promise<Camp> => {
  const camp = await deps.camps.get(campId);
  // An operator named on the camp works its desk within their own districts (a name given by mistake opens nothing).
  const named =
    caller.roles.includes('operator') && camp?.operators.includes(caller.subject) === true && caller.districts.includes(camp.district);
  if (camp === undefined || !(named || adminSees(caller, camp.district))) throw notFound();
  return camp;
};

/** The outcome: the list's figures, and the registrations started at the camp as they stand now. */
export const outcomeOf = async (deps: Pick<CampDeps, 'camps' | 'registry' | 'clock'>, camp: Camp): Promise<CampOutcome> => {
  const [targets, registrations] = await Promise.all([deps.camps.targets(camp.campId), deps.camps.registrations(camp.campId)]);
  const keys: string[] = [];
  for (const registration of registrations) {
    const stored = await deps.registry.getRegistration(registration.registrationId);
    if (stored?.progressKey !== undefined) keys.push(stored.progressKey);
  }
  const now = deps.clock.now();
  return campOutcome(targets, keys, new Date(now).toISOString(), indianDay(now));
};

export const campDetail = async (deps: CampDeps, caller: Caller, campId: string) => {
  const camp = await requireAdminCamp(deps, caller, campId);
  return { ...campViewOf(camp, indianDay(deps.clock.now())), outcome: await outcomeOf(deps, camp) };
};

export interface CampListQuery {
  readonly campaignId?: string | undefined;
  /** A district admin's own when they have one; a state admin names one. */
  readonly district?: string | undefined;
  readonly block?: string | undefined;
  /** Camps running on some day from..to (IST days). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** The calendar: a district's camps (those overlapping from..to), each with its counts. */
export const listCamps = async (deps: CampDeps, caller: Caller, query: CampListQuery) => {
  const district = listDistrict(caller, query.district);
  if (district === undefined)
    throw new ValidationError({ code: 'DISTRICT_REQUIRED', message: 'Say which district: ?district=<name>.', details: {} });
  const today = indianDay(deps.clock.now());
  const camps = (await deps.camps.inDistrict(district)).filter(
    (camp) =>
      (query.campaignId === undefined || camp.campaignId === query.campaignId) &&
      (query.block === undefined || camp.block === query.block) &&
      (query.from === undefined || camp.endsOn >= query.from) &&
      (query.to === undefined || camp.startsOn <= query.to),
  );
  const items = [];
  for (const camp of camps) {
    const outcome = await outcomeOf(deps, camp);
    items.push({
      ...campViewOf(camp, today),
      counts: {
        targeted: outcome.targeted,
        invited: outcome.invited,
        came: outcome.came,
        turnedAway: outcome.turnedAway.total,
        started: outcome.started,
        ekycDone: outcome.ekycDone,
        cards: outcome.cards,
      },
    });
  }
  return { items, total: items.length };
};

const offsetOf = (cursor: string | undefined): number => {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new ValidationError({ code: 'BAD_CURSOR', message: 'The cursor is not one this API gave out.' });
  return offset;
};

/** One page of a camp's list, each person named as the caller may see them, with their gap reason now. */
const listPage = async (
  deps: CampDeps,
  caller: Caller,
  camp: Camp,
  select: (target: CampTarget) => boolean,
  page: { limit: number; cursor?: string | undefined },
) => {
  const all = (await deps.camps.targets(camp.campId)).filter(select);
  const start = offsetOf(page.cursor);
  const items = [];
  for (const target of all.slice(start, start + page.limit)) {
    const progress = await deps.progress.personProgress(camp.scheme, target.personKey);
    items.push({
      ...personFor(caller, camp.district, target.personKey, target),
      block: target.block,
      ...(target.village === undefined ? {} : { village: target.village }),
      reason: targetReason(progress?.key),
      onList: target.onList,
      ...(target.invitedAt === undefined ? {} : { invitedAt: target.invitedAt }),
      ...(target.checkedInAt === undefined ? {} : { checkedInAt: target.checkedInAt }),
      ...(target.turnedAway === undefined
        ? {}
        : {
            turnedAway: {
              reasonCode: target.turnedAway.reasonCode,
              ...(target.turnedAway.note === undefined ? {} : { note: target.turnedAway.note }),
            },
          }),
      ...(target.registrationId === undefined ? {} : { registrationId: target.registrationId }),
    });
  }
  const next = start + page.limit < all.length ? Buffer.from(String(start + page.limit)).toString('base64url') : undefined;
  return { items, total: all.length, ...(next === undefined ? {} : { cursor: next }) };
};

export const campTargets = async (
  deps: CampDeps,
  caller: Caller,
  campId: string,
  query: { state: TargetState; limit: number; cursor?: string | undefined },
) => listPage(deps, caller, await requireAdminCamp(deps, caller, campId), (target) => inState(target, query.state), query);

/** The desk's queue: the list (and those turned away), searched by name, ration card or employee id. */
export const campQueue = async (
  deps: CampDeps,
  caller: Caller,
  campId: string,
  query: { q?: string | undefined; limit: number; cursor?: string | undefined },
) =>
  listPage(
    deps,
    caller,
    await requireDeskCamp(deps, caller, campId),
    (target) => (target.onList || target.turnedAway !== undefined) && matchesSearch(target, query.q),
    query,
  );

const istDate = (day: string) => day.split('-').reverse().join('/');

/** Invite everyone on the list not invited yet: one SMS per person per camp, ever. */
export const sendInvitations = async (deps: CampDeps, caller: Caller, campId: string) => {
  const camp = await requireAdminCamp(deps, caller, campId);
  const now = deps.clock.now();
  if (campStatusOn(camp, indianDay(now)) === 'CLOSED')
    throw new ConflictError({ code: 'CAMP_CLOSED', message: 'The camp is over: nobody is invited to it any more.' });
  const counts = { sent: 0, sharedMobile: 0, alreadyInvited: 0, optedOut: 0, noMobile: 0, deferredByLimit: 0, failed: 0 };
  const { mobileHmacKey } = await deps.keys();
  const pending: { target: CampTarget; mobile: string; token: string }[] = [];
  for (const target of await deps.camps.targets(camp.campId)) {
    if (!target.onList) continue;
    if (target.invitedAt !== undefined) {
      counts.alreadyInvited += 1;
      continue;
    }
    const person = await deps.people.getPerson(camp.scheme, target.personKey);
    const mobile = person?.mobile === undefined ? undefined : normalizeIndianMobile(person.mobile);
    if (mobile === undefined) counts.noMobile += 1;
    else pending.push({ target, mobile, token: mobileToken(mobile, mobileHmacKey) });
  }
  const optedOut = await deps.optOuts.optedOut(pending.map((item) => item.token));
  const scheme = findScheme(camp.scheme);
  const at = new Date(now).toISOString();
  // A family on one mobile gets one SMS a call: the members after the first are invited by it.
  const sentTo = new Set<string>();
  for (const { target, mobile, token } of pending) {
    if (optedOut.has(token)) {
      counts.optedOut += 1;
      continue;
    }
    if (sentTo.has(token)) {
      if (await deps.camps.markInvited(camp.campId, target.personKey, at)) counts.sharedMobile += 1;
      else counts.alreadyInvited += 1;
      continue;
    }
    // Within the call's share and the mobile's hourly SMS limit (the one OTPs are held to); the rest go next call.
    if (
      counts.sent + counts.failed >= campPolicy.invitationsPerCall ||
      !(await deps.sendCounts.countMobileSend(token, otpPolicy.maxSendsPerMobilePerHour, now))
    ) {
      counts.deferredByLimit += 1;
      continue;
    }
    if (!(await deps.camps.markInvited(camp.campId, target.personKey, at))) {
      counts.alreadyInvited += 1;
      continue;
    }
    try {
      await deps.sms.send({
        to: mobile,
        template: 'camp-invitation',
        language: 'hi',
        variables: {
          scheme: scheme?.title.hi ?? camp.scheme,
          place: camp.address,
          date: camp.startsOn === camp.endsOn ? istDate(camp.startsOn) : `${istDate(camp.startsOn)}-${istDate(camp.endsOn)}`,
          hours: `${camp.opensAt}-${camp.closesAt}`,
        },
      });
      counts.sent += 1;
      sentTo.add(token);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError || error instanceof SmsRejectedError)) throw error;
      // Not taken by the gateway: given back, so the next call sends it.
      await deps.camps.unmarkInvited(camp.campId, target.personKey, at);
      counts.failed += 1;
    }
  }
  return counts;
};

/** Opt a mobile out of invitations: only its keyed hash is stored. The same answer whoever asks, whatever the number. */
export const optOutOfSms = async (deps: Pick<CampDeps, 'optOuts' | 'keys' | 'clock'>, mobileText: string) => {
  const mobile = normalizeIndianMobile(mobileText);
  if (mobile === undefined)
    throw new ValidationError({ code: 'INVALID_MOBILE', message: 'The mobile number must be a 10-digit Indian mobile number.' });
  const { mobileHmacKey } = await deps.keys();
  await deps.optOuts.optOut(mobileToken(mobile, mobileHmacKey), new Date(deps.clock.now()).toISOString());
  return { mobileMasked: maskMobile(mobile), optedOut: true as const };
};

export interface CheckInInput {
  readonly personKey: string;
  readonly turnedAway?: { readonly reasonCode: TurnedAwayReason; readonly note?: string | undefined } | undefined;
}

/** Check a person in at the camp, or record them turned away with a reason (each once: a repeat answers the first). */
export const checkIn = async (deps: CampDeps, caller: Caller, campId: string, input: CheckInInput) => {
  const camp = await requireDeskCamp(deps, caller, campId);
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  const target = await deps.camps.target(camp.campId, input.personKey);
  if (input.turnedAway !== undefined) {
    const person =
      target ??
      (await deps.people.getPerson(camp.scheme, input.personKey).then((found) =>
        found?.district === camp.district
          ? {
              personKey: found.personId,
              rosterType: found.rosterType,
              block: found.block ?? camp.block,
              ...(found.village === undefined ? {} : { village: found.village }),
              ...(found.name === undefined ? {} : { name: found.name }),
              ...(found.nameLocal === undefined ? {} : { nameLocal: found.nameLocal }),
            }
          : { personKey: input.personKey, rosterType: 'unknown', block: camp.block },
      ));
    const { onList: _onList, turnedAway: _turned, ...fields } = person as CampTarget;
    const stored = await deps.camps.turnAway(camp.campId, fields, {
      reasonCode: input.turnedAway.reasonCode,
      ...(input.turnedAway.note === undefined ? {} : { note: input.turnedAway.note }),
      at,
      by: caller.subject,
    });
    return {
      personKey: input.personKey,
      turnedAway: { reasonCode: stored.reasonCode, ...(stored.note === undefined ? {} : { note: stored.note }), at: stored.at },
    };
  }
  if (campStatusOn(camp, indianDay(now)) !== 'OPEN')
    throw new ConflictError({
      code: 'CAMP_NOT_OPEN',
      message: `The camp runs ${camp.startsOn} to ${camp.endsOn}: check people in on its days.`,
    });
  if (target === undefined || !target.onList)
    throw new RefusedError({
      code: 'NOT_ON_CAMP_LIST',
      message: "This person is not on the camp's list: register them if the roster has them, or record them turned away (NOT_ON_LIST).",
    });
  return { personKey: input.personKey, checkedInAt: await deps.camps.checkIn(camp.campId, input.personKey, at) };
};

/** A registration tagged with a camp: the camp must exist (400 UNKNOWN_CAMP otherwise, before anything starts). */
export const requireKnownCamp = async (deps: Pick<CampDeps, 'camps'>, campId: string): Promise<Camp> => {
  const camp = /^[0-9a-f]{16}$/.test(campId) ? await deps.camps.get(campId) : undefined;
  if (camp === undefined)
    throw new ValidationError({
      code: 'UNKNOWN_CAMP',
      message: `No camp ${campId}: send the campId the camp's page gives, or leave it out.`,
    });
  return camp;
};

/** Count a registration started at a camp in its outcome. */
export const recordCampRegistration = async (
  deps: Pick<CampDeps, 'camps' | 'clock'>,
  camp: Camp,
  personKey: string,
  registrationId: string,
): Promise<void> => {
  await deps.camps.addRegistration(camp.campId, { personKey, registrationId, at: new Date(deps.clock.now()).toISOString() });
};

/** The outcome, or the outcome written as a CSV or a PDF with a 15-minute link. */
export const campOutcomeReport = async (deps: CampDeps, caller: Caller, campId: string, format: 'json' | 'csv' | 'pdf' | undefined) => {
  const camp = await requireAdminCamp(deps, caller, campId);
  const outcome = await outcomeOf(deps, camp);
  if (format === undefined || format === 'json') return outcome;
  const now = deps.clock.now();
  const key = `camps/${camp.campId}/outcome-${outcome.asOf.replace(/[:.]/g, '-')}.${format}`;
  if (format === 'csv') await deps.files.writeReport(key, outcomeRows(camp, outcome));
  else await deps.files.writeBytes(key, await deps.renderPdf(campViewOf(camp, indianDay(now)), outcome), 'application/pdf');
  return {
    ...outcome,
    url: await deps.files.reportLink(key, campPolicy.linkSeconds),
    expiresAt: new Date(now + campPolicy.linkSeconds * 1000).toISOString(),
  };
};

/** The follow-up list (invited, did not come) as a CSV, named in full for the field (district admins only see it whole). */
export const followUpCsv = async (deps: CampDeps, caller: Caller, campId: string) => {
  const camp = await requireAdminCamp(deps, caller, campId);
  const rows: string[][] = [];
  for (const target of (await deps.camps.targets(camp.campId)).filter(notCome)) {
    const progress = await deps.progress.personProgress(camp.scheme, target.personKey);
    const named = personFor(caller, camp.district, target.personKey, target);
    rows.push([
      target.personKey,
      named.name ?? '',
      named.nameLocal ?? '',
      target.block,
      target.village ?? '',
      target.invitedAt ?? '',
      targetReason(progress?.key),
    ]);
  }
  const now = deps.clock.now();
  const key = `camps/${camp.campId}/follow-up-${new Date(now).toISOString().replace(/[:.]/g, '-')}.csv`;
  await deps.files.writeReport(key, [[...followUpColumns], ...rows], { forPeople: true });
  return {
    campId: camp.campId,
    people: rows.length,
    url: await deps.files.reportLink(key, campPolicy.linkSeconds),
    expiresAt: new Date(now + campPolicy.linkSeconds * 1000).toISOString(),
  };
};

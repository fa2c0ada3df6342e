// Camps: a registration camp of a campaign at one place for some days, with its catchment (the roster segment it
// serves), its target list (the catchment's eligible people without a card), invitations, check-ins and those
// turned away, and its outcome. Pure: the rules a camp is held to and the figures it answers.
import { gapReasonOf, funnelOf, type GapReason } from './progress.js';

export const campPlaceKinds = ['office', 'pds-shop', 'panchayat-bhawan', 'school', 'csc', 'hospital'] as const;
export type CampPlaceKind = (typeof campPlaceKinds)[number];

export const turnedAwayReasons = [
  'NOT_ON_LIST',
  'NOT_ELIGIBLE',
  'NO_AADHAAR',
  'AADHAAR_MOBILE_NOT_LINKED',
  'NO_MOBILE',
  'CAMP_CLOSED',
  'OTHER',
] as const;
export type TurnedAwayReason = (typeof turnedAwayReasons)[number];

export const campStatuses = ['PLANNED', 'OPEN', 'CLOSED'] as const;
export type CampStatus = (typeof campStatuses)[number];

export interface Catchment {
  readonly villages?: readonly string[];
  readonly rationShops?: readonly string[];
  readonly offices?: readonly string[];
  readonly ddoCodes?: readonly string[];
  readonly departments?: readonly string[];
}

/** What names a camp and where it is, its days (yyyy-mm-dd, IST) and hours (HH:MM, IST): text fields of a plan. */
type PlanTexts = Readonly<
  Record<'campaignId' | 'name' | 'address' | 'district' | 'block' | 'startsOn' | 'endsOn' | 'opensAt' | 'closesAt', string>
>;

/**
 * A camp as planned (`block` as the roster names it: a villages-only catchment is read from it). The nodal
 * officer's mobile is kept (to reach them), never answered whole.
 */
export interface CampPlan extends PlanTexts {
  readonly placeKind: CampPlaceKind;
  readonly village?: string | undefined;
  readonly ward?: string | undefined;
  readonly nodalOfficer: { readonly name: string; readonly mobile: string };
  readonly operators: readonly string[];
  readonly catchment: Catchment;
}

/** A camp as stored: its plan, the campaign's scheme, how many its list holds, who planned it and when. */
export interface Camp extends CampPlan {
  readonly campId: string;
  readonly scheme: string;
  readonly targeted: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** One person of a camp's list: on the target list, or turned away at the camp without being on it. */
export interface CampTarget {
  readonly personKey: string;
  readonly rosterType: string;
  readonly name?: string;
  readonly nameLocal?: string;
  readonly block: string;
  readonly village?: string;
  readonly rationCardNumber?: string;
  readonly employeeId?: string;
  /** False for someone turned away who was not on the target list. */
  readonly onList: boolean;
  readonly invitedAt?: string;
  readonly checkedInAt?: string;
  readonly turnedAway?: { readonly reasonCode: TurnedAwayReason; readonly note?: string; readonly at: string; readonly by: string };
  readonly registrationId?: string;
}

/** The person fields a catchment is matched on (a roster that gives a ration shop is matched on it too). */
export type CatchmentFields = Partial<Readonly<Record<'village' | 'office' | 'ddoCode' | 'department' | 'rationShop', string>>>;

const folded = (text: string) => text.normalize('NFC').trim().toLocaleLowerCase('en-IN');
const among = (value: string | undefined, list: readonly string[] | undefined) =>
  value !== undefined && list !== undefined && list.some((item) => folded(item) === folded(value));

export const catchmentIsEmpty = (catchment: Catchment): boolean =>
  [catchment.villages, catchment.rationShops, catchment.offices, catchment.ddoCodes, catchment.departments].every(
    (list) => list === undefined || list.length === 0,
  );

/** Whether the catchment only names villages (read from the camp's block; any other list reads the district). */
export const villagesOnly = (catchment: Catchment): boolean =>
  (catchment.villages?.length ?? 0) > 0 &&
  [catchment.rationShops, catchment.offices, catchment.ddoCodes, catchment.departments].every((list) => (list?.length ?? 0) === 0);

/** A person is in the catchment when any one of its lists names their village, ration shop, office, DDO code or department. */
export const inCatchment = (person: CatchmentFields, catchment: Catchment): boolean =>
  among(person.village, catchment.villages) ||
  among(person.rationShop, catchment.rationShops) ||
  among(person.office, catchment.offices) ||
  among(person.ddoCode, catchment.ddoCodes) ||
  among(person.department, catchment.departments);

/** Why a camp's dates or hours cannot be: undefined when they are sound. */
export const campDatesProblem = (
  camp: Pick<Camp, 'startsOn' | 'endsOn' | 'opensAt' | 'closesAt'>,
  campaign: { readonly startDate: string; readonly endDate: string },
): string | undefined => {
  if (camp.endsOn < camp.startsOn) return `The camp ends (${camp.endsOn}) before it starts (${camp.startsOn}).`;
  if (camp.startsOn < campaign.startDate || camp.endsOn > campaign.endDate)
    return `The camp's days must fall within the campaign's, ${campaign.startDate} to ${campaign.endDate}.`;
  if (camp.closesAt <= camp.opensAt) return `The camp closes (${camp.closesAt}) before it opens (${camp.opensAt}).`;
  return undefined;
};

/** Planned before its first day, open through its last (IST), closed after. */
export const campStatusOn = (camp: Pick<Camp, 'startsOn' | 'endsOn'>, today: string): CampStatus =>
  today < camp.startsOn ? 'PLANNED' : today > camp.endsOn ? 'CLOSED' : 'OPEN';

export const targetStates = ['all', 'not-invited', 'invited', 'came', 'turned-away', 'not-come'] as const;
export type TargetState = (typeof targetStates)[number];

/** Came: checked in, or registered at the camp, and not turned away. */
export const came = (target: CampTarget): boolean =>
  target.turnedAway === undefined && (target.checkedInAt !== undefined || target.registrationId !== undefined);

/** The follow-up list: invited, and neither came nor was turned away. */
export const notCome = (target: CampTarget): boolean => target.invitedAt !== undefined && !came(target) && target.turnedAway === undefined;

export const inState = (target: CampTarget, state: TargetState): boolean => {
  switch (state) {
    case 'all':
      return target.onList;
    case 'not-invited':
      return target.onList && target.invitedAt === undefined;
    case 'invited':
      return target.invitedAt !== undefined;
    case 'came':
      return came(target);
    case 'turned-away':
      return target.turnedAway !== undefined;
    case 'not-come':
      return notCome(target);
  }
};

/** Whether a queue search (a name, a ration card or an employee id, any part of it) finds the person. */
export const matchesSearch = (target: CampTarget, q: string | undefined): boolean => {
  if (q === undefined || q.trim() === '') return true;
  const needle = folded(q);
  return [target.name, target.nameLocal, target.rationCardNumber, target.employeeId, target.personKey].some(
    (field) => field !== undefined && folded(field).includes(needle),
  );
};

export interface CampOutcome {
  readonly asOf: string;
  readonly targeted: number;
  readonly invited: number;
  readonly came: number;
  readonly turnedAway: { readonly total: number; readonly byReason: Readonly<Partial<Record<TurnedAwayReason, number>>> };
  readonly started: number;
  readonly ekycDone: number;
  readonly blocked: { readonly total: number; readonly byReason: Readonly<Partial<Record<GapReason, number>>> };
  readonly cards: number;
  readonly notCome: number;
}

/**
 * The outcome from the camp's list and the progress keys of the registrations started at the camp (one per
 * person, their registration's current key): the registration figures are the progress view's own rules.
 */
export const campOutcome = (
  targets: readonly CampTarget[],
  registrationKeys: readonly string[],
  asOf: string,
  today: string,
): CampOutcome => {
  const counts: Record<string, number> = {};
  for (const key of registrationKeys) counts[key] = (counts[key] ?? 0) + 1;
  const funnel = funnelOf(counts, 0, today);
  const turnedAwayByReason: Partial<Record<TurnedAwayReason, number>> = {};
  for (const target of targets)
    if (target.turnedAway !== undefined)
      turnedAwayByReason[target.turnedAway.reasonCode] = (turnedAwayByReason[target.turnedAway.reasonCode] ?? 0) + 1;
  const sum = (record: Readonly<Record<string, number | undefined>>) => Object.values(record).reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    asOf,
    targeted: targets.filter((target) => target.onList).length,
    invited: targets.filter((target) => target.invitedAt !== undefined).length,
    came: targets.filter(came).length,
    turnedAway: { total: sum(turnedAwayByReason), byReason: turnedAwayByReason },
    started: funnel.started,
    ekycDone: funnel.ekycDone,
    blocked: { total: sum(funnel.blocked), byReason: funnel.blocked },
    cards: funnel.issued,
    notCome: targets.filter(notCome).length,
  };
};

/** A target's gap reason from their progress key (none: not started). */
export const targetReason = (key: string | undefined): GapReason | 'carded' => (key === undefined ? 'not-started' : gapReasonOf(key));

/** The outcome as the CSV's rows: figure, value, and the figure in Hindi. */
export const outcomeRows = (camp: Pick<Camp, 'name' | 'district' | 'block' | 'startsOn' | 'endsOn'>, outcome: CampOutcome): string[][] => [
  ['figure', 'value', 'आँकड़ा'],
  ['camp', camp.name, 'शिविर'],
  ['place', `${camp.district} / ${camp.block}`, 'स्थान'],
  ['days', `${camp.startsOn} to ${camp.endsOn}`, 'दिन'],
  ['as of', outcome.asOf, 'तक'],
  ['targeted', String(outcome.targeted), 'लक्षित'],
  ['invited', String(outcome.invited), 'आमंत्रित'],
  ['came', String(outcome.came), 'आए'],
  ['turned away', String(outcome.turnedAway.total), 'लौटाए गए'],
  ...Object.entries(outcome.turnedAway.byReason).map(([reason, count]) => [`turned away: ${reason}`, String(count), 'लौटाए गए']),
  ['registrations started', String(outcome.started), 'पंजीकरण शुरू'],
  ['e-KYC done', String(outcome.ekycDone), 'ई-केवाईसी पूर्ण'],
  ['blocked', String(outcome.blocked.total), 'रुके हुए'],
  ...Object.entries(outcome.blocked.byReason).map(([reason, count]) => [`blocked: ${reason}`, String(count), 'रुके हुए']),
  ['cards', String(outcome.cards), 'कार्ड'],
  ['did not come', String(outcome.notCome), 'नहीं आए'],
];

export const followUpColumns = ['person id', 'name', 'name (Hindi)', 'block', 'village', 'invited at', 'reason'] as const;

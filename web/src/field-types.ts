// Camps, the field force and beneficiary categories (issue 18) as the dashboard reads them: written to the routes'
// published contract (docs/camps.md, docs/field-force.md, docs/categories.md). The code lists below are the values
// the views label; each is checked against en.ts's labels by the compiler (LabelledValues).

/** Where a camp is held. */
export const placeKinds = ['office', 'pds-shop', 'panchayat-bhawan', 'school', 'csc', 'hospital'] as const;
export type PlaceKind = (typeof placeKinds)[number];

/** A camp's status, from its dates. */
export type CampStatus = 'PLANNED' | 'OPEN' | 'CLOSED';

/** Why a person at a camp was turned away. */
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

/** The states a camp's target list is filtered by; `not-come` is the follow-up list. */
export const targetStates = ['all', 'not-invited', 'invited', 'came', 'turned-away', 'not-come'] as const;
export type TargetState = (typeof targetStates)[number];

export interface Catchment {
  readonly villages?: readonly string[];
  readonly rationShops?: readonly string[];
  readonly offices?: readonly string[];
  readonly ddoCodes?: readonly string[];
  readonly departments?: readonly string[];
}

/** POST /v1/admin/camps answers with it; GET …/camps lists it with its counts. The nodal officer's mobile comes masked. */
export interface Camp {
  readonly campId: string;
  readonly campaignId: string;
  readonly name: string;
  readonly placeKind: PlaceKind;
  readonly address: string;
  readonly district: string;
  readonly block: string;
  readonly village?: string;
  readonly ward?: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly nodalOfficer: { readonly name: string; readonly mobileMasked?: string };
  readonly operators: readonly string[];
  readonly catchment: Catchment;
  readonly status: CampStatus;
}

/** A camp's counts on the calendar. */
export interface CampCounts {
  readonly targeted: number;
  readonly invited: number;
  readonly came: number;
  readonly turnedAway: number;
  readonly started: number;
  readonly ekycDone: number;
  readonly cards: number;
}
export const campCountKeys = [
  'targeted',
  'invited',
  'came',
  'turnedAway',
  'started',
  'ekycDone',
  'cards',
] as const satisfies readonly (keyof CampCounts)[];

export type CampListItem = Camp & { readonly counts: CampCounts };
export interface CampList {
  readonly items: readonly CampListItem[];
  readonly cursor?: string;
  readonly total?: number;
}

/** GET /v1/admin/camps/{campId}/outcome: what the camp did, as of a time. */
export interface CampOutcome {
  readonly asOf: string | null;
  readonly targeted: number;
  readonly invited: number;
  readonly came: number;
  readonly turnedAway: { readonly total: number; readonly byReason: Readonly<Record<string, number>> };
  readonly started: number;
  readonly ekycDone: number;
  /** By gap reason (the gap ledger's). */
  readonly blocked: { readonly total: number; readonly byReason: Readonly<Record<string, number>> };
  readonly cards: number;
  readonly notCome: number;
}
/** The outcome's figures drawn as bars, in the order a camp works through them. */
export const outcomeFigures = [
  'targeted',
  'invited',
  'came',
  'started',
  'ekycDone',
  'cards',
  'notCome',
] as const satisfies readonly (keyof CampOutcome)[];

export type CampDetail = Camp & { readonly outcome: CampOutcome };

/** One person of a camp's target list (names masked as the caller's role requires). */
export interface CampTarget {
  readonly personKey: string;
  readonly name: string;
  readonly block: string;
  readonly village?: string;
  readonly reason: string;
  readonly invitedAt?: string;
  readonly checkedInAt?: string;
  readonly turnedAway?: { readonly reasonCode: string; readonly note?: string };
  readonly registrationId?: string;
}
export interface CampTargetsPage {
  readonly items: readonly CampTarget[];
  readonly cursor?: string;
  readonly total?: number;
}

export interface CheckInAnswer {
  readonly personKey: string;
  readonly checkedInAt?: string;
  readonly turnedAway?: { readonly reasonCode: string; readonly note?: string };
}

// ---- The field force -------------------------------------------------------------------------------------------

export const workerRoles = [
  'class-teacher',
  'pds-dealer',
  'panchayat-secretary',
  'rozgar-sahayak',
  'anganwadi-worker',
  'asha',
  'cho',
  'ward-officer',
  'office-nodal-officer',
] as const;
export type WorkerRole = (typeof workerRoles)[number];

export const segmentKinds = ['village', 'ration-shop', 'school', 'job-card-range', 'office', 'ddo'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export const visitOutcomes = ['contacted', 'will-come-to-camp', 'migrated', 'deceased', 'refused', 'not-found'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

export interface Worker {
  readonly workerId: string;
  readonly name: string;
  readonly role: WorkerRole;
  readonly department: string;
  readonly district: string;
  readonly block?: string;
  readonly mobileMasked?: string;
  readonly segment: { readonly kind: SegmentKind; readonly values: readonly string[] };
}
export interface WorkerList {
  readonly items: readonly Worker[];
  readonly cursor?: string;
  readonly total?: number;
}

export const progressGroups = ['worker', 'role', 'department'] as const;
export type ProgressGroup = (typeof progressGroups)[number];

/** GET /v1/admin/field-force/progress: one worker, role or department, most pending first. */
export interface WorkerProgress {
  readonly key: string;
  readonly name?: string;
  readonly role?: string;
  readonly department?: string;
  readonly assigned: number;
  readonly pending: number;
  readonly cardedThisWeek: number;
  readonly visitsThisWeek: number;
}
export interface WorkerProgressList {
  readonly items: readonly WorkerProgress[];
  readonly cursor?: string;
  readonly total?: number;
}

// ---- Categories ---------------------------------------------------------------------------------------------------

/** A category's name: in both languages (the category's data), or one string. */
export type CategoryLabel = string | { readonly en: string; readonly hi: string };

/** GET /v1/admin/campaigns/{id}/categories?district=: one category's progress slice. */
export interface CategorySlice {
  readonly category: string;
  readonly label: CategoryLabel;
  readonly eligible: number;
  readonly carded: number;
  readonly pending: number;
}
export interface CategoryList {
  readonly items: readonly CategorySlice[];
}

/** The codes of these lists the views show in words, by label prefix (en.ts's LabelledValues extends it). */
export interface FieldLabelledValues {
  readonly placeKind: PlaceKind;
  readonly campStatus: CampStatus;
  readonly turnedAway: TurnedAwayReason;
  readonly targetState: TargetState;
  readonly catchment: 'villages' | 'rationShops' | 'offices' | 'ddoCodes' | 'departments';
  readonly workerRole: WorkerRole;
  readonly segmentKind: SegmentKind;
  readonly visitOutcome: VisitOutcome;
}

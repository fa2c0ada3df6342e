// Camps, the field force and beneficiary categories (issue 18) as the dashboard reads them: the outputs of the
// routes' schemas (functions/api/routes/camps.ts, field-force.ts, campaigns.ts), so a schema change that breaks a
// view fails `npm run typecheck`. The codes the views show each have a label in en.ts (FieldLabelledValues).

import type * as z from 'zod';
import { everyOf } from './api-types.js';
import type * as camps from '../../functions/api/routes/camps.js';
import type * as campaigns from '../../functions/api/routes/campaigns.js';
import type * as fieldForce from '../../functions/api/routes/field-force.js';
import type { ProgressGrouping, SegmentKind, VisitOutcome, WorkerRole } from '../../functions/core/field-force.js';
import type {
  CampPlaceKind,
  CampStatus as CoreCampStatus,
  TargetState as CoreTargetState,
  TurnedAwayReason as CoreTurnedAwayReason,
} from '../../functions/core/camps.js';

/** Where a camp is held. */
export type PlaceKind = CampPlaceKind;
/** A camp's status, from its dates. */
export type CampStatus = CoreCampStatus;
/** Why a person at a camp was turned away. */
export type TurnedAwayReason = CoreTurnedAwayReason;
/** The states a camp's target list is filtered by; `not-come` is the follow-up list. */
export type TargetState = CoreTargetState;
/** Why a person is turned away, as the desk offers it: first what the person lacks, then the list and the camp. */
const lacking = ['NO_AADHAAR', 'AADHAAR_MOBILE_NOT_LINKED', 'NO_MOBILE'] as const;
export const turnedAwayReasons = everyOf<TurnedAwayReason>()([...lacking, 'NOT_ON_LIST', 'NOT_ELIGIBLE', 'CAMP_CLOSED', 'OTHER']);
export const targetStates = everyOf<TargetState>()(['all', 'not-invited', 'invited', 'came', 'turned-away', 'not-come']);

export type Catchment = z.output<typeof camps.CatchmentBody>;
/** POST /v1/admin/camps answers with it; GET …/camps lists it with its counts. The nodal officer's mobile comes masked. */
export type Camp = z.output<typeof camps.CampView>;
/** GET /v1/admin/camps/{campId}/outcome: what the camp did, as of a time. */
export type CampOutcome = z.output<typeof camps.CampOutcomeView>;
export type CampDetail = Camp & { readonly outcome: CampOutcome };
/** A camp's counts on the calendar. */
export type CampListItem = Camp & {
  readonly counts: { readonly [K in (typeof campCountKeys)[number]]: number };
};
export const campCountKeys = ['targeted', 'invited', 'came', 'turnedAway', 'started', 'ekycDone', 'cards'] as const;
export interface CampList {
  readonly items: readonly CampListItem[];
  readonly cursor?: string;
  readonly total?: number;
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

/** One person of a camp's target list (names masked as the caller's role requires). */
export type CampTarget = z.output<typeof camps.CampTargetView>;
export interface CampTargetsPage {
  readonly items: readonly CampTarget[];
  readonly cursor?: string;
  readonly total?: number;
}
export type CheckInAnswer = z.output<typeof camps.CheckInView>;

// ---- The field force -------------------------------------------------------------------------------------------

export type { SegmentKind, VisitOutcome, WorkerRole } from '../../functions/core/field-force.js';
export type ProgressGroup = ProgressGrouping;
export const progressGroups = everyOf<ProgressGroup>()(['worker', 'role', 'department']);

/** GET /v1/admin/field-force/workers: a worker and their segment, the mobile masked. */
export type Worker = z.output<typeof fieldForce.WorkerView>;
export interface WorkerList {
  readonly items: readonly Worker[];
  readonly cursor?: string;
}

/** GET /v1/admin/field-force/progress: per worker, role or department, most pending first, and who nobody answers for. */
export type WorkerProgressList = z.output<typeof fieldForce.FieldProgressView>;
export type WorkerProgress = WorkerProgressList['items'][number];

// ---- Categories ---------------------------------------------------------------------------------------------------

/** A category's name: in both languages (the category's data), or one string. */
export type CategoryLabel = string | { readonly en: string; readonly hi: string };

/** GET /v1/admin/campaigns/{id}/categories?district=: each category's slice of the campaign. */
export type CategoryList = z.output<typeof campaigns.CategorySlicesView>;
export type CategorySlice = CategoryList['items'][number];

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

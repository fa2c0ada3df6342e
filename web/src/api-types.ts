// The admin API's responses as the dashboard reads them: the output types of the schemas the handlers answer with
// (functions/api/schemas.ts, which also generate /v1/openapi.json), so a schema change that breaks a view fails
// `npm run typecheck`. Type-only imports: esbuild erases them, and nothing of functions/ reaches the bundle.
import type * as z from 'zod';
import type * as api from '../../functions/api/schemas.js';
import type * as approvers from '../../functions/api/routes/approvers.js';
import type { Caller } from '../../functions/core/identity.js';

export type Me = Caller;

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

export type Campaign = z.output<typeof api.CampaignView>;
export type CampaignProgress = z.output<typeof api.CampaignProgressView>;
export type PlaceProgress = CampaignProgress['total'];
export type DistrictProgress = CampaignProgress['districts'][number];
export type Change = NonNullable<PlaceProgress['change']>;
export type Worklist = z.output<typeof api.WorklistView>;
export type DailyReport = z.output<typeof api.DailyReportView>;
export type DailyRow = DailyReport['total'];

export type WorkflowName = z.output<typeof api.WorkflowName>;
export type Execution = z.output<typeof api.ExecutionView>;
export type ExecutionDetail = z.output<typeof api.ExecutionDetailView>;
export type TimelineStep = ExecutionDetail['timeline']['steps'][number];

export type ImportSummary = z.output<typeof api.ImportSummaryView>;
export type ImportDetail = z.output<typeof api.ImportView>;
export type ImportCounts = NonNullable<ImportSummary['counts']>;

/** GET /v1/admin/stuck: an execution waiting longer than its step's SLA, and who it waits on. */
export type StuckExecution = z.output<typeof api.StuckView>;

/** GET /v1/admin/anomalies: registrations worth a second look (never blocked). */
export type Anomaly = z.output<typeof api.AnomalyView>;
export type AnomalyDetail = z.output<typeof api.AnomalyDetailView>;

/**
 * Every member of a union, as a list the views offer as choices: the compiler refuses a member missing or one the
 * API does not take. (The values are repeated here because the API's modules do not go into the bundle.)
 */
export const everyOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;

export const workflowNames = everyOf<WorkflowName>()(['registration', 'rosterImport']);
/** The statuses GET /v1/admin/executions filters by. */
export const executionStatuses = everyOf<NonNullable<z.output<typeof api.ExecutionsQuery>['status']>>()([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);
export const reviewOutcomes = everyOf<z.output<typeof api.AnomalyReviewBody>['outcome']>()(['explained', 'referred-for-audit']);

// ---- The approver's inbox ------------------------------------------------------------------------------------

export type ApprovalTask = z.output<typeof api.ApprovalTaskView>;
export type DecisionBody = z.output<typeof api.DecisionBody>;
export type DecisionResult = z.output<typeof api.DecisionResult>;
export type BulkDecisionResult = z.output<typeof api.BulkDecisionResult>;
export type RejectionReason = NonNullable<DecisionBody['reasonCode']>;

/** GET /v1/approvals query: the queue's state and page, the search and the filters. */
export type ApprovalsQuery = {
  readonly state?: 'PENDING' | 'RETURNED' | 'DECIDED';
  readonly q?: string;
  readonly scheme?: string;
  readonly kind?: 'mismatch' | 'routine';
  readonly limit?: number;
  readonly cursor?: string;
};

/** A task as the inbox lists it: the task, and what the inbox adds (age, SLA, routine or not, on whose behalf). */
export type InboxItem = z.output<typeof api.InboxItemView>;
export type InboxPage = z.output<typeof api.InboxPage>;
export type InboxCounts = NonNullable<InboxPage['counts']>;

/** GET /v1/approvals/{taskId}: the task with both records side by side, the family and the timeline. */
export type ApprovalCase = z.output<typeof api.ApprovalCaseView>;
/** One side of the case view: the roster record or the e-KYC record. */
export type PersonRecord = ApprovalCase['roster'];
export type NameExplanation = ApprovalCase['nameMatch']['explanation'][number];
export type ApprovalPhoto = z.output<typeof api.PhotoLinkView>;

export type DelegationBody = z.output<typeof approvers.DelegationBody>;
export type Delegation = z.output<typeof approvers.DelegationView>;
export type DelegationList = z.output<typeof approvers.DelegationList>;

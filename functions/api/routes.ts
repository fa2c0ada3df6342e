// The HTTP route table: one entry per route, used by the local gateway (local/gateway.ts), by the CDK stack to
// create the HTTP API's routes (infra/stack.ts), and by each handler to authorize the caller. It is also the
// authorization matrix: every route says which roles it admits and which scope it checks. Pure data.
import type { FunctionKey } from '../../infra/specs.js';
import type { Role } from '../core/identity.js';
import type { RateLimitName } from '../core/rate-limits.js';

/**
 * What a route checks beyond the role:
 * - `none`: the role is enough;
 * - `ddo-code`: the record's DDO code must be one of the caller's `ddo_codes`;
 * - `district`: the record's district must be one of the caller's `districts`;
 * - `registration`: the registration must be visible to the caller (a portal its own, an operator or admin
 *   their districts, a DDO its DDO codes, an applicant the one its session is bound to);
 * - `approver-queue`: the approval task must be in one of the caller's queues.
 */
export type Scope = 'none' | 'ddo-code' | 'district' | 'registration' | 'approver-queue';

export type Access =
  | { readonly public: true; readonly why: string }
  | { readonly public?: false; readonly roles: readonly Role[]; readonly scope: Scope };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/v1/registrations/{id}`. `${method} ${path}` is the event's routeKey. */
  readonly path: string;
  readonly function: FunctionKey;
  readonly access: Access;
  readonly summary: string;
  /** The largest request body it takes, in bytes (functions/api/http.ts refuses more): `defaultBodyLimitBytes` unless said. */
  readonly bodyLimitBytes?: number;
  /** Counted per client and per source IP (core/rate-limits.ts): routes that make the pipeline send an SMS. */
  readonly rateLimit?: RateLimitName;
}

/** Bodies are small unless a route says otherwise; API Gateway's own cap (10 MB) is far above any route's. */
export const defaultBodyLimitBytes = 16 * 1024;

export const bodyLimitOf = (route: Pick<Route, 'bodyLimitBytes'>): number => route.bodyLimitBytes ?? defaultBodyLimitBytes;

const registering: readonly Role[] = ['portal', 'operator', 'applicant'];
const readingRegistrations: readonly Role[] = ['portal', 'operator', 'applicant', 'ddo', 'verifier', 'district-admin', 'state-admin'];
const approving: readonly Role[] = ['ddo', 'verifier', 'district-admin', 'state-admin'];

export const routes: readonly Route[] = [
  {
    method: 'GET',
    path: '/health',
    function: 'health',
    access: { public: true, why: 'Load balancers and uptime checks probe it without credentials; it reveals no data.' },
    summary: 'Reachability of the table, buckets and state machines this deployment uses',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    access: {
      public: true,
      why: 'Portal developers read the API description before they hold credentials; it describes, it holds no data.',
    },
    summary: 'This API, as OpenAPI 3.1, generated from the route table and the schemas the handlers parse with',
  },
  {
    method: 'GET',
    path: '/v1/consents',
    function: 'openapi',
    access: {
      public: true,
      why: 'The e-KYC consent texts are shown to people before they hold anything; portals print them; they hold no data.',
    },
    summary: 'The e-KYC consent texts in English and Hindi, by version: POST …/ekyc accepts only these versions',
  },
  {
    method: 'GET',
    path: '/v1/me',
    function: 'me',
    access: { roles: ['portal', 'operator', 'applicant', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'none' },
    summary: 'The caller as the API sees it: subject, roles and scopes from the verified token',
  },
  {
    method: 'POST',
    path: '/v1/registrations',
    function: 'registrations',
    access: { roles: ['portal', 'operator'], scope: 'none' },
    summary: 'Start a registration (Idempotency-Key header required)',
    rateLimit: 'sms-sending',
  },
  {
    method: 'GET',
    path: '/v1/registrations/{id}',
    function: 'registrations',
    access: { roles: readingRegistrations, scope: 'registration' },
    summary: 'Status, next action, masked data, timeline',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/mobile-otp/verify',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Verify the mobile OTP',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/mobile-otp/resend',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Send a new mobile OTP',
    rateLimit: 'sms-sending',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/ekyc',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Consent and start Aadhaar e-KYC (OTP, or biometric/face by an operator)',
    bodyLimitBytes: 256 * 1024,
    rateLimit: 'sms-sending',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/ekyc/verify',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Verify the Aadhaar OTP',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/dependents',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Add a dependent / family member: a linked registration',
    rateLimit: 'sms-sending',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/resubmit',
    function: 'registrations',
    access: { roles: registering, scope: 'registration' },
    summary: 'Send a registration returned for correction back to its approver',
  },
  {
    method: 'GET',
    path: '/v1/registrations/{id}/audit',
    function: 'registrations',
    access: { roles: ['portal', 'operator', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'registration' },
    summary: 'The append-only audit trail: who, when, from, to, why',
  },
  {
    method: 'GET',
    path: '/v1/approvals',
    function: 'approvals',
    access: { roles: approving, scope: 'approver-queue' },
    summary: "The caller's approval queue",
  },
  {
    method: 'POST',
    path: '/v1/approvals/{taskId}/decision',
    function: 'approvals',
    access: { roles: approving, scope: 'approver-queue' },
    summary: 'Approve, reject (with a reason code) or return for correction',
  },
  {
    method: 'POST',
    path: '/v1/approvals/decisions',
    function: 'approvals',
    access: { roles: approving, scope: 'approver-queue' },
    summary: "Several decisions at once (a DDO's list)",
    bodyLimitBytes: 256 * 1024,
  },
  {
    method: 'GET',
    path: '/v1/cards/{cardNumber}',
    function: 'cards',
    access: { roles: readingRegistrations, scope: 'registration' },
    summary: 'Card metadata and a short-lived download link',
  },
  {
    method: 'POST',
    path: '/v1/cards/verify',
    function: 'cards',
    access: { roles: ['portal', 'operator', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'none' },
    summary: "Check a card's QR payload: genuine or not, and its fields",
  },
  {
    method: 'GET',
    path: '/v1/cards/keys',
    function: 'cards',
    access: {
      public: true,
      why: 'Hospitals and verifier apps download the public keys to check card QR codes offline; public keys reveal nothing.',
    },
    summary: 'Public keys (JWKS) that card QR signatures verify against',
  },
  {
    method: 'GET',
    path: '/v1/admin/imports',
    function: 'imports',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Roster imports, newest first: status, counts and progress',
  },
  {
    method: 'GET',
    path: '/v1/admin/imports/{id}',
    function: 'imports',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'One roster import: counts (read, inserted, updated, unchanged, duplicates, rejected, removed), progress, timing, rejects report',
  },
  {
    // An admin holds a token, not S3 credentials: the API hands out a presigned PUT for the roster key (docs/cli.md).
    method: 'POST',
    path: '/v1/admin/imports/uploads',
    function: 'imports',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'A presigned PUT for a roster file at rosters/{scheme}/{district}/{rosterType}/{file}, and where to follow the import it starts',
  },
  {
    method: 'POST',
    path: '/v1/admin/campaigns',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Create a campaign: scheme, districts, dates, roster types (the same campaign posted again is returned, 200)',
  },
  {
    method: 'GET',
    path: '/v1/admin/campaigns',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: "Campaigns with a district of the caller's",
  },
  {
    method: 'GET',
    path: '/v1/admin/campaigns/{id}',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'One campaign',
  },
  {
    method: 'GET',
    path: '/v1/admin/campaigns/{id}/progress',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'Progress per district and block (with ?district=: villages, departments, DDOs): eligible, started, mobile verified, e-KYC done, pending approval by age, issued, blocked and the gap by reason, saturation, change today',
  },
  {
    method: 'GET',
    path: '/v1/admin/campaigns/{id}/worklist',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      "One block's eligible people without a card, by reason, as a CSV to download: for a door-to-door visit or an Aadhaar update camp",
  },
  {
    method: 'GET',
    path: '/v1/admin/campaigns/{id}/reports/daily',
    function: 'campaigns',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'The daily report for ?date=, block-wise, as at the end of that day: figures, and links to the CSV and the printable PDF',
  },
  {
    method: 'GET',
    path: '/v1/admin/executions',
    function: 'executions',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'Workflow executions, newest first, filtered by workflow, status, district and start time (from the ledger, not ListExecutions)',
  },
  {
    method: 'GET',
    path: '/v1/admin/executions/{workflow}/{name}',
    function: 'executions',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'One execution as Step Functions has it, with a timeline of its states (no personal data)',
  },
  {
    method: 'POST',
    path: '/v1/admin/executions/{workflow}/{name}/stop',
    function: 'executions',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Stop a running execution, saying why',
  },
  {
    method: 'POST',
    path: '/v1/admin/executions/{workflow}/{name}/redrive',
    function: 'executions',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Run a failed, timed-out or stopped execution again from the state it stopped in',
  },
  {
    method: 'GET',
    path: '/v1/admin/stuck',
    function: 'executions',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'Executions waiting longer than their SLA, most overdue first, with who they wait on (?workflow=rosterImport: imports running too long)',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/session',
    function: 'registrations',
    access: { roles: ['portal', 'operator'], scope: 'registration' },
    summary: 'An applicant session for a registration whose mobile is verified: a token bound to it, for the person to go on themselves',
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/blocker-fixed',
    function: 'registrations',
    access: { roles: ['operator', 'district-admin', 'state-admin'], scope: 'registration' },
    summary:
      "Report a person's e-KYC blocker fixed (Aadhaar linked to a mobile, updated, biometrics unlocked): the registration resumes at e-KYC and the person is told by SMS",
    rateLimit: 'sms-sending',
  },
  {
    method: 'POST',
    path: '/v1/registrations/blockers-fixed',
    function: 'registrations',
    access: { roles: ['operator', 'district-admin', 'state-admin'], scope: 'registration' },
    summary: "Several blockers fixed at once (an Aadhaar update camp's list), each reported on its own",
    bodyLimitBytes: 256 * 1024,
    rateLimit: 'sms-sending',
  },
  {
    // healthcard verify: a client's accepted requests accounted for, from the table (not ListExecutions).
    method: 'POST',
    path: '/v1/admin/registrations/lookup',
    function: 'adminRegistrations',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'Several registrations by id, for reconciliation: status and reason code, the execution named by each (from the ledger), steps still waiting on a token, and the registration an Idempotency-Key names',
  },
  {
    // healthcard verify: a roster file's rows accounted for against the people they wrote.
    method: 'POST',
    path: '/v1/admin/people/lookup',
    function: 'imports',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Roster people by natural key, for reconciliation: status, and which import and row last wrote each',
  },
  {
    method: 'POST',
    path: '/v1/admin/registrations/{id}/migrate',
    function: 'adminRegistrations',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      'Move a pending case to the district the person lives in now: its counts, approval queue and execution follow; its history stays',
  },
  {
    method: 'GET',
    path: '/v1/admin/anomalies',
    function: 'anomalies',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary:
      "Registrations worth a second look: one mobile across unrelated families, an operator far past the camp's norm (listed, never blocked)",
  },
  {
    method: 'GET',
    path: '/v1/admin/anomalies/{id}',
    function: 'anomalies',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'One anomaly with the registrations behind it',
  },
  {
    method: 'POST',
    path: '/v1/admin/anomalies/{id}/review',
    function: 'anomalies',
    access: { roles: ['district-admin', 'state-admin'], scope: 'district' },
    summary: 'Record the review of an anomaly: explained, or referred for audit, with a note',
  },
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const findRoute = (key: string): Route | undefined => routes.find((route) => routeKey(route) === key);

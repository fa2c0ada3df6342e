// GET /v1/openapi.json: the API described from the route table (paths, who may call) and the zod schemas
// the handlers parse with (bodies, responses), so the document cannot drift from the code.
import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { routeKey, routes, type Route } from './routes.js';
import { httpHandler, json } from './http.js';
import {
  CampaignBody,
  CampaignProgressView,
  CampaignView,
  ProgressQuery,
  DailyReportQuery,
  DailyReportView,
  ExecutionsQuery,
  ExecutionView,
  ExecutionDetailView,
  StopBody,
  ApplicantSessionView,
  AnomaliesQuery,
  AnomalyDetailView,
  AnomalyReviewBody,
  AnomalyView,
  BlockerFixedBody,
  BulkBlockersFixedBody,
  MigrateBody,
  PeopleLookupBody,
  PeopleLookupView,
  RegistrationLookupBody,
  RegistrationLookupView,
  MigratedView,
  ResumedView,
  StuckQuery,
  StuckView,
  WorklistQuery,
  WorklistView,
  ImportsListQuery,
  RosterUploadBody,
  RosterUploadView,
  ImportSummaryView,
  ImportView,
  ApprovalTaskView,
  ApprovalsQuery,
  AuditBody,
  BulkDecisionBody,
  CardVerification,
  CardVerifyBody,
  CardView,
  DecisionBody,
  DependentBody,
  ErrorBody,
  OtpBody,
  RegistrationStarted,
  RegistrationView,
  ResubmitBody,
  StartEkycBody,
  StartRegistrationBody,
  StatusBody,
  VerifyEkycBody,
} from './schemas.js';

interface Contract {
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly idempotencyKey?: boolean;
  readonly success: { readonly status: number; readonly schema: z.ZodType; readonly description: string };
}

const anyObject = z.record(z.string(), z.unknown());

/** Every route's request and success response. A unit test checks each route in the table has one. */
export const contracts: Record<string, Contract> = {
  'GET /health': { success: { status: 200, schema: anyObject, description: 'Every dependency reachable (503 when one is not)' } },
  'GET /v1/me': { success: { status: 200, schema: anyObject, description: 'The caller: subject, roles, scopes' } },
  'GET /v1/openapi.json': { success: { status: 200, schema: anyObject, description: 'This document' } },
  'POST /v1/registrations': {
    body: StartRegistrationBody,
    idempotencyKey: true,
    success: { status: 202, schema: RegistrationStarted, description: 'Started (200 when the same Idempotency-Key already started it)' },
  },
  'GET /v1/registrations/{id}': { success: { status: 200, schema: RegistrationView, description: 'Status, next action (English and Hindi), masked data, timeline' } },
  'POST /v1/registrations/{id}/mobile-otp/verify': { body: OtpBody, success: { status: 200, schema: StatusBody, description: 'Mobile verified' } },
  'POST /v1/registrations/{id}/mobile-otp/resend': { success: { status: 202, schema: StatusBody, description: 'A new code was sent' } },
  'POST /v1/registrations/{id}/ekyc': { body: StartEkycBody, success: { status: 202, schema: StatusBody, description: 'Aadhaar OTP sent (OTP mode); 200 when a biometric e-KYC completed' } },
  'POST /v1/registrations/{id}/ekyc/verify': { body: VerifyEkycBody, success: { status: 200, schema: StatusBody, description: 'e-KYC verified' } },
  'POST /v1/registrations/{id}/dependents': {
    body: DependentBody,
    idempotencyKey: true,
    success: { status: 202, schema: RegistrationStarted, description: 'The dependent\'s own registration, linked to the primary' },
  },
  'POST /v1/registrations/{id}/resubmit': { body: ResubmitBody, success: { status: 200, schema: StatusBody, description: 'Back with the approver' } },
  'GET /v1/registrations/{id}/audit': { success: { status: 200, schema: AuditBody, description: 'Append-only audit trail' } },
  'GET /v1/approvals': { query: ApprovalsQuery, success: { status: 200, schema: z.object({ items: z.array(ApprovalTaskView), cursor: z.string().optional() }), description: 'The caller\'s queue, oldest first' } },
  'POST /v1/approvals/{taskId}/decision': { body: DecisionBody, success: { status: 200, schema: StatusBody, description: 'Decision recorded (409 ALREADY_DECIDED when another approver was first)' } },
  'POST /v1/approvals/decisions': {
    body: BulkDecisionBody,
    success: { status: 200, schema: z.object({ results: z.array(anyObject) }), description: 'One result per decision; one refused does not stop the others' },
  },
  'GET /v1/cards/{cardNumber}': { success: { status: 200, schema: CardView, description: 'Card metadata and a 5-minute download link' } },
  'POST /v1/cards/verify': { body: CardVerifyBody, success: { status: 200, schema: CardVerification, description: 'Whether the QR is genuine, and its fields' } },
  'GET /v1/admin/imports': {
    query: ImportsListQuery,
    success: { status: 200, schema: z.object({ items: z.array(ImportSummaryView), cursor: z.string().optional() }), description: 'Roster imports of a district (or, for a state admin, all), newest first' },
  },
  'POST /v1/admin/imports/uploads': {
    body: RosterUploadBody,
    success: { status: 201, schema: RosterUploadView, description: 'A 15-minute presigned PUT for the roster key (400 ROSTER_KEY_REFUSED or SNAPSHOT_NOT_DECLARED before any upload; 403 for another district)' },
  },
  'GET /v1/admin/imports/{id}': { success: { status: 200, schema: ImportView, description: 'One import: counts, progress, timing, refusal or failure, and a link to its rejects report' } },
  'POST /v1/admin/campaigns': { body: CampaignBody, success: { status: 201, schema: CampaignView, description: 'Created (200 with the campaign when the same one was created before; 409 CAMPAIGN_EXISTS when the name is taken by another definition)' } },
  'GET /v1/admin/campaigns': { success: { status: 200, schema: z.object({ items: z.array(CampaignView) }), description: 'Campaigns the caller may see, newest start first' } },
  'GET /v1/admin/campaigns/{id}': { success: { status: 200, schema: CampaignView, description: 'One campaign' } },
  'GET /v1/admin/campaigns/{id}/progress': { query: ProgressQuery, success: { status: 200, schema: CampaignProgressView, description: 'Progress against the rosters, exact at the moment read' } },
  'GET /v1/admin/campaigns/{id}/worklist': { query: WorklistQuery, success: { status: 200, schema: WorklistView, description: 'The worklist written, its figures and a 15-minute link to the CSV' } },
  'GET /v1/admin/executions': { query: ExecutionsQuery, success: { status: 200, schema: z.object({ items: z.array(ExecutionView), cursor: z.string().optional() }), description: 'Executions, newest first' } },
  'POST /v1/registrations/{id}/session': { success: { status: 201, schema: ApplicantSessionView.extend({ registrationId: z.string() }), description: 'A session (409 MOBILE_NOT_VERIFIED before the mobile is verified; 422 SESSIONS_DISABLED)' } },
  'POST /v1/registrations/{id}/blocker-fixed': { body: BlockerFixedBody, success: { status: 200, schema: ResumedView, description: 'Resumed at e-KYC (409 NOT_BLOCKED when it was not blocked)' } },
  'POST /v1/registrations/blockers-fixed': {
    body: BulkBlockersFixedBody,
    success: { status: 200, schema: z.object({ results: z.array(z.object({ registrationId: z.string(), outcome: z.enum(['recorded', 'refused']), status: z.string().optional(), code: z.string().optional(), message: z.string().optional() })) }), description: 'Each item recorded or refused with its code' },
  },
  'POST /v1/admin/registrations/lookup': {
    body: RegistrationLookupBody,
    success: { status: 200, schema: RegistrationLookupView, description: 'One item per registration asked for, found or not (nothing says whether an invisible one exists)' },
  },
  'POST /v1/admin/people/lookup': { body: PeopleLookupBody, success: { status: 200, schema: PeopleLookupView, description: 'One item per person asked for, found or not' } },
  'POST /v1/admin/registrations/{id}/migrate': { body: MigrateBody, success: { status: 200, schema: MigratedView, description: 'Moved (a repeat answers the same); 409 REGISTRATION_ENDED for a case that ended' } },
  'GET /v1/admin/anomalies': { query: AnomaliesQuery, success: { status: 200, schema: z.object({ items: z.array(AnomalyView), cursor: z.string().optional() }), description: 'Anomalies, newest first' } },
  'GET /v1/admin/anomalies/{id}': { success: { status: 200, schema: AnomalyDetailView, description: 'The anomaly and its registrations' } },
  'POST /v1/admin/anomalies/{id}/review': { body: AnomalyReviewBody, success: { status: 200, schema: AnomalyView, description: 'Reviewed (409 ALREADY_REVIEWED)' } },
  'GET /v1/admin/stuck': { query: StuckQuery, success: { status: 200, schema: z.object({ items: z.array(StuckView), cursor: z.string().optional() }), description: 'Stuck executions, most overdue first' } },
  'GET /v1/admin/executions/{workflow}/{name}': { success: { status: 200, schema: ExecutionDetailView, description: 'The execution and its timeline' } },
  'POST /v1/admin/executions/{workflow}/{name}/stop': { body: StopBody, success: { status: 200, schema: z.object({ workflow: z.string(), name: z.string(), status: z.string() }), description: 'Stopped (409 EXECUTION_NOT_RUNNING when it was not running)' } },
  'POST /v1/admin/executions/{workflow}/{name}/redrive': {
    success: { status: 202, schema: z.object({ workflow: z.string(), name: z.string(), status: z.string(), redriveCount: z.number() }), description: 'Running again from where it stopped (409 EXECUTION_NOT_REDRIVABLE unless failed, timed out or stopped)' },
  },
  'GET /v1/admin/campaigns/{id}/reports/daily': { query: DailyReportQuery, success: { status: 200, schema: DailyReportView, description: 'The report\'s figures and links to its CSV and PDF (400 DATE_IN_FUTURE for a day not yet over)' } },
  'GET /v1/cards/keys': { success: { status: 200, schema: anyObject, description: 'JWKS of the card-signing keys, for offline verification' } },
};

const pathParameters = (route: Route) => {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
};

const buildDocument = () => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const contract = contracts[routeKey(route)];
    if (contract === undefined) continue;
    const params = pathParameters(route);
    const errors = Object.fromEntries(
      [400, 401, 403, 404, 409, 422, 429].map((status) => [status, { description: 'Error with a stable code', content: { 'application/json': { schema: ErrorBody } } }]),
    );
    const config: RouteConfig = {
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path.replace(/\{(\w+)\}/g, '{$1}'),
      summary: route.summary,
      description:
        route.access.public === true ? `Public: ${route.access.why}` : `Roles: ${route.access.roles.join(', ')}. Scope checked: ${route.access.scope}.`,
      ...(route.access.public === true ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(params === undefined ? {} : { params }),
        ...(contract.query === undefined ? {} : { query: contract.query }),
        ...(contract.idempotencyKey === true ? { headers: z.object({ 'idempotency-key': z.string().min(8).max(128) }) } : {}),
        ...(contract.body === undefined ? {} : { body: { content: { 'application/json': { schema: contract.body } } } }),
      },
      responses: {
        [contract.success.status]: { description: contract.success.description, content: { 'application/json': { schema: contract.success.schema } } },
        ...errors,
      },
    };
    registry.registerPath(config);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'healthcard-pipeline API',
      version: '1.0.0',
      description: 'Registration for health-card drives: mobile OTP, Aadhaar e-KYC, roster match, approval, card. Errors carry a stable `code` and a `message`.',
    },
  });
};

let document: ReturnType<typeof buildDocument> | undefined;

export const openApiDocument = () => (document ??= buildDocument());

export const handler = httpHandler({
  'GET /v1/openapi.json': async () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' }),
});

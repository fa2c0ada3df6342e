// GET /v1/openapi.json: the API described from the route table (paths, who may call) and the zod schemas
// the handlers parse with (bodies, responses), so the document cannot drift from the code; and, per route, every
// status it answers with the error codes of each (error-codes.ts), checked against real answers by the integration
// tests (test/support/contract.ts). GET /v1/consents: the e-KYC consent texts (core/consents.ts).
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
  BulkDecisionResult,
  DecisionResult,
  ResubmitResult,
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
import { ExecutionStatusEnum, RegistrationStatusEnum } from './statuses.js';
import { ekycRefusals, errorMeaning } from './error-codes.js';
import { consentTexts } from '../core/consents.js';
import { roles } from '../core/identity.js';
import { idempotencyKeyPattern } from '../core/use-cases/start-registration.js';

const ekycRefusalCodes = () => [...ekycRefusals().keys()];

/** Statuses an error can be answered with. */
type ErrorStatus = 400 | 404 | 409 | 422 | 429 | 502;

interface Contract {
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly idempotencyKey?: boolean;
  readonly success: {
    readonly status: number;
    readonly schema: z.ZodType;
    readonly description: string;
    /** Other statuses answered with the same schema (an idempotent repeat's 200, a degraded health check's 503). */
    readonly also?: Readonly<Record<number, string>>;
  };
  /**
   * The codes this route's own work can answer, by status. Those every route can answer (a bad body, a missing
   * token, a throttled dependency: http.ts and the gateway) are added by `errorCodesOf`.
   */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, readonly string[]>>>;
  /** False for routes that reach no AWS service or provider (no 503). */
  readonly usesServices?: false;
}

const anyObject = z.record(z.string(), z.unknown());

const HealthView = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.array(
      z.object({
        kind: z.enum(['table', 'bucket', 'stateMachine']),
        name: z.string(),
        ok: z.boolean(),
        error: z.string().optional().meta({ description: "The error's name, when not ok" }),
      }),
    ),
  })
  .meta({ id: 'Health' });

const CallerView = z
  .object({
    subject: z.string(),
    roles: z.array(z.enum(roles)),
    ddoCodes: z.array(z.string()),
    districts: z.array(z.string()),
    registrationId: z.string().optional().meta({ description: 'An applicant session: the registration it is bound to' }),
  })
  .meta({ id: 'Caller' });

const Jwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal('EC'),
        crv: z.literal('P-256'),
        x: z.string(),
        y: z.string(),
        kid: z.string().optional(),
        alg: z.string().optional(),
        use: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'CardKeys', description: 'A JSON Web Key Set (RFC 7517) of the card-signing public keys' });

const ConsentsView = z
  .object({
    items: z.array(
      z.object({
        version: z.string().meta({ description: 'What POST /v1/registrations/{id}/ekyc sends as consent.textVersion' }),
        purpose: z.literal('aadhaar-ekyc'),
        since: z.string().meta({ description: 'First day in use (yyyy-mm-dd)' }),
        en: z.string().meta({ description: 'The text in English, to show before e-KYC' }),
        hi: z.string().meta({ description: 'The text in Hindi (हिन्दी)' }),
      }),
    ),
  })
  .meta({ id: 'Consents' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
  });

/** Every route's request, answers and error codes. A unit test checks each route in the table has one. */
export const contracts: Record<string, Contract> = {
  'GET /health': {
    success: {
      status: 200,
      schema: HealthView,
      description: 'Every dependency reachable',
      also: { 503: 'Some dependency is not reachable (`checks` says which)' },
    },
  },
  'GET /v1/me': { usesServices: false, success: { status: 200, schema: CallerView, description: 'The caller: subject, roles, scopes' } },
  'GET /v1/openapi.json': { usesServices: false, success: { status: 200, schema: anyObject, description: 'This document' } },
  'GET /v1/consents': {
    usesServices: false,
    success: { status: 200, schema: ConsentsView, description: 'The published consent texts, newest last' },
  },
  'POST /v1/registrations': {
    body: StartRegistrationBody,
    idempotencyKey: true,
    success: {
      status: 202,
      schema: RegistrationStarted,
      description: 'Started: the mobile code is on its way',
      also: {
        200: 'The same Idempotency-Key (same client, same request) started it before: that registration, `created: false`; nothing new started',
      },
    },
    errors: {
      400: ['IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_INVALID', 'UNKNOWN_SCHEME', 'INVALID_MOBILE', 'WRONG_ROSTER_TYPE'],
      409: ['IDEMPOTENCY_KEY_REUSED', 'REGISTRATION_IN_PROGRESS', 'REGISTRATION_EXISTS', 'CONCURRENT_CHANGE'],
      422: ['NOT_ON_ROSTER'],
      429: ['OTP_LOCKED'],
    },
  },
  'GET /v1/registrations/{id}': {
    success: { status: 200, schema: RegistrationView, description: 'Status, next action (English and Hindi), masked data, timeline' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'] },
  },
  'POST /v1/registrations/{id}/mobile-otp/verify': {
    body: OtpBody,
    success: { status: 200, schema: StatusBody, description: 'Mobile verified (a repeat of the right code answers the same)' },
    errors: {
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'OTP_NOT_SENT', 'OTP_ALREADY_USED', 'CONCURRENT_CHANGE'],
      422: ['OTP_INCORRECT', 'OTP_LOCKED', 'OTP_EXPIRED'],
    },
  },
  'POST /v1/registrations/{id}/mobile-otp/resend': {
    success: { status: 202, schema: StatusBody, description: 'A new code was sent' },
    errors: {
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'OTP_NOT_SENT', 'CONCURRENT_CHANGE'],
      422: ['OTP_RESEND_LIMIT'],
      429: ['OTP_RESEND_TOO_SOON', 'OTP_RESEND_LIMIT', 'MOBILE_RATE_LIMITED'],
      502: ['SMS_REJECTED'],
    },
  },
  'POST /v1/registrations/{id}/ekyc': {
    body: StartEkycBody,
    success: {
      status: 202,
      schema: StatusBody,
      description: 'Aadhaar OTP sent to the Aadhaar-linked mobile (OTP mode): verify it with POST …/ekyc/verify',
      also: { 200: 'Biometric or face e-KYC completed: EKYC_VERIFIED' },
    },
    errors: {
      400: ['INVALID_AADHAAR', 'CONSENT_REQUIRED', 'CONSENT_VERSION_UNKNOWN', 'CAPTURE_REQUIRED'],
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'CONCURRENT_CHANGE'],
      422: ['OPERATOR_ONLY', ...ekycRefusalCodes()],
    },
  },
  'POST /v1/registrations/{id}/ekyc/verify': {
    body: VerifyEkycBody,
    success: { status: 200, schema: StatusBody, description: 'e-KYC verified' },
    errors: {
      400: ['INVALID_AADHAAR', 'AADHAAR_MISMATCH'],
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'EKYC_OTP_NOT_REQUESTED', 'CONCURRENT_CHANGE'],
      422: ekycRefusalCodes(),
    },
  },
  'POST /v1/registrations/{id}/dependents': {
    body: DependentBody,
    idempotencyKey: true,
    success: {
      status: 202,
      schema: RegistrationStarted,
      description: "The dependent's own registration, linked to the primary: its mobile code goes to the mobile given, or to the primary's",
      also: { 200: 'The same Idempotency-Key added it before: that registration, `created: false`' },
    },
    errors: {
      400: [
        'IDEMPOTENCY_KEY_REQUIRED',
        'IDEMPOTENCY_KEY_INVALID',
        'INVALID_MOBILE',
        'DEPENDENT_FROM_ROSTER',
        'DEPENDENT_DECLARED',
        'UNKNOWN_SCHEME',
        'WRONG_ROSTER_TYPE',
      ],
      404: ['REGISTRATION_NOT_FOUND', 'NOT_ON_ROSTER'],
      409: ['IDEMPOTENCY_KEY_REUSED', 'DEPENDENT_EXISTS', 'REGISTRATION_IN_PROGRESS', 'REGISTRATION_EXISTS', 'CONCURRENT_CHANGE'],
      422: [
        'NOT_A_PRIMARY',
        'PRIMARY_CLOSED',
        'DEPENDENTS_NOT_ALLOWED',
        'TOO_MANY_DEPENDENTS',
        'RELATION_NOT_COVERED',
        'DEPENDENT_TOO_OLD',
        'NOT_ON_ROSTER',
      ],
      429: ['OTP_LOCKED'],
    },
  },
  'POST /v1/registrations/{id}/resubmit': {
    body: ResubmitBody,
    success: { status: 200, schema: ResubmitResult, description: 'Back with the approver' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['INVALID_STATUS', 'CONCURRENT_CHANGE'] },
  },
  'GET /v1/registrations/{id}/audit': {
    success: { status: 200, schema: AuditBody, description: 'Append-only audit trail' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'] },
  },
  'GET /v1/approvals': {
    query: ApprovalsQuery,
    success: { status: 200, schema: page(ApprovalTaskView), description: "The caller's queues, oldest first" },
    errors: { 400: ['INVALID_CURSOR', 'BAD_CURSOR'] },
  },
  'POST /v1/approvals/{taskId}/decision': {
    body: DecisionBody,
    success: { status: 200, schema: DecisionResult, description: 'Decision recorded (a repeat of the same decision answers the same)' },
    errors: {
      400: ['REASON_REQUIRED', 'NOTE_REQUIRED'],
      404: ['APPROVAL_NOT_FOUND'],
      409: ['ALREADY_DECIDED', 'RETURNED_FOR_CORRECTION', 'REGISTRATION_STOPPED', 'INVALID_STATUS', 'CONCURRENT_CHANGE'],
    },
  },
  'POST /v1/approvals/decisions': {
    body: BulkDecisionBody,
    success: { status: 200, schema: BulkDecisionResult, description: 'One result per decision; one refused does not stop the others' },
  },
  'GET /v1/cards/{cardNumber}': {
    success: { status: 200, schema: CardView, description: 'Card metadata, its QR text and a 5-minute download link' },
    errors: { 404: ['CARD_NOT_FOUND'] },
  },
  'POST /v1/cards/verify': {
    body: CardVerifyBody,
    success: { status: 200, schema: CardVerification, description: 'Whether the QR is genuine, and its fields' },
  },
  'GET /v1/admin/imports': {
    query: ImportsListQuery,
    success: {
      status: 200,
      schema: page(ImportSummaryView),
      description: 'Roster imports of a district (or, for a state admin, all), newest first',
    },
    errors: { 400: ['DISTRICT_REQUIRED', 'BAD_CURSOR'] },
  },
  'POST /v1/admin/imports/uploads': {
    body: RosterUploadBody,
    success: { status: 201, schema: RosterUploadView, description: 'A 15-minute presigned PUT for the roster key' },
    errors: { 400: ['ROSTER_KEY_REFUSED', 'SNAPSHOT_NOT_DECLARED', 'UNKNOWN_SCHEME', 'WRONG_ROSTER_TYPE'] },
  },
  'GET /v1/admin/imports/{id}': {
    success: {
      status: 200,
      schema: ImportView,
      description: 'One import: counts, progress, timing, refusal or failure, and a link to its rejects report',
    },
    errors: { 404: ['IMPORT_NOT_FOUND'] },
  },
  'POST /v1/admin/campaigns': {
    body: CampaignBody,
    success: {
      status: 201,
      schema: CampaignView,
      description: 'Created',
      also: { 200: 'The same campaign was created before: that campaign' },
    },
    errors: { 400: ['UNKNOWN_SCHEME', 'WRONG_ROSTER_TYPE', 'INVALID_DATES'], 409: ['CAMPAIGN_EXISTS', 'CAMPAIGN_NAME_TAKEN'] },
  },
  'GET /v1/admin/campaigns': {
    success: {
      status: 200,
      schema: z.object({ items: z.array(CampaignView) }),
      description: 'Campaigns the caller may see, newest start first',
    },
  },
  'GET /v1/admin/campaigns/{id}': {
    success: { status: 200, schema: CampaignView, description: 'One campaign' },
    errors: { 404: ['CAMPAIGN_NOT_FOUND'] },
  },
  'GET /v1/admin/campaigns/{id}/progress': {
    query: ProgressQuery,
    success: { status: 200, schema: CampaignProgressView, description: 'Progress against the rosters, exact at the moment read' },
    errors: { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  },
  'GET /v1/admin/campaigns/{id}/worklist': {
    query: WorklistQuery,
    success: { status: 200, schema: WorklistView, description: 'The worklist written, its figures and a 15-minute link to the CSV' },
    errors: { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  },
  'GET /v1/admin/executions': {
    query: ExecutionsQuery,
    success: { status: 200, schema: page(ExecutionView), description: 'Executions, newest first' },
    errors: { 400: ['DISTRICT_REQUIRED', 'BAD_CURSOR'] },
  },
  'POST /v1/registrations/{id}/session': {
    success: {
      status: 201,
      schema: ApplicantSessionView.extend({ registrationId: z.string() }),
      description: 'A session for the person, bound to this registration and its dependents',
    },
    errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['MOBILE_NOT_VERIFIED'], 422: ['SESSIONS_DISABLED'] },
  },
  'POST /v1/registrations/{id}/blocker-fixed': {
    body: BlockerFixedBody,
    success: { status: 200, schema: ResumedView, description: 'Resumed at e-KYC (a repeat answers `resumed: false`)' },
    errors: { 400: ['NOTE_REQUIRED'], 404: ['REGISTRATION_NOT_FOUND'], 409: ['NOT_BLOCKED', 'INVALID_STATUS', 'CONCURRENT_CHANGE'] },
  },
  'POST /v1/registrations/blockers-fixed': {
    body: BulkBlockersFixedBody,
    success: {
      status: 200,
      schema: z.object({
        results: z.array(
          z.object({
            registrationId: z.string(),
            outcome: z.enum(['recorded', 'refused']),
            status: RegistrationStatusEnum.optional(),
            resumed: z.boolean().optional().meta({ description: 'Recorded: false when it had resumed already' }),
            notified: z.boolean().optional().meta({ description: 'Recorded: whether the person was told by SMS' }),
            nextAction: z.object({ en: z.string(), hi: z.string() }).optional(),
            code: z.string().optional().meta({ description: 'Refused: the code the single route would have answered' }),
            message: z.string().optional(),
          }),
        ),
      }),
      description: 'Each item recorded or refused with its code',
    },
  },
  'POST /v1/admin/registrations/lookup': {
    body: RegistrationLookupBody,
    success: {
      status: 200,
      schema: RegistrationLookupView,
      description: 'One item per registration asked for, found or not (nothing says whether an invisible one exists)',
    },
  },
  'POST /v1/admin/people/lookup': {
    body: PeopleLookupBody,
    success: { status: 200, schema: PeopleLookupView, description: 'One item per person asked for, found or not' },
  },
  'POST /v1/admin/registrations/{id}/migrate': {
    body: MigrateBody,
    success: { status: 200, schema: MigratedView, description: 'Moved (a repeat answers the same)' },
    errors: {
      400: ['SAME_DISTRICT'],
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['REGISTRATION_ENDED', 'MIGRATION_REPEAT_DIFFERS', 'CONCURRENT_CHANGE'],
    },
  },
  'GET /v1/admin/anomalies': {
    query: AnomaliesQuery,
    success: { status: 200, schema: page(AnomalyView), description: 'Anomalies, newest first' },
    errors: { 400: ['DISTRICT_REQUIRED', 'BAD_CURSOR'] },
  },
  'GET /v1/admin/anomalies/{id}': {
    success: { status: 200, schema: AnomalyDetailView, description: 'The anomaly and its registrations' },
    errors: { 404: ['ANOMALY_NOT_FOUND'] },
  },
  'POST /v1/admin/anomalies/{id}/review': {
    body: AnomalyReviewBody,
    success: { status: 200, schema: AnomalyView, description: 'Reviewed' },
    errors: { 404: ['ANOMALY_NOT_FOUND'], 409: ['ALREADY_REVIEWED'] },
  },
  'GET /v1/admin/stuck': {
    query: StuckQuery,
    success: { status: 200, schema: page(StuckView), description: 'Stuck executions, most overdue first' },
    errors: { 400: ['DISTRICT_REQUIRED', 'BAD_CURSOR'] },
  },
  'GET /v1/admin/executions/{workflow}/{name}': {
    success: { status: 200, schema: ExecutionDetailView, description: 'The execution and its timeline' },
    errors: { 404: ['EXECUTION_NOT_FOUND'] },
  },
  'POST /v1/admin/executions/{workflow}/{name}/stop': {
    body: StopBody,
    success: {
      status: 200,
      schema: z.object({ workflow: z.string(), name: z.string(), status: ExecutionStatusEnum }),
      description: 'Stopped',
    },
    errors: { 404: ['EXECUTION_NOT_FOUND'], 409: ['EXECUTION_NOT_RUNNING'] },
  },
  'POST /v1/admin/executions/{workflow}/{name}/redrive': {
    success: {
      status: 202,
      schema: z.object({ workflow: z.string(), name: z.string(), status: ExecutionStatusEnum, redriveCount: z.number() }),
      description: 'Running again from where it stopped',
    },
    errors: { 404: ['EXECUTION_NOT_FOUND'], 409: ['EXECUTION_NOT_REDRIVABLE'] },
  },
  'GET /v1/admin/campaigns/{id}/reports/daily': {
    query: DailyReportQuery,
    success: { status: 200, schema: DailyReportView, description: "The report's figures and links to its CSV and PDF" },
    errors: { 400: ['DATE_IN_FUTURE', 'DATE_TOO_OLD'], 404: ['CAMPAIGN_NOT_FOUND'] },
  },
  'GET /v1/cards/keys': { success: { status: 200, schema: Jwks, description: 'JWKS of the card-signing keys, for offline verification' } },
};

const pathParameterNames = (route: Route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);

const pathParameters = (route: Route) => {
  const names = pathParameterNames(route);
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
};

/** Every code a route can answer, by status: its own (the contract) and those of the machinery around it. */
/** Every property name a request schema has, at any depth (its JSON Schema's `properties`). */
const propertyNamesOf = (schema: z.ZodType): string[] => {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && typeof value === 'object' && value !== null) names.push(...Object.keys(value));
        walk(value);
      }
    }
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  return names;
};

export const errorCodesOf = (route: Route, contract: Contract): Map<number, string[]> => {
  const codes = new Map<number, string[]>();
  const add = (status: number, ...more: readonly string[]) => codes.set(status, [...new Set([...(codes.get(status) ?? []), ...more])]);
  add(400, 'INVALID_JSON', 'JSON_TOO_DEEP');
  if (pathParameterNames(route).length > 0) add(400, 'INVALID_PATH', 'INVALID_REQUEST');
  if (contract.body !== undefined || contract.query !== undefined) {
    // Every request string refuses hidden characters; place names have codes of their own (schemas.ts).
    add(400, 'INVALID_REQUEST', 'INVALID_CHARACTERS');
    const fields = new Set([contract.body, contract.query].flatMap((schema) => (schema === undefined ? [] : propertyNamesOf(schema))));
    if (['district', 'districts', 'block', 'village'].some((field) => fields.has(field))) add(400, 'INVALID_PLACE_NAME');
    if (fields.has('district') || fields.has('districts')) add(400, 'UNKNOWN_DISTRICT');
    if (fields.has('block')) add(400, 'UNKNOWN_BLOCK');
  }
  for (const [status, own] of Object.entries(contract.errors ?? {})) add(Number(status), ...own);
  if (route.access.public !== true) {
    add(401, 'UNAUTHORIZED');
    add(403, 'FORBIDDEN');
  }
  add(413, 'PAYLOAD_TOO_LARGE');
  add(415, 'UNSUPPORTED_MEDIA_TYPE');
  if (route.rateLimit !== undefined) add(429, 'CLIENT_RATE_LIMITED', 'SOURCE_RATE_LIMITED');
  add(500, 'INTERNAL');
  if (contract.usesServices !== false) add(503, 'PROVIDER_UNAVAILABLE');
  return new Map([...codes.entries()].sort(([one], [other]) => one - other));
};

const errorDescription = (codes: readonly string[]) =>
  `Refused or failed, with one of these codes:\n${codes.map((code) => `- \`${code}\`: ${errorMeaning(code) ?? ''}`).join('\n')}`;

/** Lower camel case from the method and path: `POST /v1/registrations/{id}/mobile-otp/verify` is postRegistrationMobileOtpVerify. */
const operationIdOf = (route: Route): string => {
  const words = route.path
    .replace(/^\/v1\//, '/')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .flatMap((segment) => segment.split(/[-.]/));
  return [route.method.toLowerCase(), ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join('');
};

const buildDocument = () => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const contract = contracts[routeKey(route)];
    if (contract === undefined) continue;
    const params = pathParameters(route);
    const errors = Object.fromEntries(
      [...errorCodesOf(route, contract)].map(([status, codes]) => [
        status,
        {
          description: errorDescription(codes),
          content: {
            'application/json': {
              // The Error schema, its code narrowed to this route's codes for the status (allOf in the document).
              schema: z.intersection(ErrorBody, z.object({ code: z.enum(codes as [string, ...string[]]) })),
            },
          },
        },
      ]),
    );
    const successContent = { 'application/json': { schema: contract.success.schema } };
    const config: RouteConfig = {
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      operationId: operationIdOf(route),
      summary: route.summary,
      description:
        route.access.public === true
          ? `Public: ${route.access.why}`
          : `Roles: ${route.access.roles.join(', ')}. Scope checked: ${route.access.scope}.`,
      security: route.access.public === true ? [] : [{ bearer: [] }],
      request: {
        ...(params === undefined ? {} : { params }),
        ...(contract.query === undefined ? {} : { query: contract.query }),
        ...(contract.idempotencyKey === true
          ? {
              headers: z.object({
                'idempotency-key': z
                  .string()
                  .regex(idempotencyKeyPattern)
                  .meta({
                    description:
                      '8 to 128 characters, each a letter (A-Z, a-z), a digit, `-` or `_` (a UUID fits). Scoped to the client: the same key with the same request answers the registration it started (200), with another request 409 IDEMPOTENCY_KEY_REUSED. Missing: 400 IDEMPOTENCY_KEY_REQUIRED; another character or length: 400 IDEMPOTENCY_KEY_INVALID. Kept 7 days.',
                    examples: ['3f0c9a52-7d1e-4b8a-9a57-0d6f2f1f6c11'],
                  }),
              }),
            }
          : {}),
        ...(contract.body === undefined ? {} : { body: { content: { 'application/json': { schema: contract.body } } } }),
      },
      responses: {
        [contract.success.status]: { description: contract.success.description, content: successContent },
        ...Object.fromEntries(
          Object.entries(contract.success.also ?? {}).map(([status, description]) => [status, { description, content: successContent }]),
        ),
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
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Registration for health-card drives: mobile OTP, Aadhaar e-KYC, roster match, approval, card. Every error answer carries a stable `code` (each route lists the codes it can answer, by status) and a `message` for a person.',
    },
    servers: [{ url: '/', description: 'The deployment that serves this document' }],
  });
};

let document: ReturnType<typeof buildDocument> | undefined;

export const openApiDocument = () => (document ??= buildDocument());

export const handler = httpHandler({
  'GET /v1/openapi.json': async () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' }),
  'GET /v1/consents': async () => json(200, { items: consentTexts }, { 'cache-control': 'public, max-age=300' }),
});

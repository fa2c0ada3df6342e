// Registrations API (v1) for upstream portals, camp operators and applicants: start, mobile OTP, e-KYC,
// dependents, resubmit, status, audit, applicant sessions and blockers fixed. Declarations and schemas; the
// handlers are in functions/api/registrations.ts.
import * as z from 'zod';
import { schemeIds } from '../../core/schemes.js';
import { fixedBlockers } from '../../core/use-cases/blockers.js';
import { consentVersions } from '../../core/consents.js';
import { revocationReasonCodes } from '../../core/revocations.js';
import { RegistrationStatusEnum } from '../statuses.js';
import { ekycRefusalCodes } from '../error-codes.js';
import { ResubmitResult } from './approvals.js';
import { defineRoutes, pathParameter, type Access } from './define.js';
import { bilingual, freeText, readingRegistrations, requestBody, shortText, text, view } from './shared.js';

const name = freeText(120);

export const RosterReferenceBody = z
  .discriminatedUnion('rosterType', [
    z.object({ rosterType: z.literal('employees'), employeeId: shortText(40) }).strict(),
    z.object({ rosterType: z.literal('ration-card-families'), rationCardNumber: shortText(40), memberId: shortText(20) }).strict(),
    z.object({ rosterType: z.literal('students'), studentId: shortText(40) }).strict(),
    z.object({ rosterType: z.literal('mgnrega'), jobCardNumber: shortText(40), memberId: shortText(20) }).strict(),
  ])
  .meta({ id: 'RosterReference', description: "Who the person is on the department's roster" });

export const StartRegistrationBody = requestBody('StartRegistration', {
  scheme: z.enum(schemeIds),
  mobile: text(20).meta({ description: '10-digit Indian mobile; +91 or 0 prefixes accepted' }),
  roster: RosterReferenceBody,
  channel: z.enum(['portal', 'camp', 'csc', 'self']),
  operatorId: shortText(64).optional(),
  campId: shortText(64).optional().meta({ description: "The camp it is started at (the camp's campId): counted in that camp's outcome" }),
});

export const RegistrationStarted = view('RegistrationStarted', {
  registrationId: z.string(),
  status: RegistrationStatusEnum,
  created: z.boolean().meta({
    description:
      'False when the same Idempotency-Key had started it already: the answer is that registration, nothing new was started (HTTP 200)',
  }),
});

export const OtpBody = requestBody('MobileOtp', { otp: z.string().regex(/^\d{6}$/, '6 digits') });

export const ApplicantSessionView = view('ApplicantSession', {
  token: z.string().meta({ description: 'A bearer token with the applicant role, bound to this registration (and its dependents)' }),
  expiresAt: z.string(),
});

export const StatusBody = view('StatusAnswer', {
  registrationId: z.string(),
  status: RegistrationStatusEnum,
  session: ApplicantSessionView.optional().meta({
    description: "With a verified mobile: the applicant's session, when the deployment gives them",
  }),
  sessionUnavailable: z
    .literal(true)
    .optional()
    .meta({ description: 'The token issuer did not answer: ask for a session later (POST /v1/registrations/{id}/session)' }),
  retryAfterSeconds: z.number().optional().meta({ description: 'After a resend: how long before another may be asked for' }),
  maskedMobile: z.string().optional().meta({ description: 'Where the code went, masked: ******3210' }),
  transactionId: z.string().optional().meta({ description: 'e-KYC by OTP: the transaction to verify the Aadhaar OTP against' }),
});

export const StartEkycBody = requestBody('StartEkyc', {
  aadhaarNumber: text(20).meta({ description: '12 digits (spaces allowed); never stored — kept as a keyed hash and the last 4 digits' }),
  consent: z
    .object({
      accepted: z.boolean(),
      textVersion: shortText(40).meta({
        description: `A version GET /v1/consents publishes (now: ${consentVersions.join(', ')}); another is refused with 400 CONSENT_VERSION_UNKNOWN`,
        examples: [consentVersions[0] ?? ''],
      }),
      language: z.enum(['en', 'hi']).meta({ description: 'The language of the text the person read' }),
    })
    .strict()
    .meta({ description: 'The consent text the person saw and accepted (GET /v1/consents)' }),
  mode: z.enum(['otp', 'biometric', 'face']),
  captureData: text(200_000).optional().meta({ description: 'Biometric/face: the PID block from a certified device (operators only)' }),
  modality: z.enum(['fingerprint', 'iris', 'face']).optional(),
});

export const VerifyEkycBody = requestBody('VerifyEkyc', { aadhaarNumber: text(20), otp: z.string().regex(/^\d{6}$/, '6 digits') });

const dependentMobile = text(20).optional().meta({
  description:
    "Where the dependent's own mobile code goes. Left out: the code goes to the primary registration's mobile (the family's phone), and the family verifies it there",
});

export const DependentBody = z
  .union([
    z
      .object({
        relation: shortText(30).meta({
          description: "One the scheme covers (up-sects: spouse, son, daughter, father, mother); children up to the scheme's age limit",
        }),
        name,
        nameLocal: name.optional().meta({ description: 'The name in Devanagari, as on Aadhaar' }),
        yearOfBirth: z.number().int().min(1900).max(2100),
        gender: z.enum(['M', 'F', 'T']),
        mobile: dependentMobile,
      })
      .strict()
      .meta({ title: 'DeclaredDependent', description: 'Schemes whose dependents are declared by the employee (up-sects)' }),
    z
      .object({
        memberId: shortText(20).meta({ description: "The member's id on the same ration card as the primary" }),
        mobile: dependentMobile,
      })
      .strict()
      .meta({
        title: 'RosterMember',
        description: 'Schemes whose family members come from the roster (PM-JAY: members of the same ration card)',
      }),
  ])
  .meta({
    id: 'Dependent',
    description:
      'A family member added to a primary registration (POST /v1/registrations/{id}/dependents on the primary, with its own Idempotency-Key). ' +
      'The dependent gets a registration of its own, linked by `primaryRegistrationId`, that runs the whole workflow itself: ' +
      "its own mobile code (to `mobile`, or to the primary's mobile when left out), its own Aadhaar e-KYC with the dependent's own Aadhaar number and consent " +
      "(an Aadhaar OTP goes to the mobile linked to the dependent's Aadhaar, not to the one given here), the same approver as the primary (the primary's DDO), and its own card. " +
      'An applicant session of the primary also reaches its dependents.',
    examples: [
      { relation: 'spouse', name: 'Sunita Devi', nameLocal: 'सुनीता देवी', yearOfBirth: 1984, gender: 'F' },
      { memberId: '02', mobile: '9876543210' },
    ],
  });

export const ResubmitBody = requestBody('Resubmit', { note: freeText(500).optional() });

export const RegistrationView = view('Registration', {
  registrationId: z.string(),
  scheme: z.string(),
  status: RegistrationStatusEnum,
  nextAction: bilingual,
  reason: z.object({ code: z.string(), message: z.string().optional() }).optional(),
  district: z.string(),
  block: z.string().optional(),
  channel: z.string(),
  mobile: z.string().meta({ description: 'Masked: XXXXXX1234' }),
  aadhaar: z.string().optional().meta({ description: 'Masked: XXXX XXXX 1234' }),
  person: z
    .object({ name: z.string(), nameLocal: z.string().optional(), yearOfBirth: z.number(), gender: z.string() })
    .optional()
    .meta({ description: 'As e-KYC returned it: to operators, the applicant and approvers; not to portals' }),
  primaryRegistrationId: z.string().optional().meta({ description: 'A dependent: the registration it was added to' }),
  relation: z.string().optional().meta({ description: 'A dependent: its relation to the primary' }),
  dependents: z
    .array(z.object({ registrationId: z.string(), relation: z.string().optional(), status: RegistrationStatusEnum }))
    .optional()
    .meta({ description: 'A primary: the dependents added to it, each a registration of its own' }),
  approval: z
    .object({ taskId: z.string().optional().meta({ description: 'Approvers only' }), approverKind: z.string(), level: z.number() })
    .optional(),
  card: z
    .object({
      cardNumber: z.string(),
      issuedAt: z.string(),
      validUntil: z.string(),
      status: z.enum(['VALID', 'REVOKED']).optional().meta({ description: 'Once the card is made: VALID, or REVOKED by a state admin' }),
      revokedAt: z.string().optional(),
      reasonCode: z.enum(revocationReasonCodes).optional(),
    })
    .optional(),
  duplicateOf: z
    .object({ registrationId: z.string().optional().meta({ description: 'Approvers only' }), cardNumber: z.string().optional() })
    .optional(),
  timeline: z.array(z.object({ at: z.string(), from: z.string().nullable(), to: z.string(), why: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const AuditBody = view('AuditTrail', {
  registrationId: z.string(),
  events: z.array(
    z.object({
      at: z.string(),
      actor: z.object({
        id: z
          .string()
          .optional()
          .meta({ description: "The actor's user id: to approvers and admins, and to anyone for their own actions and the system's" }),
        role: z.string(),
        onBehalfOf: z
          .string()
          .optional()
          .meta({ description: "A delegate's decision: the queue of the DDO whose charge they hold (ddo:<code>)" }),
      }),
      from: z.string().nullable(),
      to: z.string(),
      why: z.string(),
      note: z.string().optional(),
    }),
  ),
});

export const BlockerFixedBody = requestBody('BlockerFixed', {
  blocker: z.enum(fixedBlockers).meta({
    description:
      'What was fixed: the Aadhaar now linked to a mobile, Aadhaar updated, biometrics unlocked, or other (say what in the note)',
  }),
  note: freeText(300).optional(),
});

export const BulkBlockersFixedBody = requestBody(
  'BlockersFixed',
  {
    items: z
      .array(BlockerFixedBody.extend({ registrationId: z.uuid() }))
      .min(1)
      .max(200),
  },
  "An Aadhaar update camp's list: each item is reported on its own",
);

export const ResumedView = view('Resumed', {
  registrationId: z.string(),
  status: z.string(),
  resumed: z.boolean().meta({ description: 'False when it had resumed already: nothing changed' }),
  notified: z.boolean().meta({ description: 'Whether the person was told by SMS; when not, tell them' }),
  nextAction: bilingual,
});

/** The registering roles, on a registration they may see. */
const registering: Access = { roles: ['portal', 'operator', 'applicant', 'field-worker'], scope: 'registration' };
const id = pathParameter(z.uuid(), 'registration id');

export const BulkBlockersFixedResult = z.object({
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
});

export const registrationRoutes = defineRoutes('registrations', {
  'POST /v1/registrations': {
    // A field worker registers as an operator does, only people of their segment (403 OUT_OF_SEGMENT).
    access: { roles: ['portal', 'operator', 'field-worker'], scope: 'none' },
    summary: 'Start a registration (Idempotency-Key header required)',
    rateLimit: 'sms-sending',
    request: { body: StartRegistrationBody, idempotencyKey: true },
    success: {
      status: 202,
      schema: RegistrationStarted,
      description: 'Started: the mobile code is on its way',
      also: {
        200: 'The same Idempotency-Key (same client, same request) started it before: that registration, `created: false`; nothing new started',
      },
    },
    errors: {
      400: ['IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_INVALID', 'UNKNOWN_SCHEME', 'INVALID_MOBILE', 'WRONG_ROSTER_TYPE', 'UNKNOWN_CAMP'],
      403: ['OUT_OF_SEGMENT'],
      404: ['WORKER_NOT_FOUND'],
      409: ['IDEMPOTENCY_KEY_REUSED', 'REGISTRATION_IN_PROGRESS', 'REGISTRATION_EXISTS', 'CONCURRENT_CHANGE'],
      422: ['NOT_ON_ROSTER'],
      429: ['OTP_LOCKED'],
    },
  },
  'GET /v1/registrations/{id}': {
    access: { roles: readingRegistrations, scope: 'registration' },
    summary: 'Status, next action, masked data, timeline',
    request: { params: { id } },
    success: { status: 200, schema: RegistrationView, description: 'Status, next action (English and Hindi), masked data, timeline' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'] },
  },
  'POST /v1/registrations/{id}/mobile-otp/verify': {
    access: registering,
    summary: 'Verify the mobile OTP',
    request: { params: { id }, body: OtpBody },
    success: { status: 200, schema: StatusBody, description: 'Mobile verified (a repeat of the right code answers the same)' },
    errors: {
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'OTP_NOT_SENT', 'OTP_ALREADY_USED', 'CONCURRENT_CHANGE'],
      422: ['OTP_INCORRECT', 'OTP_LOCKED', 'OTP_EXPIRED'],
    },
  },
  'POST /v1/registrations/{id}/mobile-otp/resend': {
    access: registering,
    summary: 'Send a new mobile OTP',
    rateLimit: 'sms-sending',
    request: { params: { id } },
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
    access: registering,
    summary: 'Consent and start Aadhaar e-KYC (OTP, or biometric/face by an operator)',
    bodyLimitBytes: 256 * 1024,
    rateLimit: 'sms-sending',
    request: { params: { id }, body: StartEkycBody },
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
      // Read from core/ekyc.ts's mapping when the document is built, not when the registrations function loads.
      get 422() {
        return ['OPERATOR_ONLY', ...ekycRefusalCodes()];
      },
    },
  },
  'POST /v1/registrations/{id}/ekyc/verify': {
    access: registering,
    summary: 'Verify the Aadhaar OTP',
    request: { params: { id }, body: VerifyEkycBody },
    success: { status: 200, schema: StatusBody, description: 'e-KYC verified' },
    errors: {
      400: ['INVALID_AADHAAR', 'AADHAAR_MISMATCH'],
      404: ['REGISTRATION_NOT_FOUND'],
      409: ['INVALID_STATUS', 'EKYC_OTP_NOT_REQUESTED', 'CONCURRENT_CHANGE'],
      get 422() {
        return ekycRefusalCodes();
      },
    },
  },
  'POST /v1/registrations/{id}/dependents': {
    access: registering,
    summary: 'Add a dependent / family member: a linked registration',
    rateLimit: 'sms-sending',
    request: { params: { id }, body: DependentBody, idempotencyKey: true },
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
    access: registering,
    summary: 'Send a registration returned for correction back to its approver',
    request: { params: { id }, body: ResubmitBody },
    success: { status: 200, schema: ResubmitResult, description: 'Back with the approver' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['INVALID_STATUS', 'CONCURRENT_CHANGE'] },
  },
  'GET /v1/registrations/{id}/audit': {
    access: { roles: ['portal', 'operator', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'registration' },
    summary: 'The append-only audit trail: who, when, from, to, why',
    request: { params: { id } },
    success: { status: 200, schema: AuditBody, description: 'Append-only audit trail' },
    errors: { 404: ['REGISTRATION_NOT_FOUND'] },
  },
  'POST /v1/registrations/{id}/session': {
    access: { roles: ['portal', 'operator'], scope: 'registration' },
    summary: 'An applicant session for a registration whose mobile is verified: a token bound to it, for the person to go on themselves',
    request: { params: { id } },
    success: {
      status: 201,
      schema: ApplicantSessionView.extend({ registrationId: z.string() }),
      description: 'A session for the person, bound to this registration and its dependents',
    },
    errors: { 404: ['REGISTRATION_NOT_FOUND'], 409: ['MOBILE_NOT_VERIFIED'], 422: ['SESSIONS_DISABLED'] },
  },
  'POST /v1/registrations/{id}/blocker-fixed': {
    access: { roles: ['operator', 'district-admin', 'state-admin'], scope: 'registration' },
    summary:
      "Report a person's e-KYC blocker fixed (Aadhaar linked to a mobile, updated, biometrics unlocked): the registration resumes at e-KYC and the person is told by SMS",
    rateLimit: 'sms-sending',
    request: { params: { id }, body: BlockerFixedBody },
    success: { status: 200, schema: ResumedView, description: 'Resumed at e-KYC (a repeat answers `resumed: false`)' },
    errors: { 400: ['NOTE_REQUIRED'], 404: ['REGISTRATION_NOT_FOUND'], 409: ['NOT_BLOCKED', 'INVALID_STATUS', 'CONCURRENT_CHANGE'] },
  },
  'POST /v1/registrations/blockers-fixed': {
    access: { roles: ['operator', 'district-admin', 'state-admin'], scope: 'registration' },
    summary: "Several blockers fixed at once (an Aadhaar update camp's list), each reported on its own",
    bodyLimitBytes: 256 * 1024,
    rateLimit: 'sms-sending',
    request: { body: BulkBlockersFixedBody },
    success: { status: 200, schema: BulkBlockersFixedResult, description: 'Each item recorded or refused with its code' },
  },
});

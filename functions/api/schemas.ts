// Request and response schemas of API v1: the handlers parse with them and GET /v1/openapi.json is generated
// from them (functions/api/openapi.ts). Request objects are strict: an unknown field is refused, not ignored.
import * as z from 'zod';
import { rosterTypes, schemeIds } from '../core/schemes.js';
import { gapReasons } from '../core/progress.js';
import { rejectionReasons } from '../core/use-cases/approval.js';
import { ValidationError } from '../core/errors.js';
import { anomalyKinds, reviewOutcomes } from '../core/anomalies.js';
import { fixedBlockers } from '../core/use-cases/blockers.js';
import { checkBlock, checkDistrict, isPlaceName, type PlaceCheck } from '../core/place-names.js';
import { maskAadhaarNumbers } from '../core/aadhaar.js';
import { hiddenCharactersIn } from '../core/text.js';
import { idempotencyKeyPattern } from '../core/use-cases/start-registration.js';
import { consentVersions } from '../core/consents.js';
import { stuckStepNames, waitingStepNames } from '../core/steps.js';
import { ApprovalStateEnum, ExecutionStatusEnum, ImportStatusEnum, RegistrationStatusEnum } from './statuses.js';

const bilingual = z
  .object({ en: z.string(), hi: z.string() })
  .meta({ id: 'NextAction', description: 'What to do next, in English and Hindi' });

export const ErrorBody = z
  .object({
    code: z.string().meta({ description: 'Stable, machine-readable: branch on this' }),
    message: z.string().meta({ description: 'For a person to read' }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });

/**
 * Every text a request carries goes through one of these two: NFC-normalised first (Hindi typed as NFD and as
 * NFC, क़ as one code point or two, is one string to every comparison, key and hash after this), then held to a
 * length. A unit test walks every request schema and checks that each string is bounded and normalised.
 */
const text = (max: number) => visible(z.string().normalize('NFC').max(max));
const shortText = (max: number) => visible(z.string().normalize('NFC').trim().min(1).max(max));

/**
 * Every request string is visible text: a bidi control or zero-width character (core/text.ts) is a 400
 * INVALID_CHARACTERS naming the field and the characters, never stored. Applied inside `text` and `shortText`, so
 * every field built from them is covered; the few strings built otherwise (file names, keys) call it themselves.
 */
function visible<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, context) => {
    const found = hiddenCharactersIn(value);
    if (found.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `holds invisible or direction-changing characters (${found.join(', ')}): type it again without them`,
        params: { code: 'INVALID_CHARACTERS', characters: found },
      });
    }
  }) as T;
}

/**
 * Free text a person types and the pipeline stores (notes, reasons, names): an Aadhaar number typed into it is
 * masked to its last four digits before anything else sees it. Identifiers (roster ids, card numbers, mobiles)
 * are not free text: masking would change which record they name.
 */
const freeText = (max: number) => shortText(max).overwrite(maskAadhaarNumbers);

/**
 * A block or village name: it becomes part of object keys (worklists), so it is held to the one place-name rule
 * (core/place-names.ts) — 400 INVALID_PLACE_NAME naming the parameter otherwise. Districts: `districtName` below.
 */
const placeName = (max: number) =>
  shortText(max).refine(isPlaceName, {
    message: 'not a place name: letters, digits, spaces and - . ( ) & \' only, no slashes or ".."',
    params: { code: 'INVALID_PLACE_NAME' },
  });

/** A refused place name as a zod issue carrying its own code (INVALID_PLACE_NAME, UNKNOWN_DISTRICT, UNKNOWN_BLOCK). */
const placeIssue = (check: PlaceCheck, path?: string[]) =>
  check.ok
    ? undefined
    : { code: 'custom' as const, message: check.message, params: { code: check.code }, ...(path === undefined ? {} : { path }) };

/**
 * A district, resolved through the gazetteer as roster imports resolve it (core/place-names.ts): handlers get the
 * canonical name ("Kanpur", "कानपुर नगर" → Kanpur Nagar); a district the gazetteer does not know is a 400
 * UNKNOWN_DISTRICT naming it.
 */
const districtName = shortText(40)
  .superRefine((value, context) => {
    const issue = placeIssue(checkDistrict(value));
    if (issue !== undefined) context.addIssue(issue);
  })
  .overwrite((value) => {
    const district = checkDistrict(value);
    return district.ok ? district.name : value;
  })
  .meta({
    description:
      'A district of Uttar Pradesh, Bihar, Madhya Pradesh or Chhattisgarh, in English or Hindi, by any common spelling; answered under its canonical English name',
  });

/**
 * The block of a request object resolved within its (canonical) district, by the roster importer's rule: a listed
 * block in either script is its canonical name, a near miss of one is a 400 UNKNOWN_BLOCK naming the block meant,
 * any other block is taken as written.
 */
const blockIssue = (value: { district: string; block?: string | undefined }, context: z.RefinementCtx) => {
  if (value.block === undefined || !checkDistrict(value.district).ok) return;
  const issue = placeIssue(checkBlock(value.district, value.block), ['block']);
  if (issue !== undefined) context.addIssue(issue);
};
const canonicalBlock = <T extends { district: string; block?: string | undefined }>(value: T): T => {
  if (value.block === undefined) return value;
  const block = checkBlock(value.district, value.block);
  return block.ok ? { ...value, block: block.name } : value;
};

const name = freeText(120);

export const RosterReferenceBody = z
  .discriminatedUnion('rosterType', [
    z.object({ rosterType: z.literal('employees'), employeeId: shortText(40) }).strict(),
    z.object({ rosterType: z.literal('ration-card-families'), rationCardNumber: shortText(40), memberId: shortText(20) }).strict(),
    z.object({ rosterType: z.literal('students'), studentId: shortText(40) }).strict(),
    z.object({ rosterType: z.literal('mgnrega'), jobCardNumber: shortText(40), memberId: shortText(20) }).strict(),
  ])
  .meta({ id: 'RosterReference', description: "Who the person is on the department's roster" });

export const StartRegistrationBody = z
  .object({
    scheme: z.enum(schemeIds),
    mobile: text(20).meta({ description: '10-digit Indian mobile; +91 or 0 prefixes accepted' }),
    roster: RosterReferenceBody,
    channel: z.enum(['portal', 'camp', 'csc', 'self']),
    operatorId: shortText(64).optional(),
    campId: shortText(64).optional(),
  })
  .strict()
  .meta({ id: 'StartRegistration' });

export const RegistrationStarted = z
  .object({
    registrationId: z.string(),
    status: RegistrationStatusEnum,
    created: z.boolean().meta({
      description:
        'False when the same Idempotency-Key had started it already: the answer is that registration, nothing new was started (HTTP 200)',
    }),
  })
  .meta({ id: 'RegistrationStarted' });

export const OtpBody = z
  .object({ otp: z.string().regex(/^\d{6}$/, '6 digits') })
  .strict()
  .meta({ id: 'MobileOtp' });

export const ApplicantSessionView = z
  .object({
    token: z.string().meta({ description: 'A bearer token with the applicant role, bound to this registration (and its dependents)' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'ApplicantSession' });

export const StatusBody = z
  .object({
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
  })
  .meta({ id: 'StatusAnswer' });

export const StartEkycBody = z
  .object({
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
  })
  .strict()
  .meta({ id: 'StartEkyc' });

export const VerifyEkycBody = z
  .object({ aadhaarNumber: text(20), otp: z.string().regex(/^\d{6}$/, '6 digits') })
  .strict()
  .meta({ id: 'VerifyEkyc' });

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

export const ResubmitBody = z
  .object({ note: freeText(500).optional() })
  .strict()
  .meta({ id: 'Resubmit' });

export const RegistrationView = z
  .object({
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
    card: z.object({ cardNumber: z.string(), issuedAt: z.string(), validUntil: z.string() }).optional(),
    duplicateOf: z
      .object({ registrationId: z.string().optional().meta({ description: 'Approvers only' }), cardNumber: z.string().optional() })
      .optional(),
    timeline: z.array(z.object({ at: z.string(), from: z.string().nullable(), to: z.string(), why: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Registration' });

export const AuditBody = z
  .object({
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
        }),
        from: z.string().nullable(),
        to: z.string(),
        why: z.string(),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'AuditTrail' });

export const ApprovalsQuery = z
  .object({
    state: z.enum(['PENDING', 'RETURNED', 'DECIDED']).default('PENDING'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: text(2000).optional(),
  })
  .strict();

export const DecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject', 'return']),
    reasonCode: z.enum(rejectionReasons).optional(),
    note: freeText(500).optional(),
  })
  .strict()
  .meta({ id: 'Decision' });

export const DecisionResult = z
  .object({
    taskId: z.string(),
    registrationId: z.string(),
    status: RegistrationStatusEnum.meta({
      description: "The registration's status after the decision: APPROVED, REJECTED or RETURNED_FOR_CORRECTION",
    }),
  })
  .meta({ id: 'DecisionResult' });

export const ResubmitResult = DecisionResult.extend({
  status: RegistrationStatusEnum.meta({ description: 'PENDING_APPROVAL: back with the same approver' }),
}).meta({ id: 'ResubmitResult' });

export const BulkDecisionResult = z
  .object({
    results: z.array(
      z.object({
        taskId: z.string(),
        outcome: z.enum(['recorded', 'refused']),
        status: RegistrationStatusEnum.optional().meta({ description: "Recorded: the registration's status after it" }),
        code: z
          .string()
          .optional()
          .meta({ description: 'Refused: the code a single decision would have answered (APPROVAL_NOT_FOUND, ALREADY_DECIDED, …)' }),
        message: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkDecisionResult' });

export const BulkDecisionBody = z
  .object({
    decisions: z
      .array(DecisionBody.extend({ taskId: shortText(80) }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .meta({ id: 'BulkDecisions' });

export const ApprovalTaskView = z
  .object({
    taskId: z.string(),
    registrationId: z.string(),
    scheme: z.string(),
    queue: z
      .string()
      .meta({ description: 'The queue it waits in: ddo:<code>, verifier:<district>, district-admin:<district>, state-admin:all' }),
    approverKind: z.enum(['ddo', 'verifier', 'district-admin', 'state-admin']),
    level: z.number().meta({ description: '1 at first; 2 and 3 after escalations past the SLA' }),
    state: ApprovalStateEnum,
    createdAt: z.string(),
    dueAt: z.string(),
    summary: z
      .object({
        name: z.string().meta({ description: 'As e-KYC returned it' }),
        nameLocal: z.string().optional(),
        yearOfBirth: z.number(),
        gender: z.enum(['M', 'F', 'T']),
        aadhaarLast4: z.string().optional(),
        relation: z.string().optional().meta({ description: 'A dependent: its relation to the primary' }),
        primaryRegistrationId: z.string().optional(),
        district: z.string(),
        block: z.string().optional(),
        ddoCode: z.string().optional(),
        roster: z
          .object({
            name: z.string().optional(),
            nameLocal: z.string().optional(),
            yearOfBirth: z.number().optional(),
            gender: z.enum(['M', 'F', 'T']).optional(),
          })
          .meta({ description: "The roster record (or a dependent's declared details) it was matched against" }),
        match: z
          .object({ outcome: z.string(), nameScore: z.number(), reasons: z.array(z.string()) })
          .meta({ description: 'How well e-KYC matched the roster, and why not' }),
      })
      .meta({ description: 'What the approver decides on: no Aadhaar number, no mobile number' }),
    decision: z
      .object({
        decision: z.enum(['approve', 'reject', 'return']),
        reasonCode: z.string().optional(),
        note: z.string().optional(),
        by: z.string(),
        at: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'ApprovalTask' });

export const ImportsQuery = z
  .object({
    district: districtName.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: text(2000).optional(),
  })
  .strict();

const ImportCountsView = z.object({
  read: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  removed: z.number(),
});

export const ImportSummaryView = z
  .object({
    importId: z.string(),
    status: ImportStatusEnum,
    key: z.string().meta({ description: 'rosters/{scheme}/{district}/{rosterType}/{file}' }),
    scheme: z.string().optional(),
    district: z.string().optional(),
    rosterType: z.string().optional(),
    snapshot: z
      .boolean()
      .meta({ description: 'A full snapshot (file name ending .full.csv / .full.xlsx): people missing from it are marked removed' }),
    receivedAt: z.string(),
    finishedAt: z.string().optional(),
    counts: ImportCountsView.optional(),
    progress: z.object({
      chunks: z.number(),
      chunksDone: z.number(),
      bytes: z.number(),
      bytesDone: z.number(),
      rowsRead: z.number(),
      rowsRejected: z.number(),
      percent: z.number(),
    }),
    refusal: z.object({ code: z.string(), message: z.string(), columns: z.array(z.string()).optional() }).optional(),
    failure: z.object({ error: z.string(), cause: z.string() }).optional(),
  })
  .meta({ id: 'ImportSummary' });

export const ImportView = ImportSummaryView.extend({
  versionId: z.string().optional(),
  size: z.number(),
  format: z.enum(['csv', 'xlsx']).optional(),
  columns: z.array(z.string()).optional(),
  startedAt: z.string().optional(),
  durationMs: z.number().optional(),
  eligibleAfter: z.number().optional().meta({ description: 'Eligible people of this roster scope after the import' }),
  rejectsReport: z
    .object({
      url: z.string().meta({ description: 'CSV: row, column, reason, then the row as it was (15-minute link)' }),
      expiresAt: z.string(),
    })
    .optional(),
}).meta({ id: 'Import' });

// ---- Roster uploads through the API (the admin CLI, docs/cli.md): a presigned PUT for the roster key ---------

export const RosterUploadBody = z
  .object({
    scheme: z.enum(schemeIds),
    district: districtName,
    rosterType: z.enum(rosterTypes),
    fileName: visible(
      z
        .string()
        .trim()
        .max(120)
        .regex(/^[^/\\\p{Cc}]+\.(csv|xlsx)$/iu, 'a file name ending .csv or .xlsx, without folders'),
    ).meta({ description: "The file's name as it will be stored; `.full` is added before the extension for a full snapshot" }),
    fullSnapshot: z
      .boolean()
      .default(false)
      .meta({ description: 'People of the scope missing from the file are marked removed (docs/roster-import.md)' }),
  })
  .strict()
  .meta({ id: 'RosterUploadRequest' });

export const RosterUploadView = z
  .object({
    uploadUrl: z.string().meta({ description: "PUT the file's bytes here (no credentials needed) before expiresAt" }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).meta({ description: 'Headers the PUT must carry' }),
    key: z.string().meta({ description: 'rosters/{scheme}/{district}/{rosterType}/{file}' }),
    fullSnapshot: z.boolean(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    imports: z.string().meta({
      description: 'GET this path (same token) to find the import the upload starts: imports of this key received since issuedAt',
    }),
  })
  .meta({ id: 'RosterUpload' });

/** GET /v1/admin/imports, with the filters that find the import an upload started. */
export const ImportsListQuery = ImportsQuery.extend({
  key: visible(z.string().startsWith('rosters/').max(400)).optional().meta({ description: 'Only imports of this object key' }),
  since: z.iso.datetime().max(40).optional().meta({ description: 'Only imports received at or after this instant' }),
}).strict();

export const CardVerifyBody = z
  .object({ qr: text(4000).min(10) })
  .strict()
  .meta({ id: 'CardVerify' });

export const CardView = z
  .object({
    cardNumber: z.string(),
    scheme: z.string(),
    registrationId: z.string(),
    issuedAt: z.string(),
    validUntil: z.string(),
    downloadUrl: z.string().meta({ description: 'Short-lived (5 minutes)' }),
    qr: z.string().optional().meta({
      description:
        "The text the card's QR code encodes, exactly as printed: a verifier or a print vendor uses it without decoding the PDF (POST /v1/cards/verify checks it; docs/card.md describes it). Absent only for cards issued before it was kept",
    }),
  })
  .meta({ id: 'Card' });

export const CardVerification = z
  .object({ valid: z.boolean(), reason: z.string().optional(), claims: z.record(z.string(), z.unknown()).optional() })
  .meta({ id: 'CardVerification' });

const indianDay = z.iso.date().meta({ description: 'A day in India (IST), yyyy-mm-dd' });

export const CampaignBody = z
  .object({
    name: freeText(80).meta({ description: 'Unique within the scheme: posting the same campaign again returns it' }),
    scheme: z.enum(schemeIds),
    districts: z.array(districtName).min(1).max(100),
    rosterTypes: z
      .array(z.enum(rosterTypes))
      .min(1)
      .max(rosterTypes.length)
      .optional()
      .meta({ description: 'Default: every roster type the scheme registers from' }),
    startDate: indianDay,
    endDate: indianDay,
  })
  .strict()
  .meta({ id: 'CampaignRequest' });

export const CampaignView = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    scheme: z.string(),
    districts: z.array(z.string()),
    rosterTypes: z.array(z.string()),
    startDate: z.string(),
    endDate: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Campaign' });

export const WorklistQuery = z
  .object({
    district: districtName,
    block: placeName(60).meta({ description: 'As the roster names it; `-` for people whose roster gives no block' }),
    reason: z.enum(gapReasons).optional().meta({ description: 'One reason only (default: every reason)' }),
  })
  .strict()
  .superRefine(blockIssue)
  .overwrite(canonicalBlock);

export const WorklistView = z
  .object({
    campaignId: z.string(),
    district: z.string(),
    block: z.string(),
    reason: z.string().optional(),
    asOf: z.string(),
    people: z.number(),
    byReason: z.record(z.string(), z.number()),
    url: z.string().meta({
      description:
        'CSV (UTF-8 with BOM): person, where, reason, registration, status, since, what to do in English and Hindi (15-minute link)',
    }),
    expiresAt: z.string(),
  })
  .meta({ id: 'Worklist' });

/** The workflows and execution statuses the executions routes filter by (the admin CLI offers the same). */
export const workflowNames = ['registration', 'rosterImport'] as const;
export const executionStatuses = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export const WorkflowName = z.enum(workflowNames).meta({ description: 'registration, or rosterImport' });

export const ExecutionsQuery = z
  .object({
    workflow: WorkflowName,
    status: z.enum(executionStatuses).optional(),
    district: districtName.optional(),
    from: z.iso.datetime().max(40).optional().meta({ description: 'Started at or after (ISO instant)' }),
    to: z.iso.datetime().max(40).optional().meta({ description: 'Started at or before (ISO instant)' }),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: text(2000).optional(),
  })
  .strict();

export const ExecutionView = z
  .object({
    workflow: z.string(),
    name: z.string().meta({ description: 'The registration id or the import id' }),
    executionArn: z.string(),
    status: ExecutionStatusEnum,
    startedAt: z.string(),
    stoppedAt: z.string().optional(),
    error: z.string().optional(),
    redriveCount: z.number(),
    district: z.string().optional(),
    scheme: z.string().optional(),
  })
  .meta({ id: 'Execution' });

const TimelineView = z
  .object({
    steps: z.array(
      z.object({
        state: z.string(),
        enteredAt: z.string(),
        exitedAt: z.string().optional(),
        durationMs: z.number().optional(),
        outcome: z.enum(['done', 'waiting', 'failed']),
        errors: z.array(z.string()).meta({ description: 'Error names of the attempts that failed in this state' }),
      }),
    ),
    redrives: z.array(z.string()),
    end: z.object({ type: z.string(), at: z.string(), error: z.string().optional() }).optional(),
  })
  .meta({ id: 'Timeline', description: 'Built from the execution history without its data: state names, times and error names only' });

export const ExecutionDetailView = ExecutionView.extend({ timeline: TimelineView }).meta({ id: 'ExecutionDetail' });

export const StuckQuery = z
  .object({
    workflow: WorkflowName.default('registration'),
    district: districtName.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: text(2000).optional(),
  })
  .strict();

export const StuckView = z
  .object({
    workflow: z.string(),
    name: z.string().meta({ description: 'The execution: the registration id or the import id' }),
    step: z.enum(stuckStepNames).meta({ description: 'mobile-otp, ekyc, approval (registrations) or import' }),
    status: z.string().meta({ description: "The registration's status (RegistrationStatus), or the import's (ImportStatus)" }),
    reasonCode: z.string().optional().meta({ description: 'Why the registration is blocked, when it is' }),
    scheme: z.string().optional(),
    district: z.string().optional(),
    block: z.string().optional(),
    since: z.string().meta({ description: 'When the step started waiting (kept across escalations)' }),
    slaDueAt: z.string(),
    overdueHours: z.number(),
    waitingOn: z
      .object({
        kind: z.enum(['applicant', 'approver', 'system']),
        approverKind: z.string().optional(),
        queue: z.string().optional().meta({ description: 'ddo:<code>, verifier:<district>, district-admin:<district>, state-admin:all' }),
        label: bilingual,
      })
      .meta({ description: 'Who must act' }),
  })
  .meta({ id: 'StuckExecution' });

export const StopBody = z
  .object({ reason: freeText(200).meta({ description: 'Why: recorded in the execution history with who stopped it' }) })
  .strict();

export const DailyReportQuery = z.object({ date: indianDay }).strict();

const DailyRowView = z
  .object({
    district: z.string(),
    block: z.string(),
    eligible: z.number(),
    issuedTillDate: z.number(),
    issuedOnDate: z.number(),
    saturationPercent: z.number().nullable(),
    startedTillDate: z.number(),
    startedOnDate: z.number(),
    pendingApproval: z.number(),
    pendingOver7Days: z.number(),
    aadhaarMobileNotLinked: z.number(),
    aadhaarUpdateNeeded: z.number(),
    ekycFailing: z.number(),
    rejected: z.number(),
    notStarted: z.number(),
  })
  .meta({ id: 'DailyReportRow' });

export const DailyReportView = z
  .object({
    campaign: CampaignView,
    date: z.string(),
    generatedAt: z.string(),
    rows: z.array(DailyRowView).meta({ description: 'One per block, as at the end of the day (IST)' }),
    total: DailyRowView,
    csvUrl: z.string().meta({ description: 'The report as CSV (UTF-8 with BOM), a 15-minute link' }),
    pdfUrl: z.string().meta({ description: 'The report as a printable A4 PDF, a 15-minute link' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'DailyReport' });

export const ProgressQuery = z
  .object({ district: districtName.optional().meta({ description: 'One district in detail: blocks, villages, departments, DDOs' }) })
  .strict();

const ChangeView = z
  .object({ started: z.number(), mobileVerified: z.number(), ekycDone: z.number(), pendingApproval: z.number(), issued: z.number() })
  .meta({ id: 'ChangeToday', description: 'Net change today (IST) of each figure' });

export const PlaceProgressView = z
  .object({
    name: z.string(),
    eligible: z.number().meta({ description: 'From the rosters (the last import of each roster type)' }),
    started: z.number().meta({ description: 'People with a registration (their latest)' }),
    mobileVerified: z.number(),
    ekycDone: z.number(),
    pendingApproval: z.number(),
    pendingByAge: z.record(z.string(), z.number()).meta({ description: 'Pending approval by days waiting: 0-1, 2-3, 4-7, over 7' }),
    issued: z.number(),
    blocked: z.record(z.string(), z.number()).meta({ description: 'Stopped for a reason someone must act on, by reason' }),
    gap: z
      .record(z.string(), z.number())
      .meta({ description: 'Every eligible person without a card, by reason (not-started = eligible - started)' }),
    saturationPercent: z.number().nullable(),
    change: ChangeView.optional(),
  })
  .meta({ id: 'PlaceProgress' });

const DistrictProgressView = PlaceProgressView.extend({
  blocks: z.array(PlaceProgressView),
  villages: z.array(PlaceProgressView).optional(),
  departments: z.array(PlaceProgressView).optional(),
  ddos: z.array(PlaceProgressView).optional(),
}).meta({ id: 'DistrictProgress' });

export const CampaignProgressView = z
  .object({
    campaign: CampaignView,
    asOf: z.string(),
    today: z.string(),
    total: PlaceProgressView,
    districts: z.array(DistrictProgressView),
  })
  .meta({ id: 'CampaignProgress' });

/** Parse with a schema; a failure is a 400 naming each field and what is wrong with it. */
// ---- Following up: blockers fixed, migrants, anomalies --------------------------------------------------------

export const BlockerFixedBody = z
  .object({
    blocker: z.enum(fixedBlockers).meta({
      description:
        'What was fixed: the Aadhaar now linked to a mobile, Aadhaar updated, biometrics unlocked, or other (say what in the note)',
    }),
    note: freeText(300).optional(),
  })
  .strict()
  .meta({ id: 'BlockerFixed' });

export const BulkBlockersFixedBody = z
  .object({
    items: z
      .array(BlockerFixedBody.extend({ registrationId: z.uuid() }))
      .min(1)
      .max(200),
  })
  .strict()
  .meta({ id: 'BlockersFixed', description: "An Aadhaar update camp's list: each item is reported on its own" });

export const ResumedView = z
  .object({
    registrationId: z.string(),
    status: z.string(),
    resumed: z.boolean().meta({ description: 'False when it had resumed already: nothing changed' }),
    notified: z.boolean().meta({ description: 'Whether the person was told by SMS; when not, tell them' }),
    nextAction: bilingual,
  })
  .meta({ id: 'Resumed' });

export const MigrateBody = z
  .object({
    district: districtName.meta({ description: 'The district the person lives in now' }),
    block: placeName(80).optional(),
    village: placeName(80).optional(),
    ddoCode: shortText(40).optional().meta({ description: 'The DDO who approves there (a transferred employee); kept when absent' }),
    note: freeText(300).min(5).meta({ description: 'Why: recorded in the audit trail' }),
  })
  .strict()
  .superRefine(blockIssue)
  .overwrite(canonicalBlock)
  .meta({ id: 'Migrate' });

export const MigratedView = z
  .object({
    registrationId: z.string(),
    status: z.string(),
    district: z.string(),
    block: z.string().optional(),
    approvalQueue: z.string().optional().meta({ description: 'Where an open approval waits now' }),
    migratedFrom: z.object({ district: z.string(), at: z.string() }).optional(),
  })
  .meta({ id: 'Migrated' });

export const AnomaliesQuery = z
  .object({
    district: districtName.optional(),
    state: z.enum(['open', 'reviewed']).default('open'),
    kind: z.enum(anomalyKinds).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: text(2000).optional(),
  })
  .strict();

export const AnomalyView = z
  .object({
    anomalyId: z.string(),
    kind: z.enum(anomalyKinds),
    scheme: z.string(),
    district: z.string(),
    subject: z.string().meta({ description: 'A masked mobile (******3210) or an operator id' }),
    day: z.string().optional().meta({ description: "The day of an operator's volume (IST)" }),
    members: z
      .number()
      .meta({ description: 'Families sharing the mobile, or people the operator registered that day (counted up to 1,000)' }),
    norm: z.number().meta({ description: "The scheme's norm it went past" }),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    lastRegistrationId: z.string(),
    state: z.enum(['open', 'reviewed']),
    review: z.object({ outcome: z.enum(reviewOutcomes), note: z.string(), by: z.string(), at: z.string(), members: z.number() }).optional(),
  })
  .meta({ id: 'Anomaly' });

export const AnomalyDetailView = AnomalyView.extend({
  registrations: z.array(
    z.object({
      member: z.string().meta({ description: 'The family (ration card, job card, employee) or person' }),
      registrationId: z.string(),
      at: z.string(),
    }),
  ),
}).meta({ id: 'AnomalyDetail' });

export const AnomalyReviewBody = z
  .object({ outcome: z.enum(reviewOutcomes), note: freeText(500).min(5) })
  .strict()
  .meta({ id: 'AnomalyReview' });

// ---- Reconciliation: accepted requests and roster rows accounted for (healthcard verify) -----------------------

export const RegistrationLookupBody = z
  .object({
    items: z
      .array(
        z
          .object({
            registrationId: z.uuid(),
            idempotencyKey: z.string().regex(idempotencyKeyPattern, 'an Idempotency-Key: 8-128 letters, digits, - or _').optional().meta({
              description: 'The key the client started it with: the answer says which registration the key names',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .meta({ id: 'RegistrationLookup', description: 'Registrations a client was answered for, up to 100 at a time' });

export const RegistrationLookupView = z
  .object({
    items: z.array(
      z.object({
        registrationId: z.string(),
        found: z.boolean().meta({ description: 'False for a registration that does not exist or is not in one of your districts' }),
        status: z.string().optional().meta({ description: 'A RegistrationStatus' }),
        reasonCode: z.string().optional(),
        scheme: z.string().optional(),
        district: z.string().optional(),
        personId: z
          .string()
          .optional()
          .meta({ description: 'The roster person (scheme and person id say who: one open registration each)' }),
        primaryRegistrationId: z.string().optional(),
        cardNumber: z.string().optional(),
        createdAt: z.string().optional(),
        updatedAt: z.string().optional(),
        execution: z
          .object({
            name: z.string(),
            status: z.string(),
            startedAt: z.string(),
            stoppedAt: z.string().optional(),
            error: z.string().optional(),
            redriveCount: z.number(),
          })
          .nullable()
          .optional()
          .meta({ description: 'The execution named by the registration, from the ledger; null when the ledger has none' }),
        waitingSteps: z
          .array(z.enum(waitingStepNames))
          .optional()
          .meta({ description: 'Steps whose workflow token is still held (mobile-otp, ekyc, approval)' }),
        idempotencyKey: z
          .object({
            key: z.string(),
            registrationId: z.string().nullable().meta({
              description:
                'The registration the key names; null when the key is unknown or expired (7 days), or names a registration not in one of your districts',
            }),
          })
          .optional(),
      }),
    ),
  })
  .meta({ id: 'RegistrationLookupResult' });

export const PeopleLookupBody = z
  .object({
    scheme: z.enum(schemeIds),
    personIds: z
      .array(shortText(80))
      .min(1)
      .max(100)
      .meta({ description: 'Natural keys: emp:<id>, rc:<card>:<member>, st:<id>, jc:<card>:<member>' }),
  })
  .strict()
  .meta({ id: 'PeopleLookup', description: 'Roster people by their natural key, up to 100 at a time' });

export const PeopleLookupView = z
  .object({
    items: z.array(
      z.object({
        personId: z.string(),
        found: z.boolean().meta({ description: 'False for a person not on any roster, or not of one of your districts' }),
        status: z.string().optional(),
        district: z.string().optional(),
        rosterType: z.string().optional(),
        importId: z.string().optional().meta({ description: 'The import that last wrote the person' }),
        importRow: z.number().optional().meta({ description: "The row of that import's file that wrote them" }),
        importChange: z.enum(['inserted', 'updated']).optional(),
        removedByImport: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'PeopleLookupResult' });

export const parseWith = <T>(schema: z.ZodType<T>, value: unknown, what = 'request body'): T => {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(whole)', problem: issue.message }));
  // A field refused for a reason of its own (a place name, hidden characters) answers with that reason's code.
  const code = result.error.issues
    .map((issue) => (issue as { params?: { code?: unknown } }).params?.code)
    .find((found): found is string => typeof found === 'string');
  throw new ValidationError(
    `The ${what} does not fit the API: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}`,
    { fields },
    code ?? 'INVALID_REQUEST',
  );
};

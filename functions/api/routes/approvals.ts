// Approvals API: an approver's queue, one decision, or a whole list of decisions at once. Declarations and
// schemas; the handlers are in functions/api/approvals.ts.
import * as z from 'zod';
import { rejectionReasons } from '../../core/use-cases/approval.js';
import { ApprovalStateEnum, RegistrationStatusEnum } from '../statuses.js';
import { defineRoutes, type Access } from './define.js';
import { schemeIds } from '../../core/schemes.js';
import { nameExplanations } from '../../core/name-match.js';
import { freeText, page, pageQuery, requestBody, shortText, text, view } from './shared.js';

export const ApprovalsQuery = z
  .object({
    state: z.enum(['PENDING', 'RETURNED', 'DECIDED']).default('PENDING'),
    q: text(100)
      .optional()
      .meta({ description: 'Search, case-insensitive, part of: an employee id, a ration card number, a name in English or Devanagari' }),
    scheme: z.enum(schemeIds).optional(),
    kind: z
      .enum(['mismatch', 'routine'])
      .optional()
      .meta({ description: 'routine: e-KYC matched the roster (the same name or spelling, the same year, gender), nothing to compare' }),
    ...pageQuery(50),
  })
  .strict();

export const DecisionBody = requestBody('Decision', {
  decision: z.enum(['approve', 'reject', 'return']),
  reasonCode: z.enum(rejectionReasons).optional(),
  note: freeText(500).optional(),
});

export const DecisionResult = view('DecisionResult', {
  taskId: z.string(),
  registrationId: z.string(),
  status: RegistrationStatusEnum.meta({
    description: "The registration's status after the decision: APPROVED, REJECTED or RETURNED_FOR_CORRECTION",
  }),
});

export const ResubmitResult = DecisionResult.extend({
  status: RegistrationStatusEnum.meta({ description: 'PENDING_APPROVAL: back with the same approver' }),
}).meta({ id: 'ResubmitResult' });

export const BulkDecisionResult = view('BulkDecisionResult', {
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
});

export const BulkDecisionBody = requestBody('BulkDecisions', {
  decisions: z
    .array(DecisionBody.extend({ taskId: shortText(80) }).strict())
    .min(1)
    .max(100),
});

export const ApprovalTaskView = view('ApprovalTask', {
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
      employeeId: z.string().optional().meta({ description: 'As the roster gives it' }),
      rationCardNumber: z.string().optional().meta({ description: 'As the roster gives it' }),
      department: z.string().optional(),
      office: z.string().optional(),
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
      onBehalfOf: z.string().optional().meta({ description: "A delegate's decision: the queue whose charge they held" }),
      at: z.string(),
    })
    .optional(),
});

/** An item of the inbox: the task, how long it has waited, and whether it is routine. */
export const InboxItemView = ApprovalTaskView.extend({
  daysWaiting: z.number().int().meta({ description: 'Whole days since the task was created' }),
  overdue: z.boolean().meta({ description: 'Pending past dueAt (the SLA)' }),
  routine: z
    .boolean()
    .meta({ description: 'e-KYC matched the roster: the same name or spelling, the same year and gender; nothing to compare' }),
  onBehalfOf: z.string().optional().meta({ description: 'In a queue delegated to the caller: that queue (ddo:<code>)' }),
}).meta({ id: 'InboxItem' });

export const InboxPage = page(InboxItemView)
  .extend({
    counts: z
      .object({
        total: z.number().int(),
        routine: z.number().int(),
        mismatch: z.number().int(),
        overdue: z.number().int(),
        byAge: z
          .object({ d0_1: z.number().int(), d2_3: z.number().int(), d4_7: z.number().int(), d8_plus: z.number().int() })
          .meta({ description: 'By days waiting: 0-1, 2-3, 4-7, 8 and more' }),
        complete: z
          .boolean()
          .meta({ description: 'False when the queues held more than the 1,000 tasks one request reads: counted over those' }),
      })
      .meta({ description: 'Over the whole filtered queue, not the page' }),
  })
  .meta({ id: 'InboxPage' });

const PersonRecordView = z
  .object({
    name: z.string().optional().meta({ description: 'Absent on a roster that gives only the Hindi name' }),
    nameLocal: z.string().optional(),
    dateOfBirth: z.string().optional(),
    yearOfBirth: z.number().int().optional(),
    gender: z.enum(['M', 'F', 'T']).optional(),
    relation: z.string().optional(),
    department: z.string().optional(),
    office: z.string().optional(),
    ddoCode: z.string().optional(),
    employeeId: z.string().optional(),
    rationCardNumber: z.string().optional(),
  })
  .meta({ id: 'PersonRecord' });

export const ApprovalCaseView = InboxItemView.extend({
  roster: PersonRecordView.meta({ description: "The roster's record (a declared dependent: the declaration)" }),
  ekyc: PersonRecordView.meta({ description: 'As Aadhaar e-KYC returned the person' }),
  differences: z.array(z.string()).meta({ description: 'The fields both sides give, and give differently' }),
  nameMatch: z.object({
    score: z.number(),
    explanation: z.array(z.enum(nameExplanations)).meta({ description: 'Why the names scored as they did: stable codes to put in words' }),
  }),
  family: z
    .array(
      z.object({
        registrationId: z.string(),
        name: z.string().optional(),
        relation: z.string().optional(),
        status: RegistrationStatusEnum,
      }),
    )
    .meta({ description: 'The other registrations of the same case (the primary and its dependents)' }),
  timeline: z
    .array(
      z.object({
        at: z.string(),
        event: z.string().meta({ description: "The audit event's reason code" }),
        status: RegistrationStatusEnum,
        by: z.string(),
        onBehalfOf: z.string().optional(),
        note: z.string().optional(),
      }),
    )
    .meta({ description: "The registration's audit events, oldest first" }),
  photo: z.object({ available: z.boolean() }),
}).meta({ id: 'ApprovalCase' });

export const PhotoLinkView = view('PhotoLink', {
  url: z.string().meta({ description: 'Absolute URL of the image, usable in <img src> without a bearer token' }),
  expiresAt: z.string().meta({ description: 'When the link stops working (ISO 8601): 5 minutes after it was given' }),
});

const approvers: Access = { roles: ['ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'approver-queue' };

export const approvalRoutes = defineRoutes('approvals', {
  'GET /v1/approvals': {
    access: approvers,
    summary: "The caller's approval queue",
    request: { query: ApprovalsQuery },
    success: {
      status: 200,
      schema: InboxPage,
      description:
        "The caller's queues and those delegated to them, oldest first, searched and filtered; counts of the whole filtered queue",
    },
    errors: { 400: ['INVALID_CURSOR', 'BAD_CURSOR'] },
  },
  'GET /v1/approvals/{taskId}': {
    access: approvers,
    summary: 'One case: the roster and the e-KYC side by side, what differs, the name match explained, the family, the timeline',
    request: { params: { taskId: { schema: z.string().min(1).max(80), what: 'approval task id' } } },
    success: { status: 200, schema: ApprovalCaseView, description: 'The case, as its approver compares it' },
    errors: { 404: ['APPROVAL_NOT_FOUND'] },
  },
  'POST /v1/approvals/{taskId}/decision': {
    access: approvers,
    summary: 'Approve, reject (with a reason code) or return for correction',
    request: { params: { taskId: { schema: z.string().min(1).max(80), what: 'approval task id' } }, body: DecisionBody },
    success: { status: 200, schema: DecisionResult, description: 'Decision recorded (a repeat of the same decision answers the same)' },
    errors: {
      400: ['REASON_REQUIRED', 'NOTE_REQUIRED'],
      404: ['APPROVAL_NOT_FOUND'],
      409: ['ALREADY_DECIDED', 'RETURNED_FOR_CORRECTION', 'REGISTRATION_STOPPED', 'INVALID_STATUS', 'CONCURRENT_CHANGE'],
    },
  },
  'POST /v1/approvals/decisions': {
    access: approvers,
    summary: "Several decisions at once (a DDO's list)",
    bodyLimitBytes: 256 * 1024,
    request: { body: BulkDecisionBody },
    success: { status: 200, schema: BulkDecisionResult, description: 'One result per decision; one refused does not stop the others' },
  },
  // The e-KYC photo: a short-lived link for an approver in scope, and the image behind it (SECURITY.md, "e-KYC photos").
  'GET /v1/approvals/{taskId}/photo': {
    access: approvers,
    summary: "A short-lived link to the case's e-KYC photo",
    request: { params: { taskId: { schema: z.string().min(1).max(80), what: 'approval task id' } } },
    success: { status: 200, schema: PhotoLinkView, description: 'A link an <img> loads without a token, for 5 minutes' },
    errors: { 404: ['APPROVAL_NOT_FOUND', 'PHOTO_NOT_AVAILABLE'] },
  },
  'GET /v1/photos/{token}': {
    access: {
      public: true,
      why: 'An <img> element sends no bearer token: the link is the capability, one random token per approver and case, good for 5 minutes, given out only by GET /v1/approvals/{taskId}/photo to an approver in scope.',
    },
    summary: 'The e-KYC photo behind a short-lived link (never cached)',
    request: { params: { token: { schema: z.string().regex(/^[A-Za-z0-9_-]{43}$/), what: 'photo link' } } },
    success: {
      status: 200,
      schema: z.instanceof(Uint8Array),
      mediaType: 'image/jpeg',
      description: 'The photo (JPEG), with Cache-Control: no-store',
    },
    errors: { 404: ['PHOTO_NOT_AVAILABLE'], 410: ['PHOTO_LINK_EXPIRED'] },
  },
});

// Approvers API: delegation of charge (a DDO on leave hands their queue to another DDO code for some days) and the
// approver directory the reminders are sent from. Declarations and schemas; the handlers are in
// functions/api/approvers.ts.
import * as z from 'zod';
import { defineRoutes, pathParameter, type Access } from './define.js';
import { adminList, adminsByDistrict, districtName, freeText, indianDay, pageQuery, requestBody, shortText, text, view } from './shared.js';

const ddoCode = shortText(40).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a DDO code: letters, digits, . _ -');

export const DelegationBody = requestBody('DelegationRequest', {
  fromDdoCode: ddoCode.meta({ description: 'The DDO code whose queue is handed over (the caller’s, or of an admin’s district)' }),
  toDdoCode: ddoCode.meta({ description: 'The DDO code that holds the charge meanwhile' }),
  startsOn: indianDay.meta({ description: 'First day (IST), today or later' }),
  endsOn: indianDay.meta({ description: 'Last day (IST), inclusive; at most 90 days after the first' }),
  note: freeText(300).optional(),
});

export const DelegationView = view('Delegation', {
  delegationId: z.string(),
  fromDdoCode: z.string(),
  toDdoCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  note: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  endedAt: z.string().optional().meta({ description: 'Ended early, at this time' }),
  endedBy: z.string().optional(),
  state: z.enum(['scheduled', 'active', 'ended']).meta({ description: 'Read against today in India: it ends by itself after endsOn' }),
  active: z.boolean().meta({ description: 'The delegate sees and decides the queue now' }),
});

export const DelegationsQuery = z
  .object({
    ddoCode: ddoCode
      .optional()
      .meta({ description: 'An admin: whose delegations (a DDO code of their districts); a DDO: left out, its own' }),
  })
  .strict();

export const DelegationList = view('Delegations', {
  given: z
    .array(DelegationView)
    .meta({ description: 'Handed over by the DDO code(s): scheduled, active, and those ended in the last 30 days' }),
  received: z.array(DelegationView).meta({ description: 'Handed to the DDO code(s)' }),
});

export const ApproverBody = requestBody('ApproverEntry', {
  name: freeText(100),
  office: freeText(120).optional(),
  mobile: text(20).meta({ description: '10-digit Indian mobile the reminders go to; +91 or 0 prefixes accepted' }),
  language: z.enum(['en', 'hi']).meta({ description: 'The language of their SMS' }),
  district: districtName.optional().meta({ description: "A DDO's district (required for ddo:<code>; the other queues name theirs)" }),
});

export const ApproverView = view('Approver', {
  queue: z.string(),
  district: z.string().optional(),
  name: z.string(),
  office: z.string().optional(),
  mobile: z.string().meta({ description: 'Masked: ******3210' }),
  language: z.enum(['en', 'hi']),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const ApproversQuery = z.object({ district: districtName.optional(), ...pageQuery(50) }).strict();

const delegators: Access = { roles: ['ddo', 'district-admin', 'state-admin'], scope: 'ddo-code' };
const delegationId = pathParameter(z.string().uuid(), 'delegation id');
const queue = pathParameter(
  shortText(80).meta({ description: 'ddo:<DDO code>, verifier:<district>, district-admin:<district> or state-admin:all' }),
  'approval queue',
);

export const approverRoutes = defineRoutes('approvers', {
  'POST /v1/delegations': {
    access: delegators,
    summary: 'Hand a DDO code’s queue to another DDO code for some days (charge handed over while on leave)',
    request: { body: DelegationBody },
    success: { status: 201, schema: DelegationView, description: 'Made; active between its days (IST), ending by itself' },
    errors: {
      400: ['DELEGATION_TO_SELF', 'DELEGATION_DATES_OUT_OF_ORDER', 'DELEGATION_STARTS_IN_PAST', 'DELEGATION_TOO_LONG'],
      409: ['DELEGATION_OVERLAPS', 'CONCURRENT_CHANGE'],
    },
  },
  'GET /v1/delegations': {
    access: delegators,
    summary: 'The delegations the caller gave and received',
    request: { query: DelegationsQuery },
    success: { status: 200, schema: DelegationList, description: 'Given and received, by first day' },
    errors: { 400: ['DDO_CODE_REQUIRED'] },
  },
  'DELETE /v1/delegations/{delegationId}': {
    access: delegators,
    summary: 'End a delegation now (its DDO, its delegate or an admin in scope)',
    request: { params: { delegationId } },
    success: { status: 200, schema: DelegationView, description: 'Ended (ending it again answers the same)' },
    errors: { 404: ['DELEGATION_NOT_FOUND'] },
  },
  'PUT /v1/admin/approvers/{queue}': {
    access: adminsByDistrict,
    summary: 'Who holds an approval queue: name, office, the mobile their reminders go to, and their SMS language',
    request: { params: { queue }, body: ApproverBody },
    success: { status: 200, schema: ApproverView, description: 'Kept (a repeat answers the same)' },
    errors: { 400: ['INVALID_QUEUE', 'INVALID_MOBILE', 'DISTRICT_REQUIRED', 'DISTRICT_MISMATCH'] },
  },
  'GET /v1/admin/approvers': adminList('The approver directory of a district', ApproversQuery, ApproverView, 'Approvers, by queue'),
});

// Field force API: workers and their segments, a district's assignment rules, the assignment run and
// reassignment (admins); a field worker's worklist and visits; accountability per worker, role or department.
// Declarations and schemas; the handlers are in functions/api/field-force.ts (docs/field-force.md).
import * as z from 'zod';
import { progressGroupings, segmentKinds, visitOutcomes, workerRoles } from '../../core/field-force.js';
import { gapReasons } from '../../core/progress.js';
import { defineRoutes, pathParameter, type Access, type ErrorStatus, type RouteRequest } from './define.js';
import {
  adminList,
  adminsByDistrict,
  bilingual,
  blockIssue,
  canonicalBlock,
  districtName,
  freeText,
  pageQuery,
  requestBody,
  shortText,
  text,
  view,
} from './shared.js';

const optionalText = z.string().optional();
const count = z.number().int();
const campaignId = z.string().regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters');
const identifier = (what: string) => shortText(60).regex(/^[A-Za-z0-9][A-Za-z0-9:._/-]*$/, `${what}: letters, digits, : . _ / -`);

const segmentValues = 'Villages, FPS codes, schools, job-card ranges (FROM..TO), offices or DDO codes';
export const SegmentBody = requestBody('Segment', {
  kind: z.enum(segmentKinds),
  values: z.array(shortText(120)).min(1).max(200).meta({ description: segmentValues }),
});

export const WorkerBody = requestBody('WorkerEntry', {
  name: freeText(100),
  role: z.enum(workerRoles),
  department: freeText(120),
  district: districtName,
  block: freeText(60).optional().meta({ description: "Where a village segment's villages are" }),
  mobile: text(20).meta({ description: '10-digit Indian mobile their daily SMS goes to; +91 or 0 prefixes accepted' }),
  language: z.enum(['en', 'hi']).optional().meta({ description: 'The language of their SMS (default Hindi)' }),
  segment: SegmentBody,
})
  .superRefine(blockIssue)
  .transform(canonicalBlock);

export const WorkerView = view('Worker', {
  workerId: z.string(),
  name: z.string(),
  role: z.enum(workerRoles),
  department: z.string(),
  district: z.string(),
  block: z.string().optional(),
  mobileMasked: z.string().meta({ description: 'The last four digits only: ******3210' }),
  language: z.enum(['en', 'hi']),
  segment: z.object({ kind: z.enum(segmentKinds), values: z.array(z.string()) }),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const WorkersQuery = z
  .object({ district: districtName.optional(), role: z.enum(workerRoles).optional(), ...pageQuery(50) })
  .strict();

export const RulesBody = requestBody('AssignmentRules', {
  district: districtName,
  order: z
    .array(z.enum(segmentKinds))
    .min(1)
    .max(segmentKinds.length)
    .meta({ description: 'Segment kinds tried in turn: the first with a worker whose segment holds the person decides' }),
});

export const RulesView = view('AssignmentRulesKept', {
  district: z.string(),
  order: z.array(z.enum(segmentKinds)),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const AssignmentQuery = z.object({ campaignId, district: districtName }).strict();

export const AssignmentResultView = view('AssignmentResult', {
  assigned: z.number().int().meta({ description: 'Eligible people with a responsible worker' }),
  unassigned: z.object({
    total: z.number().int(),
    byReason: z
      .record(z.string(), z.number().int())
      .meta({ description: 'no-worker-for-segment, no-segment-on-roster: gap reason no-responsible-worker in the field views' }),
  }),
});

export const ResponsibleBody = requestBody('ResponsibleWorker', { campaignId, workerId: identifier('a worker id') });

export const ResponsibleView = view('Responsible', {
  campaignId: z.string(),
  personId: z.string(),
  district: z.string(),
  workerId: z.string().optional(),
  assignedBy: z.enum(['rules', 'admin']),
  assignedAt: z.string(),
});

const lastVisit = z.object({ outcome: z.enum(visitOutcomes), at: z.string() });
const reason = z.enum([...gapReasons, 'carded']);

export const FieldWorklistView = view('FieldWorklist', {
  worker: WorkerView,
  counts: z.object({
    assigned: z.number().int(),
    pending: z.number().int(),
    carded: z.number().int(),
    byReason: z.record(z.string(), z.number().int()),
  }),
  items: z.array(
    z.object({
      personKey: z.string(),
      name: z.string().optional(),
      nameLocal: z.string().optional(),
      block: z.string().optional(),
      village: z.string().optional(),
      reason,
      nextAction: bilingual,
      registrationId: z.string().optional(),
      lastVisit: lastVisit.optional(),
    }),
  ),
});

export const VisitBody = requestBody('Visit', {
  campaignId,
  personKey: identifier('a person key'),
  outcome: z.enum(visitOutcomes),
  note: freeText(300).optional(),
});

export const VisitView = view('VisitRecorded', {
  personKey: z.string(),
  outcome: z.enum(visitOutcomes),
  at: z.string(),
  reason: reason.meta({ description: "The person's gap reason after the visit" }),
});

export const ProgressQuery = z
  .object({ campaignId, district: districtName, groupBy: z.enum(progressGroupings).default('worker') })
  .strict();

export const FieldProgressView = view('FieldForceProgress', {
  asOf: z.string(),
  campaignId: z.string(),
  district: z.string(),
  groupBy: z.enum(progressGroupings),
  unassigned: z.number().int().meta({ description: 'Eligible people nobody answers for' }),
  items: z.array(
    z.object({
      key: z.string().meta({ description: 'The worker id, role or department' }),
      ...{ name: optionalText, role: z.enum(workerRoles).optional(), department: optionalText },
      ...{ assigned: count, pending: count, cardedThisWeek: count, visitsThisWeek: count },
    }),
  ),
  total: z.number().int(),
});

const fieldWorkers: Access = { roles: ['field-worker'], scope: 'none' };
const workerId = pathParameter(identifier('a worker id'), 'worker id');
const personKey = pathParameter(identifier('a person key'), 'person key');

/** An admin route of a district (a state admin's: any) answering 200 with `schema`. */
const adminRoute = <Request extends RouteRequest, Schema extends z.ZodType>(
  summary: string,
  request: Request,
  answer: { schema: Schema; description: string },
  errors: Readonly<Partial<Record<ErrorStatus, readonly string[]>>>,
) => ({ access: adminsByDistrict, summary, request, success: { status: 200 as const, ...answer }, errors });

export const fieldForceRoutes = defineRoutes('fieldForce', {
  'PUT /v1/admin/field-force/workers/{workerId}': adminRoute(
    'A field worker: role, department, mobile (for their daily SMS) and the segment they answer for',
    { params: { workerId }, body: WorkerBody },
    { schema: WorkerView, description: 'Kept (a repeat answers the same)' },
    { 400: ['INVALID_MOBILE', 'SEGMENT_EMPTY'] },
  ),
  'GET /v1/admin/field-force/workers': adminList('The field force of a district', WorkersQuery, WorkerView, 'Workers, by role'),
  'PUT /v1/admin/field-force/rules': adminRoute(
    "A district's assignment rules: the order in which segment kinds give a person their responsible worker",
    { body: RulesBody },
    { schema: RulesView, description: 'Kept; the next assignment run uses them' },
    { 400: ['RULES_REPEAT_KIND'] },
  ),
  'POST /v1/admin/field-force/assignments': adminRoute(
    "Give every eligible person of a campaign's district one responsible worker by the district's rules",
    { query: AssignmentQuery },
    { schema: AssignmentResultView, description: 'Assigned, and why the others are not (a repeat changes nothing)' },
    { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  ),
  'PUT /v1/admin/people/{personKey}/responsible': adminRoute(
    "Make a worker of the person's district responsible for them (later assignment runs keep it)",
    { params: { personKey }, body: ResponsibleBody },
    { schema: ResponsibleView, description: 'Reassigned' },
    { 404: ['PERSON_NOT_FOUND', 'WORKER_NOT_FOUND'] },
  ),
  'GET /v1/field/worklist': {
    access: fieldWorkers,
    summary: "A field worker's people without a card: why, and what to do next",
    request: { query: z.object({ campaignId }).strict() },
    success: {
      status: 200,
      schema: FieldWorklistView,
      description: 'The people the worker answers for who have no card, by block and village',
    },
    errors: { 404: ['WORKER_NOT_FOUND', 'CAMPAIGN_NOT_FOUND'] },
  },
  'POST /v1/field/visits': {
    access: fieldWorkers,
    summary: 'The outcome of a visit to a person the worker answers for (migrated, deceased, refused, not found move their gap reason)',
    request: { body: VisitBody },
    success: { status: 201, schema: VisitView, description: 'Recorded' },
    errors: { 404: ['WORKER_NOT_FOUND', 'CAMPAIGN_NOT_FOUND', 'PERSON_NOT_FOUND'] },
  },
  'GET /v1/admin/field-force/progress': adminRoute(
    'Accountability: assigned, pending, carded and visits this week per worker, role or department, most pending first',
    { query: ProgressQuery },
    { schema: FieldProgressView, description: 'Most pending first' },
    { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  ),
});

// Executions API for admins: lists and filters from the ledger, one execution's timeline, stop and redrive, and
// the executions waiting past their SLA. Declarations and schemas; the handlers are in functions/api/executions.ts.
import { registrationSteps, stuckStepNames, type RegistrationStepName } from '../../core/steps.js';
import * as z from 'zod';
import { ExecutionStatusEnum } from '../statuses.js';
import { defineRoutes, pathParameter } from './define.js';
import { HolderView, NamedPersonView, adminList, adminsByDistrict, bilingual, districtName, freeText, pageQuery, view } from './shared.js';

/** The workflows and execution statuses the executions routes filter by (the admin CLI offers the same). */
const registrationStepNames = registrationSteps.map((step) => step.name) as [RegistrationStepName, ...RegistrationStepName[]];

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
    ...pageQuery(25),
  })
  .strict();

export const ExecutionView = view('Execution', {
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
  registrationId: z.string().optional().meta({ description: "A registration's execution (its first or a resume): the registration" }),
  person: NamedPersonView.optional().meta({ description: "The registration's person" }),
  block: z.string().optional(),
  step: z.enum(registrationStepNames).optional().meta({ description: 'The step the registration is at now (or ended in)' }),
});

const TimelineView = view(
  'Timeline',
  {
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
  },
  'Built from the execution history without its data: state names, times and error names only',
);

export const ExecutionDetailView = ExecutionView.extend({ timeline: TimelineView }).meta({ id: 'ExecutionDetail' });

export const StuckQuery = z
  .object({
    workflow: WorkflowName.default('registration'),
    district: districtName.optional(),
    ...pageQuery(50),
  })
  .strict();

export const StuckView = view('StuckExecution', {
  workflow: z.string(),
  name: z.string().meta({ description: 'The execution: the registration id or the import id' }),
  registrationId: z.string().optional(),
  person: NamedPersonView.optional().meta({ description: 'Whose case it is' }),
  step: z.enum(stuckStepNames).meta({ description: 'mobile-otp, ekyc, approval (registrations) or import' }),
  status: z.string().meta({ description: "The registration's status (RegistrationStatus), or the import's (ImportStatus)" }),
  reasonCode: z.string().optional().meta({ description: 'Why the registration is blocked, when it is' }),
  scheme: z.string().optional(),
  district: z.string().optional(),
  block: z.string().optional(),
  since: z.string().meta({ description: 'When the step started waiting (kept across escalations)' }),
  slaDueAt: z.string(),
  overdueHours: z.number(),
  parkedAt: z
    .string()
    .optional()
    .meta({ description: 'When the case parked: no execution holds this wait; the event it waits for resumes it (docs/scale.md)' }),
  waitingOn: z
    .object({
      kind: z.enum(['applicant', 'approver', 'system']),
      approverKind: z.string().optional(),
      queue: z.string().optional().meta({ description: 'ddo:<code>, verifier:<district>, district-admin:<district>, state-admin:all' }),
      label: bilingual,
    })
    .meta({ description: 'Who must act' }),
  holder: HolderView.optional().meta({ description: "Who holds the approver's queue, by name" }),
});

export const StopBody = z
  .object({ reason: freeText(200).meta({ description: 'Why: recorded in the execution history with who stopped it' }) })
  .strict();

/** The execution a stop or a redrive acted on, and its status now. */
const ExecutionNow = z.object({ workflow: z.string(), name: z.string(), status: ExecutionStatusEnum });

const execution = {
  workflow: pathParameter(WorkflowName, 'workflow'),
  name: pathParameter(z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'an execution name'), 'execution name'),
};

export const executionRoutes = defineRoutes('executions', {
  'GET /v1/admin/executions': adminList(
    'Workflow executions, newest first, filtered by workflow, status, district and start time (from the ledger, not ListExecutions)',
    ExecutionsQuery,
    ExecutionView,
    'Executions, newest first',
  ),
  'GET /v1/admin/executions/{workflow}/{name}': {
    access: adminsByDistrict,
    summary: 'One execution as Step Functions has it, with a timeline of its states (no personal data)',
    request: { params: execution },
    success: { status: 200, schema: ExecutionDetailView, description: 'The execution and its timeline' },
    errors: { 404: ['EXECUTION_NOT_FOUND'] },
  },
  'POST /v1/admin/executions/{workflow}/{name}/stop': {
    access: adminsByDistrict,
    summary: 'Stop a running execution, saying why',
    request: { params: execution, body: StopBody },
    success: { status: 200, schema: ExecutionNow, description: 'Stopped' },
    errors: { 404: ['EXECUTION_NOT_FOUND'], 409: ['EXECUTION_NOT_RUNNING'] },
  },
  'POST /v1/admin/executions/{workflow}/{name}/redrive': {
    access: adminsByDistrict,
    summary: 'Run a failed, timed-out or stopped execution again from the state it stopped in',
    request: { params: execution },
    success: {
      status: 202,
      schema: ExecutionNow.extend({ redriveCount: z.number() }),
      description: 'Running again from where it stopped',
    },
    errors: { 404: ['EXECUTION_NOT_FOUND'], 409: ['EXECUTION_NOT_REDRIVABLE'] },
  },
  'GET /v1/admin/stuck': adminList(
    'Executions waiting longer than their SLA, most overdue first, with who they wait on (?workflow=rosterImport: imports running too long)',
    StuckQuery,
    StuckView,
    'Stuck executions, most overdue first',
  ),
});

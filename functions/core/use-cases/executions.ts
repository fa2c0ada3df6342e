// Executions for admins: the ledger kept from status-change events, lists and filters from it, one execution's
// timeline (its history without the data), stop and redrive. A district admin sees their districts'
// executions; a state admin all. An execution the caller may not see is not found.
import type { WorkflowKey } from '../../../infra/specs.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { adminSees, listDistrict } from './access.js';
import { sequenceOf, timelineOf } from '../executions.js';
import type { Caller } from '../identity.js';
import type { ExecutionControl, ExecutionEntry, ExecutionLedger, ExecutionQuery, ExecutionStatus } from '../../ports/executions.js';
import type { Imports } from '../../ports/imports.js';
import type { Registry } from '../../ports/registry.js';
import type { Waits } from '../../ports/workflow.js';

export interface ExecutionDeps {
  readonly ledger: ExecutionLedger;
  readonly control: ExecutionControl;
  readonly registry: Pick<Registry, 'getRegistration'>;
  readonly imports: Pick<Imports, 'get'>;
  /** State machine ARN of each workflow, from configuration. */
  readonly workflows: Readonly<Record<WorkflowKey, string>>;
}

/** The part of EventBridge's "Step Functions Execution Status Change" event the ledger uses. */
export interface StatusChange {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: number;
  readonly stopDate?: number | null;
  readonly error?: string | null;
  readonly redriveCount?: number;
}

/**
 * Records a status change; false when it changed nothing (a repeat, a late delivery, another state machine).
 * A registration's execution that SUCCEEDED waits on nothing, for good (it cannot be redriven): any wait item
 * of it left is dead (its completion was cut short, or a late retry of its task wrote it back) and is removed,
 * so the stuck list and `healthcard verify` never see it. The event is delivered at least once on both engines.
 */
export const recordStatusChange = async (deps: Omit<ExecutionDeps, 'control'> & { readonly waits: Pick<Waits, 'clear'> }, change: StatusChange): Promise<boolean> => {
  const workflow = (Object.entries(deps.workflows) as [WorkflowKey, string][]).find(([, arn]) => arn === change.stateMachineArn)?.[0];
  if (workflow === undefined) return false;
  if (workflow === 'registration' && change.status === 'SUCCEEDED') await deps.waits.clear(change.name);
  // Where it belongs: the registration's or the import's district (the execution's input holds ids only).
  const subject = workflow === 'registration' ? await deps.registry.getRegistration(change.name) : await deps.imports.get(change.name);
  const redriveCount = change.redriveCount ?? 0;
  const entry: ExecutionEntry = {
    workflow,
    name: change.name,
    executionArn: change.executionArn,
    status: change.status,
    startedAt: new Date(change.startDate).toISOString(),
    ...(change.stopDate === undefined || change.stopDate === null ? {} : { stoppedAt: new Date(change.stopDate).toISOString() }),
    ...(change.error === undefined || change.error === null ? {} : { error: change.error }),
    redriveCount,
    ...(subject?.district === undefined ? {} : { district: subject.district }),
    ...(subject?.scheme === undefined ? {} : { scheme: subject.scheme }),
    sequence: sequenceOf(change.status, redriveCount),
  };
  return deps.ledger.record(entry);
};

const canSee = (caller: Caller, entry: ExecutionEntry) => adminSees(caller, entry.district);

export const listExecutions = async (deps: Pick<ExecutionDeps, 'ledger'>, caller: Caller, query: Omit<ExecutionQuery, 'district'> & { district?: string }) => {
  const district = listDistrict(caller, query.district);
  const page = await deps.ledger.list({ ...query, ...(district === undefined ? {} : { district }) });
  return { items: page.entries.map(({ sequence: _sequence, ...entry }) => entry), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
};

const requireEntry = async (deps: Pick<ExecutionDeps, 'ledger'>, caller: Caller, workflow: WorkflowKey, name: string) => {
  const entry = await deps.ledger.get(workflow, name);
  if (entry === undefined || !canSee(caller, entry)) throw new NotFoundError('No such execution.', 'EXECUTION_NOT_FOUND');
  return entry;
};

/** One execution: as Step Functions has it now, and its timeline with no personal data (states, times, errors). */
export const executionDetail = async (deps: ExecutionDeps, caller: Caller, workflow: WorkflowKey, name: string) => {
  const entry = await requireEntry(deps, caller, workflow, name);
  const [described, history] = await Promise.all([deps.control.describe(entry.executionArn), deps.control.history(entry.executionArn)]);
  const { sequence: _sequence, ...listed } = entry;
  return { ...listed, ...described, timeline: timelineOf(history) };
};

export const stopExecution = async (deps: ExecutionDeps, caller: Caller, workflow: WorkflowKey, name: string, reason: string) => {
  const entry = await requireEntry(deps, caller, workflow, name);
  const current = await deps.control.describe(entry.executionArn);
  if (current.status !== 'RUNNING') throw new ConflictError(`The execution is ${current.status}, not running.`, 'EXECUTION_NOT_RUNNING', { status: current.status });
  // The cause names who stopped it and why: it shows in the execution's history.
  await deps.control.stop(entry.executionArn, 'StoppedByAdminError', `${caller.subject}: ${reason}`);
  return { workflow, name, status: 'ABORTED' };
};

const redrivable = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** Runs a failed (timed-out, stopped) execution again from the state it stopped in; what succeeded is not redone. */
export const redriveExecution = async (deps: ExecutionDeps, caller: Caller, workflow: WorkflowKey, name: string) => {
  const entry = await requireEntry(deps, caller, workflow, name);
  const current = await deps.control.describe(entry.executionArn);
  if (!redrivable.has(current.status)) {
    throw new ConflictError(`The execution is ${current.status}: only a failed, timed-out or stopped execution is redriven.`, 'EXECUTION_NOT_REDRIVABLE', { status: current.status });
  }
  await deps.control.redrive(entry.executionArn);
  return { workflow, name, status: 'RUNNING', redriveCount: current.redriveCount + 1 };
};

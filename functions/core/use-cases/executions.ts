// Executions for admins: the ledger kept from status-change events, lists and filters from it, one execution's
// timeline (its history without the data), stop and redrive. A district admin sees their districts'
// executions; a state admin all. An execution the caller may not see is not found. A registration follows its
// execution: stopped (from the API or the Step Functions console) it reads STOPPED, and a redrive puts it back in
// the status it was stopped in.
import type { WorkflowKey } from '../../../infra/specs.js';
import { maskAadhaarNumbers } from '../aadhaar.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { adminSees, listDistrict } from './access.js';
import { sequenceOf, timelineOf } from '../executions.js';
import { registrationIdOfExecution } from '../parking.js';
import type { Caller } from '../identity.js';
import { allowedFrom, nextActions } from '../registration.js';
import { actorOf, systemActor, type Clock } from './deps.js';
import { withCases, type CaseNamesDeps } from './case-names.js';
import type { ExecutionControl, ExecutionEntry, ExecutionLedger, ExecutionQuery, ExecutionStatus } from '../../ports/executions.js';
import type { Imports } from '../../ports/imports.js';
import type { Actor, Registration, Registry } from '../../ports/registry.js';
import type { Waits } from '../../ports/workflow.js';

export interface ExecutionDeps {
  readonly ledger: ExecutionLedger;
  readonly control: ExecutionControl;
  readonly registry: Pick<Registry, 'getRegistration' | 'transition'>;
  readonly imports: Pick<Imports, 'get'>;
  /** State machine ARN of each workflow, from configuration. */
  readonly workflows: Readonly<Record<WorkflowKey, string>>;
  readonly clock: Clock;
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
  readonly cause?: string | null;
  readonly redriveCount?: number;
}

/**
 * Records a status change; false when it changed nothing (a repeat, a late delivery, another state machine).
 * A registration's execution that SUCCEEDED waits on nothing, for good (it cannot be redriven): any wait item
 * of it left is dead (its completion was cut short, or a late retry of its task wrote it back) and is removed,
 * so the stuck list and `healthcard verify` never see it. The event is delivered at least once on both engines.
 */
export const recordStatusChange = async (
  deps: Omit<ExecutionDeps, 'control'> & { readonly waits: Pick<Waits, 'clear'> },
  change: StatusChange,
): Promise<boolean> => {
  const workflow = (Object.entries(deps.workflows) as [WorkflowKey, string][]).find(([, arn]) => arn === change.stateMachineArn)?.[0];
  if (workflow === undefined) return false;
  // A registration's executions: its first, named by it, and any resuming it after a parked wait (core/parking.ts).
  const registrationId = registrationIdOfExecution(change.name);
  if (workflow === 'registration' && change.status === 'SUCCEEDED') await deps.waits.clear(registrationId);
  // Where it belongs: the registration's or the import's district (the execution's input holds ids only).
  const subject = workflow === 'registration' ? await deps.registry.getRegistration(registrationId) : await deps.imports.get(change.name);
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
  const stopped = change.status === 'ABORTED';
  const redriven = change.status === 'RUNNING' && redriveCount > 0;
  if (workflow === 'registration' && subject !== undefined && (stopped || redriven)) {
    // A change older than the one the ledger holds (delivered late) says nothing about the execution now. The
    // registration moves before the ledger's write, so a failure here leaves the change to be delivered again.
    const held = await deps.ledger.get(workflow, change.name);
    if (held === undefined || held.sequence <= entry.sequence) {
      if (stopped) await stopRegistration(deps.registry, registrationId, change.cause ?? undefined, deps.clock.now());
      else await resumeRegistration(deps.registry, registrationId, systemActor);
    }
  }
  return deps.ledger.record(entry);
};

const isInvalidStatus = (error: unknown) => error instanceof ConflictError && error.code === 'INVALID_STATUS';

/**
 * The registration of a stopped execution reads STOPPED, keeping the status, reason and count it was stopped in.
 * A repeat changes nothing; a registration that ended meanwhile stays as it ended. `cause`: the stop's cause (who
 * and why, as the stop recorded it), kept in the audit event. `now`: when it was stopped, as the registration keeps it.
 */
export const stopRegistration = async (
  registry: Pick<Registry, 'getRegistration' | 'transition'>,
  registrationId: string,
  cause: string | undefined,
  now: number,
): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    const registration = await registry.getRegistration(registrationId);
    if (registration === undefined || !allowedFrom.STOPPED.includes(registration.status)) return;
    try {
      await registry.transition(registrationId, stopRequest(registration, cause, now));
      return;
    } catch (error) {
      // Moved on between the read and the write: read again.
      if (!isInvalidStatus(error) || attempt >= 3) throw error;
    }
  }
};

const stopRequest = (registration: Registration, cause: string | undefined, now: number) => ({
  to: 'STOPPED' as const,
  actor: systemActor,
  why: 'EXECUTION_STOPPED',
  // Free text an admin typed: an Aadhaar number in it is masked before it is stored.
  ...(cause === undefined || cause === '' ? {} : { note: maskAadhaarNumbers(cause).slice(0, 300) }),
  onlyFrom: registration.status,
  set: {
    stopped: {
      from: registration.status,
      ...(registration.progressKey === undefined ? {} : { progressKey: registration.progressKey }),
      ...(registration.reason === undefined ? {} : { reason: registration.reason }),
      at: new Date(now).toISOString(),
    },
    reason: { code: 'EXECUTION_STOPPED', nextAction: nextActions.STOPPED },
  },
});

/**
 * A stopped registration back in the status (and reason, and count) it was stopped in: its execution runs again.
 * Answers the registration as it now is when this read or wrote it (undefined when another path resumed it meanwhile).
 */
export const resumeRegistration = async (
  registry: Pick<Registry, 'getRegistration' | 'transition'>,
  registrationId: string,
  actor: Actor,
): Promise<Registration | undefined> => {
  const registration = await registry.getRegistration(registrationId);
  if (registration?.status !== 'STOPPED' || registration.stopped === undefined) return registration;
  const { from, reason } = registration.stopped;
  try {
    return await registry.transition(registrationId, {
      to: from,
      actor,
      why: 'EXECUTION_REDRIVEN',
      resume: true,
      onlyFrom: 'STOPPED',
      read: registration,
      ...(reason === undefined ? { remove: ['reason', 'stopped'] } : { set: { reason }, remove: ['stopped'] }),
    });
  } catch (error) {
    // Resumed a moment ago by the other path (the redrive's API call, or its status-change event).
    if (!isInvalidStatus(error)) throw error;
    return undefined;
  }
};

const canSee = (caller: Caller, entry: ExecutionEntry) => adminSees(caller, entry.district);

export const listExecutions = async (
  deps: Pick<ExecutionDeps, 'ledger'> & CaseNamesDeps,
  caller: Caller,
  query: Omit<ExecutionQuery, 'district'> & { district?: string },
) => {
  const district = listDistrict(caller, query.district);
  const page = await deps.ledger.list({ ...query, ...(district === undefined ? {} : { district }) });
  return {
    // With the registration behind each: who, where, at which step (two batch reads a page).
    items: await withCases(
      deps,
      caller,
      page.entries.map(({ sequence: _sequence, ...entry }) => entry),
    ),
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
};

const requireEntry = async (deps: Pick<ExecutionDeps, 'ledger'>, caller: Caller, workflow: WorkflowKey, name: string) => {
  const entry = await deps.ledger.get(workflow, name);
  if (entry === undefined || !canSee(caller, entry))
    throw new NotFoundError({ code: 'EXECUTION_NOT_FOUND', message: 'No such execution.' });
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
  if (current.status !== 'RUNNING')
    throw new ConflictError({
      code: 'EXECUTION_NOT_RUNNING',
      message: `The execution is ${current.status}, not running.`,
      details: { status: current.status },
    });
  // The cause names who stopped it and why: it shows in the execution's history.
  await deps.control.stop(entry.executionArn, 'StoppedByAdminError', `${caller.subject}: ${reason}`);
  return { workflow, name, status: 'ABORTED' as const };
};

const redrivable = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** Runs a failed (timed-out, stopped) execution again from the state it stopped in; what succeeded is not redone. */
export const redriveExecution = async (deps: ExecutionDeps, caller: Caller, workflow: WorkflowKey, name: string) => {
  const entry = await requireEntry(deps, caller, workflow, name);
  const current = await deps.control.describe(entry.executionArn);
  if (!redrivable.has(current.status)) {
    throw new ConflictError({
      code: 'EXECUTION_NOT_REDRIVABLE',
      message: `The execution is ${current.status}: only a failed, timed-out or stopped execution is redriven.`,
      details: { status: current.status },
    });
  }
  // The registration first, so the step that runs again finds it where it was stopped (its status-change event
  // comes later, and a redrive from the console relies on that event alone).
  if (workflow === 'registration') await resumeRegistration(deps.registry, registrationIdOfExecution(name), actorOf(caller));
  try {
    await deps.control.redrive(entry.executionArn);
  } catch (error) {
    if (workflow === 'registration' && current.status === 'ABORTED')
      await stopRegistration(
        deps.registry,
        registrationIdOfExecution(name),
        'The redrive was refused; stopped as before.',
        deps.clock.now(),
      );
    throw error;
  }
  return { workflow, name, status: 'RUNNING' as const, redriveCount: current.redriveCount + 1 };
};

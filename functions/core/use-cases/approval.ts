// Approval: routing to the DDO (by the roster's DDO code) or the district's verifier queue, decisions
// (approve / reject with a reason code / return for correction), bulk decisions, and SLA escalation.
import pMap from 'p-map';
import { ConflictError, NotFoundError, RefusedError, RegistrationRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { nextActions, type RegistrationStatus } from '../registration.js';
import { findScheme, type Scheme } from '../schemes.js';
import { stepsBefore, waitContextOf } from '../waits.js';
import type { ApprovalTask, Approvals, ApproverKind, Decision } from '../../ports/approvals.js';
import type { Delegations } from '../../ports/delegations.js';
import type { People } from '../../ports/people.js';
import type { Registration } from '../../ports/registry.js';
import type { Waits, WorkflowCallbacks } from '../../ports/workflow.js';
import { requireVisible } from './access.js';
import { actorOf, systemActor, type CoreDeps } from './deps.js';

/**
 * The queues other approvers have handed a caller for now (delegation of charge), each named as the queue it is,
 * e.g. `ddo:DDO-LKO-0002`. The delegation store implements it.
 */
export interface DelegatedQueues {
  delegatedQueuesOf(caller: Caller, at: string): Promise<readonly string[]>;
}

export interface ApprovalDeps extends CoreDeps {
  readonly approvals: Approvals;
  readonly callbacks: WorkflowCallbacks;
  /** Where a caller acts (the API): the queues delegated to them. Absent (the workflow's tasks, the sweeps): none. */
  readonly delegations?: DelegatedQueues;
}

export interface OpenApprovalDeps extends ApprovalDeps {
  /** The roster's record of the person, which the approver compares with the e-KYC. */
  readonly people: Pick<People, 'getPerson'>;
}

/** Reasons an approver may give for a rejection: stable codes that reports count. */
export const rejectionReasons = [
  'NOT_AN_EMPLOYEE',
  'NOT_A_DEPENDENT',
  'NOT_ELIGIBLE_FOR_SCHEME',
  'IDENTITY_MISMATCH',
  'DUPLICATE_REGISTRATION',
  'DECEASED',
  'OTHER',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export const taskIdOf = (registrationId: string) => `A-${registrationId}`;

const queueFor = (kind: ApproverKind, registration: Registration): string => {
  switch (kind) {
    case 'ddo':
      return `ddo:${registration.ddoCode ?? 'unassigned'}`;
    case 'verifier':
      return `verifier:${registration.district}`;
    case 'district-admin':
      return `district-admin:${registration.district}`;
    case 'state-admin':
      return 'state-admin:all';
  }
};

/** The queues a caller works: a DDO its DDO codes, a verifier or district admin its districts. */
export const queuesOf = (caller: Caller): string[] =>
  caller.roles.flatMap((role) => {
    switch (role) {
      case 'ddo':
        return caller.ddoCodes.map((code) => `ddo:${code}`);
      case 'verifier':
        return caller.districts.map((district) => `verifier:${district}`);
      case 'district-admin':
        return caller.districts.map((district) => `district-admin:${district}`);
      case 'state-admin':
        return ['state-admin:all'];
      default:
        return [];
    }
  });

/** A queue the caller works: their own, or one delegated to them (`onBehalfOf` names it). */
export interface QueueInScope {
  readonly queue: string;
  readonly onBehalfOf?: string;
}

/** The caller's own queues (queuesOf) and those delegated to them today; every approval scope check reads this. */
export const scopeOf = async (deps: Pick<ApprovalDeps, 'delegations' | 'clock'>, caller: Caller): Promise<QueueInScope[]> => {
  const own = queuesOf(caller);
  const delegated =
    deps.delegations === undefined ? [] : await deps.delegations.delegatedQueuesOf(caller, new Date(deps.clock.now()).toISOString());
  return [
    ...own.map((queue) => ({ queue })),
    ...[...new Set(delegated)].filter((queue) => !own.includes(queue)).map((queue) => ({ queue, onBehalfOf: queue })),
  ];
};

const schemeOf = (registration: Registration): Scheme => {
  const scheme = findScheme(registration.scheme);
  if (scheme === undefined) throw new RefusedError({ code: 'UNKNOWN_SCHEME', message: `Unknown scheme ${registration.scheme}.` });
  return scheme;
};

/** The AwaitApproval task: create (or keep) the approval task and the token; the wait's timeout is the SLA. */
export const openApproval = async (
  deps: OpenApprovalDeps,
  registrationId: string,
  taskToken: string,
  slaSeconds: number,
  read?: Registration,
): Promise<{ waiting: 'approval'; taskId: string }> => {
  const registration = read ?? (await deps.registry.getRegistration(registrationId));
  if (registration === undefined || registration.ekyc === undefined || registration.match === undefined) {
    throw new RefusedError({ code: 'INVALID_STATUS', message: 'Approval opens after e-KYC and matching.' });
  }
  const scheme = schemeOf(registration);
  const person = await deps.people.getPerson(registration.scheme, registration.personId.split(':dep:')[0] as string);
  const record = registration.declared ?? person;
  const now = deps.clock.now();
  const kind: ApproverKind = scheme.approval.approver;
  // A re-entered wait (an escalation, a retried task) keeps the task it has: its level, queue and decision.
  const task: ApprovalTask = (await deps.approvals.get(taskIdOf(registrationId))) ?? {
    taskId: taskIdOf(registrationId),
    registrationId,
    scheme: registration.scheme,
    queue: queueFor(kind, registration),
    approverKind: kind,
    level: 1,
    state: 'PENDING',
    createdAt: new Date(now).toISOString(),
    dueAt: new Date(now + slaSeconds * 1000).toISOString(),
    summary: {
      name: registration.ekyc.name,
      ...(registration.ekyc.nameLocal === undefined ? {} : { nameLocal: registration.ekyc.nameLocal }),
      yearOfBirth: registration.ekyc.yearOfBirth,
      gender: registration.ekyc.gender,
      ...(registration.aadhaarLast4 === undefined ? {} : { aadhaarLast4: registration.aadhaarLast4 }),
      ...(registration.relation === undefined ? {} : { relation: registration.relation }),
      ...(registration.primaryRegistrationId === undefined ? {} : { primaryRegistrationId: registration.primaryRegistrationId }),
      district: registration.district,
      ...(registration.block === undefined ? {} : { block: registration.block }),
      ...(registration.ddoCode === undefined ? {} : { ddoCode: registration.ddoCode }),
      // What the approver searches and sorts by, from the roster record now: the inbox reads no person per item.
      ...(person?.employeeId === undefined ? {} : { employeeId: person.employeeId }),
      ...(person?.rationCardNumber === undefined ? {} : { rationCardNumber: person.rationCardNumber }),
      ...((person?.department ?? registration.department) === undefined
        ? {}
        : { department: (person?.department ?? registration.department) as string }),
      ...(person?.office === undefined ? {} : { office: person.office }),
      roster: {
        ...(record?.name === undefined ? {} : { name: record.name }),
        ...(record?.nameLocal === undefined ? {} : { nameLocal: record.nameLocal }),
        ...(record?.yearOfBirth === undefined ? {} : { yearOfBirth: record.yearOfBirth }),
        ...(record?.gender === undefined ? {} : { gender: record.gender }),
      },
      match: registration.match,
    },
  };
  // The applicant's steps are passed: a wait of theirs still kept (a completion cut short) would list them as stuck there.
  await deps.callbacks.clearWaiting(registrationId, stepsBefore('approval'));
  // In this order: the token kept before the task shows in the approver's queue, so a decision made the moment it
  // shows finds the wait to complete; the registration names its task only once the task exists (a client that
  // reads the task id there can decide at once).
  await deps.callbacks.recordWaiting(
    registrationId,
    'approval',
    taskToken,
    waitContextOf(registration, slaSeconds, { kind: 'approver', approverKind: task.approverKind, queue: task.queue }),
  );
  await deps.approvals.createIfAbsent(task);
  if (registration.approval?.taskId !== task.taskId) {
    await deps.registry.update(
      registrationId,
      { approval: { taskId: task.taskId, approverKind: task.approverKind, queue: task.queue, level: task.level } },
      // Decided already (just now, or while an earlier attempt waited) is no reason to fail the step.
      ['PENDING_APPROVAL', 'RETURNED_FOR_CORRECTION', 'APPROVED', 'REJECTED'],
    );
  }
  // Decided while an earlier attempt of this task waited on a token that is gone (a retried task, an escalation
  // re-entering the wait while the decision's own call was cut short): finish it now, the registration included.
  if (task.state === 'DECIDED') await finishRecorded(deps, task);
  return { waiting: 'approval', taskId: task.taskId };
};

/**
 * The SLA passed: move the case one level up, whether its workflow holds the wait or it is parked (the wait sweep
 * runs this for both, core/use-cases/parking.ts), and keep waiting. It never fails for being slow; the state admin
 * is the last level. Undefined when nothing moved (decided meanwhile, or at the last level).
 */
export const escalateApproval = async (
  deps: ApprovalDeps & { readonly waits: Pick<Waits, 'relocate'> },
  registrationId: string,
  slaSeconds: number,
): Promise<{ level: number; queue: string } | undefined> => {
  const registration = await deps.registry.getRegistration(registrationId);
  const task = await deps.approvals.get(taskIdOf(registrationId));
  if (registration === undefined || task === undefined)
    throw new RefusedError({ code: 'APPROVAL_NOT_FOUND', message: 'No approval task to escalate.' });
  // A case returned for correction waits on the applicant, not the approver: no escalation.
  if (task.state !== 'PENDING' || task.approverKind === 'state-admin' || registration.status !== 'PENDING_APPROVAL') return undefined;
  const scheme = schemeOf(registration);
  const kind: ApproverKind = task.level === 1 ? scheme.approval.escalateTo : 'state-admin';
  const queue = queueFor(kind, registration);
  const level = task.level + 1;
  if (!(await deps.approvals.escalate(task.taskId, queue, kind, level, new Date(deps.clock.now() + slaSeconds * 1000).toISOString())))
    return undefined;
  await deps.registry.transition(registrationId, {
    to: 'PENDING_APPROVAL',
    actor: systemActor,
    why: 'APPROVAL_ESCALATED',
    note: `SLA passed at level ${task.level} (${task.queue}); now with ${queue}`,
    onlyFrom: 'PENDING_APPROVAL',
    set: { approval: { taskId: task.taskId, approverKind: kind, queue, level } },
  });
  // The wait (held or parked) now waits on the new holder: the stuck list names them.
  await deps.waits.relocate(
    registrationId,
    { district: registration.district, ...(registration.block === undefined ? {} : { block: registration.block }) },
    { kind: 'approver', approverKind: kind, queue },
  );
  return { level, queue };
};

export interface DecisionInput {
  readonly decision: Decision;
  readonly reasonCode?: string;
  readonly note?: string;
}

export interface DecisionOutcome {
  readonly taskId: string;
  readonly registrationId: string;
  readonly status: RegistrationStatus;
}

const checkDecision = (input: DecisionInput) => {
  if (input.decision === 'reject' && !rejectionReasons.includes(input.reasonCode as RejectionReason)) {
    throw new ValidationError({ code: 'REASON_REQUIRED', message: `A rejection needs a reasonCode: ${rejectionReasons.join(', ')}.` });
  }
  if ((input.decision === 'return' || input.reasonCode === 'OTHER') && (input.note === undefined || input.note.trim().length < 5)) {
    throw new ValidationError({ code: 'NOTE_REQUIRED', message: 'Say what must be corrected (a note of at least 5 characters).' });
  }
};

/** The task if it is in the caller's scope, with the queue entry that admits it; another approver's is not found. */
export const taskInScope = async (
  deps: Pick<ApprovalDeps, 'approvals'>,
  scope: readonly QueueInScope[],
  taskId: string,
): Promise<{ task: ApprovalTask; held: QueueInScope }> => {
  const task = await deps.approvals.get(taskId);
  const held = task === undefined ? undefined : scope.find((entry) => entry.queue === task.queue);
  // Its existence is not revealed.
  if (task === undefined || held === undefined) throw new NotFoundError({ code: 'APPROVAL_NOT_FOUND', message: 'No such approval task.' });
  return { task, held };
};

export const decide = async (deps: ApprovalDeps, taskId: string, input: DecisionInput, caller: Caller): Promise<DecisionOutcome> =>
  decideInScope(deps, await scopeOf(deps, caller), taskId, input, caller);

const decideInScope = async (
  deps: ApprovalDeps,
  scope: readonly QueueInScope[],
  taskId: string,
  input: DecisionInput,
  caller: Caller,
): Promise<DecisionOutcome> => {
  checkDecision(input);
  const { task, held } = await taskInScope(deps, scope, taskId);
  const onBehalfOf = held.onBehalfOf === undefined ? {} : { onBehalfOf: held.onBehalfOf };
  // A stopped registration's workflow waits for nothing: a decision recorded now would reach no one.
  const read = await deps.registry.getRegistration(task.registrationId);
  if (read?.status === 'STOPPED') {
    throw new ConflictError({
      code: 'REGISTRATION_STOPPED',
      message: 'The district office has stopped this registration; it can be decided once it is resumed.',
    });
  }
  const actor = { ...actorOf(caller), ...onBehalfOf };
  // The same approver's repeat of the decision they made (its answer lost, or the first stopped after recording
  // the decision and before the registration or the workflow followed): the same answer, and what the first left
  // undone done now. Anything else on a decided case is refused.
  const repeat =
    task.decision !== undefined &&
    task.decision.by === caller.subject &&
    task.decision.decision === input.decision &&
    task.decision.reasonCode === input.reasonCode;
  if (task.state === 'DECIDED' || task.state === 'RETURNED') {
    if (repeat && (task.state === 'RETURNED') === (input.decision === 'return')) {
      return carryOut(deps, task, input, actor, read?.status !== 'PENDING_APPROVAL', read);
    }
    if (task.state === 'RETURNED')
      throw new ConflictError({ code: 'RETURNED_FOR_CORRECTION', message: 'This case is back with the applicant for correction.' });
    throw new ConflictError({
      code: 'ALREADY_DECIDED',
      message: `This case was already decided (${task.decision?.decision ?? 'decided'}).`,
      details: {
        decision: task.decision?.decision,
      },
    });
  }
  const decision = {
    decision: input.decision,
    ...(input.reasonCode === undefined ? {} : { reasonCode: input.reasonCode }),
    ...(input.note === undefined ? {} : { note: input.note }),
    by: caller.subject,
    ...onBehalfOf,
    at: new Date(deps.clock.now()).toISOString(),
  };
  // The conditional state change is the arbiter: of two approvers deciding at once, exactly one wins.
  const won = await deps.approvals.changeState(taskId, 'PENDING', input.decision === 'return' ? 'RETURNED' : 'DECIDED', decision);
  if (!won) {
    const now = await deps.approvals.get(taskId);
    throw new ConflictError({
      code: 'ALREADY_DECIDED',
      message: 'Another approver decided this case a moment ago.',
      details: { decision: now?.decision?.decision },
    });
  }
  return carryOut(deps, task, input, actor, false, read);
};

/**
 * A recorded decision carried out: the registration's status (unless `moved` already, by an earlier try of the same
 * decision), then the workflow's approval step completed (completing it twice changes nothing), then the decision
 * marked delivered. Cut short anywhere, the decision stays undelivered and the decision sweep finishes it.
 */
const carryOut = async (
  deps: ApprovalDeps,
  task: Pick<ApprovalTask, 'taskId' | 'registrationId' | 'approverKind'>,
  input: DecisionInput,
  actor: ReturnType<typeof actorOf>,
  moved: boolean,
  read?: Registration,
): Promise<DecisionOutcome> => {
  const outcome = await moveAndTell(deps, task, input, actor, moved, read);
  await deps.approvals.delivered(task.taskId);
  return outcome;
};

const moveAndTell = async (
  deps: ApprovalDeps,
  { taskId, registrationId, approverKind }: Pick<ApprovalTask, 'taskId' | 'registrationId' | 'approverKind'>,
  input: DecisionInput,
  actor: ReturnType<typeof actorOf>,
  moved: boolean,
  read: Registration | undefined,
): Promise<DecisionOutcome> => {
  // The registration as the decision read it, when it did: the status change need not read it again.
  const asRead = read === undefined ? {} : { read };
  switch (input.decision) {
    case 'approve':
      if (!moved)
        await deps.registry.transition(registrationId, {
          to: 'APPROVED',
          actor,
          why: `APPROVED_BY_${approverKind.toUpperCase()}`,
          remove: ['reason'],
          ...asRead,
        });
      await deps.callbacks.succeed(registrationId, 'approval', { decision: 'approved' });
      return { taskId, registrationId, status: 'APPROVED' };
    case 'reject':
      if (!moved) {
        await deps.registry.transition(registrationId, {
          to: 'REJECTED',
          actor,
          why: input.reasonCode as string,
          ...asRead,
          ...(input.note === undefined ? {} : { note: input.note }),
          set: {
            reason: {
              code: input.reasonCode as string,
              ...(input.note === undefined ? {} : { message: input.note }),
              nextAction: nextActions.REJECTED,
            },
          },
        });
      }
      await deps.callbacks.fail(
        registrationId,
        'approval',
        new RegistrationRejectedError({
          message: `The approving officer rejected the registration (${input.reasonCode}).`,
          details: { reasonCode: input.reasonCode },
        }),
      );
      return { taskId, registrationId, status: 'REJECTED' };
    case 'return':
      if (!moved) {
        await deps.registry.transition(registrationId, {
          to: 'RETURNED_FOR_CORRECTION',
          actor,
          why: 'RETURNED_FOR_CORRECTION',
          ...asRead,
          note: input.note as string,
          set: {
            reason: { code: 'RETURNED_FOR_CORRECTION', message: input.note as string, nextAction: nextActions.RETURNED_FOR_CORRECTION },
          },
        });
      }
      return { taskId, registrationId, status: 'RETURNED_FOR_CORRECTION' };
  }
};

/**
 * The decision sweep: decisions recorded at least `graceSeconds` ago and not delivered (the deciding call was cut
 * short: a killed process, a Lambda timed out) carried out as the approver's own repeat would, so the registration
 * and its workflow follow without anyone repeating the call. Run on a schedule (and by the embedded stack when it
 * starts); the grace leaves a decision being carried out right now to its own call. Returns how many it finished.
 */
export const deliverDecisions = async (
  deps: ApprovalDeps,
  options: { readonly graceSeconds: number; readonly limit: number },
): Promise<{ delivered: number }> => {
  const before = new Date(deps.clock.now() - options.graceSeconds * 1000).toISOString();
  let delivered = 0;
  for (const task of await deps.approvals.undelivered(before, options.limit)) {
    if (await finishRecorded(deps, task)) delivered += 1;
  }
  return { delivered };
};

/** A recorded decision carried out as its approver's own repeat would (the audit names them); false when there is none. */
export const finishRecorded = async (deps: ApprovalDeps, task: ApprovalTask): Promise<boolean> => {
  const decision = task.decision;
  if (decision === undefined) return false;
  const registration = await deps.registry.getRegistration(task.registrationId);
  if (registration === undefined) {
    await deps.approvals.delivered(task.taskId);
    return true;
  }
  const input: DecisionInput = {
    decision: decision.decision,
    ...(decision.reasonCode === undefined ? {} : { reasonCode: decision.reasonCode }),
    ...(decision.note === undefined ? {} : { note: decision.note }),
  };
  const actor = {
    id: decision.by,
    role: task.approverKind,
    ...(decision.onBehalfOf === undefined ? {} : { onBehalfOf: decision.onBehalfOf }),
  };
  await carryOut(deps, task, input, actor, registration.status !== 'PENDING_APPROVAL', registration);
  return true;
};

/** Decisions of one list taken at once: a DDO's fifty decide in seconds, within the API's 30 s (each still alone). */
const decisionsAtOnce = 8;

/** A DDO's list in one call: each decision stands alone; one refused does not stop the others. Answers in list order. */
export const decideMany = async (
  deps: ApprovalDeps,
  decisions: readonly (DecisionInput & { taskId: string })[],
  caller: Caller,
): Promise<{ taskId: string; outcome: 'recorded' | 'refused'; status?: RegistrationStatus; code?: string; message?: string }[]> => {
  const scope = await scopeOf(deps, caller);
  return pMap(
    decisions,
    async ({ taskId, ...input }) => {
      try {
        const outcome = await decideInScope(deps, scope, taskId, input, caller);
        return { taskId, outcome: 'recorded' as const, status: outcome.status };
      } catch (error) {
        if (!(error instanceof ConflictError || error instanceof NotFoundError || error instanceof ValidationError)) throw error;
        return { taskId, outcome: 'refused' as const, code: error.code, message: error.message };
      }
    },
    { concurrency: decisionsAtOnce },
  );
};

/** After a return for correction: the applicant (or operator) corrects and sends the case back to its approver. */
export const resubmit = async (
  deps: ApprovalDeps,
  registrationId: string,
  note: string | undefined,
  caller: Caller,
): Promise<DecisionOutcome> => {
  const registration = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  if (registration.status !== 'RETURNED_FOR_CORRECTION') {
    throw new ConflictError({
      code: 'INVALID_STATUS',
      message: `Only a registration returned for correction can be resubmitted (status ${registration.status}).`,
    });
  }
  const taskId = taskIdOf(registrationId);
  if (!(await deps.approvals.changeState(taskId, 'RETURNED', 'PENDING'))) {
    throw new ConflictError({ code: 'INVALID_STATUS', message: 'The approval task is not waiting for a correction.' });
  }
  await deps.registry.transition(registrationId, {
    to: 'PENDING_APPROVAL',
    actor: actorOf(caller),
    why: 'RESUBMITTED_AFTER_CORRECTION',
    ...(note === undefined ? {} : { note }),
    remove: ['reason'],
  });
  return { taskId, registrationId, status: 'PENDING_APPROVAL' };
};

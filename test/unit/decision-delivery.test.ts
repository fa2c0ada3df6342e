// A decision recorded is delivered to its workflow without anyone repeating it. Played step by step: the approver's
// call is cut by a kill after the decision was recorded (and the registration moved) but before the workflow was
// told; the workflow's approval step still waits. The decision sweep (run on a schedule, and by the embedded stack
// when it starts) finishes it. What counts as "told" is the workflow's side: the token completed, with the error
// name its Catch matches (workflows/registration.asl.json: RegistrationRejectedError -> RecordOutcome).
import { describe, expect, it } from 'vitest';
import { decide, deliverDecisions } from '../../functions/core/use-cases/approval.js';
import type { Caller } from '../../functions/core/identity.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import type { ApprovalState, ApprovalTask, Approvals } from '../../functions/ports/approvals.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';
import type { WaitingStepName, WorkflowCallbacks } from '../../functions/ports/workflow.js';

const registrationId = '3f2a9c10-5b7e-4d21-a8c4-6e0f1b2d3c4e';
const taskId = `A-${registrationId}`;
const ddo: Caller = { subject: 'ddo-lko-1', roles: ['ddo'], ddoCodes: ['DDO-1'], districts: [] };

const world = (start: number) => {
  let now = start;
  let status: RegistrationStatus = 'PENDING_APPROVAL';
  let task: ApprovalTask = {
    taskId,
    registrationId,
    queue: 'ddo:DDO-1',
    state: 'PENDING',
    approverKind: 'ddo',
    level: 1,
  } as unknown as ApprovalTask;
  const outbox = new Set<string>();
  /** What the workflow's waiting approval step was completed with; undefined while it waits. */
  let workflowTold: string | undefined;
  let killAtCallback = false;
  const registry = {
    getRegistration: async () => ({ registrationId, status, district: 'Lucknow' }) as unknown as Registration,
    transition: async (_id: string, change: { to: RegistrationStatus }) => {
      status = change.to;
      return { registrationId, status };
    },
  } as unknown as Registry;
  const approvals = {
    get: async () => task,
    changeState: async (_id: string, from: ApprovalState, to: ApprovalState, decision?: ApprovalTask['decision']) => {
      if (task.state !== from) return false;
      task = { ...task, state: to, ...(decision === undefined ? {} : { decision }) };
      if (decision === undefined) outbox.delete(taskId);
      else outbox.add(taskId);
      return true;
    },
    delivered: async () => void outbox.delete(taskId),
    undelivered: async (before: string) => (outbox.has(taskId) && (task.decision?.at ?? '') < before ? [task] : []),
  } as unknown as Approvals;
  const tell = async (_id: string, step: WaitingStepName, outcome: string) => {
    if (killAtCallback) throw new Error('killed');
    if (step !== 'approval' || workflowTold !== undefined) return false;
    workflowTold = outcome;
    return true;
  };
  const callbacks: WorkflowCallbacks = {
    recordWaiting: async () => undefined,
    clearWaiting: async () => undefined,
    succeed: async (id, step) => tell(id, step, 'succeeded'),
    fail: async (id, step, error) => tell(id, step, `failed with ${error.name}`),
  };
  const deps = { registry, approvals, callbacks, clock: { now: () => now } };
  return {
    deps,
    status: () => status,
    told: () => workflowTold,
    killAtCallback: (on: boolean) => void (killAtCallback = on),
    later: (seconds: number) => void (now += seconds * 1000),
  };
};

describe('a recorded decision', () => {
  it('cut by a kill before the workflow was told, is delivered by the sweep once its grace has passed', async () => {
    const w = world(Date.parse('2026-11-20T10:00:00Z'));
    w.killAtCallback(true);
    await expect(decide(w.deps, taskId, { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' }, ddo)).rejects.toThrow('killed');
    w.killAtCallback(false);
    // What the kill left: the registration says REJECTED while its workflow still waits for the approver.
    expect(w.status()).toBe('REJECTED');
    expect(w.told()).toBeUndefined();

    // A sweep within the grace leaves it to the call that may still be carrying it out.
    w.later(10);
    expect(await deliverDecisions(w.deps, { graceSeconds: 60, limit: 25 })).toEqual({ delivered: 0 });
    expect(w.told()).toBeUndefined();

    w.later(60);
    expect(await deliverDecisions(w.deps, { graceSeconds: 60, limit: 25 })).toEqual({ delivered: 1 });
    expect(w.told()).toBe('failed with RegistrationRejectedError');
    expect(w.status()).toBe('REJECTED');
    // Delivered once: the next sweep finds nothing.
    expect(await deliverDecisions(w.deps, { graceSeconds: 60, limit: 25 })).toEqual({ delivered: 0 });
  });

  it('cut before even the registration moved, the sweep moves it and tells the workflow', async () => {
    const w = world(Date.parse('2026-11-20T10:00:00Z'));
    const transition = w.deps.registry.transition;
    Object.assign(w.deps.registry, {
      transition: async () => {
        throw new Error('killed');
      },
    });
    await expect(decide(w.deps, taskId, { decision: 'approve' }, ddo)).rejects.toThrow('killed');
    Object.assign(w.deps.registry, { transition });
    expect(w.status()).toBe('PENDING_APPROVAL');

    w.later(61);
    expect(await deliverDecisions(w.deps, { graceSeconds: 60, limit: 25 })).toEqual({ delivered: 1 });
    expect(w.status()).toBe('APPROVED');
    expect(w.told()).toBe('succeeded');
  });

  it('carried out to the end by its own call, leaves nothing for the sweep', async () => {
    const w = world(Date.parse('2026-11-20T10:00:00Z'));
    expect(await decide(w.deps, taskId, { decision: 'approve' }, ddo)).toMatchObject({ status: 'APPROVED' });
    expect(w.told()).toBe('succeeded');
    w.later(3600);
    expect(await deliverDecisions(w.deps, { graceSeconds: 60, limit: 25 })).toEqual({ delivered: 0 });
  });
});

// Opening the approval wait (the AwaitApproval task) in an order that leaves no gap for a quick approver, and
// finishing a wait whose case was decided while an earlier attempt of the task waited on a token now gone.
import { describe, expect, it } from 'vitest';
import { decideMany, openApproval, taskIdOf } from '../../functions/core/use-cases/approval.js';
import type { ApprovalTask, Approvals } from '../../functions/ports/approvals.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';
import type { WorkflowCallbacks } from '../../functions/ports/workflow.js';

const registrationId = '0b9c3f9e-1f0a-4c5e-9d1a-2f6b8e7c4a10';

const pending = {
  registrationId,
  scheme: 'up-sects',
  status: 'PENDING_APPROVAL',
  personId: 'emp:E1',
  rosterType: 'employees',
  district: 'Lucknow',
  block: 'Mal',
  ddoCode: 'DDO-1',
  ekyc: { mode: 'otp', name: 'Sunita Devi', yearOfBirth: 1982, gender: 'F', verifiedAt: '2026-11-20T10:00:00Z' },
  match: { outcome: 'match', nameScore: 1, reasons: [] },
} as unknown as Registration;

const harness = (existing?: ApprovalTask) => {
  const calls: string[] = [];
  let task = existing;
  const registry = {
    getRegistration: async () => pending,
    update: async () => void calls.push('registration names its task'),
    transition: async (_id: string, change: { to: string }) => void calls.push(`status ${change.to}`),
  } as unknown as Registry;
  const approvals = {
    get: async () => task,
    createIfAbsent: async (created: ApprovalTask) => {
      calls.push('task visible in the queue');
      task ??= created;
      return task;
    },
    delivered: async () => void calls.push('decision delivered'),
  } as unknown as Approvals;
  const callbacks: WorkflowCallbacks = {
    recordWaiting: async () => void calls.push('token kept'),
    succeed: async () => (calls.push('wait succeeded'), true),
    fail: async (_id, _step, error) => (calls.push(`wait failed: ${error.name}`), true),
    clearWaiting: async () => undefined,
  };
  const people = { getPerson: async () => undefined };
  return { calls, deps: { registry, people, approvals, callbacks, clock: { now: () => Date.parse('2026-11-20T10:00:00Z') } } };
};

describe('the approval wait', () => {
  it("keeps the token before the task shows in the approver's queue, and names the task on the registration once it exists", async () => {
    const { calls, deps } = harness();
    expect(await openApproval(deps, registrationId, 'token-1', 3600)).toEqual({ waiting: 'approval', taskId: taskIdOf(registrationId) });
    expect(calls).toEqual(['token kept', 'task visible in the queue', 'registration names its task']);
  });

  it('finishes at once when the case was decided while an earlier attempt waited on a token that is gone', async () => {
    const decided = (decision: 'approve' | 'reject') =>
      ({
        taskId: taskIdOf(registrationId),
        registrationId,
        scheme: 'up-sects',
        queue: 'ddo:DDO-1',
        approverKind: 'ddo',
        level: 1,
        state: 'DECIDED',
        createdAt: '2026-11-20T09:00:00Z',
        dueAt: '2026-11-23T09:00:00Z',
        summary: {} as ApprovalTask['summary'],
        decision: {
          decision,
          ...(decision === 'reject' ? { reasonCode: 'NOT_AN_EMPLOYEE' } : {}),
          by: 'ddo-1',
          at: '2026-11-20T09:30:00Z',
        },
      }) as ApprovalTask;
    // The registration still reads PENDING_APPROVAL (the decision's own call was cut short): it follows the decision too.
    const approved = harness(decided('approve'));
    await openApproval(approved.deps, registrationId, 'token-2', 3600);
    expect(approved.calls.slice(-3)).toEqual(['status APPROVED', 'wait succeeded', 'decision delivered']);
    const rejected = harness(decided('reject'));
    await openApproval(rejected.deps, registrationId, 'token-2', 3600);
    expect(rejected.calls.slice(-3)).toEqual(['status REJECTED', 'wait failed: RegistrationRejectedError', 'decision delivered']);
    // A pending task re-entered (an escalation) only keeps the new token.
    const escalated = harness({ ...decided('approve'), state: 'PENDING', decision: undefined } as unknown as ApprovalTask);
    await openApproval(escalated.deps, registrationId, 'token-3', 3600);
    expect(escalated.calls).toEqual(['token kept', 'task visible in the queue', 'registration names its task']);
  });

  it("decides a list several at a time and answers in the list's order", async () => {
    let running = 0;
    let most = 0;
    const tasks = new Map<string, ApprovalTask>();
    for (let index = 0; index < 20; index += 1) {
      tasks.set(`A-${index}`, {
        taskId: `A-${index}`,
        registrationId: `r-${index}`,
        queue: 'ddo:DDO-1',
        state: 'PENDING',
        approverKind: 'ddo',
      } as unknown as ApprovalTask);
    }
    const deps = {
      registry: {
        getRegistration: async () => pending,
        transition: async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          return pending;
        },
      } as unknown as Registry,
      approvals: {
        get: async (taskId: string) => tasks.get(taskId),
        changeState: async () => true,
        delivered: async () => undefined,
      } as unknown as Approvals,
      callbacks: { succeed: async () => true } as unknown as WorkflowCallbacks,
      clock: { now: () => 0 },
    };
    const caller = { subject: 'ddo-1', roles: ['ddo' as const], ddoCodes: ['DDO-1'], districts: [] };
    const list = [...tasks.keys(), 'A-missing'].map((taskId) => ({ taskId, decision: 'approve' as const }));
    const results = await decideMany(deps, list, caller);
    expect(results.map((result) => result.taskId)).toEqual(list.map((item) => item.taskId));
    expect(results.at(-1)).toMatchObject({ outcome: 'refused', code: 'APPROVAL_NOT_FOUND' });
    expect(results.slice(0, -1).every((result) => result.outcome === 'recorded')).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
  });
});

// The inbox's arithmetic and seams, on fakes: days waiting and the age buckets from createdAt against a clock set by
// hand, overdue against dueAt; a queue delegated to the caller listed with `onBehalfOf` and decided in the
// delegate's own name with it (the decision and the audit event); the name-match explanation of pairs from the
// name corpus, labelled by what a reader sees in them.
import { describe, expect, it } from 'vitest';
import { listInbox } from '../../functions/core/use-cases/approval-inbox.js';
import { decide, type DelegatedQueues } from '../../functions/core/use-cases/approval.js';
import type { Caller } from '../../functions/core/identity.js';
import { explainNameMatch } from '../../functions/core/name-match.js';
import type { ApprovalState, ApprovalTask, Approvals } from '../../functions/ports/approvals.js';
import type { Actor, Registration, Registry } from '../../functions/ports/registry.js';
import type { WorkflowCallbacks } from '../../functions/ports/workflow.js';

const now = Date.parse('2026-11-20T06:30:00Z');
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();

const taskOf = (taskId: string, queue: string, createdHoursAgo: number, dueInHours: number): ApprovalTask => ({
  taskId,
  registrationId: taskId.slice(2),
  scheme: 'up-sects',
  queue,
  approverKind: 'ddo',
  level: 1,
  state: 'PENDING',
  createdAt: hoursAgo(createdHoursAgo),
  dueAt: hoursAgo(-dueInHours),
  summary: {
    name: 'Kiran Verma',
    yearOfBirth: 1988,
    gender: 'F',
    district: 'Lucknow',
    roster: { name: 'Kiran Verma' },
    match: { outcome: 'match', nameScore: 1, reasons: [] },
  },
});

const fakeApprovals = (tasks: ApprovalTask[]) => {
  const decided: ApprovalTask['decision'][] = [];
  const approvals = {
    get: async (taskId: string) => tasks.find((task) => task.taskId === taskId),
    list: async (queues: readonly string[], state: ApprovalState) => ({
      items: tasks.filter((task) => queues.includes(task.queue) && task.state === state),
    }),
    changeState: async (_taskId: string, _from: ApprovalState, _to: ApprovalState, decision?: ApprovalTask['decision']) => {
      decided.push(decision);
      return true;
    },
    delivered: async () => undefined,
  } as unknown as Approvals;
  return { approvals, decided };
};

const noCallbacks: WorkflowCallbacks = {
  recordWaiting: async () => undefined,
  clearWaiting: async () => undefined,
  succeed: async () => true,
  fail: async () => true,
};

const ddo1: Caller = { subject: 'ddo-lko-0001', roles: ['ddo'], ddoCodes: ['DDO-LKO-0001'], districts: [] };

describe('the inbox counts', () => {
  it('counts whole days since createdAt into 0-1, 2-3, 4-7 and 8+, and overdue past dueAt', async () => {
    // Hours waiting and, worked out by hand, whole days: 12 h 0, 47 h 1, 48 h 2, 95 h 3, 96 h 4, 191 h 7, 192 h 8, 720 h 30.
    const waited = [12, 47, 48, 95, 96, 191, 192, 720];
    const tasks = waited.map((hours, index) => taskOf(`A-${index}`, 'ddo:DDO-LKO-0001', hours, index % 2 === 0 ? 24 : -1));
    const { approvals } = fakeApprovals(tasks);
    const page = await listInbox({ approvals, registry: {} as Registry, callbacks: noCallbacks, clock: { now: () => now } }, ddo1, {
      state: 'PENDING',
      limit: 50,
    });
    // Oldest first.
    expect(page.items.map((item) => item.daysWaiting)).toEqual([30, 8, 7, 4, 3, 2, 1, 0]);
    expect(page.counts).toEqual({
      total: 8,
      routine: 8,
      mismatch: 0,
      overdue: 4,
      byAge: { d0_1: 2, d2_3: 2, d4_7: 2, d8_plus: 2 },
      complete: true,
    });
    expect(page.items.filter((item) => item.overdue).map((item) => item.taskId)).toEqual(['A-7', 'A-5', 'A-3', 'A-1']);
  });
});

describe('the bounded read', () => {
  const listed = async (size: number) => {
    const tasks = Array.from({ length: size }, (_, index) =>
      taskOf(`A-${String(index).padStart(5, '0')}`, 'ddo:DDO-LKO-0001', 2000 - index, 24),
    );
    const approvals = {
      // As the table answers: at most `limit`, a cursor whenever it stopped at the limit.
      list: async (_queues: readonly string[], _state: ApprovalState, limit: number) => ({
        items: tasks.slice(0, limit),
        ...(tasks.length >= limit ? { cursor: 'more' } : {}),
      }),
    } as unknown as Approvals;
    return (
      await listInbox({ approvals, registry: {} as Registry, callbacks: noCallbacks, clock: { now: () => now } }, ddo1, {
        state: 'PENDING',
        limit: 10,
      })
    ).counts;
  };

  it('counts a queue of exactly 1,000 as whole, and one of 1,001 over its first 1,000, saying it is not whole', async () => {
    expect(await listed(1000)).toMatchObject({ total: 1000, complete: true });
    expect(await listed(1001)).toMatchObject({ total: 1000, complete: false });
  });
});

describe('a queue delegated to the caller', () => {
  const delegations: DelegatedQueues = {
    delegatedQueuesOf: async (caller) => (caller.ddoCodes.includes('DDO-LKO-0001') ? ['ddo:DDO-LKO-0002'] : []),
  };

  it('is listed with onBehalfOf; a decision in it is the delegate’s own, with onBehalfOf in the decision and the audit', async () => {
    const own = taskOf('A-own', 'ddo:DDO-LKO-0001', 30, 24);
    const handed = taskOf('A-handed', 'ddo:DDO-LKO-0002', 50, 24);
    const elsewhere = taskOf('A-elsewhere', 'ddo:DDO-LKO-0003', 70, 24);
    const { approvals, decided } = fakeApprovals([own, handed, elsewhere]);
    const actors: Actor[] = [];
    const registry = {
      getRegistration: async (registrationId: string) => ({ registrationId, status: 'PENDING_APPROVAL' }) as unknown as Registration,
      transition: async (registrationId: string, change: { actor: Actor }) => {
        actors.push(change.actor);
        return { registrationId };
      },
    } as unknown as Registry;
    const deps = { approvals, registry, callbacks: noCallbacks, clock: { now: () => now }, delegations };

    const page = await listInbox(deps, ddo1, { state: 'PENDING', limit: 50 });
    expect(page.items.map((item) => [item.taskId, item.onBehalfOf])).toEqual([
      ['A-handed', 'ddo:DDO-LKO-0002'],
      ['A-own', undefined],
    ]);

    await decide(deps, 'A-handed', { decision: 'approve' }, ddo1);
    expect(decided[0]).toMatchObject({ decision: 'approve', by: 'ddo-lko-0001', onBehalfOf: 'ddo:DDO-LKO-0002' });
    expect(actors[0]).toEqual({ id: 'ddo-lko-0001', role: 'ddo', onBehalfOf: 'ddo:DDO-LKO-0002' });
    await decide(deps, 'A-own', { decision: 'approve' }, ddo1);
    expect(decided[1]).not.toHaveProperty('onBehalfOf');
    expect(actors[1]).toEqual({ id: 'ddo-lko-0001', role: 'ddo' });
    // A queue nobody handed over stays out of reach, as a task that does not exist.
    await expect(decide(deps, 'A-elsewhere', { decision: 'approve' }, ddo1)).rejects.toMatchObject({ code: 'APPROVAL_NOT_FOUND' });
  });
});

describe('the name match explained', () => {
  // Pairs of the name corpus (test/fixtures/name-pairs.ts), each labelled by what a reader sees in it.
  const labelled: [string, string, string[]][] = [
    ['Smt. Sunita Devi', 'Sunita Devi', ['SAME_NAME']],
    ['Rajendra Prasad Dubey', 'राजेन्द्र प्रसाद दुबे', ['TRANSLITERATION']],
    ['Suneeta Devi', 'Sunita Devi', ['SPELLING_VARIANT']],
    ['Fatima Khatoon', 'Fatma Khatun', ['SPELLING_VARIANT']],
    ['R. K. Sharma', 'Ram Kishore Sharma', ['INITIALS']],
    ['Ramesh Yadav', 'Ramesh Kumar Yadav', ['NAME_PART_MISSING']],
    ['Shyam Lal', 'Shyamlal', ['NAMES_JOINED']],
    ['Rajesh Kumar', 'Rakesh Kumar', ['DIFFERENT_FIRST_NAME']],
    ['Rakesh Pandey', 'Rakesh Pal', ['DIFFERENT_SURNAME']],
    ['Ramesh Kumar Yadav', 'सुरेश कुमार यादव', ['TRANSLITERATION', 'DIFFERENT_FIRST_NAME']],
  ];
  it.each(labelled)('%s / %s: %j', (ekyc, roster, codes) => {
    expect(explainNameMatch([ekyc], [roster], 0.85).explanation).toEqual(codes);
  });

  it('says there was nothing to compare when the roster gives no name', () => {
    expect(explainNameMatch(['Kiran Verma'], [], 0.85)).toEqual({ score: 0, explanation: ['NO_ROSTER_NAME'] });
  });

  it('explains by the best pair of both scripts, a same-script pair before a transliteration', () => {
    expect(explainNameMatch(['Kiran Verma', 'किरण वर्मा'], ['Kiran Verma', 'किरण वर्मा'], 0.85).explanation).toEqual(['SAME_NAME']);
  });
});

// Property: whatever path a registration takes through its workflow — a card, a rejection, a return for
// correction, a locked code, an approval that timed out and escalated, an admin's stop (with and without a redrive), a card whose SMS failed and was
// redriven, an approver's call cut by a kill at some moment — once the execution has settled, the independent views
// agree: the execution's state (Step Functions' DescribeExecution), the registration's status (read through the
// API), its wait items (the table) and the campaign's counts (the API's, against counts re-derived from the
// registrations read back), the block's worklist, and `healthcard verify` (the CLI, as a process) reports no problem. The agreement is
// stated on the execution's state and the status sets of functions/core/registration.ts, so statuses added later
// fit: an execution that SUCCEEDED has a terminal registration and no wait; one stopped or failed (it can be
// redriven) has a registration that has not ended. Bounded: each run takes every path once, in an order and with
// choices fast-check draws; the seed is printed (FC_SEED reproduces a run), FC_RUNS sets the runs (2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbApprovals } from '../../functions/adapters/dynamodb-approvals.js';
import { SfnWorkflowCallbacks } from '../../functions/adapters/sfn-workflow.js';
import { sfnOnFirstUse, sfnTaskAnswers } from '../../functions/adapters/sfn-task-answers.js';
import type { Caller } from '../../functions/core/identity.js';
import { otpPolicy } from '../../functions/core/otp.js';
import { terminalStatuses, type RegistrationStatus } from '../../functions/core/registration.js';
import { decide, deliverDecisions, taskIdOf } from '../../functions/core/use-cases/approval.js';
import { crowdIdentity } from '../../local/simulators/ekyc.js';
import { runHealthcard } from '../support/cli.js';
import { eventually } from '../support/eventually.js';
import { usedSecrets } from '../support/privacy.js';
import { useRegistrationStack } from '../support/registration.js';
import { fcSeed, printSeed } from '../support/roster-arbitrary.js';

// Approvals wait 6 s before they escalate (the SLA, then the wait sweep, every second here): every path that reaches an
// approver may meet an escalation, and one path waits for it. Decisions go to whoever holds the case then.
const approvalSlaSeconds = 6;
const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: String(approvalSlaSeconds) }, scheduleSeconds: { sweepWaits: 1 } });
const numRuns = Number(process.env.FC_RUNS ?? 2);
const scratch = mkdtempSync(join(tmpdir(), 'healthcard-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const paths = [
  'card',
  'rejected',
  'returned-then-card',
  'code-locked',
  'stopped-at-ekyc',
  'approval-timed-out-and-escalated-then-card',
  'stopped-at-approval-then-redriven',
  'card-sms-failed-then-redriven',
  'decision-cut-by-kill',
] as const;
type Path = (typeof paths)[number];

/** A run: every path once, in a drawn order, with the moment a kill cuts the approver's call and the decision then. */
const runArbitrary = fc.record({
  order: fc.shuffledSubarray([...paths], { minLength: paths.length, maxLength: paths.length }),
  killAt: fc.constantFrom('after-recording' as const, 'after-moving-the-registration' as const),
  cutDecision: fc.constantFrom('approve' as const, 'reject' as const),
  rejection: fc.constantFrom('NOT_AN_EMPLOYEE', 'IDENTITY_MISMATCH', 'DECEASED'),
});

type Choices = typeof runArbitrary extends fc.Arbitrary<infer T> ? T : never;

let campaignId = '';
let nextIdentity = 0;
const registrations: string[] = [];
/** The execution's state each registration settled in. */
const settledAs = new Map<string, string>();
/** Registrations whose execution an admin stopped and nobody redrove. */
const leftStopped = new Set<string>();

beforeAll(async () => {
  const created = await stack.driver.call('POST', '/v1/admin/campaigns', {
    role: 'district-admin',
    body: { name: 'Lucknow employees, paths', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2027-03-31' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  campaignId = String(created.body.campaignId);
});

/** Who holds a queue, as a token's role and as a caller of the use case. */
const holderOf = (queue: string): { role: 'ddo' | 'district-admin' | 'state-admin'; caller: Caller } => {
  if (queue.startsWith('ddo:'))
    return { role: 'ddo', caller: { subject: 'ddo-lko-0001', roles: ['ddo'], ddoCodes: [queue.slice(4)], districts: [] } };
  if (queue.startsWith('district-admin:'))
    return {
      role: 'district-admin',
      caller: { subject: 'da-lucknow', roles: ['district-admin'], ddoCodes: [], districts: [queue.slice(15)] },
    };
  return { role: 'state-admin', caller: { subject: 'sa-up', roles: ['state-admin'], ddoCodes: [], districts: [] } };
};

const approvalsOf = () => new DynamoDbApprovals(stack.env.documents, stack.env.endpoints.dynamodb.table);

/** The decision, by whoever holds the case at the moment (an escalation may move it between the read and the call). */
const decideAsHolder = async (taskId: string, body: Record<string, unknown>) =>
  eventually(
    `a decision on ${taskId} by its holder`,
    async () => {
      const task = await approvalsOf().get(taskId);
      const answer = await stack.driver.decide(taskId, holderOf(String(task?.queue)).role, body);
      return answer.status === 404 ? undefined : answer;
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );

/** One registration taken along `path`; returns its id once the path's last call is made. */
const walk = async (path: Path, choices: Choices): Promise<string> => {
  const { driver, env } = stack;
  const identity = crowdIdentity(1000 + nextIdentity);
  nextIdentity += 1;
  usedSecrets.aadhaarNumbers.add(identity.aadhaarNumber);
  const employeeId = await driver.seedEmployee(identity);
  const { registrationId, mobile } = await driver.startEmployee(employeeId);
  registrations.push(registrationId);
  const admin = (action: 'stop' | 'redrive') =>
    driver.call('POST', `/v1/admin/executions/registration/${registrationId}/${action}`, {
      role: 'district-admin',
      ...(action === 'stop' ? { body: { reason: `Stopped on path ${path}` } } : {}),
    });
  const ledgerSays = (status: string) =>
    eventually(
      `the ledger to list ${registrationId} ${status}`,
      async () => {
        const listed = await driver.call('GET', `/v1/admin/executions?workflow=registration&status=${status}&limit=100`, {
          role: 'district-admin',
        });
        return (listed.body.items as { name: string }[] | undefined)?.find((item) => item.name === registrationId);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

  if (path === 'code-locked') {
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const real = await driver.mobileOtp(mobile);
    const wrong = real === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < otpPolicy.maxWrongAttempts; attempt += 1) {
      await driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: wrong } });
    }
    return registrationId;
  }
  expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
  if (path === 'stopped-at-ekyc') {
    await driver.waitForStatus(registrationId, 'EKYC_PENDING');
    expect((await admin('stop')).status).toBe(200);
    await ledgerSays('ABORTED');
    leftStopped.add(registrationId);
    return registrationId;
  }
  expect((await driver.ekycByOtp(registrationId, identity)).body.status).toBe('EKYC_VERIFIED');
  await eventually(
    `${registrationId} to wait for its approver`,
    async () => (await stepsWaiting(registrationId)).includes('approval') || undefined,
    { timeoutMs: 30_000 },
  );
  const task = { taskId: taskIdOf(registrationId) };
  switch (path) {
    case 'card':
      expect((await decideAsHolder(task.taskId, { decision: 'approve' })).status).toBe(200);
      break;
    case 'rejected':
      expect((await decideAsHolder(task.taskId, { decision: 'reject', reasonCode: choices.rejection })).status).toBe(200);
      break;
    case 'approval-timed-out-and-escalated-then-card':
      await eventually(
        `the approval of ${registrationId} to escalate`,
        async () => ((await approvalsOf().get(task.taskId))?.level ?? 1) >= 2 || undefined,
        { timeoutMs: 45_000, intervalMs: 200 },
      );
      expect((await decideAsHolder(task.taskId, { decision: 'approve' })).status).toBe(200);
      break;
    case 'returned-then-card':
      expect((await decideAsHolder(task.taskId, { decision: 'return', note: 'Upload the service book page' })).status).toBe(200);
      expect((await driver.call('POST', `/v1/registrations/${registrationId}/resubmit`, { body: { note: 'Uploaded' } })).status).toBe(200);
      expect((await decideAsHolder(task.taskId, { decision: 'approve' })).status).toBe(200);
      break;
    case 'stopped-at-approval-then-redriven':
      expect((await admin('stop')).status).toBe(200);
      await ledgerSays('ABORTED');
      expect((await admin('redrive')).status).toBe(202);
      await eventually(
        `the approval step of ${registrationId} to wait again`,
        async () => (await stepsWaiting(registrationId)).includes('approval') || undefined,
      );
      expect((await decideAsHolder(task.taskId, { decision: 'approve' })).status).toBe(200);
      break;
    case 'card-sms-failed-then-redriven':
      // DLT scrubbing refuses the next SMS, the card's: IssueCard fails, on no Retry list, and so does the execution.
      expect((await env.api('/local/sms/faults', { method: 'POST', body: JSON.stringify({ rejectNext: 1 }) })).status).toBe(200);
      expect((await decideAsHolder(task.taskId, { decision: 'approve' })).status).toBe(200);
      await ledgerSays('FAILED');
      expect((await admin('redrive')).status).toBe(202);
      break;
    case 'decision-cut-by-kill': {
      // The approver's call, in this process against the stack's table and Step Functions, killed at the drawn moment.
      const table = env.endpoints.dynamodb.table;
      const approvals = approvalsOf();
      const callbacks = new SfnWorkflowCallbacks(env.documents, sfnTaskAnswers(sfnOnFirstUse(() => env.sfn)), table, {
        now: () => Date.now(),
      });
      const killed = () => Promise.reject(new Error('killed'));
      const registry =
        choices.killAt === 'after-recording'
          ? Object.assign(Object.create(driver.registry) as typeof driver.registry, { transition: killed })
          : driver.registry;
      const cut = {
        registry,
        approvals,
        callbacks: Object.assign(Object.create(callbacks) as typeof callbacks, { succeed: killed, fail: killed }),
        clock: { now: Date.now },
      };
      const input =
        choices.cutDecision === 'approve'
          ? { decision: 'approve' as const }
          : { decision: 'reject' as const, reasonCode: choices.rejection };
      await eventually(
        `the approver's call on ${task.taskId} to be cut`,
        async () => {
          const { caller } = holderOf(String((await approvals.get(task.taskId))?.queue));
          const failure = await decide(cut, task.taskId, input, caller).then(
            () => undefined,
            (error: unknown) => error,
          );
          // Not found: escalated between the read and the call; asked again of the new holder.
          return failure instanceof Error && failure.message === 'killed' ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      // The workflow still waits for the approver; the sweep (as its schedule runs it, a minute on) delivers.
      expect(await stepsWaiting(registrationId)).toContain('approval');
      const later = { registry: driver.registry, approvals, callbacks, clock: { now: () => Date.now() + 61_000 } };
      expect((await deliverDecisions(later, { graceSeconds: 60, limit: 100 })).delivered).toBeGreaterThanOrEqual(1);
      break;
    }
  }
  return registrationId;
};

const stepsWaiting = async (registrationId: string): Promise<string[]> => {
  const { Items = [] } = await stack.env.documents.send(
    new QueryCommand({
      TableName: stack.env.endpoints.dynamodb.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
      ExpressionAttributeValues: { ':pk': `REG#${registrationId}`, ':wait': 'WAIT#' },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => String(item.sk).slice('WAIT#'.length));
};

interface Views {
  readonly execution: string;
  readonly status: RegistrationStatus;
  readonly waits: readonly string[];
}

const viewsOf = async (registrationId: string): Promise<Views> => {
  const machine = stack.env.endpoints.stepFunctions.stateMachines.registration;
  const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:${registrationId}`;
  const [execution, registration, waits] = await Promise.all([
    stack.env.sfn.send(new DescribeExecutionCommand({ executionArn })),
    stack.driver.view(registrationId, 'district-admin'),
    stepsWaiting(registrationId),
  ]);
  return { execution: String(execution.status), status: registration.body.status as RegistrationStatus, waits };
};

/** The agreement, on the execution's state and the status sets alone; undefined while the execution still runs. */
const disagreement = (views: Views): string | undefined => {
  switch (views.execution) {
    case 'SUCCEEDED':
      if (!terminalStatuses.has(views.status))
        return `the execution SUCCEEDED but the registration is ${views.status}, which has not ended`;
      if (views.waits.length > 0) return `the execution SUCCEEDED but waits are left: ${views.waits.join(', ')}`;
      return undefined;
    case 'ABORTED':
    case 'FAILED':
    case 'TIMED_OUT':
      // Stopped or failed: a redrive can move it on, so the registration has not ended.
      if (terminalStatuses.has(views.status)) return `the execution is ${views.execution} but the registration ended (${views.status})`;
      return undefined;
    default:
      return `the execution is still ${views.execution}`;
  }
};

const settled = (registrationId: string) =>
  eventually(
    `the views of ${registrationId} to agree`,
    async () => {
      const views = await viewsOf(registrationId);
      return disagreement(views) === undefined ? views : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 150 },
  ).catch(async (error: unknown) => {
    const views = await viewsOf(registrationId);
    throw new Error(`${registrationId}: ${disagreement(views) ?? 'agreed only now'} (${JSON.stringify(views)}); ${String(error)}`);
  });

/** The campaign's counts against the registrations read back. */
const countsAgree = async () => {
  const statuses = await Promise.all(registrations.map(async (id) => String((await stack.driver.view(id, 'district-admin')).body.status)));
  const derived = {
    started: statuses.length,
    issued: statuses.filter((status) => status === 'CARD_ISSUED').length,
    pendingApproval: statuses.filter((status) => status === 'PENDING_APPROVAL').length,
  };
  const counted = await eventually(
    'the campaign counts to settle',
    async () => {
      const progress = await stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/progress?district=Lucknow`, {
        role: 'district-admin',
      });
      const total = progress.body.total as { started: number; issued: number; pendingApproval: number };
      const figures = { started: total.started, issued: total.issued, pendingApproval: total.pendingApproval };
      return JSON.stringify(figures) === JSON.stringify(derived) ? figures : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  ).catch(() => undefined);
  expect(counted ?? 'the campaign counts never equalled the registrations read back', JSON.stringify(derived)).toEqual(derived);
};

/**
 * The block's worklist (everyone eligible without a card) against the registrations read back: a person with a card
 * is not on it; one whose execution ended without a card is; and a person on it shows the status the API gives.
 * (Where a stopped registration goes is its status's business: on the list or off it, the status must agree.)
 */
const worklistAgrees = async () => {
  const statuses = new Map(
    await Promise.all(registrations.map(async (id) => [id, String((await stack.driver.view(id, 'district-admin')).body.status)] as const)),
  );
  const worklist = await stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/worklist?district=Lucknow&block=Sarojini%20Nagar`, {
    role: 'district-admin',
  });
  expect(worklist.status, JSON.stringify(worklist.body)).toBe(200);
  const rows = parse((await (await fetch(String(worklist.body.url))).text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
    string,
    string
  >[];
  for (const [registrationId, status] of statuses) {
    const row = rows.find((entry) => entry['registration id'] === registrationId);
    if (status === 'CARD_ISSUED') expect(row, `${registrationId} has a card but is on the worklist`).toBeUndefined();
    else if (settledAs.get(registrationId) === 'SUCCEEDED')
      expect(row?.status, `${registrationId} (${status}) on the worklist`).toBe(status);
    else if (row !== undefined) expect(row.status, `${registrationId} on the worklist`).toBe(status);
  }
};

const verifyFindsNothing = async () => {
  writeFileSync(join(scratch, 'accepted.txt'), `registrationId\n${registrations.join('\n')}\n`);
  const ran = await runHealthcard(
    [
      'verify',
      '--accepted',
      'accepted.txt',
      '--json',
      '--api',
      stack.env.endpoints.api.url,
      '--token',
      stack.env.endpoints.tokens['state-admin'],
    ],
    {
      cwd: scratch,
      timeoutMs: 60_000,
    },
  );
  const report = JSON.parse(ran.stdout) as {
    ok: boolean;
    registrations: {
      found: number;
      problems: { code: string; registrationId?: string }[];
      notes: { code: string; registrationId?: string }[];
    };
  };
  // A registration an admin stopped and left stopped reads STOPPED: verify notes it (STOPPED_BY_ADMIN), and
  // finds no problem with it or any other registration.
  expect(report.registrations.problems, ran.stderr).toEqual([]);
  const notedStopped = report.registrations.notes.filter((note) => note.code === 'STOPPED_BY_ADMIN').map((note) => note.registrationId);
  expect(new Set(notedStopped)).toEqual(leftStopped);
  expect(report.registrations.found).toBe(registrations.length);
  expect(ran.code).toBe(0);
};

describe('a registration on any path', () => {
  it('has its execution, status, waits, campaign counts and healthcard verify in agreement once it settles', async () => {
    printSeed(`${numRuns} runs of ${paths.length} paths`);
    await fc.assert(
      fc.asyncProperty(runArbitrary, async (choices) => {
        for (const path of choices.order) {
          const registrationId = await walk(path, choices);
          const views = await settled(registrationId);
          settledAs.set(registrationId, views.execution);
          // What the path itself says about the end, where it is not a matter of choice.
          if (path === 'stopped-at-ekyc') expect(views.execution).toBe('ABORTED');
          else expect(views.execution, path).toBe('SUCCEEDED');
        }
        await countsAgree();
        await worklistAgrees();
        await verifyFindsNothing();
      }),
      { seed: fcSeed, numRuns, endOnFailure: true },
    );
  }, 300_000);
});

// Approval SLA: when the DDO does not decide in time, the case escalates to the district admin and keeps
// waiting — it never fails for being slow. The SLA is shortened to 2 s for this stack (APPROVAL_SLA_SECONDS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { RegistrationDriver } from '../support/registration.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let env: TestStack;
let driver: RegistrationDriver;

beforeAll(async () => {
  env = await startTestStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' } });
  driver = new RegistrationDriver(env);
  await driver.loadIdentities();
});

afterAll(async () => {
  await env?.stop();
});

describe('approval SLA', () => {
  it('escalates an undecided case to the district admin, who approves it', async () => {
    const identity = driver.identity('success', 0);
    const employeeId = await driver.seedEmployee(identity);
    const mobile = driver.newMobile();
    const started = await driver.start({ scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal' });
    const registrationId = String(started.body.registrationId);
    await driver.verifyMobile(registrationId, mobile);
    expect((await driver.ekycByOtp(registrationId, identity)).status).toBe(200);
    const task = await driver.approvalFor(registrationId, 'ddo');
    expect(task.level).toBe(1);

    // Nobody decides: after the SLA the case is in the district admin's queue, level 2, still pending.
    const escalated = await eventually('the case in the district admin queue', async () =>
      (await driver.pendingApprovals('district-admin')).find((pending) => pending.registrationId === registrationId),
    );
    expect(escalated).toMatchObject({ level: 2, approverKind: 'district-admin' });
    expect((await driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');
    expect((await driver.pendingApprovals('ddo')).some((pending) => pending.registrationId === registrationId)).toBe(false);

    expect((await driver.decide(escalated.taskId, 'district-admin', { decision: 'approve' })).status).toBe(200);
    const done = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((done.timeline as { why: string }[]).map((event) => event.why)).toContain('APPROVAL_ESCALATED');
  });
});

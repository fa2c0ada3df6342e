// Approval SLA: when the DDO does not decide in time, the case escalates to the district admin and keeps
// waiting — it never fails for being slow. The SLA is shortened to 2 s for this stack (APPROVAL_SLA_SECONDS).
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' } });

describe('approval SLA', () => {
  it('escalates an undecided case to the district admin, who approves it', async () => {
    const identity = stack.driver.identity('success', 0);
    const employeeId = await stack.driver.seedEmployee(identity);
    const mobile = stack.driver.newMobile();
    const started = await stack.driver.start({ scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal' });
    const registrationId = String(started.body.registrationId);
    await stack.driver.verifyMobile(registrationId, mobile);
    expect((await stack.driver.ekycByOtp(registrationId, identity)).status).toBe(200);
    const task = await stack.driver.approvalFor(registrationId, 'ddo');
    expect(task.level).toBe(1);

    // Nobody decides: after the SLA the case is in the district admin's queue, level 2, still pending.
    const escalated = await eventually('the case in the district admin queue', async () =>
      (await stack.driver.pendingApprovals('district-admin')).find((pending) => pending.registrationId === registrationId),
    );
    expect(escalated).toMatchObject({ level: 2, approverKind: 'district-admin' });
    expect((await stack.driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');
    expect((await stack.driver.pendingApprovals('ddo')).some((pending) => pending.registrationId === registrationId)).toBe(false);

    expect((await stack.driver.decide(escalated.taskId, 'district-admin', { decision: 'approve' })).status).toBe(200);
    const done = await stack.driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((done.timeline as { why: string }[]).map((event) => event.why)).toContain('APPROVAL_ESCALATED');
  });
});

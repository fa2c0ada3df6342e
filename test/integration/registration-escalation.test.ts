// Approval SLA: when the DDO does not decide in time, the case escalates to the district admin and keeps
// waiting — it never fails for being slow — and admins see it among the stuck executions, with who it waits on.
// The SLA is shortened to 2 s for this stack (APPROVAL_SLA_SECONDS), and the wait sweep that escalates runs every
// second (it runs every 15 minutes on AWS).
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' }, scheduleSeconds: { sweepWaits: 1 } });

describe('approval SLA', () => {
  it('escalates an undecided case to the district admin, who approves it', async () => {
    const { registrationId, task } = await stack.driver.employeeAwaitingDdo(stack.driver.identity('success', 0));
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

  it('lists a case waiting past its SLA as stuck, with who it waits on, until it is decided', async () => {
    const { driver, env } = stack;
    const identity = driver.identity('success', 1);
    const employeeId = await driver.seedEmployee(identity);
    const mobile = driver.newMobile();
    const registrationId = String(
      (await driver.start({ scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal' })).body
        .registrationId,
    );
    await driver.verifyMobile(registrationId, mobile);
    expect((await driver.ekycByOtp(registrationId, identity)).status).toBe(200);
    // Another person stops at the mobile code: a step whose SLA (15 minutes) has not passed is not stuck.
    const waitingMobile = driver.newMobile();
    const waitingOtp = String(
      (
        await driver.start({
          scheme: 'up-sects',
          mobile: waitingMobile,
          roster: { rosterType: 'employees', employeeId: await driver.seedEmployee(driver.identity('success', 2)) },
          channel: 'portal',
        })
      ).body.registrationId,
    );
    await driver.waitForStatus(waitingOtp, 'MOBILE_OTP_SENT');

    type Stuck = {
      name: string;
      step: string;
      since: string;
      slaDueAt: string;
      overdueHours: number;
      status: string;
      block?: string;
      waitingOn: { kind: string; queue?: string; label: { en: string; hi: string } };
    };
    const stuckNow = async (role: 'district-admin' | 'state-admin', query = '') => {
      const listed = await driver.call('GET', `/v1/admin/stuck${query}`, { role });
      expect(listed.status).toBe(200);
      return listed.body.items as Stuck[];
    };
    // Past the DDO's SLA the case escalates to the district admin: it is stuck, waiting on them, since it first waited.
    const stuck = await eventually('the case among stuck executions, with the district admin', async () =>
      (await stuckNow('district-admin')).find((item) => item.name === registrationId && item.waitingOn.queue === 'district-admin:Lucknow'),
    );
    expect(stuck).toMatchObject({
      step: 'approval',
      status: 'PENDING_APPROVAL',
      block: 'Sarojini Nagar',
      waitingOn: { kind: 'approver', label: { en: 'District admin, Lucknow' } },
    });
    // The SLA is the first one (2 s from when the DDO's wait began), not restarted by the escalation.
    expect(Date.parse(stuck.slaDueAt) - Date.parse(stuck.since)).toBe(2000);
    expect((await stuckNow('district-admin')).some((item) => item.name === waitingOtp)).toBe(false);
    expect((await stuckNow('state-admin')).some((item) => item.name === registrationId)).toBe(true);
    expect(JSON.stringify(await stuckNow('state-admin', '?district=Lucknow'))).not.toContain(mobile);
    const jalaun = await env.stack.issuer.sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'test-jalaun-admin');
    expect((await driver.call('GET', '/v1/admin/stuck?district=Lucknow', { token: jalaun })).body.code).toBe('FORBIDDEN');
    expect((await driver.call('GET', '/v1/admin/stuck', { role: 'ddo' })).status).toBe(403);

    // Decided by whoever holds it now (another SLA may have passed: then the state admin): no longer stuck.
    await eventually('the decision by the current holder', async () => {
      for (const role of ['district-admin', 'state-admin'] as const) {
        const task = (await driver.pendingApprovals(role)).find((pending) => pending.registrationId === registrationId);
        if (task !== undefined && (await driver.decide(task.taskId, role, { decision: 'approve' })).status === 200) return true;
      }
      return undefined;
    });
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((await stuckNow('district-admin')).some((item) => item.name === registrationId)).toBe(false);
  });
});

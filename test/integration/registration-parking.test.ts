// Waits that hold no execution (docs/scale.md): an e-KYC or approval wait past the park threshold ends the
// registration's execution with the case parked in its status and queue; the event it waited for resumes it in a
// new execution named <registrationId>_after-<step>. Time is compressed: a case parks after 2 s, an approval's SLA
// is 8 s, and the wait sweep runs every second. Expected values come from the API's own contract (statuses, queues)
// and from the Step Functions service's executions, not from the parking code.
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack({
  extraEnv: { PARK_AFTER_SECONDS: '2', APPROVAL_SLA_SECONDS: '8' },
  scheduleSeconds: { sweepWaits: 1 },
});

const registrationArn = () => stack.env.endpoints.stepFunctions.stateMachines.registration;
const executionArn = (name: string) => `${registrationArn().replace(':stateMachine:', ':execution:')}:${name}`;

/** The executions the Step Functions service holds for a registration: its first and any resuming it. */
const executionsOf = async (registrationId: string) => {
  const { executions = [] } = await stack.env.sfn.send(new ListExecutionsCommand({ stateMachineArn: registrationArn(), maxResults: 1000 }));
  return executions
    .filter((execution) => execution.name === registrationId || execution.name?.startsWith(`${registrationId}_`))
    .map((execution) => ({ name: execution.name as string, status: execution.status as string }))
    .sort((a, b) => a.name.localeCompare(b.name));
};

/**
 * The executions' names and whether any is still open. Under load a case may also park at e-KYC on its way to the
 * approval (2 s is short), and then has a `_after-ekyc` execution too: each name appears once either way.
 */
const namesOf = async (registrationId: string) => {
  const executions = await executionsOf(registrationId);
  return {
    names: executions.map((execution) => execution.name),
    open: executions.filter((execution) => execution.status === 'RUNNING').length,
  };
};

/** The registration's item as the table holds it: the parked marker is not part of the public view. */
const registrationItem = async (registrationId: string) =>
  (
    await stack.env.documents.send(
      new GetCommand({
        TableName: stack.env.endpoints.dynamodb.table,
        Key: { pk: `REG#${registrationId}`, sk: 'REG' },
        ConsistentRead: true,
      }),
    )
  ).Item ?? {};

/** Parked: its executions ended (none open) while the registration still waits, marked parked. */
const parkedAt = async (registrationId: string, step: 'ekyc' | 'approval') => {
  await eventually(`${registrationId}'s executions to end with the case parked at ${step}`, async () => {
    const item = await registrationItem(registrationId);
    const { names, open } = await namesOf(registrationId);
    return names.length > 0 && open === 0 && (item.parked as { step?: string } | undefined)?.step === step ? true : undefined;
  });
};

const timelineWhys = async (registrationId: string) =>
  ((await stack.driver.view(registrationId)).body.timeline as { why: string; note?: string }[]).map((event) => event.why);

describe('a case parked at e-KYC', () => {
  it('keeps its status and next action while parked, and reaches its card when the person completes e-KYC later', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 0);
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity));
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    await driver.waitForStatus(registrationId, 'EKYC_PENDING');
    const before = (await driver.view(registrationId)).body;

    await parkedAt(registrationId, 'ekyc');
    const parked = (await driver.view(registrationId)).body;
    expect(parked.status).toBe('EKYC_PENDING');
    expect(parked.nextAction).toEqual(before.nextAction);
    expect(await executionsOf(registrationId)).toEqual([{ name: registrationId, status: 'SUCCEEDED' }]);
    // Admins tell a parked wait from one an execution holds: the wait item says when it parked, and holds no token.
    const wait = (await driver.tableItems(`REG#${registrationId}`)).find((item) => item.sk === 'WAIT#ekyc');
    expect(wait).toMatchObject({ step: 'ekyc', parkedAt: expect.any(String) });
    expect(wait?.taskToken).toBeUndefined();

    // Days later, e-KYC: the API resumes the case in a new execution, from matching on.
    expect((await driver.ekycByOtp(registrationId, identity)).body.status).toBe('EKYC_VERIFIED');
    const task = await driver.approvalFor(registrationId, 'ddo');
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);

    // Both executions, in Step Functions, in the ledger admins list from, and in the registration's timeline.
    const resumed = `${registrationId}_after-ekyc`;
    expect((await executionsOf(registrationId)).map((execution) => execution.name)).toContain(resumed);
    const listed = await eventually('both executions in the ledger', async () => {
      const { body } = await driver.call('GET', '/v1/admin/executions?workflow=registration&district=Lucknow&limit=100', {
        role: 'district-admin',
      });
      const names = (body.items as { name: string }[]).map((item) => item.name);
      return names.includes(registrationId) && names.includes(resumed) ? names : undefined;
    });
    expect(listed.filter((name) => name.startsWith(registrationId))).toHaveLength((await executionsOf(registrationId)).length);
    const whys = await timelineWhys(registrationId);
    expect(whys).toContain('PARKED');
    expect(whys).toContain('RESUMED');
    expect((await registrationItem(registrationId)).parked).toBeUndefined();

    // The resume execution's history carries ids only.
    const { events = [] } = await stack.env.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: executionArn(resumed), maxResults: 1000 }),
    );
    const history = JSON.stringify(events);
    expect(history).not.toContain(mobile);
    expect(history).not.toContain(identity.aadhaarNumber);
  });

  it('starts one resume when the completion is repeated', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 1);
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity));
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    await parkedAt(registrationId, 'ekyc');
    const started = await driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: { aadhaarNumber: identity.aadhaarNumber, consent: driver.consent(), mode: 'otp' },
    });
    expect(started.status).toBe(202);
    const otp = await driver.ekycOtp(String(started.body.transactionId));
    const verify = () =>
      driver.call('POST', `/v1/registrations/${registrationId}/ekyc/verify`, { body: { aadhaarNumber: identity.aadhaarNumber, otp } });
    // The same verification sent again (a portal's retry whose first answer was lost): the same answer, one resume.
    expect((await verify()).body.status).toBe('EKYC_VERIFIED');
    expect((await verify()).body.status).toBe('EKYC_VERIFIED');
    await driver.approvalFor(registrationId, 'ddo');
    expect(await executionsOf(registrationId)).toEqual([
      { name: registrationId, status: 'SUCCEEDED' },
      { name: `${registrationId}_after-ekyc`, status: expect.any(String) },
    ]);
  });
});

describe('a case parked at approval', () => {
  it('reaches its card when its DDO approves it while parked', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 2));
    await parkedAt(registrationId, 'approval');
    // Still in the DDO's list, still pending.
    expect((await driver.pendingApprovals('ddo')).some((pending) => pending.taskId === task.taskId)).toBe(true);
    expect((await driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');

    // The DDO's approval, and its repeat (an answer lost): one resume.
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    const { names } = await eventually('every execution ended', async () => {
      const now = await namesOf(registrationId);
      return now.open === 0 ? now : undefined;
    });
    expect(names.filter((name) => name === `${registrationId}_after-approval`)).toHaveLength(1);
    expect(names).toContain(registrationId);
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
  });

  it('escalates past its SLA while parked, and the next approver’s decision reaches the card', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 3));
    expect(task.level).toBe(1);
    await parkedAt(registrationId, 'approval');

    // No execution holds it; the wait sweep moves it to the district admin once the DDO's 8 s pass.
    const escalated = await eventually('the parked case in the district admin queue', async () =>
      (await driver.pendingApprovals('district-admin')).find((pending) => pending.registrationId === registrationId),
    );
    expect(escalated).toMatchObject({ level: 2, approverKind: 'district-admin' });
    expect((await driver.pendingApprovals('ddo')).some((pending) => pending.registrationId === registrationId)).toBe(false);
    // No execution holds the case while it escalates.
    expect(await namesOf(registrationId)).toMatchObject({ open: 0 });
    // The stuck list names the new holder.
    const stuck = await eventually('the parked case stuck with the district admin', async () => {
      const { body } = await driver.call('GET', '/v1/admin/stuck', { role: 'district-admin' });
      return (body.items as { name: string; parkedAt?: string; waitingOn: { queue?: string } }[]).find(
        (item) => item.name === registrationId && item.waitingOn.queue === 'district-admin:Lucknow',
      );
    });
    // Told apart from a wait an execution holds.
    expect(stuck.parkedAt).toEqual(expect.any(String));

    expect((await driver.decide(escalated.taskId, 'district-admin', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect(await timelineWhys(registrationId)).toEqual(expect.arrayContaining(['PARKED', 'APPROVAL_ESCALATED', 'RESUMED']));
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
  });

  it('holds one card per Aadhaar per scheme: a second registration with the same Aadhaar while the first is parked is a duplicate', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 4);
    const first = await driver.employeeAwaitingDdo(identity);
    await parkedAt(first.registrationId, 'approval');

    // Another roster employee record e-KYCs with the same Aadhaar while the first case is parked.
    const second = await driver.startEmployee(await driver.seedEmployee(identity));
    expect((await driver.verifyMobile(second.registrationId, second.mobile)).status).toBe(200);
    expect((await driver.ekycByOtp(second.registrationId, identity)).status).toBe(200);
    expect((await driver.waitForStatus(second.registrationId, 'DUPLICATE')).status).toBe('DUPLICATE');

    expect((await driver.decide(first.task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(first.registrationId, 'CARD_ISSUED');
    const cards = (await driver.tableItems('CARD#')).filter(
      (item) => item.registrationId === first.registrationId || item.registrationId === second.registrationId,
    );
    expect(cards).toHaveLength(1);
  });

  it('forgets a parked case its approver rejects: no execution runs for it', async () => {
    const { driver } = stack;
    const { registrationId, task } = await driver.employeeAwaitingDdo(driver.identity('success', 5));
    await parkedAt(registrationId, 'approval');
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'REJECTED');
    const executions = await namesOf(registrationId);
    expect(executions.open).toBe(0);
    expect(executions.names.some((name) => name.endsWith('_after-approval'))).toBe(false);
    expect((await driver.tableItems(`REG#${registrationId}`)).filter((item) => String(item.sk).startsWith('WAIT#'))).toEqual([]);
    expect((await registrationItem(registrationId)).parked).toBeUndefined();
  });
});

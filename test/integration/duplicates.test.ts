// Duplicates change nothing the second time, on the embedded stack: a SendTaskSuccess for a token already used
// (through the local Step Functions service's API, as the AWS SDK sends it), an approver's decision sent twice,
// and a request repeated after its first try stopped half-way — the table throttled away its status change — which
// the repeat finishes. Covered elsewhere: a repeated Idempotency-Key (registration-happy.test.ts), a repeated
// blocker-fixed and a repeated migrate (follow-up.test.ts), an S3 event delivered twice (roster-import.test.ts),
// execution status events late or twice (executions.test.ts).
import { GetExecutionHistoryCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { countedResponse } from '../support/progress.js';

const stack = useRegistrationStack();

/** The token a registration's workflow waits on for a step, as the table keeps it. */
const tokenOf = async (registrationId: string, step: string): Promise<string> =>
  eventually(`the ${step} token of ${registrationId}`, async () => {
    const { Item } = await stack.env.documents.send(
      new GetCommand({ TableName: stack.env.endpoints.dynamodb.table, Key: { pk: `REG#${registrationId}`, sk: `WAIT#${step}` } }),
    );
    return typeof Item?.taskToken === 'string' ? Item.taskToken : undefined;
  });

const executionArnOf = (registrationId: string) =>
  `${stack.env.endpoints.stepFunctions.stateMachines.registration.replace(':stateMachine:', ':execution:')}:${registrationId}`;
const historyOf = async (registrationId: string) =>
  (await stack.env.sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArnOf(registrationId), maxResults: 1000 }))).events ??
  [];

/** What a duplicate must leave as it was: the registration as the state admin reads it, its audit trail, the counts. */
const snapshot = async (registrationId: string, campaignId: string) => {
  const view = await stack.driver.call('GET', `/v1/registrations/${registrationId}`, { role: 'state-admin' });
  const audit = await stack.driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });
  const progress = await countedResponse(() =>
    stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/progress?district=Lucknow`, { role: 'state-admin' }),
  );
  const { asOf: _asOf, ...figures } = progress.body as Record<string, unknown>;
  return { view: view.body, audit: audit.body, figures };
};

/** The next `count` requests of `operation` that write a registration (REG#), not the progress aggregator's. */
const throttleNext = async (operation: string, count: number) => {
  const response = await stack.env.api('/local/dynamodb/faults', {
    method: 'POST',
    body: JSON.stringify({ throttleRate: 0, throttleNext: { operation, count, touching: 'REG#' } }),
  });
  expect(response.status).toBe(200);
};

let campaignId = '';
const campaign = async () => {
  if (campaignId !== '') return campaignId;
  const created = await stack.driver.call('POST', '/v1/admin/campaigns', {
    role: 'state-admin',
    body: {
      name: 'Duplicates, Lucknow employees',
      scheme: 'up-sects',
      districts: ['Lucknow'],
      startDate: '2026-11-01',
      endDate: '2026-12-31',
    },
  });
  campaignId = String(created.body.campaignId);
  return campaignId;
};

describe('a SendTaskSuccess for a token already used', () => {
  it('is refused as Step Functions refuses it, and changes nothing: not the registration, its trail, its counts or its history', async () => {
    const { driver } = stack;
    const campaignId = await campaign();
    const identity = driver.identity('success', 0);
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity));
    const mobileToken = await tokenOf(registrationId, 'mobile-otp');
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    expect((await driver.ekycByOtp(registrationId, identity)).status).toBe(200);
    const task = await driver.approvalFor(registrationId, 'ddo');
    const approvalToken = await tokenOf(registrationId, 'approval');

    // The mobile step's token again, while the workflow waits for the approver: the wait it would end is long over.
    await eventually('the approval wait submitted', async () =>
      (await historyOf(registrationId)).at(-1)?.type === 'TaskSubmitted' ? true : undefined,
    );
    const before = { ...(await snapshot(registrationId, campaignId)), history: await historyOf(registrationId) };
    const again = await stack.env.sfn
      .send(new SendTaskSuccessCommand({ taskToken: mobileToken, output: JSON.stringify({ mobile: 'verified' }) }))
      .then(
        () => 'accepted',
        (error: unknown) => (error as Error).name,
      );
    expect(again).toBe('TaskTimedOut');
    expect({ ...(await snapshot(registrationId, campaignId)), history: await historyOf(registrationId) }).toEqual(before);

    // The approver decides; then the approval token is sent once more: refused, and the card issued once.
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    await eventually('the execution to end', async () =>
      (await historyOf(registrationId)).at(-1)?.type === 'ExecutionSucceeded' ? true : undefined,
    );
    const done = { ...(await snapshot(registrationId, campaignId)), history: await historyOf(registrationId) };
    for (const token of [approvalToken, mobileToken]) {
      const duplicate = await stack.env.sfn
        .send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approved' }) }))
        .then(
          () => 'accepted',
          (error: unknown) => (error as Error).name,
        );
      expect(duplicate).toBe('TaskTimedOut');
    }
    expect({ ...(await snapshot(registrationId, campaignId)), history: await historyOf(registrationId) }).toEqual(done);
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
  });
});

describe("an approver's decision sent twice", () => {
  it('answers the same the second time and records one decision, one status change, one card', async () => {
    const { driver } = stack;
    const campaignId = await campaign();
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 1));
    const first = await driver.decide(task.taskId, 'ddo', { decision: 'approve' });
    expect(first).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    const before = await snapshot(registrationId, campaignId);
    const second = await driver.decide(task.taskId, 'ddo', { decision: 'approve' });
    expect(second).toEqual(first);
    expect(await snapshot(registrationId, campaignId)).toEqual(before);
    const events = (before.audit.events as { why: string }[]).map((event) => event.why);
    expect(events.filter((why) => why === 'APPROVED_BY_DDO')).toHaveLength(1);
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
    // Another decision on the decided case is still refused.
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' })).body.code).toBe(
      'ALREADY_DECIDED',
    );
  });

  it('finishes, when repeated, a decision whose status change the first try could not make (the table throttled it away)', async () => {
    const { driver } = stack;
    const { registrationId, task } = await driver.employeeAwaitingDdo(driver.identity('success', 2));
    // The decision is recorded; the transaction that moves the registration is throttled past the SDK's retries.
    await throttleNext('TransactWriteItems', 4);
    const first = await driver.decide(task.taskId, 'ddo', { decision: 'approve' });
    expect(first).toMatchObject({ status: 503, body: { code: 'PROVIDER_UNAVAILABLE' } });
    expect((await driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');
    const again = await driver.decide(task.taskId, 'ddo', { decision: 'approve' });
    expect(again).toMatchObject({ status: 200, body: { status: 'APPROVED' } });
    const done = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((done.timeline as { why: string }[]).filter((event) => event.why === 'APPROVED_BY_DDO')).toHaveLength(1);
  });
});

describe('a mobile code and an e-KYC sent twice', () => {
  it('finish, when repeated, a verification the first try left half-way, and change nothing once it is done', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 3);
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity));
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const otp = await driver.mobileOtp(mobile);
    // The code is marked used; the status change after it is throttled away: 503, and the person tries again.
    await throttleNext('TransactWriteItems', 4);
    const first = await driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp } });
    expect(first).toMatchObject({ status: 503, body: { code: 'PROVIDER_UNAVAILABLE' } });
    const again = await driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp } });
    expect(again).toMatchObject({ status: 200, body: { status: 'MOBILE_VERIFIED' } });
    // The workflow heard: it opens e-KYC.
    await driver.waitForStatus(registrationId, 'EKYC_PENDING');
    // Once more, after the workflow moved on: refused, and nothing changed.
    const audit = await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });
    const thrice = await driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp } });
    expect(thrice.status).toBe(409);
    expect((await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body).toEqual(audit.body);

    // e-KYC verified and the case with the DDO; the verification sent again (a portal's retry whose answer was lost,
    // however far the workflow has moved the case since): the same answer, nothing changed.
    const ekyc = await driver.ekycByOtp(registrationId, identity);
    expect(ekyc).toMatchObject({ status: 200, body: { status: 'EKYC_VERIFIED' } });
    await driver.approvalFor(registrationId, 'ddo');
    const trail = await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });
    const repeated = await driver.call('POST', `/v1/registrations/${registrationId}/ekyc/verify`, {
      body: { aadhaarNumber: identity.aadhaarNumber, otp: '123456' },
    });
    expect(repeated).toMatchObject({ status: 200, body: { status: 'EKYC_VERIFIED' } });
    expect((await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body).toEqual(trail.body);
    expect((await driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');
  });
});

// Executions for admins on the embedded stack: the ledger kept from status-change events, one execution's
// timeline without personal data, a failed registration redriven from the state it failed in, a stop. What the
// registration reads, the campaign counts and the block's worklist follow what was done to the execution.
import { RedriveExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { DynamoDbExecutionLedger } from '../../functions/adapters/dynamodb-executions.js';
import { sequenceOf } from '../../functions/core/executions.js';
import type { ExecutionEntry } from '../../functions/ports/executions.js';
import { eventually } from '../support/eventually.js';
import { findSecrets, useRegistrationStack } from '../support/registration.js';
import { countedResponse } from '../support/progress.js';

const stack = useRegistrationStack();

interface Listed {
  name: string;
  executionArn: string;
  status: string;
  district?: string;
  redriveCount: number;
  error?: string;
}

const listed = async (query: string, role: 'district-admin' | 'state-admin' = 'district-admin') => {
  const response = await stack.driver.call('GET', `/v1/admin/executions?workflow=registration&limit=100${query}`, { role });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Listed[];
};

const ledgerShows = (name: string, status: string, redriveCount = 0) =>
  eventually(
    `the ledger to show ${name} ${status}`,
    async () => {
      const found = (await listed(`&status=${status}`)).find((item) => item.name === name);
      return found !== undefined && found.redriveCount === redriveCount ? found : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );

/** A campaign over Lucknow's employees, made once for the file: its counts are read through the API. */
let campaign: string | undefined;
const campaignId = async () => {
  if (campaign !== undefined) return campaign;
  const body = {
    name: 'Executions file: Lucknow employees',
    scheme: 'up-sects',
    districts: ['Lucknow'],
    startDate: '2026-01-01',
    endDate: '2027-12-31',
  };
  const created = await stack.driver.call('POST', '/v1/admin/campaigns', { role: 'district-admin', body });
  expect([200, 201], JSON.stringify(created.body)).toContain(created.status);
  campaign = String(created.body.campaignId);
  return campaign;
};

/** The campaign's figures for Lucknow, as the dashboard reads them. */
const figures = async () => {
  const id = await campaignId();
  const response = await countedResponse(() => stack.driver.call('GET', `/v1/admin/campaigns/${id}/progress`, { role: 'district-admin' }));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const total = response.body.total as { issued: number; gap: Record<string, number | undefined> };
  return { issued: total.issued, gap: (reason: string) => total.gap[reason] ?? 0 };
};

/** The rows of Sarojini Nagar's worklist (where seedEmployee puts people), `reason` or all, as the CSV holds them. */
const worklistRows = async (reason?: string) => {
  const response = await stack.driver.call(
    'GET',
    `/v1/admin/campaigns/${await campaignId()}/worklist?district=Lucknow&block=Sarojini%20Nagar${reason === undefined ? '' : `&reason=${reason}`}`,
    { role: 'district-admin' },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const csv = Buffer.from(await (await fetch(String(response.body.url))).arrayBuffer())
    .subarray(3)
    .toString('utf8');
  return csv.trim().split('\n').slice(1);
};

describe('executions', () => {
  it('lists a failed registration, shows where it failed, and a redrive finishes it from there', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 0));
    await ledgerShows(registrationId, 'RUNNING');
    const before = await figures();

    // DLT scrubbing refuses the card SMS (a template not registered): no Retry covers it, the execution fails.
    const failed = await driver.failAtIssueCard(registrationId, task.taskId);
    expect(failed).toMatchObject({ district: 'Lucknow', error: 'SmsRejectedError', redriveCount: 0 });
    // The card was made; the person was not told, and nobody says they were: not issued, not counted as issued.
    expect((await driver.outbox(mobile)).some((message) => message.template === 'card-issued')).toBe(false);
    const made = (await driver.view(registrationId)).body as {
      status: string;
      nextAction: { en: string; hi: string };
      card?: { cardNumber: string };
    };
    expect(made.status).toBe('CARD_MADE');
    expect(made.nextAction.en).toContain('could not be sent');
    expect(made.nextAction.en).not.toContain('link sent by SMS');
    const cardNumber = made.card?.cardNumber as string;
    expect(cardNumber).toMatch(/^[A-Z]/);
    const whileFailed = await figures();
    expect(whileFailed.issued).toBe(before.issued);
    expect(whileFailed.gap('card-not-delivered')).toBe(before.gap('card-not-delivered') + 1);
    expect(whileFailed.gap('awaiting-approval')).toBe(before.gap('awaiting-approval') - 1);
    // An operator can already hand the person their card.
    expect((await driver.call('GET', `/v1/cards/${cardNumber}`, { role: 'operator' })).status).toBe(200);
    expect((await listed('&status=RUNNING')).map((item) => item.name)).not.toContain(registrationId);

    // Its timeline: each state with its times, the failed one with its error names; nothing personal.
    const detail = await driver.call('GET', `/v1/admin/executions/registration/${registrationId}`, { role: 'district-admin' });
    expect(detail.status).toBe(200);
    const timeline = detail.body.timeline as { steps: { state: string; outcome: string; errors: string[] }[]; end: { error: string } };
    expect(timeline.steps.map((step) => `${step.state}:${step.outcome}`)).toEqual([
      'SendMobileOtp:done',
      'AwaitEkyc:done',
      'MatchAndDedup:done',
      'RouteByDecision:done',
      'AwaitApproval:done',
      'IssueCard:failed',
    ]);
    expect(timeline.steps.at(-1)?.errors).toEqual(['SmsRejectedError']);
    expect(timeline.end.error).toBe('SmsRejectedError');
    expect(findSecrets(JSON.stringify(detail.body))).toEqual([]);

    // The template fixed (the next send goes through), redriven: IssueCard runs again, and only IssueCard.
    const redriven = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/redrive`, { role: 'district-admin' });
    expect(redriven).toMatchObject({ status: 202, body: { status: 'RUNNING', redriveCount: 1 } });
    await ledgerShows(registrationId, 'SUCCEEDED', 1);
    // The SMS went once, with the number the card was made with; now it is issued, and counted so.
    const cardSms = (await driver.outbox(mobile)).filter((message) => message.template === 'card-issued');
    expect(cardSms).toHaveLength(1);
    expect(cardSms[0]?.text).toContain(cardNumber);
    expect((await driver.view(registrationId)).body).toMatchObject({ status: 'CARD_ISSUED', card: { cardNumber } });
    const afterRedrive = await figures();
    expect(afterRedrive.issued).toBe(before.issued + 1);
    expect(afterRedrive.gap('card-not-delivered')).toBe(before.gap('card-not-delivered'));
    const after = (await driver.call('GET', `/v1/admin/executions/registration/${registrationId}`, { role: 'state-admin' })).body;
    const steps = (after.timeline as { steps: { state: string; outcome: string }[]; redrives: string[] }).steps;
    expect(steps.slice(-2).map((step) => `${step.state}:${step.outcome}`)).toEqual(['IssueCard:failed', 'IssueCard:done']);
    expect(steps.filter((step) => step.state === 'AwaitApproval')).toHaveLength(1);
    expect((after.timeline as { redrives: string[] }).redrives).toHaveLength(1);
    expect(after).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });

    const again = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/redrive`, { role: 'district-admin' });
    expect(again).toMatchObject({ status: 409, body: { code: 'EXECUTION_NOT_REDRIVABLE' } });
  });

  it('stops a running registration, saying who and why, once', async () => {
    const { driver } = stack;
    const { registrationId } = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 1)));
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    await ledgerShows(registrationId, 'RUNNING');
    const stopped = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, {
      role: 'district-admin',
      body: { reason: 'Duplicate camp entry' },
    });
    expect(stopped).toMatchObject({ status: 200, body: { status: 'ABORTED' } });
    await ledgerShows(registrationId, 'ABORTED');
    await driver.waitForStatus(registrationId, 'STOPPED');
    const twice = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, {
      role: 'district-admin',
      body: { reason: 'Again' },
    });
    expect(twice).toMatchObject({ status: 409, body: { code: 'EXECUTION_NOT_RUNNING' } });
    const noReason = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, {
      role: 'district-admin',
      body: {},
    });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
  });

  it('moves a registration stopped while its DDO decides to a status of its own, off the worklist, and a redrive puts it back', async () => {
    const { driver } = stack;
    const { registrationId, employeeId, task } = await driver.employeeAwaitingDdo(driver.identity('success', 2));
    await ledgerShows(registrationId, 'RUNNING');
    const before = await figures();
    expect((await worklistRows()).find((row) => row.startsWith(`emp:${employeeId},`))).toContain(',awaiting-approval,');

    const stopped = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, {
      role: 'district-admin',
      body: { reason: 'Roster entry under inquiry' },
    });
    expect(stopped).toMatchObject({ status: 200, body: { status: 'ABORTED' } });
    const view = await driver.waitForStatus(registrationId, 'STOPPED');
    expect((view.nextAction as { en: string }).en).toContain('district office');
    // The stop and its reason in the registration's audit trail.
    const audit = await driver.registry.audit(registrationId);
    expect(audit.at(-1)).toMatchObject({ from: 'PENDING_APPROVAL', to: 'STOPPED', why: 'EXECUTION_STOPPED' });
    expect(audit.at(-1)?.note).toContain('Roster entry under inquiry');
    // Counted as stopped, no longer as waiting for approval; off the field worker's list, on the list of the stopped.
    const whileStopped = await figures();
    expect(whileStopped.gap('stopped')).toBe(before.gap('stopped') + 1);
    expect(whileStopped.gap('awaiting-approval')).toBe(before.gap('awaiting-approval') - 1);
    expect((await worklistRows()).some((row) => row.startsWith(`emp:${employeeId},`))).toBe(false);
    expect((await worklistRows('stopped')).find((row) => row.startsWith(`emp:${employeeId},`))).toContain(',STOPPED,');
    // The DDO's decision would reach no workflow: refused, and nothing recorded.
    expect(await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).toMatchObject({
      status: 409,
      body: { code: 'REGISTRATION_STOPPED' },
    });

    const redriven = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/redrive`, { role: 'district-admin' });
    expect(redriven).toMatchObject({ status: 202, body: { status: 'RUNNING', redriveCount: 1 } });
    expect((await driver.view(registrationId)).body.status).toBe('PENDING_APPROVAL');
    const resumed = await figures();
    expect(resumed.gap('stopped')).toBe(before.gap('stopped'));
    expect(resumed.gap('awaiting-approval')).toBe(before.gap('awaiting-approval'));
    expect((await worklistRows()).find((row) => row.startsWith(`emp:${employeeId},`))).toContain(',awaiting-approval,');
    // Its workflow waits for the DDO again, and the decision now carries it through.
    expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    await ledgerShows(registrationId, 'SUCCEEDED', 1);
  });

  it('follows a stop and a redrive made past the API, as from the Step Functions console', async () => {
    const { driver } = stack;
    const { registrationId } = await driver.employeeAwaitingDdo(driver.identity('success', 3));
    const { executionArn } = await ledgerShows(registrationId, 'RUNNING');
    const before = await figures();
    await stack.env.sfn.send(new StopExecutionCommand({ executionArn, error: 'OperatorStop', cause: 'stopped in the console' }));
    await driver.waitForStatus(registrationId, 'STOPPED');
    expect((await figures()).gap('stopped')).toBe(before.gap('stopped') + 1);
    await stack.env.sfn.send(new RedriveExecutionCommand({ executionArn }));
    await driver.waitForStatus(registrationId, 'PENDING_APPROVAL');
    const after = await figures();
    expect(after.gap('stopped')).toBe(before.gap('stopped'));
    expect(after.gap('awaiting-approval')).toBe(before.gap('awaiting-approval'));
    const audit = await driver.registry.audit(registrationId);
    expect(audit.slice(-2).map((event) => `${event.from}>${event.to}:${event.why}`)).toEqual([
      'PENDING_APPROVAL>STOPPED:EXECUTION_STOPPED',
      'STOPPED>PENDING_APPROVAL:EXECUTION_REDRIVEN',
    ]);
  });

  it('holds a card at CARD_MADE while its SMS keeps failing; stopped there and redriven from the console, it is issued once', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 4));
    const { executionArn } = await ledgerShows(registrationId, 'RUNNING');
    const faults = (body: Record<string, number>) => driver.env.api('/local/sms/faults', { method: 'POST', body: JSON.stringify(body) });
    try {
      // The gateway answers 503 to every send: IssueCard makes the card, then retries the SMS.
      expect((await faults({ failNext: 1000 })).status).toBe(200);
      expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
      const made = await driver.waitForStatus(registrationId, 'CARD_MADE');
      const cardNumber = (made.card as { cardNumber: string }).cardNumber;
      await stack.env.sfn.send(new StopExecutionCommand({ executionArn, error: 'OperatorStop', cause: 'gateway outage' }));
      await driver.waitForStatus(registrationId, 'STOPPED');
      expect((await driver.outbox(mobile)).some((message) => message.template === 'card-issued')).toBe(false);
      // The gateway back; redriven from the console, IssueCard runs again at once, before any status-change event.
      expect((await faults({})).status).toBe(200);
      await stack.env.sfn.send(new RedriveExecutionCommand({ executionArn }));
      await ledgerShows(registrationId, 'SUCCEEDED', 1);
      expect((await driver.view(registrationId)).body).toMatchObject({ status: 'CARD_ISSUED', card: { cardNumber } });
      const cardSms = (await driver.outbox(mobile)).filter((message) => message.template === 'card-issued');
      expect(cardSms).toHaveLength(1);
      expect(cardSms[0]?.text).toContain(cardNumber);
      const moves = (await driver.registry.audit(registrationId)).map((event) => `${event.from}>${event.to}`);
      expect(moves.slice(-4)).toEqual(['APPROVED>CARD_MADE', 'CARD_MADE>STOPPED', 'STOPPED>CARD_MADE', 'CARD_MADE>CARD_ISSUED']);
    } finally {
      await faults({});
    }
  });

  it('filters by start time, refuses other districts and other roles, and hides what it will not show', async () => {
    const { driver } = stack;
    expect(await listed(`&from=${encodeURIComponent('2099-01-01T00:00:00Z')}`)).toEqual([]);
    expect((await listed(`&to=${encodeURIComponent(new Date().toISOString())}`)).length).toBeGreaterThan(0);
    expect(
      (await driver.call('GET', '/v1/admin/executions?workflow=registration&district=Jhansi', { role: 'district-admin' })).status,
    ).toBe(403);
    expect((await driver.call('GET', '/v1/admin/executions?workflow=registration', { role: 'ddo' })).status).toBe(403);
    expect((await driver.call('GET', '/v1/admin/executions?workflow=payments', { role: 'state-admin' })).body.code).toBe('INVALID_REQUEST');
    const missing = await driver.call('GET', '/v1/admin/executions/registration/no-such-registration', { role: 'state-admin' });
    expect(missing).toMatchObject({ status: 404, body: { code: 'EXECUTION_NOT_FOUND' } });
  });

  it('keeps the latest status when events come late or twice', async () => {
    const ledger = new DynamoDbExecutionLedger(stack.env.documents, stack.env.endpoints.dynamodb.table);
    const entry = (status: ExecutionEntry['status'], redriveCount: number): ExecutionEntry => ({
      workflow: 'rosterImport',
      name: 'ledger-order-check',
      executionArn: 'arn:aws:states:ap-south-1:000000000000:execution:healthcard-roster-import:ledger-order-check',
      status,
      startedAt: '2026-11-24T05:00:00.000Z',
      redriveCount,
      district: 'Lucknow',
      sequence: sequenceOf(status, redriveCount),
    });
    expect(await ledger.record(entry('FAILED', 0))).toBe(true);
    expect(await ledger.record(entry('RUNNING', 0))).toBe(false); // the start, delivered late
    expect(await ledger.record(entry('FAILED', 0))).toBe(false); // delivered twice
    expect(await ledger.record(entry('RUNNING', 1))).toBe(true); // a redrive
    expect(await ledger.record(entry('SUCCEEDED', 1))).toBe(true);
    expect(await ledger.record(entry('RUNNING', 1))).toBe(false);
    expect(await ledger.get('rosterImport', 'ledger-order-check')).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  });
});

// Executions for admins on the embedded stack: the ledger kept from status-change events, one execution's
// timeline without personal data, a failed registration redriven from the state it failed in, a stop.
import { describe, expect, it } from 'vitest';
import { DynamoDbExecutionLedger } from '../../functions/adapters/dynamodb-executions.js';
import { sequenceOf } from '../../functions/core/executions.js';
import type { ExecutionEntry } from '../../functions/ports/executions.js';
import { eventually } from '../support/eventually.js';
import { findSecrets, useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack();

interface Listed {
  name: string;
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
  eventually(`the ledger to show ${name} ${status}`, async () => {
    const found = (await listed(`&status=${status}`)).find((item) => item.name === name);
    return found !== undefined && found.redriveCount === redriveCount ? found : undefined;
  }, { timeoutMs: 30_000, intervalMs: 100 });

describe('executions', () => {
  it('lists a failed registration, shows where it failed, and a redrive finishes it from there', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 0));
    await ledgerShows(registrationId, 'RUNNING');

    // DLT scrubbing refuses the card SMS (a template not registered): no Retry covers it, the execution fails.
    const failed = await driver.failAtIssueCard(registrationId, task.taskId);
    expect(failed).toMatchObject({ district: 'Lucknow', error: 'SmsRejectedError', redriveCount: 0 });
    // The card was made; the person was not told.
    expect((await driver.view(registrationId)).body.status).toBe('CARD_ISSUED');
    expect((await driver.outbox(mobile)).some((message) => message.template === 'card-issued')).toBe(false);
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
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
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
    const employeeId = await driver.seedEmployee(driver.identity('success', 1));
    const started = await driver.start({ scheme: 'up-sects', mobile: driver.newMobile(), roster: { rosterType: 'employees', employeeId }, channel: 'portal' });
    const registrationId = String(started.body.registrationId);
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    await ledgerShows(registrationId, 'RUNNING');
    const stopped = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, { role: 'district-admin', body: { reason: 'Duplicate camp entry' } });
    expect(stopped).toMatchObject({ status: 200, body: { status: 'ABORTED' } });
    await ledgerShows(registrationId, 'ABORTED');
    const twice = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, { role: 'district-admin', body: { reason: 'Again' } });
    expect(twice).toMatchObject({ status: 409, body: { code: 'EXECUTION_NOT_RUNNING' } });
    const noReason = await driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, { role: 'district-admin', body: {} });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
  });

  it('filters by start time, refuses other districts and other roles, and hides what it will not show', async () => {
    const { driver } = stack;
    expect(await listed(`&from=${encodeURIComponent('2099-01-01T00:00:00Z')}`)).toEqual([]);
    expect((await listed(`&to=${encodeURIComponent(new Date().toISOString())}`)).length).toBeGreaterThan(0);
    expect((await driver.call('GET', '/v1/admin/executions?workflow=registration&district=Jhansi', { role: 'district-admin' })).status).toBe(403);
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

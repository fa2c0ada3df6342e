// Delegation of charge and reminders on the embedded stack, through the API: a DDO on leave hands their queue to
// another DDO code; the delegate lists and decides a case in their own name on the holder's behalf (the audit names
// both); a delegation over, or ended early, shows the delegate nothing more. The approver directory keeps the
// approvers' mobiles (answered masked), and the wait sweep, run again and again, sends each approver one digest a
// day and one reminder per case a day before its SLA: read from the SMS simulator's outbox, as the officer's phone.
// The SLA is 12 hours here (APPROVAL_SLA_SECONDS), so every case waits within a day of it.
import { describe, expect, it } from 'vitest';
import { DynamoDbApprovals } from '../../functions/adapters/dynamodb-approvals.js';
import { DynamoDbApprovers } from '../../functions/adapters/dynamodb-approvers.js';
import { DynamoDbDelegations } from '../../functions/adapters/dynamodb-delegations.js';
import { DynamoDbWaits } from '../../functions/adapters/dynamodb-waits.js';
import { SimulatorSmsSender } from '../../functions/adapters/sms.js';
import { sendReminders } from '../../functions/core/use-cases/reminders.js';
import { useRegistrationStack } from '../support/registration.js';
import { reminderTimeToday, sweepWaitsOnce } from '../support/sweeps.js';

const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '43200' } });

const istOffsetMs = 330 * 60_000;
const dayMs = 86_400_000;
/** A day in India (yyyy-mm-dd) `offset` days from the one it is now. */
const istDay = (offset = 0) => new Date(Date.now() + istOffsetMs + offset * dayMs).toISOString().slice(0, 10);

describe('delegation of charge', () => {
  it('lets the delegate list and decide the case in their own name while it is active, and nothing after', async () => {
    const { driver, env } = stack;
    const delegate = await env.stack.issuer.sign({ roles: ['ddo'], ddo_codes: 'DDO-LKO-0002' }, 'ddo-lko-0002');
    const decided = await driver.employeeAwaitingDdo(driver.identity('success', 0));
    const later = await driver.employeeAwaitingDdo(driver.identity('success', 1));
    // A third DDO's case, whose delegation to DDO-LKO-0002 ended yesterday (written as the API would have, days ago).
    const elsewhere = await driver.seedEmployee(driver.identity('success', 2), { ddoCode: 'DDO-LKO-0003' });
    const { registrationId: pastId, mobile: pastMobile } = await driver.startEmployee(elsewhere);
    expect((await driver.verifyMobile(pastId, pastMobile)).status).toBe(200);
    expect((await driver.ekycByOtp(pastId, driver.identity('success', 2))).body.status).toBe('EKYC_VERIFIED');
    await driver.waitForStatus(pastId, 'PENDING_APPROVAL');
    await new DynamoDbDelegations(env.documents, env.endpoints.dynamodb.table).create({
      delegationId: '00000000-0000-4000-8000-0000000000d3',
      fromDdoCode: 'DDO-LKO-0003',
      toDdoCode: 'DDO-LKO-0002',
      startsOn: istDay(-3),
      endsOn: istDay(-1),
      createdBy: 'ddo-lko-0003',
      createdAt: new Date(Date.now() - 3 * dayMs).toISOString(),
    });

    // Before any delegation the second DDO sees nothing of DDO-LKO-0001's queue.
    const inboxOf = async () => {
      const listed = await driver.call('GET', '/v1/approvals?limit=100', { token: delegate });
      expect(listed.status).toBe(200);
      return listed.body.items as { taskId: string; registrationId: string; onBehalfOf?: string }[];
    };
    expect(await inboxOf()).toEqual([]);

    // Refusals, each with its code.
    const body = { fromDdoCode: 'DDO-LKO-0001', toDdoCode: 'DDO-LKO-0002', startsOn: istDay(), endsOn: istDay(2), note: 'On leave' };
    const refused = async (request: Record<string, unknown>, options: { token?: string } = {}) => {
      const answer = await driver.call('POST', '/v1/delegations', {
        body: { ...body, ...request },
        ...(options.token === undefined ? { role: 'ddo' as const } : { token: options.token }),
      });
      return `${answer.status} ${answer.body.code}`;
    };
    expect(await refused({ toDdoCode: 'DDO-LKO-0001' })).toBe('400 DELEGATION_TO_SELF');
    expect(await refused({ startsOn: istDay(3), endsOn: istDay(2) })).toBe('400 DELEGATION_DATES_OUT_OF_ORDER');
    expect(await refused({ startsOn: istDay(-1) })).toBe('400 DELEGATION_STARTS_IN_PAST');
    expect(await refused({}, { token: delegate })).toBe('403 FORBIDDEN');

    const made = await driver.call('POST', '/v1/delegations', { role: 'ddo', body });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ fromDdoCode: 'DDO-LKO-0001', toDdoCode: 'DDO-LKO-0002', state: 'active', active: true });
    expect(await refused({ toDdoCode: 'DDO-LKO-0009', startsOn: istDay(1), endsOn: istDay(4) })).toBe('409 DELEGATION_OVERLAPS');

    // Both sides list it.
    const given = await driver.call('GET', '/v1/delegations', { role: 'ddo' });
    expect((given.body.given as { delegationId: string }[]).map((item) => item.delegationId)).toEqual([made.body.delegationId]);
    const received = await driver.call('GET', '/v1/delegations', { token: delegate });
    expect((received.body.received as { state: string }[]).map((item) => item.state).sort()).toEqual(['active', 'ended']);

    // The delegate's inbox holds DDO-LKO-0001's cases, each saying on whose behalf; not DDO-LKO-0003's (over).
    const inbox = await inboxOf();
    expect(inbox.map((item) => item.registrationId).sort()).toEqual([decided.registrationId, later.registrationId].sort());
    expect(new Set(inbox.map((item) => item.onBehalfOf))).toEqual(new Set(['ddo:DDO-LKO-0001']));
    const pastTask = `A-${pastId}`;
    expect(
      (await driver.call('POST', `/v1/approvals/${pastTask}/decision`, { token: delegate, body: { decision: 'approve' } })).body.code,
    ).toBe('APPROVAL_NOT_FOUND');

    // The delegate decides in their own name, on the holder's behalf: the audit names both.
    const decision = await driver.call('POST', `/v1/approvals/${decided.task.taskId}/decision`, {
      token: delegate,
      body: { decision: 'approve' },
    });
    expect(decision.status).toBe(200);
    await driver.waitForStatus(decided.registrationId, 'CARD_ISSUED');
    const audit = await driver.call('GET', `/v1/registrations/${decided.registrationId}/audit`, { role: 'state-admin' });
    const approved = (audit.body.events as { to: string; actor: { id?: string; role: string; onBehalfOf?: string } }[]).find(
      (event) => event.to === 'APPROVED',
    );
    expect(approved?.actor).toEqual({ id: 'ddo-lko-0002', role: 'ddo', onBehalfOf: 'ddo:DDO-LKO-0001' });

    // Ended early by its DDO: the delegate's inbox no longer holds the other case, and deciding it is refused.
    const ended = await driver.call('DELETE', `/v1/delegations/${String(made.body.delegationId)}`, { role: 'ddo' });
    expect(ended.body).toMatchObject({ state: 'ended', active: false });
    expect(await inboxOf()).toEqual([]);
    const afterEnd = await driver.call('POST', `/v1/approvals/${later.task.taskId}/decision`, {
      token: delegate,
      body: { decision: 'approve' },
    });
    expect(afterEnd.body.code).toBe('APPROVAL_NOT_FOUND');
    // The DDO's own inbox still holds it.
    expect((await driver.pendingApprovals('ddo')).some((task) => task.taskId === later.task.taskId)).toBe(true);
  });
});

describe('the approver directory and reminders', () => {
  it('keeps approvers in scope with masked mobiles, and sends each one digest a day and one reminder per case, however often the sweep runs', async () => {
    const { driver, env } = stack;
    const mobile = driver.newMobile();
    const entry = { name: 'Ramesh Kumar', office: 'BSA Office Lucknow', mobile, language: 'hi', district: 'Lucknow' };
    const jalaun = await env.stack.issuer.sign({ roles: ['district-admin'], districts: 'Jalaun' }, 'admin-jalaun');
    expect((await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', { token: jalaun, body: entry })).status).toBe(403);
    expect(
      (
        await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', {
          role: 'district-admin',
          body: { ...entry, district: undefined },
        })
      ).body.code,
    ).toBe('DISTRICT_REQUIRED');
    expect((await driver.call('PUT', '/v1/admin/approvers/clerk:x', { role: 'district-admin', body: entry })).body.code).toBe(
      'INVALID_QUEUE',
    );
    const kept = await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', { role: 'district-admin', body: entry });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ queue: 'ddo:DDO-LKO-0001', district: 'Lucknow', mobile: `******${mobile.slice(-4)}` });
    const listed = await driver.call('GET', '/v1/admin/approvers?district=Lucknow', { role: 'district-admin' });
    expect((listed.body.items as { queue: string }[]).map((item) => item.queue)).toContain('ddo:DDO-LKO-0001');
    expect(JSON.stringify(listed.body)).not.toContain(mobile);
    expect((await driver.call('GET', '/v1/admin/approvers?district=Lucknow', { token: jalaun })).status).toBe(403);

    // A case waiting on DDO-LKO-0001 (the other test's second case may wait there too): its SLA is 12 hours away.
    const waiting = await driver.employeeAwaitingDdo(driver.identity('success', 3));
    const pending = (await driver.pendingApprovals('ddo')).length;
    expect(pending).toBeGreaterThan(0);

    // The sweep as the schedule runs it (its own clock: outside 09:00-21:00 IST it sends nothing), twice.
    expect((await sweepWaitsOnce(env)).reminders.failed).toBe(0);
    expect((await sweepWaitsOnce(env)).reminders.failed).toBe(0);
    // And the reminders at a time of this Indian day when they go out (09:00 IST at the earliest, 20:59 at the latest),
    // twice, on the stack's table and SMS simulator.
    const within = reminderTimeToday();
    const table = env.endpoints.dynamodb.table;
    const approvers = new DynamoDbApprovers(env.documents, table);
    const remind = () =>
      sendReminders({
        approvers,
        claims: approvers,
        approvals: new DynamoDbApprovals(env.documents, table),
        waits: new DynamoDbWaits(env.documents, table),
        delegations: new DynamoDbDelegations(env.documents, table),
        sms: new SimulatorSmsSender(env.endpoints.simulators.sms),
        clock: { now: () => within },
      });
    await remind();
    await remind();

    const phone = await driver.outbox(mobile);
    const digests = phone.filter((message) => message.template === 'approval-reminder');
    expect(digests).toHaveLength(1);
    // The registered Hindi text, with the queue's pending count.
    expect(digests[0]?.text).toBe(`${pending} स्वास्थ्य कार्ड पंजीकरण आपकी मंज़ूरी की प्रतीक्षा में हैं। सबसे पुराना: 0 दिन।`);
    const dueSoon = phone.filter((message) => message.template === 'approval-due-soon');
    expect(dueSoon).toHaveLength(pending);
    const name = String(waiting.task.summary.nameLocal ?? waiting.task.summary.name);
    expect(dueSoon.filter((message) => message.text.startsWith(`${name} का स्वास्थ्य कार्ड पंजीकरण`))).toHaveLength(1);
  });
});

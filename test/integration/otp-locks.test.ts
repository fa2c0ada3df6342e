// OTP locks and SMS limits on the embedded stack, through the HTTP API and the real workflow. The rules, as
// docs/registration.md states them: five wrong codes lock the registration and the person is told to start
// again after 24 hours, and for those 24 hours no new registration starts for that person nor with that mobile
// (429 OTP_LOCKED, Retry-After); wrong codes add up per person across registrations (NIST SP 800-63B 5.2.2);
// a mobile gets at most six codes an hour, and a registration whose first code cannot go out ends
// MOBILE_SMS_LIMIT with what to do, never left STARTED. Operators register in their districts, as themselves.
// The stack has no clock to turn: a lock's end is moved into the past in the table, as ageOtp moves a code's.
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { employeesCsv, rosterClient, type Employee } from '../support/rosters.js';
import { useRegistrationStack } from '../support/registration.js';
import { countedResponse } from '../support/progress.js';

const stack = useRegistrationStack();

const tableItems = (prefix: string) => stack.driver.tableItems(prefix);

/** Every lock ends now: what 24 hours of waiting would do. */
const endLocks = async () => {
  for (const item of await tableItems('OTPGUARD#')) {
    if (item.lockedUntil === undefined) continue;
    await stack.env.documents.send(
      new UpdateCommand({
        TableName: stack.env.endpoints.dynamodb.table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET lockedUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
  }
};

/** An up-sects employee seeded on the roster (district Lucknow unless told). */
const employee = async (district = 'Lucknow') => stack.driver.seedEmployee(stack.driver.identity('success', 0), { district });

const startWith = (employeeId: string, mobile: string, options: { role?: 'portal' | 'operator'; operatorId?: string } = {}) =>
  stack.driver.start(
    {
      scheme: 'up-sects',
      mobile,
      roster: { rosterType: 'employees', employeeId },
      channel: 'camp',
      ...(options.operatorId === undefined ? {} : { operatorId: options.operatorId }),
    },
    options.role === undefined ? {} : { role: options.role },
  );

const wrongFor = async (mobile: string, after = 0) => ((await stack.driver.mobileOtp(mobile, after)) === '000000' ? '111111' : '000000');

const verify = (registrationId: string, otp: string) =>
  stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp } });

describe('a lock after five wrong codes', () => {
  it('holds for the person and for the mobile until it ends, then both start again', async () => {
    const [first, second] = [await employee(), await employee()];
    const mobile = stack.driver.newMobile();
    const started = await startWith(first, mobile);
    expect(started.status).toBe(202);
    const registrationId = String(started.body.registrationId);
    await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const wrong = await wrongFor(mobile);
    const codes = [];
    for (let attempt = 0; attempt < 5; attempt += 1) codes.push((await verify(registrationId, wrong)).body.code);
    expect(codes).toEqual(['OTP_INCORRECT', 'OTP_INCORRECT', 'OTP_INCORRECT', 'OTP_INCORRECT', 'OTP_LOCKED']);
    const locked = await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_LOCKED');
    expect((locked.nextAction as { en: string }).en).toContain('after 24 hours');

    // The person, with another mobile: refused for the 24 hours the next action says.
    const samePerson = await stack.env.api('/v1/registrations', {
      method: 'POST',
      role: 'portal',
      headers: { 'content-type': 'application/json', 'idempotency-key': `lock-person-${first}` },
      body: JSON.stringify({
        scheme: 'up-sects',
        mobile: stack.driver.newMobile(),
        roster: { rosterType: 'employees', employeeId: first },
        channel: 'camp',
      }),
    });
    expect(samePerson.status).toBe(429);
    const body = (await samePerson.json()) as { code: string; details: { retryAfterSeconds: number; lockedUntil: string } };
    expect(body.code).toBe('OTP_LOCKED');
    // Within a minute of 24 hours (the lock was set a moment ago).
    expect(Number(samePerson.headers.get('retry-after'))).toBeGreaterThan(24 * 3600 - 60);
    expect(Number(samePerson.headers.get('retry-after'))).toBeLessThanOrEqual(24 * 3600);
    expect(Date.parse(body.details.lockedUntil) - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);

    // Another person, with the locked mobile: refused too. Another mobile: accepted.
    expect(await startWith(second, mobile)).toMatchObject({ status: 429, body: { code: 'OTP_LOCKED' } });

    // The table keeps the mobile's lock under a keyed hash, never the number or its plain hash.
    const guards = JSON.stringify(await tableItems('OTPGUARD#'));
    expect(guards).not.toContain(mobile);
    expect(guards).not.toContain(createHash('sha256').update(mobile).digest('hex').slice(0, 32));

    await endLocks();
    const again = await startWith(first, stack.driver.newMobile());
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const otherPerson = await startWith(second, mobile);
    expect(otherPerson.status, JSON.stringify(otherPerson.body)).toBe(202);
    await stack.driver.waitForStatus(String(otherPerson.body.registrationId), 'MOBILE_OTP_SENT');
  });

  it('counts wrong codes per person across registrations: four, the registration ends, and the next one locks at the first wrong code', async () => {
    const person = await employee();
    const mobile = stack.driver.newMobile();
    const first = String((await startWith(person, mobile)).body.registrationId);
    await stack.driver.waitForStatus(first, 'MOBILE_OTP_SENT');
    const wrong = await wrongFor(mobile);
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await verify(first, wrong)).body.code).toBe('OTP_INCORRECT');
    // The registration ends unfinished, as the workflow's RecordOutcome ends one after the hour's wait.
    await stack.driver.registry.transition(first, { to: 'EXPIRED', actor: { id: 'system', role: 'workflow' }, why: 'WAIT_TIMED_OUT' });

    const nextMobile = stack.driver.newMobile();
    const second = await startWith(person, nextMobile);
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    const secondId = String(second.body.registrationId);
    await stack.driver.waitForStatus(secondId, 'MOBILE_OTP_SENT');
    // The fifth wrong code of the person, the first of this registration: locked.
    expect(await verify(secondId, await wrongFor(nextMobile))).toMatchObject({ status: 422, body: { code: 'OTP_LOCKED' } });
    await stack.driver.waitForStatus(secondId, 'MOBILE_OTP_LOCKED');
    // The sixth guess would need a new registration: refused.
    expect(await startWith(person, stack.driver.newMobile())).toMatchObject({ status: 429, body: { code: 'OTP_LOCKED' } });
  });
});

describe("a person's wrong codes, a day later", () => {
  it('are forgotten once the last of them is 24 hours old: the next registration has all five tries', async () => {
    const person = await employee();
    const mobile = stack.driver.newMobile();
    const first = String((await startWith(person, mobile)).body.registrationId);
    await stack.driver.waitForStatus(first, 'MOBILE_OTP_SENT');
    const wrong = await wrongFor(mobile);
    for (let attempt = 0; attempt < 4; attempt += 1) await verify(first, wrong);
    await stack.driver.registry.transition(first, { to: 'EXPIRED', actor: { id: 'system', role: 'workflow' }, why: 'WAIT_TIMED_OUT' });
    // A day passes: the person's record of wrong codes ages (no clock to turn on the stack).
    await stack.env.documents.send(
      new UpdateCommand({
        TableName: stack.env.endpoints.dynamodb.table,
        Key: { pk: `OTPGUARD#person#up-sects#emp:${person}`, sk: 'OTPGUARD' },
        UpdateExpression: 'SET lastFailureAt = :dayAgo',
        ConditionExpression: 'failures = :four',
        ExpressionAttributeValues: { ':dayAgo': Date.now() - 24 * 3600_000 - 1000, ':four': 4 },
      }),
    );
    const nextMobile = stack.driver.newMobile();
    const second = String((await startWith(person, nextMobile)).body.registrationId);
    await stack.driver.waitForStatus(second, 'MOBILE_OTP_SENT');
    expect(await verify(second, await wrongFor(nextMobile))).toMatchObject({
      status: 422,
      body: { code: 'OTP_INCORRECT', details: { attemptsLeft: 4 } },
    });
  });
});

describe('one mobile shared past its SMS limit', () => {
  it('ends the seventh registration MOBILE_SMS_LIMIT with its next action, counts it, and lets that person start again', async () => {
    const { driver } = stack;
    // The per-mobile count is by clock hour: a run across the hour's turn would give the seventh a code. Start
    // clear of it (the test takes seconds); the wait for the turn is up to two minutes, hence this test's timeout.
    const intoHour = Date.now() % 3_600_000;
    if (intoHour > 3_600_000 - 120_000) await new Promise((resolve) => setTimeout(resolve, 3_600_000 - intoHour + 1000));

    const people: Employee[] = Array.from({ length: 7 }, (_, index) => ({
      employeeId: `SHARED-${String(index + 1).padStart(2, '0')}`,
      name: `Parivar Sadasya ${index + 1}`,
      gender: 'F',
      yearOfBirth: 1985,
      block: 'Mal',
      ddoCode: 'DDO-LKO-0003',
    }));
    const rosters = rosterClient(stack.env);
    const key = 'rosters/up-sects/Lucknow/employees/shared-mobile.csv';
    await rosters.upload(key, employeesCsv(people));
    expect((await rosters.finished('Lucknow', key)).counts).toMatchObject({ inserted: 7, rejected: 0 });
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Shared mobile drive', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect(campaign.status).toBe(201);
    const progress = async () => {
      const answer = await countedResponse(() =>
        driver.call('GET', `/v1/admin/campaigns/${String(campaign.body.campaignId)}/progress?district=Lucknow`, { role: 'district-admin' }),
      );
      expect(answer.status).toBe(200);
      const districts = answer.body.districts as { blocks: { name: string; started: number; gap: Record<string, number> }[] }[];
      return districts[0]?.blocks.find((block) => block.name === 'Mal');
    };

    const shared = driver.newMobile();
    const ids: string[] = [];
    for (const person of people) {
      const started = await startWith(person.employeeId, shared);
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      ids.push(String(started.body.registrationId));
      // One at a time, so that which one finds the mobile full is known.
      await driver.waitForStatus(ids.at(-1) as string, ['MOBILE_OTP_SENT', 'MOBILE_SMS_LIMIT']);
    }
    const statuses = await Promise.all(ids.map(async (id) => String((await driver.view(id)).body.status)));
    expect(statuses).toEqual([...Array(6).fill('MOBILE_OTP_SENT'), 'MOBILE_SMS_LIMIT']);
    expect((await driver.outbox(shared)).filter((message) => message.template === 'mobile-otp')).toHaveLength(6);

    const seventh = await driver.view(ids[6] as string);
    expect(seventh.body.reason).toMatchObject({ code: 'MOBILE_SMS_LIMIT' });
    expect((seventh.body.nextAction as { en: string }).en).toMatch(/another mobile number/);
    // Its workflow ended: nothing waits on it.
    const execution = await driver.call('GET', `/v1/admin/executions?workflow=registration&limit=100`, { role: 'district-admin' });
    const listed = (execution.body.items as { name: string; status: string }[]).find((item) => item.name === ids[6]);
    expect(listed?.status).toBe('SUCCEEDED');

    // Counted: seven people started, all with the mobile not verified yet (the gap ledger's reason).
    expect(await progress()).toMatchObject({ started: 7, gap: { 'mobile-unverified': 7 } });

    // The same mobile again within the hour: the same clear end; another mobile: a code.
    const sameAgain = await startWith((people[6] as Employee).employeeId, shared);
    expect(sameAgain.status).toBe(202);
    await driver.waitForStatus(String(sameAgain.body.registrationId), 'MOBILE_SMS_LIMIT');
    const ownMobile = driver.newMobile();
    const restarted = await startWith((people[6] as Employee).employeeId, ownMobile);
    expect(restarted.status, JSON.stringify(restarted.body)).toBe(202);
    expect((await driver.verifyMobile(String(restarted.body.registrationId), ownMobile)).status).toBe(200);
    // Still seven people, one of them now past the mobile step.
    expect(await progress()).toMatchObject({ started: 7, gap: { 'mobile-unverified': 6 } });
  }, 240_000);
});

describe('who registers whom', () => {
  it('an operator registers in its districts, answered elsewhere as for a person not on any roster', async () => {
    const inJalaun = await employee('Jalaun');
    const outside = await startWith(inJalaun, stack.driver.newMobile(), { role: 'operator' });
    const nobody = await startWith('NO-SUCH-EMPLOYEE', stack.driver.newMobile(), { role: 'operator' });
    expect(outside).toMatchObject({ status: 422, body: { code: 'NOT_ON_ROSTER' } });
    expect(outside.body).toEqual(nobody.body);
    // A portal scoped to Lucknow by its token (a district's camp app) is held to it the same way.
    const campApp = await stack.env.stack.issuer.sign({ roles: ['portal'], districts: 'Lucknow' }, 'lucknow-camp-app');
    const body = {
      scheme: 'up-sects',
      mobile: stack.driver.newMobile(),
      roster: { rosterType: 'employees', employeeId: inJalaun },
      channel: 'camp',
    };
    const byCampApp = await stack.driver.call('POST', '/v1/registrations', {
      token: campApp,
      body,
      idempotencyKey: `camp-app-${inJalaun}`,
    });
    expect(byCampApp.body).toEqual(nobody.body);
    // The state-wide portal registers the same person.
    const byPortal = await startWith(inJalaun, stack.driver.newMobile());
    expect(byPortal.status).toBe(202);
    await stack.driver.waitForStatus(String(byPortal.body.registrationId), 'MOBILE_OTP_SENT');
  });

  it('records the calling operator; an operator naming another is refused; a portal’s camp operator is recorded under the portal', async () => {
    const named = await startWith(await employee(), stack.driver.newMobile(), { role: 'operator', operatorId: 'CSC-LKO-17' });
    expect(named).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const byOperator = await startWith(await employee(), stack.driver.newMobile(), { role: 'operator' });
    expect(byOperator.status).toBe(202);
    const byPortal = await startWith(await employee(), stack.driver.newMobile(), { operatorId: 'CSC-LKO-17' });
    expect(byPortal.status).toBe(202);
    const recorded = await Promise.all(
      [byOperator, byPortal].map(
        async (answer) => (await stack.driver.registry.getRegistration(String(answer.body.registrationId)))?.operatorId,
      ),
    );
    // The operator's token's subject, read from the token the call carried.
    const operatorToken = stack.env.endpoints.tokens.operator;
    const subject = (JSON.parse(Buffer.from(operatorToken.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string }).sub;
    expect(recorded[0]).toBe(subject);
    expect(recorded[1]).toMatch(/\/CSC-LKO-17$/);
    expect(recorded[1]).not.toBe('CSC-LKO-17');
    await stack.driver.waitForStatus(String(byOperator.body.registrationId), 'MOBILE_OTP_SENT', 'operator');
    await stack.driver.waitForStatus(String(byPortal.body.registrationId), 'MOBILE_OTP_SENT');
  });
});

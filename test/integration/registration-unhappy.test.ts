// Registration paths that do not end in a card, or not at once: each must end in a clear status with the next
// action, and lose nothing. Personal data out of their histories and logs: the whole run's privacy scan
// (test/privacy/whole-run.test.ts).
import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { openEkycStep } from '../../functions/core/use-cases/ekyc.js';
import type { Registration, Registry, TransitionRequest } from '../../functions/ports/registry.js';
import type { WorkflowCallbacks } from '../../functions/ports/workflow.js';
import { useRegistrationStack } from '../support/registration.js';
import { eventually } from '../support/eventually.js';

const stack = useRegistrationStack();

/** A started up-sects registration for a seeded employee; returns its id and mobile. */
const startEmployee = async (behaviour = 'success', index = 0) => {
  const identity = stack.driver.identity(behaviour, index);
  return { ...(await stack.driver.startEmployee(await stack.driver.seedEmployee(identity))), identity };
};

/** Move the OTP's clock: the code was sent long ago (expiry and cooldown pass without waiting). */
const ageOtp = async (registrationId: string, seconds: number) => {
  const past = Date.now() - seconds * 1000;
  await stack.env.documents.send(
    new UpdateCommand({
      TableName: stack.env.endpoints.dynamodb.table,
      Key: { pk: `REG#${registrationId}`, sk: 'OTP#mobile' },
      UpdateExpression: 'SET validUntil = :expired, lastSentAt = :past',
      ExpressionAttributeValues: { ':expired': past, ':past': past },
    }),
  );
};

describe('mobile OTP', () => {
  it('locks the registration after five wrong codes, counting down, with a clear status and next action', async () => {
    const { registrationId, mobile } = await startEmployee();
    await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const right = await stack.driver.mobileOtp(mobile);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      answers.push(await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: wrong } }));
    }
    expect(
      answers
        .slice(0, 4)
        .map((answer) => [answer.status, answer.body.code, (answer.body.details as { attemptsLeft: number }).attemptsLeft]),
    ).toEqual([
      [422, 'OTP_INCORRECT', 4],
      [422, 'OTP_INCORRECT', 3],
      [422, 'OTP_INCORRECT', 2],
      [422, 'OTP_INCORRECT', 1],
    ]);
    expect([answers[4]?.status, answers[4]?.body.code]).toEqual([422, 'OTP_LOCKED']);
    // Even the right code is refused now.
    const late = await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: right } });
    expect(late.status).toBe(409);
    const locked = await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_LOCKED');
    expect(locked.nextAction).toMatchObject({ en: expect.stringContaining('Too many wrong codes'), hi: expect.any(String) });
  });

  it('expires a code after its validity; a resend gives a new one that works, and wrong attempts are not reset', async () => {
    const { registrationId, mobile } = await startEmployee();
    await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const first = await stack.driver.mobileOtp(mobile);
    const wrong = first === '000000' ? '111111' : '000000';
    expect(
      (await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: wrong } })).body.details,
    ).toMatchObject({ attemptsLeft: 4 });

    // Asking again at once is refused with Retry-After.
    const tooSoon = await stack.driver.env.api(`/v1/registrations/${registrationId}/mobile-otp/resend`, { method: 'POST', role: 'portal' });
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);

    await ageOtp(registrationId, 11 * 60);
    const expired = await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: first } });
    expect([expired.status, expired.body.code]).toEqual([422, 'OTP_EXPIRED']);
    const view = await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_EXPIRED');
    expect(view.nextAction).toMatchObject({ en: expect.stringContaining('new code') });

    const resent = await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/resend`);
    expect(resent.status).toBe(202);
    const second = await stack.driver.mobileOtp(mobile, 1);
    // The attempt counter survived the resend: 3 left after one more wrong code.
    const wrongAgain = second === '000000' ? '111111' : '000000';
    expect(
      (await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: wrongAgain } })).body
        .details,
    ).toMatchObject({ attemptsLeft: 3 });
    const verified = await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { body: { otp: second } });
    expect(verified.status).toBe(200);
    await stack.driver.waitForStatus(registrationId, ['MOBILE_VERIFIED', 'EKYC_PENDING']);
  });

  it('ends the registration when the resend limit is passed', async () => {
    const { registrationId } = await startEmployee();
    await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    for (let resend = 0; resend < 3; resend += 1) {
      await ageOtp(registrationId, 61);
      expect((await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/resend`)).status).toBe(202);
    }
    await ageOtp(registrationId, 61);
    const refused = await stack.driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/resend`);
    expect([refused.status, refused.body.code]).toEqual([429, 'OTP_RESEND_LIMIT']);
    const ended = await stack.driver.waitForStatus(registrationId, 'MOBILE_OTP_RESEND_LIMIT');
    expect(ended.nextAction).toMatchObject({ en: expect.stringContaining('too many times') });
  });
});

describe('Aadhaar e-KYC', () => {
  const verifiedMobile = async (behaviour = 'success', index = 0) => {
    const started = await startEmployee(behaviour, index);
    expect((await stack.driver.verifyMobile(started.registrationId, started.mobile)).status).toBe(200);
    await stack.driver.waitForStatus(started.registrationId, 'EKYC_PENDING');
    return started;
  };

  it('refuses an Aadhaar number with a bad checksum with 400, before any provider call or consent record', async () => {
    const { registrationId, identity } = await verifiedMobile();
    const digits = identity.aadhaarNumber;
    const badChecksum = `${digits.slice(0, 11)}${(Number(digits[11]) + 1) % 10}`;
    const refused = await stack.driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: { aadhaarNumber: badChecksum, consent: stack.driver.consent(), mode: 'otp' },
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_AADHAAR']);
    const view = await stack.driver.view(registrationId);
    expect(view.body.status).toBe('EKYC_PENDING');
    expect(view.body.aadhaar).toBeUndefined();
  });

  it('blocks on mobile-not-linked, telling the person to update Aadhaar; the registration keeps waiting', async () => {
    const { registrationId } = await verifiedMobile();
    const identity = stack.driver.identity('mobile-not-linked');
    const refused = await stack.driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: { aadhaarNumber: identity.aadhaarNumber, consent: stack.driver.consent(), mode: 'otp' },
    });
    expect(refused.status).toBe(422);
    const blocked = await stack.driver.waitForStatus(registrationId, 'EKYC_BLOCKED');
    expect((blocked.nextAction as { en: string }).en).toMatch(/Aadhaar/);
    expect((blocked.nextAction as { hi: string }).hi.length).toBeGreaterThan(10);
    expect(blocked.reason).toMatchObject({ code: refused.body.code });
  });

  it('stays blocked when the workflow e-KYC step opens late, having read the status before the block', async () => {
    // The race a loaded run showed: AwaitEkyc reads MOBILE_VERIFIED, the person is refused meanwhile, then the
    // step moves the registration on to EKYC_PENDING, wiping the block and counting the person as in progress.
    const { registrationId } = await verifiedMobile();
    const identity = stack.driver.identity('mobile-not-linked');
    const refused = await stack.driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: { aadhaarNumber: identity.aadhaarNumber, consent: stack.driver.consent(), mode: 'otp' },
    });
    expect(refused.status).toBe(422);
    await stack.driver.waitForStatus(registrationId, 'EKYC_BLOCKED');
    const real = stack.driver.registry;
    const before = (await real.getRegistration(registrationId)) as Registration;
    const staleRead = { ...before, status: 'MOBILE_VERIFIED' as const };
    const registry = {
      getRegistration: async () => staleRead,
      transition: (id: string, request: TransitionRequest) => real.transition(id, request),
    } as unknown as Registry;
    const callbacks: WorkflowCallbacks = {
      recordWaiting: async () => undefined,
      clearWaiting: async () => undefined,
      succeed: async () => true,
      fail: async () => true,
    };
    await openEkycStep({ registry, callbacks, clock: { now: () => Date.now() } }, registrationId, 'late-token');
    const after = await stack.driver.view(registrationId);
    expect(after.body).toMatchObject({ status: 'EKYC_BLOCKED', reason: { code: refused.body.code } });
    // The person's progress record is written from the change stream, moments after the change.
    const counted = await eventually('the person counted as blocked', async () => {
      const items = await stack.driver.tableItems(`PERSON#${before.scheme}#${before.personId}`);
      const key = items.find((item) => item.sk === 'PROGRESS')?.key;
      return key === `EKYC_BLOCKED:${String(refused.body.code)}` ? key : undefined;
    });
    expect(counted).toBe(`EKYC_BLOCKED:${String(refused.body.code)}`);
  });

  it('retries a provider error and completes', async () => {
    const { registrationId } = await verifiedMobile();
    const identity = stack.driver.identity('provider-error-then-success');
    const employee = await stack.driver.view(registrationId);
    expect(employee.status).toBe(200);
    const result = await stack.driver.ekycByOtp(registrationId, identity);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.status).toBe('EKYC_VERIFIED');
  });

  it('answers a provider that stays down with 503 and a status to retry from; nothing is lost', async () => {
    const { registrationId, identity } = await verifiedMobile('success', 1);
    const timeout = stack.driver.identity('provider-timeout');
    const down = await stack.driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: { aadhaarNumber: timeout.aadhaarNumber, consent: stack.driver.consent(), mode: 'otp' },
    });
    expect([down.status, down.body.code]).toEqual([503, 'PROVIDER_UNAVAILABLE']);
    const waiting = await stack.driver.waitForStatus(registrationId, 'EKYC_PROVIDER_UNAVAILABLE');
    expect((waiting.nextAction as { en: string }).en).toContain('try e-KYC again');
    // The person (or an operator) tries again when the provider answers: the same registration completes.
    const retried = await stack.driver.ekycByOtp(registrationId, identity);
    expect(retried.body.status).toBe('EKYC_VERIFIED');
  });
});

describe('approval', () => {
  const pendingApproval = async (index: number) => {
    const started = await startEmployee('success', index);
    await stack.driver.verifyMobile(started.registrationId, started.mobile);
    expect((await stack.driver.ekycByOtp(started.registrationId, started.identity)).status).toBe(200);
    const task = await stack.driver.approvalFor(started.registrationId, 'ddo');
    return { ...started, task };
  };

  it('records a DDO rejection with its reason code, and ends the registration', async () => {
    const { registrationId, task } = await pendingApproval(2);
    const noReason = await stack.driver.decide(task.taskId, 'ddo', { decision: 'reject' });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'REASON_REQUIRED']);
    expect((await stack.driver.decide(task.taskId, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' })).status).toBe(200);
    const rejected = await stack.driver.waitForStatus(registrationId, 'REJECTED');
    expect(rejected.reason).toMatchObject({ code: 'NOT_AN_EMPLOYEE' });
    expect((await stack.driver.pendingApprovals('ddo')).some((pending) => pending.taskId === task.taskId)).toBe(false);
    // Read by an approver: a portal sees officials by role, not by user id (core/views.ts).
    const audit = await stack.driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });
    const last = (audit.body.events as { to: string; why: string; actor: { id: string } }[]).at(-1);
    expect(last).toMatchObject({ to: 'REJECTED', why: 'NOT_AN_EMPLOYEE', actor: { id: 'dev-ddo' } });
  });

  it('returns a case for correction; after resubmission the DDO approves and the card is issued', async () => {
    const { registrationId, task } = await pendingApproval(3);
    expect((await stack.driver.decide(task.taskId, 'ddo', { decision: 'return' })).body.code).toBe('NOTE_REQUIRED');
    expect(
      (await stack.driver.decide(task.taskId, 'ddo', { decision: 'return', note: 'Office name on the roster is outdated' })).status,
    ).toBe(200);
    const returned = await stack.driver.waitForStatus(registrationId, 'RETURNED_FOR_CORRECTION');
    expect(returned.reason).toMatchObject({ message: 'Office name on the roster is outdated' });
    const early = await stack.driver.decide(task.taskId, 'ddo', { decision: 'approve' });
    expect(early.body.code).toBe('RETURNED_FOR_CORRECTION');

    expect(
      (
        await stack.driver.call('POST', `/v1/registrations/${registrationId}/resubmit`, {
          body: { note: 'Office corrected by the department' },
        })
      ).status,
    ).toBe(200);
    await stack.driver.waitForStatus(registrationId, 'PENDING_APPROVAL');
    expect((await stack.driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    await stack.driver.waitForStatus(registrationId, 'CARD_ISSUED');
  });

  it("does not let a DDO decide on another DDO's case, and does not reveal it exists", async () => {
    const { task } = await pendingApproval(4);
    const stranger = await stack.driver.decide(task.taskId, 'verifier', { decision: 'approve' });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'APPROVAL_NOT_FOUND']);
    const missing = await stack.driver.decide('A-00000000-0000-0000-0000-000000000000', 'ddo', { decision: 'approve' });
    expect([missing.status, missing.body.code]).toEqual([404, 'APPROVAL_NOT_FOUND']);
  });
});

describe('the published contract', () => {
  it('publishes the consent texts without a token, and refuses e-KYC under a version it does not publish', async () => {
    const published = await stack.env.api('/v1/consents');
    expect(published.status).toBe(200);
    const { items } = (await published.json()) as { items: { version: string; en: string; hi: string }[] };
    expect(items.map((item) => item.version)).toContain(stack.driver.consent().textVersion);
    for (const item of items) {
      expect(item.en).toMatch(/Aadhaar/);
      expect(item.hi).toMatch(/आधार/);
    }

    const { registrationId, mobile, identity } = await startEmployee();
    expect((await stack.driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    const unknown = await stack.driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      body: {
        aadhaarNumber: identity.aadhaarNumber,
        consent: { ...stack.driver.consent(), textVersion: 'my-own-consent-text' },
        mode: 'otp',
      },
    });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'CONSENT_VERSION_UNKNOWN']);
    const view = await stack.driver.view(registrationId);
    expect(view.body.aadhaar).toBeUndefined();
    expect(['MOBILE_VERIFIED', 'EKYC_PENDING']).toContain(view.body.status);
  });

  it('tells a missing Idempotency-Key from one with a character the published pattern does not allow', async () => {
    const employeeId = await stack.driver.seedEmployee(stack.driver.identity('success', 0));
    const body = stack.driver.employeeRegistration(employeeId);
    const missing = await stack.driver.call('POST', '/v1/registrations', { body });
    expect([missing.status, missing.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    for (const key of ['portal request 0001', 'portal-req-0001!', 'clé-du-portail-0001', 'short']) {
      const refused = await stack.driver.call('POST', '/v1/registrations', { body, idempotencyKey: key });
      expect([refused.status, refused.body.code], key).toEqual([400, 'IDEMPOTENCY_KEY_INVALID']);
    }
    expect((await stack.driver.call('POST', '/v1/registrations', { body, idempotencyKey: 'portal-req_0001' })).status).toBe(202);
  });
});

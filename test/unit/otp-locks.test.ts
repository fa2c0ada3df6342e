// OTP locks that mean what they say, with a clock the test moves. The rules under test, as docs/registration.md
// states them: five wrong codes lock a registration and the person is told to "start a new registration after
// 24 hours"; for those 24 hours a new registration is refused for that person and for that mobile, and accepted
// once they have passed. Wrong codes add up per person across registrations (NIST SP 800-63B 5.2.2: limit
// consecutive failed attempts on one subscriber account): the 5th consecutive wrong code locks, whichever
// registrations the five came through. A mobile out of SMS codes for the hour ends the registration with a
// status of its own instead of leaving it STARTED. The registry here is an in-memory stand-in for the table.
import { describe, expect, it } from 'vitest';
import { HealthcardError } from '../../functions/core/errors.js';
import type { Caller } from '../../functions/core/identity.js';
import type { OtpGuard, OtpState } from '../../functions/core/otp.js';
import type { Person } from '../../functions/core/person.js';
import { gapReasonOf } from '../../functions/core/progress.js';
import { canTransition, terminalStatuses } from '../../functions/core/registration.js';
import { issueMobileOtp, resendMobileOtp, verifyMobileOtp } from '../../functions/core/use-cases/mobile-otp.js';
import { recordOutcome } from '../../functions/core/use-cases/outcome.js';
import { startRegistration } from '../../functions/core/use-cases/start-registration.js';
import type { IdempotencyRecords } from '../../functions/ports/idempotency.js';
import type { OtpCodes } from '../../functions/ports/otp-codes.js';
import type { MobileSendCounts, OtpGuards } from '../../functions/ports/otp-guards.js';
import type { People } from '../../functions/ports/people.js';
import type { Registration, Registry, TransitionRequest } from '../../functions/ports/registry.js';

const hour = 3_600_000;
const start0 = Date.parse('2026-11-20T04:30:00Z');

const portal: Caller = { subject: 'state-portal', roles: ['portal'], ddoCodes: [], districts: [] };
const lucknowOperator: Caller = { subject: 'op-lko-1', roles: ['operator'], ddoCodes: [], districts: ['Lucknow'] };

const person = (employeeId: string, district = 'Lucknow'): Person => ({
  scheme: 'up-sects',
  personId: `emp:${employeeId}`,
  rosterType: 'employees',
  name: 'Test Person',
  yearOfBirth: 1980,
  gender: 'F',
  district,
  ddoCode: 'DDO-1',
  employeeId,
  status: 'active',
});

/** The pipeline's state in memory, its clock moved by the test, its SMS outbox read like a phone. */
const world = (people: readonly Person[], options: { smsPerMobile?: number } = {}) => {
  let now = start0;
  let ids = 0;
  const registrations = new Map<string, Registration>();
  const otps = new Map<string, OtpState>();
  const guards = new Map<string, OtpGuard>();
  const sends = new Map<string, number>();
  const outbox: { to: string; otp: string }[] = [];
  const started: string[] = [];

  const registry = {
    getPerson: async (scheme: string, personId: string) => people.find((p) => p.scheme === scheme && p.personId === personId),
    getRegistration: async (id: string) => registrations.get(id),
    createRegistration: async (registration: Registration) => {
      const open = [...registrations.values()].find(
        (r) => r.scheme === registration.scheme && r.personId === registration.personId && !terminalStatuses.has(r.status),
      );
      if (open !== undefined)
        throw new (class extends HealthcardError {
          httpStatus = 409;
        })({ code: 'REGISTRATION_IN_PROGRESS', message: 'in progress' });
      registrations.set(registration.registrationId, registration);
    },
    transition: async (id: string, request: TransitionRequest) => {
      const current = registrations.get(id) as Registration;
      if (!canTransition(current.status, request.to)) throw new Error(`${current.status} cannot move to ${request.to}`);
      const next = { ...current, ...request.set, status: request.to } as Registration;
      registrations.set(id, next);
      return next;
    },
    getOtp: async (id: string) => otps.get(id),
    putOtp: async (id: string, state: OtpState) => void otps.set(id, state),
    countMobileSend: async (token: string, limit: number, at: number) => {
      const key = `${token}#${Math.floor(at / hour)}`;
      const count = sends.get(key) ?? 0;
      if (count >= (options.smsPerMobile ?? limit)) return false;
      sends.set(key, count + 1);
      return true;
    },
    getOtpGuard: async (key: string) => guards.get(key),
    getOtpGuards: async (keys: readonly string[]) => keys.map((key) => guards.get(key)),
    countOtpFailure: async (key: string, at: number, forgetBefore: number) => {
      const guard = guards.get(key) ?? {};
      const failures = guard.lastFailureAt !== undefined && guard.lastFailureAt > forgetBefore ? (guard.failures ?? 0) + 1 : 1;
      guards.set(key, { ...guard, failures, lastFailureAt: at });
      return failures;
    },
    clearOtpFailures: async (key: string) => {
      const { failures: _f, lastFailureAt: _l, ...rest } = guards.get(key) ?? {};
      guards.set(key, rest);
    },
    lockOtp: async (keys: readonly string[], until: number) => {
      for (const key of keys) guards.set(key, { ...guards.get(key), lockedUntil: Math.max(until, guards.get(key)?.lockedUntil ?? 0) });
    },
    findIdempotent: async () => undefined,
    claimIdempotent: async () => true,
    releaseIdempotent: async () => undefined,
  } as unknown as Registry & Pick<People, 'getPerson'> & OtpCodes & OtpGuards & MobileSendCounts & IdempotencyRecords;

  const key = Buffer.alloc(32, 9);
  // One stand-in for the table, as one adapter serves these ports.
  const deps = {
    registry,
    people: registry,
    otpCodes: registry,
    otpGuards: registry,
    sendCounts: registry,
    idempotency: registry,
    // No field workers here: the portal and operators start these registrations.
    fieldForce: { getWorker: async () => undefined },
    clock: { now: () => now },
    keys: async () => ({ aadhaarHmacKey: key, otpHmacKey: key, mobileHmacKey: key }),
    randomInt: () => 123_456,
    sms: {
      send: async (message: { to: string; variables: Record<string, string> }) => {
        outbox.push({ to: message.to, otp: String(message.variables.otp) });
        return { messageId: `m-${outbox.length}` };
      },
    },
    callbacks: {
      recordWaiting: async () => undefined,
      clearWaiting: async () => undefined,
      succeed: async () => true,
      fail: async () => true,
    },
    starter: { startRegistration: async (id: string) => void started.push(id) },
    anomalies: {
      addToSet: async () => 1,
      members: async () => [],
      get: async () => undefined,
      save: async () => true,
      list: async () => ({ items: [] }),
      review: async () => true,
    },
    sessions: undefined,
    newId: () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
  };

  /** The answer a call gets: its result, or the error's status, code and details. */
  const answer = async <T>(call: Promise<T>) => {
    try {
      return { ok: true as const, value: await call };
    } catch (error) {
      if (!(error instanceof HealthcardError)) throw error;
      return { ok: false as const, status: error.httpStatus, code: error.code, details: error.details, message: error.message };
    }
  };

  const start = (employeeId: string, mobile: string, caller: Caller = portal, extra: Record<string, unknown> = {}) =>
    answer(
      startRegistration(
        deps,
        { scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal', ...extra },
        caller,
        `key-${(ids += 1)}-${employeeId}`,
      ),
    );

  /** Started and its first code sent, as the workflow's first step does. */
  const startAndSend = async (employeeId: string, mobile: string) => {
    const result = await start(employeeId, mobile);
    if (!result.ok) throw new Error(`start refused: ${result.code}`);
    await issueMobileOtp(deps, result.value.registrationId, 'token');
    return result.value.registrationId;
  };

  const verify = (id: string, otp: string) => answer(verifyMobileOtp(deps as never, id, otp, portal));

  return {
    deps,
    registrations,
    outbox,
    start,
    startAndSend,
    verify,
    answer,
    advance: (ms: number) => void (now += ms),
    status: (id: string) => registrations.get(id)?.status,
  };
};

const rightCode = '123456';
const wrongCode = '000000';

describe('a registration locked for wrong codes', () => {
  it('refuses a new registration of the person, with any mobile, for 24 hours (429 OTP_LOCKED, retryAfter), then accepts one', async () => {
    const w = world([person('E1')]);
    const id = await w.startAndSend('E1', '9876500001');
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) answers.push(await w.verify(id, wrongCode));
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual([
      'OTP_INCORRECT',
      'OTP_INCORRECT',
      'OTP_INCORRECT',
      'OTP_INCORRECT',
      'OTP_LOCKED',
    ]);
    expect(w.status(id)).toBe('MOBILE_OTP_LOCKED');

    const again = await w.start('E1', '9876500002');
    expect(again).toMatchObject({ ok: false, status: 429, code: 'OTP_LOCKED', details: { retryAfterSeconds: 24 * 3600 } });

    w.advance(24 * hour - 1000);
    expect(await w.start('E1', '9876500003')).toMatchObject({
      ok: false,
      status: 429,
      code: 'OTP_LOCKED',
      details: { retryAfterSeconds: 1 },
    });

    w.advance(1000);
    expect(await w.start('E1', '9876500004')).toMatchObject({ ok: true, value: { status: 'STARTED', created: true } });
  });

  it('refuses a new registration with the same mobile for another person, and accepts that person with another mobile', async () => {
    const w = world([person('E1'), person('E2'), person('E3')]);
    const id = await w.startAndSend('E1', '9876500011');
    for (let attempt = 0; attempt < 5; attempt += 1) await w.verify(id, wrongCode);

    expect(await w.start('E2', '9876500011')).toMatchObject({ ok: false, status: 429, code: 'OTP_LOCKED' });
    expect(await w.start('E2', '9876500012')).toMatchObject({ ok: true });
    w.advance(24 * hour);
    expect(await w.start('E3', '9876500011')).toMatchObject({ ok: true });
  });

  it('holds after the resend limit too, whose next action also says 24 hours', async () => {
    const w = world([person('E1')]);
    const id = await w.startAndSend('E1', '9876500021');
    for (let resend = 0; resend < 3; resend += 1) {
      w.advance(61_000);
      await resendMobileOtp(w.deps, id, portal);
    }
    w.advance(61_000);
    expect(await w.answer(resendMobileOtp(w.deps, id, portal))).toMatchObject({ ok: false, code: 'OTP_RESEND_LIMIT' });
    expect(w.registrations.get(id)?.reason?.nextAction?.en).toContain('24 hours');
    expect(await w.start('E1', '9876500022')).toMatchObject({ ok: false, status: 429, code: 'OTP_LOCKED' });
    w.advance(24 * hour);
    expect(await w.start('E1', '9876500022')).toMatchObject({ ok: true });
  });
});

describe('wrong codes per person, across registrations (NIST SP 800-63B 5.2.2)', () => {
  /** Four wrong codes in a registration that then ends without a lock (its one-hour wait timed out). */
  const fourWrongThenExpired = async (w: ReturnType<typeof world>, mobile: string) => {
    const first = await w.startAndSend('E1', mobile);
    const answers = [];
    for (let attempt = 0; attempt < 4; attempt += 1) answers.push(await w.verify(first, wrongCode));
    expect(answers.map((a) => (a.ok ? 'ok' : a.details?.attemptsLeft))).toEqual([4, 3, 2, 1]);
    await recordOutcome(w.deps, first, 'States.Timeout');
    expect(w.status(first)).toBe('EXPIRED');
    return first;
  };

  it('adds up: four wrong codes in one registration, and the first wrong code in the next is the fifth, and locks', async () => {
    const w = world([person('E1')]);
    await fourWrongThenExpired(w, '9876500031');
    const second = await w.startAndSend('E1', '9876500032');
    expect(await w.verify(second, wrongCode)).toMatchObject({ ok: false, code: 'OTP_LOCKED' });
    expect(w.status(second)).toBe('MOBILE_OTP_LOCKED');
    // The sixth guess, on yet another registration, is refused before any code is sent.
    expect(await w.start('E1', '9876500033')).toMatchObject({ ok: false, status: 429, code: 'OTP_LOCKED' });
  });

  it('counts down from what is left to the person, not to the registration', async () => {
    const w = world([person('E1')]);
    const first = await w.startAndSend('E1', '9876500041');
    for (let attempt = 0; attempt < 3; attempt += 1) await w.verify(first, wrongCode);
    await recordOutcome(w.deps, first, 'States.Timeout');
    const second = await w.startAndSend('E1', '9876500042');
    expect(await w.verify(second, wrongCode)).toMatchObject({ ok: false, code: 'OTP_INCORRECT', details: { attemptsLeft: 1 } });
    expect(await w.verify(second, rightCode)).toMatchObject({ ok: true, value: { status: 'MOBILE_VERIFIED' } });
  });

  it('starts again from none after a right code (consecutive failures), and after a lock period without one', async () => {
    const w = world([person('E1')]);
    const first = await w.startAndSend('E1', '9876500051');
    for (let attempt = 0; attempt < 4; attempt += 1) await w.verify(first, wrongCode);
    expect(await w.verify(first, rightCode)).toMatchObject({ ok: true });
    await recordOutcome(w.deps, first, 'States.Timeout');
    const second = await w.startAndSend('E1', '9876500052');
    expect(await w.verify(second, wrongCode)).toMatchObject({ ok: false, code: 'OTP_INCORRECT', details: { attemptsLeft: 4 } });
    for (let attempt = 0; attempt < 3; attempt += 1) await w.verify(second, wrongCode);
    await recordOutcome(w.deps, second, 'States.Timeout');

    w.advance(24 * hour + 1000);
    const third = await w.startAndSend('E1', '9876500053');
    expect(await w.verify(third, wrongCode)).toMatchObject({ ok: false, code: 'OTP_INCORRECT', details: { attemptsLeft: 4 } });
  });
});

describe('a mobile out of SMS codes for the hour', () => {
  it('ends the registration MOBILE_SMS_LIMIT with a next action, counted as mobile unverified, and the person can start again', async () => {
    const w = world([person('E1')], { smsPerMobile: 0 });
    const started = await w.start('E1', '9876500061');
    if (!started.ok) throw new Error('start refused');
    const id = started.value.registrationId;
    const stopped = await w.answer(issueMobileOtp(w.deps, id, 'token'));
    expect(stopped).toMatchObject({ ok: false, status: 429, code: 'MOBILE_SMS_LIMIT' });
    expect(w.status(id)).toBe('MOBILE_SMS_LIMIT');
    expect(w.registrations.get(id)?.reason?.nextAction?.en).toMatch(/another mobile number/);
    expect(w.registrations.get(id)?.reason?.nextAction?.hi).toMatch(/दूसरे मोबाइल/);
    // The gap ledger's reason for it: the mobile is not verified yet.
    expect(gapReasonOf('MOBILE_SMS_LIMIT')).toBe('mobile-unverified');
    // Not stranded: the workflow ends (RecordOutcome finds it ended) and the person starts again at once.
    expect(await recordOutcome(w.deps, id, 'MobileSmsLimitError')).toEqual({ status: 'MOBILE_SMS_LIMIT' });
    expect(await w.start('E1', '9876500062')).toMatchObject({ ok: true, value: { created: true } });
  });

  it('gives six people on one mobile their codes, ends the seventh, and gives it a code with the same mobile once the hour turns', async () => {
    const people = Array.from({ length: 7 }, (_, index) => person(`S${index + 1}`));
    const w = world(people);
    const shared = '9876500065';
    const ids = [];
    for (const p of people) {
      const started = await w.start(String(p.employeeId), shared);
      if (!started.ok) throw new Error(`start refused: ${started.code}`);
      ids.push(started.value.registrationId);
      await w.answer(issueMobileOtp(w.deps, started.value.registrationId, 'token'));
    }
    // docs/registration.md: at most 6 codes per mobile number per hour.
    expect(ids.map((id) => w.status(id))).toEqual([...Array(6).fill('MOBILE_OTP_SENT'), 'MOBILE_SMS_LIMIT']);
    expect(w.outbox.filter((message) => message.to === shared)).toHaveLength(6);
    w.advance(hour);
    const again = await w.startAndSend('S7', shared);
    expect(w.status(again)).toBe('MOBILE_OTP_SENT');
  });

  it('answers the seconds until the hour turns (the per-mobile count is by clock hour)', async () => {
    const w = world([person('E1')], { smsPerMobile: 0 });
    w.advance(20 * 60_000); // 04:50 UTC: ten minutes to the next hour
    const started = await w.start('E1', '9876500071');
    if (!started.ok) throw new Error('start refused');
    const stopped = await w.answer(issueMobileOtp(w.deps, started.value.registrationId, 'token'));
    expect(stopped).toMatchObject({ ok: false, details: { retryAfterSeconds: 600 } });
  });

  it('keeps a registration whose first code went out waiting on it when a retried step finds the mobile full', async () => {
    const w = world([person('E1')], { smsPerMobile: 1 });
    const id = await w.startAndSend('E1', '9876500081');
    expect(w.status(id)).toBe('MOBILE_OTP_SENT');
    await issueMobileOtp(w.deps, id, 'token-retried');
    expect(w.status(id)).toBe('MOBILE_OTP_SENT');
    expect(await w.verify(id, rightCode)).toMatchObject({ ok: true });
  });

  it('refuses a resend past the mobile limit with 429 and leaves the registration waiting on its code', async () => {
    const w = world([person('E1')], { smsPerMobile: 1 });
    const id = await w.startAndSend('E1', '9876500091');
    w.advance(61_000);
    const refused = await w.answer(resendMobileOtp(w.deps, id, portal));
    expect(refused).toMatchObject({ ok: false, status: 429, code: 'MOBILE_RATE_LIMITED' });
    expect(refused.ok === false && refused.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(w.status(id)).toBe('MOBILE_OTP_SENT');
  });
});

describe('who registers whom', () => {
  it('an operator registers people of its districts only, answered outside them as a person not on the roster', async () => {
    const w = world([person('E1', 'Lucknow'), person('E2', 'Jalaun')]);
    const outside = await w.start('E2', '9876500101', lucknowOperator);
    const absent = await w.start('NOBODY', '9876500102', lucknowOperator);
    expect(outside).toMatchObject({ ok: false, status: 422, code: 'NOT_ON_ROSTER' });
    // The same answer as for nobody at all: no hint that Jalaun's roster holds E2.
    expect(outside).toEqual(absent);
    expect(w.registrations.size).toBe(0);
    expect(await w.start('E1', '9876500103', lucknowOperator)).toMatchObject({ ok: true });
  });

  it('records the calling operator, and refuses an operator naming another operatorId', async () => {
    const w = world([person('E1'), person('E2')]);
    const named = await w.start('E1', '9876500111', lucknowOperator, { operatorId: 'someone-else' });
    expect(named).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });
    const own = await w.start('E1', '9876500112', lucknowOperator, { operatorId: lucknowOperator.subject });
    const plain = await w.start('E2', '9876500113', lucknowOperator);
    const recorded = [own, plain].map((a) => (a.ok ? w.registrations.get(a.value.registrationId)?.operatorId : a.code));
    expect(recorded).toEqual(['op-lko-1', 'op-lko-1']);
  });

  it('records a portal’s camp operator under the portal, and holds a portal scoped to districts to them', async () => {
    const w = world([person('E1', 'Lucknow'), person('E2', 'Jalaun')]);
    const byPortal = await w.start('E1', '9876500121', portal, { operatorId: 'op-lko-1' });
    if (!byPortal.ok) throw new Error('refused');
    // Not the staff operator op-lko-1: the portal's own camp operator of that name.
    expect(w.registrations.get(byPortal.value.registrationId)?.operatorId).toBe('state-portal/op-lko-1');

    const campApp: Caller = { subject: 'lucknow-camp-app', roles: ['portal'], ddoCodes: [], districts: ['Lucknow'] };
    expect(await w.start('E2', '9876500122', campApp, { operatorId: 'CAMP-7' })).toMatchObject({
      ok: false,
      status: 422,
      code: 'NOT_ON_ROSTER',
    });
  });
});

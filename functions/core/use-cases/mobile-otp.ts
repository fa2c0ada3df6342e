// The mobile OTP step. The workflow's SendMobileOtp task issues the first code and waits; verification and
// resends happen here, through the API, while that task waits — they cost no state transition.
import {
  RateLimitedError,
  RefusedError,
  ConflictError,
  MobileOtpLockedError,
  MobileOtpResendLimitError,
  MobileSmsLimitError,
} from '../errors.js';
import type { Caller } from '../identity.js';
import {
  checkOtp,
  checkResend,
  failuresOf,
  freshOtpState,
  generateOtp,
  hashOtp,
  isSameCode,
  otpGuardKeys,
  otpLockPolicy,
  otpPolicy,
  withPersonFailures,
  type OtpState,
} from '../otp.js';
import { nextActions, terminalStatuses, type RegistrationStatus } from '../registration.js';
import { statusesBetween } from '../steps.js';
import { findScheme } from '../schemes.js';
import { applicantStepSlaSeconds, waitContextOf } from '../waits.js';
import type { Registration } from '../../ports/registry.js';
import { mobileToken } from '../anomalies.js';
import { requireVisible } from './access.js';
import { actorOf, systemActor, type OtpDeps } from './deps.js';
import { sessionAfterMobileOtp, type SessionDeps } from './sessions.js';

/** The seconds until the next hour's window of per-mobile sends opens (countMobileSend counts by clock hour). */
const untilNextHour = (now: number): number => Math.max(1, Math.ceil((3_600_000 - (now % 3_600_000)) / 1000));

/** The person's record of wrong codes and locks: one per roster person in a scheme. */
const personGuardKey = (registration: Registration): string => otpGuardKeys.person(registration.scheme, registration.personId);

/**
 * A registration locked, or ended at its resend limit, says "start again after 24 hours": for that long no new
 * registration starts for this person, nor with this mobile (start-registration.ts refuses it, 429 OTP_LOCKED).
 */
const lockPersonAndMobile = async (deps: OtpDeps, registration: Registration): Promise<void> => {
  const { mobileHmacKey } = await deps.keys();
  const until = deps.clock.now() + otpLockPolicy.lockSeconds * 1000;
  await deps.otpGuards.lockOtp([personGuardKey(registration), otpGuardKeys.mobile(mobileToken(registration.mobile, mobileHmacKey))], until);
};

const sendCode = async (
  deps: OtpDeps,
  registration: Registration,
  previous: OtpState | undefined,
  counts: 'as-resend' | 'as-first',
): Promise<void> => {
  const now = deps.clock.now();
  const { otpHmacKey, mobileHmacKey } = await deps.keys();
  if (!(await deps.sendCounts.countMobileSend(mobileToken(registration.mobile, mobileHmacKey), otpPolicy.maxSendsPerMobilePerHour, now))) {
    throw new RateLimitedError({
      code: 'MOBILE_RATE_LIMITED',
      message: 'Too many codes were sent to this mobile number in the last hour. Try again later.',
      retryAfterSeconds: untilNextHour(now),
    });
  }
  const otp = generateOtp(deps.randomInt);
  const fresh = freshOtpState(hashOtp(otp, registration.registrationId, otpHmacKey), now, previous);
  // A retried SendMobileOtp task sends a new code without spending one of the person's resends.
  const state = counts === 'as-resend' ? fresh : { ...fresh, resends: previous?.resends ?? 0 };
  await deps.otpCodes.putOtp(registration.registrationId, state, previous);
  const scheme = findScheme(registration.scheme);
  await deps.sms.send({
    to: registration.mobile,
    template: 'mobile-otp',
    language: 'hi',
    variables: { otp, scheme: scheme?.title.hi ?? registration.scheme },
  });
};

/**
 * Where a registration can be while the workflow still waits on its mobile code: the mobile was verified, and the
 * person's own API calls may have done e-KYC too, but nothing the workflow does next (matching) can have happened.
 */
const verifiedWhileWaiting = statusesBetween('mobile-otp', 'match');

/**
 * The SendMobileOtp task: keep the token, send the first code. A retried task sends a fresh code, unless the
 * mobile was verified meanwhile: the verification found the earlier attempt's token gone, so the step completes here.
 */
export const issueMobileOtp = async (
  deps: OtpDeps,
  registrationId: string,
  taskToken: string,
  read?: Registration,
): Promise<{ waiting: 'mobile-otp' }> => {
  const placed = read ?? (await deps.registry.getRegistration(registrationId));
  if (placed === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  await deps.callbacks.recordWaiting(
    registrationId,
    'mobile-otp',
    taskToken,
    waitContextOf(placed, applicantStepSlaSeconds['mobile-otp'], { kind: 'applicant' }),
  );
  // Read again once the token is kept: a verification before that had no token to complete, and is seen here. A
  // registration still STARTED has had no code to verify (verification needs MOBILE_OTP_SENT): nothing to see.
  const registration = placed.status === 'STARTED' ? placed : ((await deps.registry.getRegistration(registrationId)) ?? placed);
  if (verifiedWhileWaiting.has(registration.status)) {
    await deps.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' });
    return { waiting: 'mobile-otp' };
  }
  if (registration.status !== 'STARTED' && registration.status !== 'MOBILE_OTP_SENT') return { waiting: 'mobile-otp' };
  const previous = await deps.otpCodes.getOtp(registrationId);
  try {
    await sendCode(deps, registration, previous, 'as-first');
    if (registration.status === 'STARTED') {
      await deps.registry.transition(registrationId, {
        to: 'MOBILE_OTP_SENT',
        actor: systemActor,
        why: 'MOBILE_OTP_SENT',
        read: registration,
      });
    }
  } catch (error) {
    // The person verified the earlier code while this (retried) task was sending a new one: the code or the status
    // changed under it. The step's work is done, so it completes instead of failing the execution.
    if (error instanceof ConflictError && (await completedMeanwhile(deps, registrationId))) return { waiting: 'mobile-otp' };
    if (!(error instanceof RateLimitedError)) throw error;
    // A retried task after the first code went out: that code still works, so the step keeps waiting on it.
    if (registration.status === 'MOBILE_OTP_SENT') return { waiting: 'mobile-otp' };
    // No code could go to this mobile this hour: the registration ends saying so (never left STARTED), and the
    // person may start again at once with another mobile, or with this one once the hour has passed.
    const limit = new MobileSmsLimitError({
      message: 'Too many codes were sent to this mobile number in the last hour.',
      retryAfterSeconds: untilNextHour(deps.clock.now()),
    });
    await deps.registry.transition(registrationId, {
      to: 'MOBILE_SMS_LIMIT',
      actor: systemActor,
      why: limit.code,
      set: { reason: { code: limit.code, message: limit.message, nextAction: nextActions.MOBILE_SMS_LIMIT } },
    });
    throw limit;
  }
  return { waiting: 'mobile-otp' };
};

/** The mobile found verified on a fresh read: the wait is completed (a repeat changes nothing) and true returned. */
const completedMeanwhile = async (deps: OtpDeps, registrationId: string): Promise<boolean> => {
  const now = await deps.registry.getRegistration(registrationId);
  if (now === undefined || !verifiedWhileWaiting.has(now.status)) return false;
  await deps.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' });
  return true;
};

const openOtpRegistration = async (deps: OtpDeps, registrationId: string, caller: Caller): Promise<Registration> =>
  requireWaitingForCode(requireVisible(caller, await deps.registry.getRegistration(registrationId)));

const requireWaitingForCode = (registration: Registration): Registration => {
  if (registration.status !== 'MOBILE_OTP_SENT' && registration.status !== 'MOBILE_OTP_EXPIRED') {
    throw new ConflictError({
      code: 'INVALID_STATUS',
      message: terminalStatuses.has(registration.status)
        ? `This registration has ended (${registration.status}).`
        : `The mobile number is not waiting for a code (status ${registration.status}).`,
      details: { status: registration.status, nextAction: nextActions[registration.status] },
    });
  }
  return registration;
};

export interface OtpOutcome {
  readonly registrationId: string;
  readonly status: RegistrationStatus;
}

export const verifyMobileOtp = async (
  deps: OtpDeps & Pick<SessionDeps, 'sessions'>,
  registrationId: string,
  otp: string,
  caller: Caller,
): Promise<OtpOutcome & Awaited<ReturnType<typeof sessionAfterMobileOtp>>> => {
  const current = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  const repeated = await repeatOfVerified(deps, current, otp);
  if (repeated !== undefined) return repeated;
  const registration = requireWaitingForCode(current);
  const state = await deps.otpCodes.getOtp(registrationId);
  if (state === undefined) throw new ConflictError({ code: 'OTP_NOT_SENT', message: 'No code has been sent yet; wait for the SMS.' });
  const { otpHmacKey } = await deps.keys();
  const candidate = hashOtp(otp, registrationId, otpHmacKey);
  const now = deps.clock.now();
  // Wrong codes the person entered in earlier registrations count here too (otp.ts otpLockPolicy).
  const personGuard = await deps.otpGuards.getOtpGuard(personGuardKey(registration));
  const personFailures = failuresOf(personGuard, now);
  const check = checkOtp(withPersonFailures(state, personFailures), candidate, now);
  const actor = actorOf(caller);
  const verified = async () => {
    await deps.registry.transition(registrationId, {
      to: 'MOBILE_VERIFIED',
      actor,
      why: 'MOBILE_OTP_VERIFIED',
      remove: ['reason'],
      read: registration,
    });
    // Nothing to clear when the guard read above held no wrong codes (the usual case): no write for it.
    if (personGuard?.failures !== undefined) await deps.otpGuards.clearOtpFailures(personGuardKey(registration));
    await deps.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' });
    return { registrationId, status: 'MOBILE_VERIFIED' as const, ...(await sessionAfterMobileOtp(deps, registrationId)) };
  };

  switch (check.result) {
    case 'correct':
      // Marking the code used is conditional on it being this code: of two concurrent correct tries, one wins.
      await deps.otpCodes.putOtp(registrationId, { ...state, used: true }, state);
      return verified();
    case 'wrong':
      await deps.otpCodes.putOtp(registrationId, { ...state, wrongAttempts: state.wrongAttempts + 1 }, state);
      await deps.otpGuards.countOtpFailure(personGuardKey(registration), now, now - otpLockPolicy.lockSeconds * 1000);
      throw new RefusedError({
        code: 'OTP_INCORRECT',
        message: `The code is not right. ${check.attemptsLeft} attempt(s) left.`,
        details: {
          attemptsLeft: check.attemptsLeft,
        },
      });
    case 'locked': {
      await deps.otpCodes.putOtp(registrationId, { ...state, wrongAttempts: otpPolicy.maxWrongAttempts }, state);
      await deps.otpGuards.countOtpFailure(personGuardKey(registration), now, now - otpLockPolicy.lockSeconds * 1000);
      await lockPersonAndMobile(deps, registration);
      await deps.registry.transition(registrationId, {
        to: 'MOBILE_OTP_LOCKED',
        actor,
        why: 'OTP_LOCKED',
        set: { reason: { code: 'OTP_LOCKED', message: 'Too many wrong codes.', nextAction: nextActions.MOBILE_OTP_LOCKED } },
      });
      const locked = new MobileOtpLockedError({ message: 'Too many wrong codes: this registration is locked.' });
      await deps.callbacks.fail(registrationId, 'mobile-otp', locked);
      throw locked;
    }
    case 'expired':
      if (registration.status !== 'MOBILE_OTP_EXPIRED') {
        await deps.registry.transition(registrationId, { to: 'MOBILE_OTP_EXPIRED', actor, why: 'OTP_EXPIRED' });
      }
      throw new RefusedError({
        code: 'OTP_EXPIRED',
        message: 'The code has expired. Ask for a new code.',
        details: { nextAction: nextActions.MOBILE_OTP_EXPIRED },
      });
    case 'used':
      // The client's repeat of a try that used this code and stopped before the mobile was verified (a timeout, a
      // crash, the table throttled): it finishes the work. Another code, or a used one tried by someone else later: refused.
      if (registration.status === 'MOBILE_OTP_SENT' && isSameCode(state, candidate)) return verified();
      throw new ConflictError({ code: 'OTP_ALREADY_USED', message: 'This code was already used.' });
  }
};

/**
 * A repeat of a verification that went through (its answer lost): the same answer, and the workflow's step
 * completed if the first stopped before it could (SendTaskSuccess finds nothing to do when it had).
 */
const repeatOfVerified = async (deps: OtpDeps & Pick<SessionDeps, 'sessions'>, registration: Registration, otp: string) => {
  if (registration.status !== 'MOBILE_VERIFIED') return undefined;
  const { registrationId } = registration;
  const state = await deps.otpCodes.getOtp(registrationId);
  const { otpHmacKey } = await deps.keys();
  if (state === undefined || !state.used || !isSameCode(state, hashOtp(otp, registrationId, otpHmacKey))) return undefined;
  await deps.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' });
  return { registrationId, status: 'MOBILE_VERIFIED' as const, ...(await sessionAfterMobileOtp(deps, registrationId)) };
};

export const resendMobileOtp = async (
  deps: OtpDeps,
  registrationId: string,
  caller: Caller,
): Promise<OtpOutcome & { retryAfterSeconds: number }> => {
  const registration = await openOtpRegistration(deps, registrationId, caller);
  const state = await deps.otpCodes.getOtp(registrationId);
  if (state === undefined) throw new ConflictError({ code: 'OTP_NOT_SENT', message: 'No code has been sent yet; wait for the SMS.' });
  const check = checkResend(state, deps.clock.now());
  const actor = actorOf(caller);
  if (!check.allowed && check.reason === 'cooldown') {
    throw new RateLimitedError({
      code: 'OTP_RESEND_TOO_SOON',
      message: `Wait ${check.retryAfterSeconds} s before asking for another code.`,
      retryAfterSeconds: check.retryAfterSeconds,
    });
  }
  if (!check.allowed) {
    await lockPersonAndMobile(deps, registration);
    await deps.registry.transition(registrationId, {
      to: 'MOBILE_OTP_RESEND_LIMIT',
      actor,
      why: 'OTP_RESEND_LIMIT',
      set: {
        reason: {
          code: 'OTP_RESEND_LIMIT',
          message: 'The code was sent as many times as allowed.',
          nextAction: nextActions.MOBILE_OTP_RESEND_LIMIT,
        },
      },
    });
    const limit = new MobileOtpResendLimitError({ message: 'The code was sent as many times as allowed.' });
    await deps.callbacks.fail(registrationId, 'mobile-otp', limit);
    throw limit;
  }
  await sendCode(deps, registration, state, 'as-resend');
  await deps.registry.transition(registrationId, { to: 'MOBILE_OTP_SENT', actor, why: 'MOBILE_OTP_RESENT' });
  return { registrationId, status: 'MOBILE_OTP_SENT', retryAfterSeconds: otpPolicy.resendCooldownSeconds };
};

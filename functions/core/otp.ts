// Mobile OTP rules. Pure: randomness, keys and the clock come in as arguments.
// A code is 6 digits from a secure source, kept only as an HMAC (keyed, so a leaked table cannot be brute-forced
// offline over the 10^6 codes), valid 10 minutes, single use. Wrong attempts are counted per registration and a
// resend does not reset them; resends have a cooldown and a cap.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const otpPolicy = {
  digits: 6,
  validForSeconds: 10 * 60,
  maxWrongAttempts: 5,
  maxResends: 3,
  resendCooldownSeconds: 60,
  /** Codes sent to one mobile number per rolling hour, across registrations (SMS cost and abuse). */
  maxSendsPerMobilePerHour: 6,
} as const;

/**
 * Locks that hold beyond one registration. A registration locked for wrong codes, or ended at its resend limit,
 * tells the person to start again after 24 hours: for that long a new registration is refused for the same
 * person (scheme + roster person key) and for the same mobile (under its keyed token). Wrong codes are also
 * counted per person across registrations, as NIST SP 800-63B (rev. 3) section 5.2.2 asks of a verifier (limit
 * consecutive failed authentication attempts on a single account, to 100 at most): the fifth consecutive wrong
 * code locks the person whichever registrations the five came through. A right code clears the count; a count whose
 * last wrong code is older than the lock is forgotten.
 */
export const otpLockPolicy = {
  lockSeconds: 24 * 3600,
  maxConsecutiveWrongPerPerson: otpPolicy.maxWrongAttempts,
} as const;

/** What is kept per person and per mobile (never the number: its keyed token names the record). */
export interface OtpGuard {
  /** Consecutive wrong codes (a person's record only). */
  readonly failures?: number;
  readonly lastFailureAt?: number;
  /** Epoch ms until which a new registration is refused. */
  readonly lockedUntil?: number;
}

export const otpGuardKeys = {
  person: (scheme: string, personId: string): string => `person#${scheme}#${personId}`,
  mobile: (mobileToken: string): string => `mobile#${mobileToken}`,
} as const;

/** Wrong codes still counted against the person at `now`. */
export const failuresOf = (guard: OtpGuard | undefined, now: number): number =>
  guard?.failures === undefined || guard.lastFailureAt === undefined || guard.lastFailureAt <= now - otpLockPolicy.lockSeconds * 1000
    ? 0
    : guard.failures;

/** The later end of the locks in force at `now` among `guards`, if any. */
export const lockedUntil = (guards: readonly (OtpGuard | undefined)[], now: number): number | undefined => {
  const ends = guards.map((guard) => guard?.lockedUntil).filter((until): until is number => until !== undefined && until > now);
  return ends.length === 0 ? undefined : Math.max(...ends);
};

/** A registration's code state as the checks see it: the person's wrong codes elsewhere count here too. */
export const withPersonFailures = (state: OtpState, personFailures: number): OtpState =>
  personFailures > state.wrongAttempts
    ? { ...state, wrongAttempts: Math.min(personFailures, otpLockPolicy.maxConsecutiveWrongPerPerson) }
    : state;

export interface OtpState {
  readonly hash: string;
  readonly validUntil: number;
  readonly wrongAttempts: number;
  readonly resends: number;
  readonly lastSentAt: number;
  readonly used: boolean;
}

export const generateOtp = (randomInt: (max: number) => number): string =>
  String(randomInt(10 ** otpPolicy.digits)).padStart(otpPolicy.digits, '0');

/** Bound to the registration so a code for one registration is useless for another. */
export const hashOtp = (otp: string, registrationId: string, key: Buffer | string): string =>
  createHmac('sha256', key).update(`${registrationId}:${otp}`).digest('hex');

export const freshOtpState = (hash: string, now: number, previous?: OtpState): OtpState => ({
  hash,
  validUntil: now + otpPolicy.validForSeconds * 1000,
  wrongAttempts: previous?.wrongAttempts ?? 0,
  resends: previous === undefined ? 0 : previous.resends + 1,
  lastSentAt: now,
  used: false,
});

export type OtpCheck =
  | { readonly result: 'correct' }
  | { readonly result: 'wrong'; readonly attemptsLeft: number }
  | { readonly result: 'locked' }
  | { readonly result: 'expired' }
  | { readonly result: 'used' };

/** Whether `candidateHash` is the code this state holds (a used one included): a client's repeat of its own try. */
export const isSameCode = (state: OtpState, candidateHash: string): boolean => {
  const expected = Buffer.from(state.hash, 'hex');
  const given = Buffer.from(candidateHash, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
};

export const checkOtp = (state: OtpState, candidateHash: string, now: number): OtpCheck => {
  if (state.used) return { result: 'used' };
  if (state.wrongAttempts >= otpPolicy.maxWrongAttempts) return { result: 'locked' };
  if (now > state.validUntil) return { result: 'expired' };
  const expected = Buffer.from(state.hash, 'hex');
  const given = Buffer.from(candidateHash, 'hex');
  if (expected.length === given.length && timingSafeEqual(expected, given)) return { result: 'correct' };
  const attemptsLeft = otpPolicy.maxWrongAttempts - (state.wrongAttempts + 1);
  return attemptsLeft <= 0 ? { result: 'locked' } : { result: 'wrong', attemptsLeft };
};

export type ResendCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'cooldown'; readonly retryAfterSeconds: number }
  | { readonly allowed: false; readonly reason: 'limit' };

export const checkResend = (state: OtpState, now: number): ResendCheck => {
  if (state.resends >= otpPolicy.maxResends) return { allowed: false, reason: 'limit' };
  const waitMs = state.lastSentAt + otpPolicy.resendCooldownSeconds * 1000 - now;
  if (waitMs > 0) return { allowed: false, reason: 'cooldown', retryAfterSeconds: Math.ceil(waitMs / 1000) };
  return { allowed: true };
};

/** Indian mobile numbers: 10 digits starting 6-9, optionally written with +91 / 0 / spaces. */
export const normalizeIndianMobile = (text: string): string | undefined => {
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+91|0091|91(?=\d{10}$)|0(?=\d{10}$))/, '');
  return /^[6-9]\d{9}$/.test(digits) ? digits : undefined;
};

export const maskMobile = (mobile: string): string => `XXXXXX${mobile.slice(-4)}`;

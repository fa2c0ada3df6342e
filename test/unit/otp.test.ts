import { describe, expect, it } from 'vitest';
import {
  checkOtp,
  checkResend,
  freshOtpState,
  generateOtp,
  hashOtp,
  maskMobile,
  normalizeIndianMobile,
  otpPolicy,
} from '../../functions/core/otp.js';

const key = Buffer.alloc(32, 7);
const now = 1_800_000_000_000;

describe('mobile OTP rules', () => {
  it('makes 6-digit codes, zero-padded, from the random source', () => {
    expect(generateOtp(() => 42)).toBe('000042');
    expect(generateOtp(() => 999_999)).toBe('999999');
  });

  it('hashes with a key and binds the code to its registration', () => {
    const hash = hashOtp('123456', 'reg-1', key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(hashOtp('123456', 'reg-2', key)).not.toBe(hash);
    expect(hashOtp('123456', 'reg-1', Buffer.alloc(32, 8))).not.toBe(hash);
  });

  it('accepts the right code once, counts wrong ones down to a lock, and expires after 10 minutes', () => {
    const state = freshOtpState(hashOtp('123456', 'r', key), now);
    expect(checkOtp(state, hashOtp('123456', 'r', key), now + 1000)).toEqual({ result: 'correct' });
    expect(checkOtp(state, hashOtp('654321', 'r', key), now)).toEqual({ result: 'wrong', attemptsLeft: 4 });
    expect(checkOtp({ ...state, wrongAttempts: 4 }, hashOtp('654321', 'r', key), now)).toEqual({ result: 'locked' });
    expect(checkOtp({ ...state, wrongAttempts: otpPolicy.maxWrongAttempts }, hashOtp('123456', 'r', key), now)).toEqual({
      result: 'locked',
    });
    expect(checkOtp(state, hashOtp('123456', 'r', key), now + otpPolicy.validForSeconds * 1000 + 1)).toEqual({ result: 'expired' });
    expect(checkOtp({ ...state, used: true }, hashOtp('123456', 'r', key), now)).toEqual({ result: 'used' });
  });

  it('keeps wrong attempts across a resend and counts the resend', () => {
    const first = { ...freshOtpState('aa', now), wrongAttempts: 3 };
    const second = freshOtpState('bb', now + 120_000, first);
    expect(second).toMatchObject({ hash: 'bb', wrongAttempts: 3, resends: 1, lastSentAt: now + 120_000, used: false });
  });

  it('allows a resend after the cooldown, up to the limit', () => {
    const state = freshOtpState('aa', now);
    expect(checkResend(state, now + 10_000)).toEqual({ allowed: false, reason: 'cooldown', retryAfterSeconds: 50 });
    expect(checkResend(state, now + 60_000)).toEqual({ allowed: true });
    expect(checkResend({ ...state, resends: otpPolicy.maxResends }, now + 600_000)).toEqual({ allowed: false, reason: 'limit' });
  });

  it('reads Indian mobile numbers as people write them, and masks them', () => {
    expect(normalizeIndianMobile('+91 98765 43210')).toBe('9876543210');
    expect(normalizeIndianMobile('09876543210')).toBe('9876543210');
    expect(normalizeIndianMobile('919876543210')).toBe('9876543210');
    expect(normalizeIndianMobile('5876543210')).toBeUndefined();
    expect(normalizeIndianMobile('98765')).toBeUndefined();
    expect(maskMobile('9876543210')).toBe('XXXXXX3210');
  });
});

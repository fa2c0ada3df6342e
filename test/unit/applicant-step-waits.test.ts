// The applicant's steps (SendMobileOtp, AwaitEkyc) opened with no gap: the token is kept, then the registration
// read again, so a step the person finished before the token was kept (a quick person, or a task retried after
// the first attempt's token was gone) completes at once instead of waiting for ever.
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/core/errors.js';
import { openEkycStep } from '../../functions/core/use-cases/ekyc.js';
import { issueMobileOtp } from '../../functions/core/use-cases/mobile-otp.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import type { OtpCodes } from '../../functions/ports/otp-codes.js';
import type { MobileSendCounts } from '../../functions/ports/otp-guards.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';
import type { WorkflowCallbacks } from '../../functions/ports/workflow.js';

const registrationId = '5d0c2a7e-8b41-4f3a-9c55-0e7d6b1a2f90';

/** A registry whose reads answer `statuses` in turn (the last one from then on). */
const harness = (...statuses: RegistrationStatus[]) => {
  const calls: string[] = [];
  let reads = 0;
  const registry = {
    getRegistration: async () => {
      const status = statuses[Math.min(reads, statuses.length - 1)];
      reads += 1;
      return { registrationId, scheme: 'up-sects', status, mobile: '9876543210', district: 'Lucknow' } as unknown as Registration;
    },
    transition: async (_id: string, change: { to: string }) => void calls.push(`status ${change.to}`),
  } as unknown as Registry;
  const otpCodes: OtpCodes = { getOtp: async () => undefined, putOtp: async () => void calls.push('code kept (hashed)') };
  const sendCounts: MobileSendCounts = { countMobileSend: async () => true };
  const callbacks: WorkflowCallbacks = {
    recordWaiting: async (_id, step) => void calls.push(`${step} token kept`),
    succeed: async (_id, step) => (calls.push(`${step} wait succeeded`), true),
    fail: async (_id, step, error) => (calls.push(`${step} wait failed: ${error.name}`), true),
    clearWaiting: async () => undefined,
  };
  const key = Buffer.alloc(32, 7);
  const deps = {
    registry,
    otpCodes,
    sendCounts,
    // Never asked: no send is over the hourly limit here.
    otpGuards: {} as never,
    callbacks,
    clock: { now: () => Date.parse('2026-11-20T10:00:00Z') },
    sms: { send: async () => (calls.push('SMS sent'), { messageId: 'm-1' }) },
    keys: async () => ({ aadhaarHmacKey: key, otpHmacKey: key, mobileHmacKey: key }),
    randomInt: () => 4,
  };
  return { calls, deps };
};

describe('the mobile code step', () => {
  it('sends the first code after keeping the token', async () => {
    const { calls, deps } = harness('STARTED');
    await issueMobileOtp(deps, registrationId, 'token-1');
    expect(calls).toEqual(['mobile-otp token kept', 'code kept (hashed)', 'SMS sent', 'status MOBILE_OTP_SENT']);
  });

  it('completes at once, sending nothing, when the mobile was verified before the token was kept', async () => {
    // Read as MOBILE_OTP_SENT, verified by the person while the retried task kept its token.
    const { calls, deps } = harness('MOBILE_OTP_SENT', 'MOBILE_VERIFIED');
    await issueMobileOtp(deps, registrationId, 'token-2');
    expect(calls).toEqual(['mobile-otp token kept', 'mobile-otp wait succeeded']);
  });

  it('completes at once when a retried task finds the person already further on, at e-KYC', async () => {
    for (const status of ['EKYC_PENDING', 'EKYC_OTP_SENT', 'EKYC_PROVIDER_UNAVAILABLE', 'EKYC_BLOCKED', 'EKYC_VERIFIED'] as const) {
      const { calls, deps } = harness(status);
      await issueMobileOtp(deps, registrationId, 'token-3');
      expect(calls, status).toEqual(['mobile-otp token kept', 'mobile-otp wait succeeded']);
    }
  });

  it('completes, sending nothing more, when the person verifies the earlier code while a retried task sends a new one', async () => {
    // Read twice as MOBILE_OTP_SENT; the person's verification then marks the stored code used, so the task's
    // conditional write of a new code finds the code changed (as the table answers), and the next read is verified.
    const { calls, deps } = harness('MOBILE_OTP_SENT', 'MOBILE_OTP_SENT', 'MOBILE_VERIFIED');
    Object.assign(deps.otpCodes, {
      putOtp: async () => {
        throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'The code changed meanwhile; try again.' });
      },
    });
    await expect(issueMobileOtp(deps, registrationId, 'token-7')).resolves.toEqual({ waiting: 'mobile-otp' });
    expect(calls).toEqual(['mobile-otp token kept', 'mobile-otp wait succeeded']);
  });

  it('still fails on a conflict when the mobile was not verified meanwhile', async () => {
    const { calls, deps } = harness('MOBILE_OTP_SENT');
    Object.assign(deps.otpCodes, {
      putOtp: async () => {
        throw new ConflictError({ code: 'CONCURRENT_CHANGE', message: 'The code changed meanwhile; try again.' });
      },
    });
    await expect(issueMobileOtp(deps, registrationId, 'token-8')).rejects.toBeInstanceOf(ConflictError);
    expect(calls).toEqual(['mobile-otp token kept']);
  });

  it('only keeps the token for a registration that is locked or over its resends (the API failed the step)', async () => {
    const { calls, deps } = harness('MOBILE_OTP_LOCKED');
    await issueMobileOtp(deps, registrationId, 'token-4');
    expect(calls).toEqual(['mobile-otp token kept']);
  });
});

describe('the e-KYC step', () => {
  it('moves a verified mobile on to EKYC_PENDING after keeping the token', async () => {
    const { calls, deps } = harness('MOBILE_VERIFIED');
    await openEkycStep(deps, registrationId, 'token-5');
    expect(calls).toEqual(['ekyc token kept', 'status EKYC_PENDING']);
  });

  it('completes at once when e-KYC finished before the token was kept', async () => {
    const { calls, deps } = harness('EKYC_OTP_SENT', 'EKYC_VERIFIED');
    await openEkycStep(deps, registrationId, 'token-6');
    expect(calls).toEqual(['ekyc token kept', 'ekyc wait succeeded']);
  });
});

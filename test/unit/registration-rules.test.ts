import { describe, expect, it } from 'vitest';
import {
  allowedFrom,
  canResume,
  canTransition,
  nextActions,
  registrationStatuses,
  terminalStatuses,
} from '../../functions/core/registration.js';
import { findScheme, schemeSchema, schemes } from '../../functions/core/schemes.js';
import { withProviderRetries } from '../../functions/core/retry.js';
import { ProviderUnavailableError, ValidationError } from '../../functions/core/errors.js';
import { canSeeRegistration } from '../../functions/core/use-cases/access.js';
import type { Registration } from '../../functions/ports/registry.js';

describe('registration statuses', () => {
  it('give every status a next action in English and Hindi', () => {
    for (const status of registrationStatuses) {
      expect(nextActions[status].en.length).toBeGreaterThan(10);
      expect(nextActions[status].hi).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('never leave a terminal status, and reach every status from somewhere (but the first)', () => {
    for (const status of registrationStatuses) {
      for (const terminal of terminalStatuses) expect(canTransition(terminal, status)).toBe(false);
      if (status !== 'STARTED') expect(allowedFrom[status].length).toBeGreaterThan(0);
    }
    expect(canTransition('MOBILE_OTP_SENT', 'MOBILE_VERIFIED')).toBe(true);
    expect(canTransition('STARTED', 'CARD_ISSUED')).toBe(false);
    expect(canTransition('PENDING_APPROVAL', 'CARD_ISSUED')).toBe(false);
  });

  it('issue a card only after its SMS went: made first, issued from made', () => {
    expect(canTransition('APPROVED', 'CARD_MADE')).toBe(true);
    expect(canTransition('APPROVED', 'CARD_ISSUED')).toBe(false);
    expect(canTransition('CARD_MADE', 'CARD_ISSUED')).toBe(true);
    expect(terminalStatuses.has('CARD_MADE')).toBe(false);
  });

  it('stop a registration that can still move, and let only a redrive take it back to where it was', () => {
    for (const status of [
      'STARTED',
      'MOBILE_OTP_SENT',
      'EKYC_PENDING',
      'EKYC_BLOCKED',
      'PENDING_APPROVAL',
      'RETURNED_FOR_CORRECTION',
      'APPROVED',
      'CARD_MADE',
    ] as const) {
      expect(canTransition(status, 'STOPPED')).toBe(true);
      expect(canTransition('STOPPED', status)).toBe(false);
      expect(canResume(status, status)).toBe(true);
    }
    for (const status of ['CARD_ISSUED', 'REJECTED', 'EXPIRED', 'STOPPED'] as const) expect(canTransition(status, 'STOPPED')).toBe(false);
    expect(canResume('PENDING_APPROVAL', 'APPROVED')).toBe(false);
    expect(canResume(undefined, 'PENDING_APPROVAL')).toBe(false);
    expect(terminalStatuses.has('STOPPED')).toBe(false);
  });
});

describe('schemes', () => {
  it('ship up-sects (DDO approves every card) and pmjay (clean match approved automatically)', () => {
    expect([...schemes.keys()].sort()).toEqual(['pmjay', 'up-sects']);
    expect(findScheme('up-sects')?.approval).toMatchObject({ approver: 'ddo', when: 'always' });
    expect(findScheme('pmjay')?.approval).toMatchObject({ approver: 'verifier', when: 'on-mismatch' });
  });

  it('are validated: an unknown field or a bad value is refused', () => {
    const valid = findScheme('pmjay');
    expect(schemeSchema.safeParse({ ...valid, surprise: true }).success).toBe(false);
    expect(schemeSchema.safeParse({ ...valid, approval: { ...valid?.approval, approver: 'anyone' } }).success).toBe(false);
    expect(schemeSchema.safeParse(valid).success).toBe(true);
  });
});

describe('provider retries inside a request', () => {
  const policy = (sleeps: number[]) => ({
    attempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    sleep: async (ms: number) => void sleeps.push(ms),
    random: () => 0.5,
  });

  it('retries provider errors with growing backoff, then gives up with the error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withProviderRetries(policy(sleeps), async () => {
        calls += 1;
        throw new ProviderUnavailableError({ message: 'down' });
      }),
    ).rejects.toThrow(ProviderUnavailableError);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('does not retry other errors, and returns the first success', async () => {
    let calls = 0;
    await expect(
      withProviderRetries(policy([]), async () => {
        calls += 1;
        throw new ValidationError({ message: 'bad' });
      }),
    ).rejects.toThrow(ValidationError);
    expect(calls).toBe(1);
    let attempt = 0;
    expect(
      await withProviderRetries(policy([]), async () => {
        attempt += 1;
        if (attempt < 2) throw new ProviderUnavailableError({ message: 'x' });
        return 'ok';
      }),
    ).toBe('ok');
  });
});

describe('who sees a registration', () => {
  const registration = { registrationId: 'r1', clientId: 'portal-a', district: 'Lucknow', ddoCode: 'DDO-1' } as Registration;
  const caller = (roles: string[], extra: Record<string, unknown> = {}) =>
    ({ subject: 'portal-a', roles, ddoCodes: [], districts: [], ...extra }) as Parameters<typeof canSeeRegistration>[0];

  it('lets a portal see its own, an operator or admin their districts, a DDO its codes, an applicant its one', () => {
    expect(canSeeRegistration(caller(['portal']), registration)).toBe(true);
    expect(canSeeRegistration({ ...caller(['portal']), subject: 'portal-b' }, registration)).toBe(false);
    expect(canSeeRegistration(caller(['operator'], { districts: ['Lucknow'] }), registration)).toBe(true);
    expect(canSeeRegistration(caller(['district-admin'], { districts: ['Jalaun'] }), registration)).toBe(false);
    expect(canSeeRegistration(caller(['ddo'], { ddoCodes: ['DDO-1'] }), registration)).toBe(true);
    expect(canSeeRegistration(caller(['ddo'], { ddoCodes: ['DDO-2'] }), registration)).toBe(false);
    expect(canSeeRegistration(caller(['applicant'], { registrationId: 'r1' }), registration)).toBe(true);
    expect(canSeeRegistration(caller(['applicant'], { registrationId: 'r2' }), registration)).toBe(false);
    expect(canSeeRegistration(caller(['state-admin']), registration)).toBe(true);
  });
});

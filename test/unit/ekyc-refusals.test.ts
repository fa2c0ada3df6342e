// Every UIDAI refusal code the pipeline maps, end to end below the API: the e-KYC simulator answers the code where
// UIDAI would (OTP request, OTP e-KYC or biometric e-KYC), the production adapter reads it, and the e-KYC use case
// leaves the registration in the status the verified table says, with that code's next action for the person.
// Expected statuses are written here from the public copies of UIDAI's tables (sources as in
// functions/core/ekyc.ts), not read from the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpEkycProvider } from '../../functions/adapters/ekyc-http.js';
import { uidaiCodes } from '../../functions/core/ekyc.js';
import { HealthcardError } from '../../functions/core/errors.js';
import type { Caller } from '../../functions/core/identity.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import { startEkyc, verifyEkycOtp, type EkycDeps } from '../../functions/core/use-cases/ekyc.js';
import type { Registration, Registry, TransitionRequest } from '../../functions/ports/registry.js';
import { simulatedIdentities, startEkycSimulator, type EkycSimulator, type SimulatedIdentity } from '../../local/simulators/ekyc.js';

// [code, the status e-KYC leaves, what the person is asked to do (a phrase of the next action)]
const expected: readonly [code: string, status: RegistrationStatus, asks: RegExp][] = [
  ['110', 'EKYC_BLOCKED', /link or update your mobile/],
  ['111', 'EKYC_BLOCKED', /link or update your mobile/],
  ['112', 'EKYC_BLOCKED', /link or update your mobile/],
  ['113', 'EKYC_BLOCKED', /link or update your mobile/],
  ['114', 'EKYC_BLOCKED', /link or update your mobile/],
  ['115', 'EKYC_BLOCKED', /link or update your mobile/],
  ['300', 'MOBILE_VERIFIED', /another finger/],
  ['330', 'EKYC_BLOCKED', /[Uu]nlock them/],
  ['331', 'EKYC_BLOCKED', /[Uu]nlock it/],
  ['332', 'EKYC_BLOCKED', /[Uu]nlock it/],
  ['400', 'EKYC_OTP_SENT', /latest SMS/],
  ['402', 'EKYC_OTP_SENT', /fresh OTP/],
  ['403', 'EKYC_OTP_SENT', /fresh OTP/],
  ['952', 'EKYC_BLOCKED', /Wait 30 minutes/],
  ['953', 'EKYC_BLOCKED', /Wait 30 minutes/],
  ['995', 'EKYC_BLOCKED', /1947/],
  ['996', 'EKYC_BLOCKED', /enrol again/],
  ['997', 'EKYC_BLOCKED', /Aadhaar Seva Kendra/],
  ['998', 'EKYC_BLOCKED', /Check the number/],
  ['K-100', 'EKYC_OTP_SENT', /Try again/],
  ['K-200', 'EKYC_BLOCKED', /after a few days/],
];

const operator: Caller = { subject: 'operator-1', roles: ['operator'], ddoCodes: [], districts: ['Lucknow'] };

/** A registry holding one registration in memory, applying transitions as the real one records them. */
const memoryRegistry = (registration: Registration) => {
  let current = registration;
  const transitions: TransitionRequest[] = [];
  const registry = {
    getRegistration: async (id: string) => (id === current.registrationId ? current : undefined),
    update: async (_id: string, set: TransitionRequest['set']) => {
      current = { ...current, ...set } as Registration;
      return current;
    },
    transition: async (_id: string, request: TransitionRequest) => {
      transitions.push(request);
      const next: Record<string, unknown> = { ...current, ...request.set, status: request.to };
      for (const field of request.remove ?? []) delete next[field];
      current = next as unknown as Registration;
      return current;
    },
  } as unknown as Registry;
  return { registry, transitions, current: () => current };
};

let simulator: EkycSimulator;
let provider: HttpEkycProvider;
beforeAll(async () => {
  simulator = await startEkycSimulator({ port: 0, seed: 11 });
  provider = new HttpEkycProvider({ baseUrl: simulator.url, timeoutMs: 2_000 });
});
afterAll(async () => simulator.close());

let transactions = 0;
const depsFor = (registry: Registry): EkycDeps =>
  ({
    registry,
    provider,
    callbacks: {
      succeed: async () => true,
      recordWaiting: async () => undefined,
      fail: async () => true,
      clearWaiting: async () => undefined,
    },
    photos: { put: async () => 'photo-key' },
    photoRecords: { schedule: async () => undefined },
    keys: async () => ({ aadhaarHmacKey: Buffer.alloc(32, 3), otpHmacKey: Buffer.alloc(32, 4), mobileHmacKey: Buffer.alloc(32, 5) }),
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined, random: () => 0 },
    newTransactionId: () => `txn-refusal-${(transactions += 1)}`,
    clock: { now: () => Date.parse('2026-11-20T10:00:00Z') },
  }) as unknown as EkycDeps;

const identityRefusedWith = (code: string): SimulatedIdentity => {
  const identity = simulatedIdentities.find((candidate) => candidate.refusal?.code === code);
  if (identity === undefined) throw new Error(`the simulator has no identity refused with ${code}`);
  return identity;
};

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** e-KYC the way UIDAI would be met for this identity: biometric where it refuses biometrics, else OTP. */
const attemptEkyc = async (deps: EkycDeps, registrationId: string, identity: SimulatedIdentity) => {
  const consent = { accepted: true, textVersion: 'ekyc-consent-v1', language: 'en' as const };
  const aadhaarNumber = identity.aadhaarNumber;
  if (identity.refusal?.at === 'biometric-kyc') {
    return failure(
      startEkyc(
        deps,
        registrationId,
        { aadhaarNumber, consent, mode: 'biometric', modality: 'fingerprint', captureData: 'PID-BLOCK' },
        operator,
      ),
    );
  }
  const started = await failure(startEkyc(deps, registrationId, { aadhaarNumber, consent, mode: 'otp' }, operator));
  if (started !== undefined) return started;
  const transactionId = `txn-refusal-${transactions}`;
  return failure(verifyEkycOtp(deps, registrationId, { aadhaarNumber, otp: simulator.otpFor(transactionId) ?? '000000' }, operator));
};

describe('UIDAI refusals through the simulator, the adapter and the e-KYC use case', () => {
  it('has a simulator identity for every code the pipeline maps, and a test row for each', () => {
    const simulated = simulatedIdentities.flatMap((identity) => (identity.refusal === undefined ? [] : [identity.refusal.code]));
    expect([...simulated].sort()).toEqual(Object.keys(uidaiCodes).sort());
    expect(expected.map(([code]) => code).sort()).toEqual(Object.keys(uidaiCodes).sort());
  });

  it.each(expected)('%s leaves the registration %s and tells the person what to do', async (code, status, asks) => {
    const registrationId = `reg-${code}`;
    const memory = memoryRegistry({
      registrationId,
      status: 'MOBILE_VERIFIED',
      district: 'Lucknow',
      scheme: 'pmjay',
    } as unknown as Registration);
    const error = await attemptEkyc(depsFor(memory.registry), registrationId, identityRefusedWith(code));

    expect(error).toBeInstanceOf(HealthcardError);
    const refused = error as HealthcardError;
    expect(refused.httpStatus).toBe(422);
    const nextAction = (refused.details as { nextAction?: { en: string; hi: string } } | undefined)?.nextAction;
    expect(nextAction?.en).toMatch(asks);
    expect(nextAction?.hi).toMatch(/[\u0900-\u097F]{3}/);
    expect(memory.current().status).toBe(status);
    if (status === 'EKYC_BLOCKED') {
      // The reason kept on the registration is what the person and field staff read later.
      expect(memory.current().reason).toMatchObject({ code: refused.code, nextAction });
    }
    // Nothing about the refusal carries the Aadhaar number.
    expect(JSON.stringify({ message: refused.message, details: refused.details, transitions: memory.transitions })).not.toContain(
      identityRefusedWith(code).aadhaarNumber,
    );
  });
});

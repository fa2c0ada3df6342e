// A wait item lives no longer than its step. Two interleavings left one behind after the execution SUCCEEDED
// (a killed stack, restarted): the step completed and the process died before the item was deleted; and a task
// run again after the restart wrote its wait back after the person's call had completed and deleted it. Played
// here step by step against an in-memory table of waits that behaves as the adapter's (put, delete by token);
// the expectation is the workflow's own shape: once the execution is past a step (or has ended), no wait of it.
import { describe, expect, it } from 'vitest';
import { openEkycStep } from '../../functions/core/use-cases/ekyc.js';
import { recordStatusChange } from '../../functions/core/use-cases/executions.js';
import { issueMobileOtp } from '../../functions/core/use-cases/mobile-otp.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import type { WaitContext } from '../../functions/core/waits.js';
import { waitingSteps } from '../../functions/core/waits.js';
import type { ExecutionLedger } from '../../functions/ports/executions.js';
import type { Imports } from '../../functions/ports/imports.js';
import type { OtpCodes } from '../../functions/ports/otp-codes.js';
import type { MobileSendCounts } from '../../functions/ports/otp-guards.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';
import type { WaitingStepName, Waits, WorkflowCallbacks } from '../../functions/ports/workflow.js';

const registrationId = '7c1d0e52-93b4-4a6f-8f0e-2b5c7d9a1e34';
const registrationArn = 'arn:aws:states:ap-south-1:000000000000:stateMachine:registration';

/** The waits table: one item per step holding its token; a completion sends on the token, then deletes it. */
const waitTable = () => {
  const items = new Map<WaitingStepName, string>();
  const closedTokens = new Set<string>();
  let dieBeforeDelete = false;
  const complete = async (step: WaitingStepName): Promise<boolean> => {
    const token = items.get(step);
    if (token === undefined) return false;
    const delivered = !closedTokens.has(token);
    closedTokens.add(token);
    // The process killed between SendTaskSuccess and the delete: the workflow moved on, the item stayed.
    if (dieBeforeDelete) throw new Error('killed');
    if (items.get(step) === token) items.delete(step);
    return delivered;
  };
  const callbacks: WorkflowCallbacks = {
    recordWaiting: async (_id, step, token: string, _context: WaitContext) => void items.set(step, token),
    clearWaiting: async (_id, steps = waitingSteps) => steps.forEach((step) => items.delete(step)),
    succeed: async (_id, step) => complete(step),
    fail: async (_id, step) => complete(step),
  };
  const waits: Pick<Waits, 'clear'> = { clear: async (_id, steps = waitingSteps) => steps.forEach((step) => items.delete(step)) };
  return { items, callbacks, waits, killNextCompletion: () => (dieBeforeDelete = true), restart: () => (dieBeforeDelete = false) };
};

const registryAt = (initial: RegistrationStatus) => {
  let status = initial;
  const registry = {
    getRegistration: async () =>
      ({ registrationId, scheme: 'up-sects', status, mobile: '9876543210', district: 'Lucknow' }) as unknown as Registration,
    getOtp: async () => undefined,
    countMobileSend: async () => true,
    putOtp: async () => undefined,
    transition: async (_id: string, change: { to: RegistrationStatus }) => void (status = change.to),
  } as unknown as Registry & OtpCodes & MobileSendCounts;
  return { registry, move: (to: RegistrationStatus) => void (status = to) };
};

const otpDeps = (registry: Registry & OtpCodes & MobileSendCounts, callbacks: WorkflowCallbacks) => {
  const key = Buffer.alloc(32, 3);
  return {
    registry,
    otpCodes: registry,
    sendCounts: registry,
    otpGuards: {} as never,
    callbacks,
    clock: { now: () => Date.parse('2026-11-20T10:00:00Z') },
    sms: { send: async () => ({ messageId: 'm-1' }) },
    keys: async () => ({ aadhaarHmacKey: key, otpHmacKey: key, mobileHmacKey: key }),
    randomInt: () => 4,
  };
};

const succeeded = (ledger: Pick<ExecutionLedger, 'record'>, registry: Registry, waits: Pick<Waits, 'clear'>) =>
  recordStatusChange(
    {
      ledger: ledger as ExecutionLedger,
      registry,
      imports: {} as Imports,
      waits,
      workflows: { registration: registrationArn, rosterImport: `${registrationArn}-import` },
      clock: { now: () => Date.parse('2026-11-20T10:00:00Z') },
    },
    {
      executionArn: `${registrationArn}:${registrationId}`,
      stateMachineArn: registrationArn,
      name: registrationId,
      status: 'SUCCEEDED',
      startDate: 0,
      stopDate: 1,
    },
  );

describe('wait items', () => {
  it('a completion cut by a kill after the token was used: the next waiting step removes the wait it left', async () => {
    const table = waitTable();
    const { registry, move } = registryAt('STARTED');
    await issueMobileOtp(otpDeps(registry, table.callbacks), registrationId, 'token-otp');
    expect([...table.items.keys()]).toEqual(['mobile-otp']);

    // The person verifies; the token is used and the process dies before the item is deleted.
    move('MOBILE_VERIFIED');
    table.killNextCompletion();
    await expect(table.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' })).rejects.toThrow('killed');
    table.restart();
    expect([...table.items.keys()]).toEqual(['mobile-otp']);

    // The workflow, past the mobile step, opens e-KYC.
    await openEkycStep({ registry, callbacks: table.callbacks, clock: { now: () => 0 } }, registrationId, 'token-ekyc');
    expect([...table.items.keys()]).toEqual(['ekyc']);
  });

  it('a task run again after a restart writes its wait back after the person completed it: the SUCCEEDED execution leaves no wait', async () => {
    const table = waitTable();
    const { registry, move } = registryAt('MOBILE_OTP_SENT');
    // Resumed with the same token, the task keeps its wait again; the verification that completed and deleted it
    // came just before (the adapter's put does not know the token was used).
    move('MOBILE_VERIFIED');
    await table.callbacks.recordWaiting(registrationId, 'mobile-otp', 'token-otp', {
      district: 'Lucknow',
      slaSeconds: 900,
      waitingOn: { kind: 'applicant' },
    });
    await table.callbacks.succeed(registrationId, 'mobile-otp', { mobile: 'verified' });
    await table.callbacks.recordWaiting(registrationId, 'mobile-otp', 'token-otp', {
      district: 'Lucknow',
      slaSeconds: 900,
      waitingOn: { kind: 'applicant' },
    });
    // Killed again before anything else ran; the execution then went on to the end (auto-approved, card issued).
    move('CARD_ISSUED');
    expect([...table.items.keys()]).toEqual(['mobile-otp']);

    const recorded: string[] = [];
    expect(await succeeded({ record: async (entry) => (recorded.push(entry.status), true) }, registry, table.waits)).toBe(true);
    expect(recorded).toEqual(['SUCCEEDED']);
    expect([...table.items.keys()]).toEqual([]);
  });

  it('an execution that failed keeps its waits: a redrive runs the step again and it waits on the same person', async () => {
    const table = waitTable();
    const { registry } = registryAt('MOBILE_OTP_SENT');
    await table.callbacks.recordWaiting(registrationId, 'mobile-otp', 'token-otp', {
      district: 'Lucknow',
      slaSeconds: 900,
      waitingOn: { kind: 'applicant' },
    });
    await recordStatusChange(
      {
        clock: { now: () => Date.parse('2026-11-20T10:00:00Z') },
        ledger: { record: async () => true } as unknown as ExecutionLedger,
        registry,
        imports: {} as Imports,
        waits: table.waits,
        workflows: { registration: registrationArn, rosterImport: 'x' },
      },
      {
        executionArn: `${registrationArn}:${registrationId}`,
        stateMachineArn: registrationArn,
        name: registrationId,
        status: 'FAILED',
        startDate: 0,
        stopDate: 1,
      },
    );
    expect([...table.items.keys()]).toEqual(['mobile-otp']);
  });
});

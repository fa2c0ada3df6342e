import { describe, expect, it } from 'vitest';
import { sequenceOf, timelineOf } from '../../functions/core/executions.js';
import { recordStatusChange } from '../../functions/core/use-cases/executions.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import type { ExecutionEntry, ExecutionStatus } from '../../functions/ports/executions.js';
import type { Registration, TransitionRequest } from '../../functions/ports/registry.js';

const at = (second: number) => new Date(Date.UTC(2026, 10, 24, 5, 0, second)).toISOString();

describe('execution status order', () => {
  it('puts the end of a round after its start, and every redrive after what came before', () => {
    expect(sequenceOf('RUNNING', 0)).toBeLessThan(sequenceOf('FAILED', 0));
    expect(sequenceOf('FAILED', 0)).toBeLessThan(sequenceOf('RUNNING', 1));
    expect(sequenceOf('RUNNING', 1)).toBeLessThan(sequenceOf('SUCCEEDED', 1));
    expect(sequenceOf('ABORTED', 0)).toBe(sequenceOf('FAILED', 0));
  });
});

describe('an execution timeline', () => {
  it("pairs each state's entry and exit, keeps the errors of failed attempts, and marks where it failed", () => {
    const timeline = timelineOf([
      { type: 'ExecutionStarted', at: at(0) },
      { type: 'TaskStateEntered', at: at(1), state: 'SendMobileOtp' },
      { type: 'TaskStateExited', at: at(4), state: 'SendMobileOtp' },
      { type: 'TaskStateEntered', at: at(5), state: 'IssueCard' },
      { type: 'TaskFailed', at: at(6), error: 'ProviderUnavailableError' },
      { type: 'TaskFailed', at: at(8), error: 'SmsRejectedError' },
      { type: 'ExecutionFailed', at: at(8), error: 'SmsRejectedError' },
    ]);
    expect(timeline.steps).toEqual([
      { state: 'SendMobileOtp', enteredAt: at(1), exitedAt: at(4), durationMs: 3000, outcome: 'done', errors: [] },
      { state: 'IssueCard', enteredAt: at(5), outcome: 'failed', errors: ['ProviderUnavailableError', 'SmsRejectedError'] },
    ]);
    expect(timeline.end).toEqual({ type: 'ExecutionFailed', at: at(8), error: 'SmsRejectedError' });
  });

  it('shows a redriven state twice, the failed attempt and the one that ran again, and no end while it runs', () => {
    const timeline = timelineOf([
      { type: 'TaskStateEntered', at: at(1), state: 'IssueCard' },
      { type: 'ExecutionFailed', at: at(2), error: 'SmsRejectedError' },
      { type: 'ExecutionRedriven', at: at(10) },
      { type: 'TaskStateEntered', at: at(10), state: 'IssueCard' },
    ]);
    expect(timeline.steps.map((step) => step.outcome)).toEqual(['failed', 'waiting']);
    expect(timeline.redrives).toEqual([at(10)]);
    expect(timeline.end).toBeUndefined();
  });
});

describe('a registration following its execution', () => {
  const registrationArn = 'arn:aws:states:ap-south-1:000000000000:stateMachine:healthcard-registration';
  const name = '00000000-0000-4000-8000-000000000001';
  /** A ledger that keeps the highest change, as its conditional write does, and a registry that notes each move asked. */
  const world = (status: RegistrationStatus, held?: { status: ExecutionStatus; redriveCount: number }) => {
    const moves: string[] = [];
    let entry: ExecutionEntry | undefined =
      held === undefined
        ? undefined
        : {
            workflow: 'registration',
            name,
            executionArn: `${registrationArn}:${name}`,
            status: held.status,
            startedAt: at(0),
            redriveCount: held.redriveCount,
            sequence: sequenceOf(held.status, held.redriveCount),
          };
    let registration = { registrationId: name, status, district: 'Lucknow', scheme: 'up-sects' } as Registration;
    const deps = {
      clock: { now: () => Date.parse(at(60)) },
      workflows: {
        registration: registrationArn,
        rosterImport: 'arn:aws:states:ap-south-1:000000000000:stateMachine:healthcard-roster-import',
      },
      imports: { get: async () => undefined },
      waits: { clear: async () => undefined },
      ledger: {
        get: async () => entry,
        record: async (next: ExecutionEntry) => {
          if (entry !== undefined && entry.sequence >= next.sequence) return false;
          entry = next;
          return true;
        },
        list: async () => ({ entries: [] }),
        relocate: async () => undefined,
      },
      registry: {
        getRegistration: async () => registration,
        transition: async (_id: string, request: TransitionRequest) => {
          moves.push(`${registration.status}>${request.to}`);
          registration = { ...registration, status: request.to, ...request.set } as Registration;
          return registration;
        },
      },
    };
    const deliver = (status: ExecutionStatus, redriveCount: number) =>
      recordStatusChange(deps, {
        executionArn: `${registrationArn}:${name}`,
        stateMachineArn: registrationArn,
        name,
        status,
        startDate: Date.parse(at(0)),
        redriveCount,
        cause: 'district-admin-1: roster entry under inquiry',
      });
    return { moves, deliver, registration: () => registration };
  };

  it('is stopped by a stop, once however often it is delivered, and put back by the redrive', async () => {
    const { moves, deliver, registration } = world('PENDING_APPROVAL', { status: 'RUNNING', redriveCount: 0 });
    await deliver('ABORTED', 0);
    await deliver('ABORTED', 0);
    expect(registration().status).toBe('STOPPED');
    await deliver('RUNNING', 1);
    expect(moves).toEqual(['PENDING_APPROVAL>STOPPED', 'STOPPED>PENDING_APPROVAL']);
  });

  it('is not stopped by a stop delivered after the redrive that followed it, nor when it has ended', async () => {
    const late = world('PENDING_APPROVAL', { status: 'RUNNING', redriveCount: 1 });
    await late.deliver('ABORTED', 0);
    expect(late.moves).toEqual([]);
    const ended = world('CARD_ISSUED', { status: 'RUNNING', redriveCount: 0 });
    await ended.deliver('ABORTED', 0);
    expect(ended.moves).toEqual([]);
  });
});

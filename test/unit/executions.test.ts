import { describe, expect, it } from 'vitest';
import { sequenceOf, timelineOf } from '../../functions/core/executions.js';

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
  it('pairs each state\'s entry and exit, keeps the errors of failed attempts, and marks where it failed', () => {
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

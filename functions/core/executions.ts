// Executions as admins see them: the order of status changes, and one execution's timeline. Pure.
import type { ExecutionStatus, HistoryStep } from '../ports/executions.js';

/**
 * A status change's place in the execution's life: each redrive starts a new round, and within a round the
 * end follows the start. EventBridge may deliver changes late or twice; the ledger keeps the highest.
 */
export const sequenceOf = (status: ExecutionStatus, redriveCount: number): number => redriveCount * 2 + (status === 'RUNNING' ? 0 : 1);

export interface TimelineStep {
  readonly state: string;
  readonly enteredAt: string;
  readonly exitedAt?: string;
  readonly durationMs?: number;
  /** `done`, `waiting` (entered, not yet left: a callback task waits here), `failed`. */
  readonly outcome: 'done' | 'waiting' | 'failed';
  /** Error names of the attempts that failed in this state (retried or final). */
  readonly errors: readonly string[];
}

export interface Timeline {
  readonly steps: readonly TimelineStep[];
  readonly redrives: readonly string[];
  readonly end?: { readonly type: string; readonly at: string; readonly error?: string };
}

const ends = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** One execution's states in order, from its history: when each was entered and left, and what failed in it. */
export const timelineOf = (events: readonly HistoryStep[]): Timeline => {
  const steps: { state: string; enteredAt: string; exitedAt?: string; errors: string[]; failed: boolean }[] = [];
  const redrives: string[] = [];
  let end: Timeline['end'];
  for (const event of events) {
    const open = steps.at(-1);
    if (event.type.endsWith('StateEntered') && event.state !== undefined) {
      steps.push({ state: event.state, enteredAt: event.at, errors: [], failed: false });
    } else if (event.type.endsWith('StateExited') && event.state !== undefined) {
      const step = [...steps].reverse().find((candidate) => candidate.state === event.state && candidate.exitedAt === undefined);
      if (step !== undefined) step.exitedAt = event.at;
    } else if (
      (event.type === 'TaskFailed' || event.type === 'LambdaFunctionFailed' || event.type === 'TaskTimedOut') &&
      open !== undefined
    ) {
      open.errors.push(event.error ?? event.type);
    } else if (event.type === 'ExecutionRedriven') {
      redrives.push(event.at);
      end = undefined;
      // The state it stopped in is entered again after a redrive; the first attempt stays in the timeline as failed.
    } else if (ends.has(event.type)) {
      end = { type: event.type, at: event.at, ...(event.error === undefined ? {} : { error: event.error }) };
      const last = steps.at(-1);
      if (event.type !== 'ExecutionSucceeded' && last !== undefined && last.exitedAt === undefined) last.failed = true;
    }
  }
  return {
    steps: steps.map((step) => ({
      state: step.state,
      enteredAt: step.enteredAt,
      ...(step.exitedAt === undefined
        ? {}
        : { exitedAt: step.exitedAt, durationMs: Date.parse(step.exitedAt) - Date.parse(step.enteredAt) }),
      outcome: step.exitedAt !== undefined ? 'done' : step.failed ? 'failed' : 'waiting',
      errors: step.errors,
    })),
    redrives,
    ...(end === undefined ? {} : { end }),
  };
};

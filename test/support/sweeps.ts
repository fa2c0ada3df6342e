// The wait sweep as its schedule runs it (the function's own environment and clock), and a time of this Indian day
// when reminders and the field workers' daily SMS go out, for tests that send them with a clock of their own.
import { withFunctionEnvironment } from '../../functions/config.js';
import type { TestStack } from './stack.js';

const istOffsetMs = 330 * 60_000;

export const sweepWaitsOnce = (env: TestStack) =>
  withFunctionEnvironment(env.stack.environments.sweepWaits, async () => {
    const { handler } = await import('../../functions/executions/sweep-waits.js');
    return handler();
  });

/** Now, when it is between 09:00 and 21:00 in India; else 09:01 or 20:59 IST of this Indian day. */
export const reminderTimeToday = (): number => {
  const now = Date.now();
  const hourIst = new Date(now + istOffsetMs).getUTCHours();
  const dayStartUtc = Date.parse(`${new Date(now + istOffsetMs).toISOString().slice(0, 10)}T00:00:00Z`) - istOffsetMs;
  return hourIst < 9 ? dayStartUtc + 9 * 3_600_000 + 60_000 : hourIst >= 21 ? dayStartUtc + 21 * 3_600_000 - 60_000 : now;
};

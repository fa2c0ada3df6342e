// The benchmark's side of bench/stack-child.ts: start the instrumented stack in a child process, read its
// counters, stop it. Clients for the stack's endpoints come with it, as tests reach a stack.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectTo, type StackClient } from '../test/support/stack.js';
import type { Endpoints } from '../local/stack.js';
import { projectRoot } from '../local/stack.js';
import type { Counters } from './instrument.js';

export interface BenchStack extends StackClient {
  /** The counters since the last reset (and reset them when asked), with the stack process's memory. */
  counters(reset?: boolean): Promise<{ counters: Counters; rssBytes: number; cpu: { stack: number; dynamodbLocal: number } }>;
  stop(): Promise<void>;
}

/**
 * The benchmarks' one portal and one address stand for a whole state's traffic: past the default per-client and
 * per-address limits on SMS-sending routes (a state portal would be configured so; per-mobile limits stay).
 */
const benchRateLimits = {
  'sms-sending': { perClient: { limit: 1_000_000, windowSeconds: 60 }, perSourceIp: { limit: 1_000_000, windowSeconds: 60 } },
};

export const startBenchStack = async (
  options: { env?: Record<string, string>; scheduleSeconds?: Record<string, number> } = {},
): Promise<BenchStack> => {
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), join(projectRoot, 'bench/stack-child.ts')], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
    // BENCH_STACK_NODE_OPTIONS: e.g. --cpu-prof --cpu-prof-dir=/tmp/profiles, to see where the stack's time goes.
    env: {
      ...process.env,
      BENCH_STACK_ENV: JSON.stringify({ RATE_LIMITS: JSON.stringify(benchRateLimits), ...options.env }),
      BENCH_STACK_SCHEDULE_SECONDS: JSON.stringify(options.scheduleSeconds ?? {}),
      ...(process.env.BENCH_STACK_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.BENCH_STACK_NODE_OPTIONS }),
    },
  });
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    for (;;) {
      const { value, done } = await answers.next();
      if (done === true) throw new Error('the benchmark stack process ended early');
      const line = String(value);
      if (line.startsWith('@bench ')) return JSON.parse(line.slice('@bench '.length)) as T;
    }
  };
  // One request at a time: answers come back in order.
  let queue: Promise<unknown> = Promise.resolve();
  const request = <T>(command: Record<string, unknown>): Promise<T> => {
    const result = queue.then(() => {
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return next<T>();
    });
    queue = result.catch(() => undefined);
    return result;
  };
  const { endpoints } = await next<{ endpoints: Endpoints }>();
  const client = connectTo(endpoints);
  return {
    ...client,
    counters: (reset = false) => request({ op: 'counters', reset }),
    stop: async () => {
      client.disconnect();
      const exited = once(child, 'exit');
      await request({ op: 'stop' });
      await exited;
    },
  };
};

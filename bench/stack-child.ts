// The embedded stack in a process of its own, instrumented (bench/instrument.ts), for the registration,
// transition and load benchmarks: the driver's own work stays out of the stack's event loop. Protocol: one
// JSON object per line; answers go to stdout prefixed with `@bench ` (everything else written there — the
// handlers' log lines — is counted as log bytes and dropped). Commands on stdin: {"op":"counters","reset":bool},
// {"op":"stop"}. Environment: BENCH_STACK_ENV (JSON) — more environment for the handlers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStack } from '../local/stack.js';
import { countLogBytes, currentCounters, instrumentStack } from './instrument.js';

const write = process.stdout.write.bind(process.stdout);
const answer = (message: unknown) => write(`@bench ${JSON.stringify(message)}\n`);

/** CPU seconds used so far by this process (handlers, local Step Functions, gateway, s3rver) and by DynamoDB Local's JVM. */
const cpuSeconds = () => {
  const own = process.cpuUsage();
  // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${stack.endpoints.dynamodb.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { stack: (own.user + own.system) / 1e6, dynamodbLocal: (Number(fields[11]) + Number(fields[12])) / 100 };
};

const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-bench-stack-'));
const extraEnv = JSON.parse(process.env.BENCH_STACK_ENV ?? '{}') as Record<string, string>;
// BENCH_STACK_SCHEDULE_SECONDS (JSON): embedded schedules compressed with the waits (bench/load's wait sweep).
const scheduleSeconds = JSON.parse(process.env.BENCH_STACK_SCHEDULE_SECONDS ?? '{}') as Record<string, number>;
const stack = await startStack({ memory: true, dataDir, ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 }, extraEnv, scheduleSeconds });
const instruments = await instrumentStack();
countLogBytes(currentCounters);
answer({ endpoints: stack.endpoints });

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { op: 'counters' | 'stop'; reset?: boolean };
  if (command.op === 'counters')
    answer({ counters: instruments.snapshot(command.reset === true), rssBytes: process.memoryUsage().rss, cpu: cpuSeconds() });
  if (command.op === 'stop') {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    answer({ stopped: true });
    process.exit(0);
  }
}

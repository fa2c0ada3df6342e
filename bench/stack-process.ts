// The embedded stack alone in its own process, so a benchmark can read its memory apart from the benchmark's
// own: prints its endpoints as one JSON line; on "mark" (stdin) starts a new peak, e.g. once a file is uploaded
// (s3rver, the S3 stand-in, holds an upload in memory); on "report" prints the peaks and exits.
// BENCH_FUNCTION_PROCESSES (JSON, StackOptions.functionProcesses): functions run in execution environments of
// their own; the report then gives each one's peak (Lambda's Max Memory Used), and the whole stack's peak is
// of this process and those environments added up, sampled together.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStack, type StackOptions } from '../local/stack.js';

/** This process's peak resident memory (VmHWM; getrusage's maxRSS starts at the parent's size on Linux). */
const lifetimePeakRssBytes = () => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;

const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-bench-stack-'));
const functionProcesses = JSON.parse(process.env.BENCH_FUNCTION_PROCESSES ?? '{}') as NonNullable<StackOptions['functionProcesses']>;
const stack = await startStack({ memory: true, dataDir, ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 }, functionProcesses });
process.stdout.write(`${JSON.stringify({ endpoints: stack.endpoints, idleRssBytes: process.memoryUsage().rss })}\n`);
let peakSinceMark = 0;
let wholePeakSinceMark = 0;
setInterval(() => {
  const own = process.memoryUsage().rss;
  peakSinceMark = Math.max(peakSinceMark, own);
  wholePeakSinceMark = Math.max(wholePeakSinceMark, own + stack.lambdas.environmentsRssBytes());
}, 50).unref();
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'mark') peakSinceMark = wholePeakSinceMark = process.memoryUsage().rss;
  if (line.trim() !== 'report') continue;
  // The whole life of this process, upload included.
  process.stdout.write(
    `${JSON.stringify({ peakRssBytes: peakSinceMark, wholePeakRssBytes: wholePeakSinceMark, lifetimePeakRssBytes: lifetimePeakRssBytes(), functions: stack.lambdas.memory() })}\n`,
  );
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

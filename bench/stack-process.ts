// The embedded stack alone in its own process, so a benchmark can read its memory apart from the benchmark's
// own: prints its endpoints as one JSON line; on "mark" (stdin) starts a new peak, e.g. once a file is uploaded
// (s3rver, the S3 stand-in, holds an upload in memory); on "report" prints the peaks and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStack } from '../local/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-bench-stack-'));
const stack = await startStack({ memory: true, dataDir, ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 } });
process.stdout.write(`${JSON.stringify({ endpoints: stack.endpoints, idleRssBytes: process.memoryUsage().rss })}\n`);
let peakSinceMark = 0;
setInterval(() => (peakSinceMark = Math.max(peakSinceMark, process.memoryUsage().rss)), 50).unref();
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'mark') peakSinceMark = process.memoryUsage().rss;
  if (line.trim() !== 'report') continue;
  // maxRSS is in kilobytes: the whole life of this process, upload included.
  process.stdout.write(`${JSON.stringify({ peakRssBytes: peakSinceMark, lifetimePeakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

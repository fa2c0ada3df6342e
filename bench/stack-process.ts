// The embedded stack alone in its own process, so a benchmark can read its memory apart from the benchmark's
// own: prints its endpoints as one JSON line, then on "report" (stdin) prints its peak RSS and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStack } from '../local/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-bench-stack-'));
const stack = await startStack({ memory: true, dataDir, ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 } });
process.stdout.write(`${JSON.stringify({ endpoints: stack.endpoints, idleRssBytes: process.memoryUsage().rss })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'report') continue;
  // maxRSS is in kilobytes: the whole life of this process, i.e. the stack idle and importing.
  process.stdout.write(`${JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

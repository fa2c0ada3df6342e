// Every project's setup file: while a test file runs, what its worker writes to stdout and stderr goes to that
// file's log (test-results/logs/, test-logs.ts) instead of the run's output. That is what bypasses vitest's
// console capture: Powertools Logger writes with process.stdout itself, the CDK announces each bundle on
// process.stderr. console.* stays vitest's. The privacy capture (privacy.ts captureLogs) tees on top of this.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, expect } from 'vitest';
import { testLogFile } from './test-logs.js';

type Write = typeof process.stdout.write;

const testPath = expect.getState().testPath;
if (testPath === undefined) throw new Error('quiet-output.ts runs as a vitest setup file, where the test file is known');
const file = testLogFile(testPath);
mkdirSync(dirname(file), { recursive: true });
const descriptor = openSync(file, 'w');
const originals = { out: process.stdout.write, err: process.stderr.write };
// Synchronous, so the log is whole when the reporter reads it, and in the order things happened.
const toFile = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  if (typeof chunk === 'string') writeSync(descriptor, chunk);
  else writeSync(descriptor, chunk);
  const callback = rest.find((argument) => typeof argument === 'function') as ((error?: Error | null) => void) | undefined;
  callback?.();
  return true;
}) as Write;
process.stdout.write = toFile;
process.stderr.write = toFile;

// Registered before the test file's own hooks, so it runs after its afterAll (a stack's stop logs too).
afterAll(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  closeSync(descriptor);
});

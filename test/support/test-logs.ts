// Where a test file's output goes: everything its worker writes to stdout and stderr (the stack's JSON logs, the
// CDK's and esbuild's bundling lines) lands in test-results/logs/, one file per test file, instead of the run's
// output. quiet-output.ts writes it; failed-logs-reporter.ts shows its tail when the file failed; the privacy
// project scans it. Node's own modules only: the reporter runs in vitest's main process.
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const testLogsDirectory = fileURLToPath(new URL('../../test-results/logs/', import.meta.url));

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** test/integration/x.test.ts → test-results/logs/integration/x.test.ts.log */
export const testLogFile = (testFile: string): string =>
  resolve(testLogsDirectory, `${relative(resolve(projectRoot, 'test'), resolve(testFile))}.log`);

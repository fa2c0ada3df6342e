// The integration project's global setup: the whole run's privacy captures (test/support/privacy.ts) and the
// integration files' logs (test-logs.ts) start from empty folders, so the privacy project, run after, reads this
// run's and no other's.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testLogsDirectory } from './test-logs.js';

export default function setup(): void {
  const directory = fileURLToPath(new URL('../../test-results/privacy/', import.meta.url));
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  rmSync(join(testLogsDirectory, 'integration'), { recursive: true, force: true });
}

// The integration project's global setup: the whole run's privacy captures (test/support/privacy.ts) start from
// an empty folder, so the privacy project, run after, reads this run's and no other's.
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const directory = fileURLToPath(new URL('../../test-results/privacy/', import.meta.url));
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
}

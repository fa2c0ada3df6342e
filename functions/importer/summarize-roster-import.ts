// Roster import task Summarize: counts, the rejects report, snapshot removals, the eligible population.
import * as z from 'zod';
import { createRosterImportDeps } from '../adapters/roster-import-factories.js';
import { summarizeImport } from '../core/use-cases/roster-import.js';
import { taskHandler } from '../tasks/task.js';

const deps = createRosterImportDeps();

export const handler = taskHandler(
  'Summarize',
  {
    importId: z.string().regex(/^[0-9a-f]{32}$/),
    // Set by the workflow's Catch when a step failed: Step Functions' own error shape.
    failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  },
  (input) => summarizeImport(deps, input),
);

// Roster import task Summarize: counts, the rejects report, snapshot removals, the eligible population; then, where
// the district has a field force, every campaign of the district assigned again (docs/field-force.md).
import * as z from 'zod';
import { createRosterImportDeps } from '../adapters/roster-import-factories.js';
import { createCampaigns, createFieldForce, createProgress, systemClock } from '../adapters/table-factories.js';
import { summarizeImport } from '../core/use-cases/roster-import.js';
import { assignAfterImport } from '../core/use-cases/field-force.js';
import { taskHandler } from '../tasks/task.js';

const deps = createRosterImportDeps();
const fieldForceDeps = {
  fieldForce: createFieldForce(),
  campaigns: createCampaigns(),
  people: deps.people,
  progress: createProgress(),
  clock: systemClock,
};

export const handler = taskHandler(
  'Summarize',
  {
    importId: z.string().regex(/^[0-9a-f]{32}$/),
    // Set by the workflow's Catch when a step failed: Step Functions' own error shape.
    failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  },
  async (input) => {
    const summary = await summarizeImport(deps, input);
    const record = summary.status === 'DONE' ? await deps.imports.get(input.importId) : undefined;
    if (record?.district !== undefined) await assignAfterImport(fieldForceDeps, record.district, record.scheme);
    return summary;
  },
);

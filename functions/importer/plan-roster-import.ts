// Roster import task PlanChunks: the file refused (with a report) or cut into record-aligned byte ranges.
import * as z from 'zod';
import { createRosterPlanDeps } from '../adapters/roster-plan-factories.js';
import { planImport } from '../core/use-cases/roster-import.js';
import { taskHandler } from '../tasks/task.js';

const deps = createRosterPlanDeps();

export const handler = taskHandler('PlanChunks', { importId: z.string().regex(/^[0-9a-f]{32}$/) }, (input) =>
  planImport(deps, input.importId),
);

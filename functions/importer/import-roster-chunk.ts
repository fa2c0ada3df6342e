// Roster import task ImportChunk: one byte range of the file to people, rejects and progress.
import * as z from 'zod';
import { createRosterImportDeps } from '../adapters/roster-import-factories.js';
import { importChunk } from '../core/use-cases/roster-import.js';
import { taskHandler } from '../tasks/task.js';

const deps = createRosterImportDeps();
const offset = z.number().int().min(0);

export const handler = taskHandler(
  'ImportChunk',
  { importId: z.string().regex(/^[0-9a-f]{32}$/), index: offset, start: offset, end: offset, firstRow: z.number().int().min(1) },
  (input) => importChunk(deps, input),
);

// What the roster-import tasks need, built from configuration. Apart from factories.ts because reading roster
// files brings csv-parse and lib-storage: only the functions that read rosters bundle them. The .xlsx reader
// (exceljs, ~1.2 MB) is PlanChunks' alone: roster-plan-factories.ts.
import { importTuningShape, parseEnv } from '../config.js';
import { resources } from '../environment.js';
import type { RosterImportDeps } from '../core/use-cases/roster-import.js';
import { s3 } from './s3-client.js';
import { createImports, createPeople, systemClock } from './table-factories.js';
import { S3RosterFiles } from './s3-roster-files.js';

/** The sizing both engines set (infra/specs.ts importTuning). */
export const createRosterImportDeps = (): RosterImportDeps => {
  const tuning = parseEnv(importTuningShape);
  return {
    imports: createImports(),
    people: createPeople(),
    files: new S3RosterFiles(s3, parseEnv(resources.bucket.reports.shape).REPORT_BUCKET_NAME),
    clock: systemClock,
    tuning: { chunkBytes: tuning.IMPORT_CHUNK_BYTES, concurrency: tuning.IMPORT_CONCURRENCY, batchRows: tuning.IMPORT_BATCH_ROWS },
  };
};

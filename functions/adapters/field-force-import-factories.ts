// What importing a field-force roster needs: the table, the report bucket, and both readers (CSV and .xlsx): a
// field-force roster is read whole in the function its upload event reaches (functions/importer/on-roster-uploaded.ts).
import { Readable } from 'node:stream';
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import type { FieldForceImportDeps } from '../core/use-cases/field-force-roster.js';
import { csvRecords } from './roster-readers.js';
import { ExcelJsRosterWorkbooks } from './roster-workbooks.js';
import { s3 } from './s3-client.js';
import { S3RosterFiles } from './s3-roster-files.js';
import { createCampaigns, createFieldForce, createImports, createPeople, createProgress, systemClock } from './table-factories.js';

export const createFieldForceImportDeps = (): FieldForceImportDeps => {
  const files = new S3RosterFiles(s3, parseEnv(resources.bucket.reports.shape).REPORT_BUCKET_NAME);
  const workbooks = new ExcelJsRosterWorkbooks(files);
  return {
    imports: createImports(),
    fieldForce: createFieldForce(),
    campaigns: createCampaigns(),
    people: createPeople(),
    progress: createProgress(),
    files,
    records: (object, format) => (format === 'xlsx' ? workbooks.records(object) : csvRecords(Readable.from(files.bytes(object)))),
    clock: systemClock,
  };
};

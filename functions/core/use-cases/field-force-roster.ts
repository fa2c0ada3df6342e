// Importing a field-force roster dropped at rosters/field-force/{district}/{file}: each good row a worker (created
// or replaced), each bad row in the rejects report with its row and reason, the import recorded as other roster
// imports are (GET /v1/admin/imports/{id} shows its counts and report), then every campaign of the district
// assigned again. A field force is hundreds of rows, not lakhs: read in one pass, no chunks.
import { workerRows } from '../field-force-roster.js';
import type { SourceRecord } from '../roster/records.js';
import type { ImportCounts, Imports } from '../../ports/imports.js';
import type { RosterFiles, RosterObject } from '../../ports/roster-files.js';
import { assignAfterImport, workerOf, type FieldForceDeps } from './field-force.js';
import { rejectsReportKey } from './roster-import.js';

export interface FieldForceImportDeps extends FieldForceDeps {
  readonly imports: Pick<Imports, 'get' | 'refused' | 'finished'>;
  readonly files: Pick<RosterFiles, 'writeReport'>;
  /** The file's records, numbered as spreadsheet rows (CSV or the first sheet of an .xlsx). */
  readonly records: (object: RosterObject, format: 'csv' | 'xlsx') => AsyncIterable<SourceRecord>;
}

const sameWorker = (a: object, b: object | undefined): boolean => {
  if (b === undefined) return false;
  const { updatedAt: _a, updatedBy: _b, ...left } = a as Record<string, unknown>;
  const { updatedAt: _c, updatedBy: _d, ...right } = b as Record<string, unknown>;
  return JSON.stringify(left, Object.keys(left).sort()) === JSON.stringify(right, Object.keys(right).sort());
};

export const importFieldForceRoster = async (
  deps: FieldForceImportDeps,
  upload: { readonly importId: string; readonly object: RosterObject; readonly district: string; readonly format: 'csv' | 'xlsx' },
): Promise<ImportCounts | undefined> => {
  const record = await deps.imports.get(upload.importId);
  // A repeated event of an import already done: nothing again.
  if (record === undefined || record.status !== 'RECEIVED') return undefined;
  const started = deps.clock.now();
  const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, removed: 0 };
  const rejects: string[][] = [];
  let header: readonly string[] = [];
  const seen = new Set<string>();
  const report = rejectsReportKey(upload.importId);
  for await (const row of workerRows(deps.records(upload.object, upload.format), upload.district)) {
    if ('header' in row) {
      header = row.header;
      continue;
    }
    if ('refused' in row) {
      await deps.files.writeReport(
        report,
        [
          ['row', 'column', 'reason'],
          ['1', '', row.refused.message],
        ],
        { forPeople: true },
      );
      await deps.imports.refused(upload.importId, row.refused, report, new Date(deps.clock.now()).toISOString());
      return undefined;
    }
    counts.read += 1;
    if (!row.ok) {
      counts.rejected += 1;
      rejects.push([
        String(row.rowNumber),
        row.problems.map((problem) => problem.column).join(', '),
        row.problems.map((problem) => problem.reason).join(' '),
        ...row.raw,
      ]);
      continue;
    }
    if (seen.has(row.workerId)) {
      counts.duplicates += 1;
      continue;
    }
    seen.add(row.workerId);
    const worker = workerOf(row.workerId, row.worker, `import:${upload.importId}`, deps.clock.now());
    const existing = await deps.fieldForce.getWorker(row.workerId);
    if (sameWorker(worker, existing)) {
      counts.unchanged += 1;
      continue;
    }
    await deps.fieldForce.putWorker(worker);
    if (existing === undefined) counts.inserted += 1;
    else counts.updated += 1;
  }
  if (rejects.length > 0) await deps.files.writeReport(report, [['row', 'column', 'reason', ...header], ...rejects], { forPeople: true });
  const finishedAt = deps.clock.now();
  await deps.imports.finished(upload.importId, {
    status: 'DONE',
    counts,
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - started,
    ...(rejects.length > 0 ? { rejectsReport: report } : {}),
  });
  await assignAfterImport(deps, upload.district);
  return counts;
};

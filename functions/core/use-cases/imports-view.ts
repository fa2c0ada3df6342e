// What admins see of roster imports: a list per district (newest first) and one import's counts, progress and
// reports. A district admin sees their districts' imports; a state admin every district's. An import the caller
// may not see is reported as not found.
import { NotFoundError } from '../errors.js';
import { adminSees, listDistrict } from './access.js';
import type { Caller } from '../identity.js';
import type { ImportRecord, Imports } from '../../ports/imports.js';
import type { RosterFiles } from '../../ports/roster-files.js';

export interface ImportsViewDeps {
  readonly imports: Imports;
  readonly files: Pick<RosterFiles, 'reportLink'>;
}

const reportLinkSeconds = 15 * 60;

const canSee = (caller: Caller, record: ImportRecord) => adminSees(caller, record.district);

/** The list item: enough to see at a glance what landed, what did not, and what is still moving. */
export const importSummary = (record: ImportRecord) => ({
  importId: record.importId,
  status: record.status,
  key: record.key,
  ...(record.scheme === undefined ? {} : { scheme: record.scheme }),
  ...(record.district === undefined ? {} : { district: record.district }),
  ...(record.rosterType === undefined ? {} : { rosterType: record.rosterType }),
  snapshot: record.snapshot ?? false,
  receivedAt: record.receivedAt,
  ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
  ...(record.counts === undefined ? {} : { counts: record.counts }),
  progress: {
    chunks: record.chunks ?? 0,
    chunksDone: record.chunksDone ?? 0,
    bytes: record.size,
    bytesDone: record.status === 'DONE' ? record.size : (record.bytesDone ?? 0),
    rowsRead: record.counts?.read ?? record.rowsRead ?? 0,
    rowsRejected: record.counts?.rejected ?? record.rowsRejected ?? 0,
    percent:
      record.status === 'DONE' || record.status === 'REFUSED'
        ? 100
        : record.size === 0
          ? 0
          : Math.floor((100 * (record.bytesDone ?? 0)) / record.size),
  },
  ...(record.refusal === undefined
    ? record.reason === undefined
      ? {}
      : { refusal: { code: 'BAD_KEY', message: record.reason } }
    : { refusal: record.refusal }),
  ...(record.failure === undefined ? {} : { failure: record.failure }),
});

export const listImports = async (
  deps: ImportsViewDeps,
  caller: Caller,
  query: { district?: string; key?: string; since?: string; limit: number; cursor?: string },
) => {
  const district = listDistrict(caller, query.district);
  const page = await deps.imports.list({
    ...(district === undefined ? {} : { district }),
    ...(query.key === undefined ? {} : { key: query.key }),
    ...(query.since === undefined ? {} : { since: query.since }),
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { items: page.imports.map(importSummary), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
};

export const viewImport = async (deps: ImportsViewDeps, caller: Caller, importId: string, now: number) => {
  const record = await deps.imports.get(importId);
  if (record === undefined || !canSee(caller, record)) throw new NotFoundError({ code: 'IMPORT_NOT_FOUND', message: 'No such import.' });
  const report =
    record.rejectsReport === undefined
      ? {}
      : {
          rejectsReport: {
            url: await deps.files.reportLink(record.rejectsReport, reportLinkSeconds),
            expiresAt: new Date(now + reportLinkSeconds * 1000).toISOString(),
          },
        };
  return {
    ...importSummary(record),
    ...(record.versionId === undefined ? {} : { versionId: record.versionId }),
    size: record.size,
    ...(record.format === undefined ? {} : { format: record.format }),
    ...(record.columns === undefined ? {} : { columns: record.columns }),
    ...(record.startedAt === undefined ? {} : { startedAt: record.startedAt }),
    ...(record.durationMs === undefined ? {} : { durationMs: record.durationMs }),
    ...(record.eligibleAfter === undefined ? {} : { eligibleAfter: record.eligibleAfter }),
    ...report,
  };
};

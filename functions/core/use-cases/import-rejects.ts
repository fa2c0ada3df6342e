// An import's rejects report as rows in the page (GET /v1/admin/imports/{id}/rejects): the same CSV the report
// link gives (row, column, reason, then the row's own cells under the file's headers), read and answered a page
// at a time. Private columns (a mobile number; anything named Aadhaar, which no imported file can carry) are left
// out of `fields`; Aadhaar numbers inside cells were masked when the report was written.
import { parse } from 'csv-parse/sync';
import { decodePosition, encodePosition } from '../drill-down.js';
import { NotFoundError } from '../errors.js';
import { isPrivateHeader } from '../roster/columns.js';
import type { Caller } from '../identity.js';
import type { ImportRecord, Imports } from '../../ports/imports.js';
import type { RosterFiles } from '../../ports/roster-files.js';
import { adminSees } from './access.js';

export interface ImportRejectsDeps {
  readonly imports: Pick<Imports, 'get'>;
  readonly files: Pick<RosterFiles, 'readBytes'>;
}

/** What kind of reject a report line is, from its column cell (the importer's markers) and reason. */
export const rejectCodeOf = (record: Pick<ImportRecord, 'refusal' | 'status'>, column: string, reason: string): string => {
  if (record.status === 'REFUSED') return record.refusal?.code ?? 'FILE_REFUSED';
  if (column === '(file)') return 'FILE_UNREADABLE';
  if (column === '(row)') return /^Row \d+ of this file gives the same person/.test(reason) ? 'ROW_CONFLICT' : 'ROW_INCOMPLETE';
  return 'INVALID_VALUES';
};

export const importRejects = async (
  deps: ImportRejectsDeps,
  caller: Caller,
  importId: string,
  query: { readonly limit: number; readonly cursor?: string | undefined },
) => {
  const record = await deps.imports.get(importId);
  if (record === undefined || !adminSees(caller, record.district))
    throw new NotFoundError({ code: 'IMPORT_NOT_FOUND', message: 'No such import.' });
  const { offset } = decodePosition(query.cursor);
  if (record.rejectsReport === undefined) return { importId, total: 0, items: [] };
  // Rejects reports are the rows that failed, not the file: read whole, a page answered.
  const lines = parse(Buffer.from(await deps.files.readBytes(record.rejectsReport)), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const [header = [], ...rows] = lines;
  const shown = header.slice(3).flatMap((name, index) => (isPrivateHeader(name) ? [] : [{ name, index: index + 3 }]));
  const items = rows.slice(offset, offset + query.limit).map((line) => {
    const [row = '', column = '', reason = ''] = line;
    return {
      row: Number(row),
      code: rejectCodeOf(record, column, reason),
      columns: column.startsWith('(') || column === '' ? [] : column.split(', '),
      reason,
      fields: Object.fromEntries(shown.map(({ name, index }) => [name, line[index] ?? ''])),
    };
  });
  const next = offset + query.limit < rows.length ? encodePosition({ part: 0, offset: offset + query.limit }) : undefined;
  return { importId, total: rows.length, items, ...(next === undefined ? {} : { cursor: next }) };
};

// Roster records to people and rejects: the header row mapped once, each row validated on its own, so one bad
// row never stops the good ones. Pure: the records come from a reader (functions/adapters/roster-readers.ts).
import { headerLimits, planHeaders, type HeaderPlan, type RosterField } from './columns.js';
import { looksLikeAadhaar, rejectCell, rowToPerson, type RowProblem } from './rows.js';
import type { Person } from '../person.js';
import type { RosterType } from '../schemes.js';

/** One record of the file as read, numbered as a spreadsheet shows it. */
export type SourceRecord =
  | { readonly row: number; readonly cells: readonly string[] }
  /** A record the reader could not split into cells: reported with the reader's error code (csv-parse's CSV_*). */
  | { readonly row: number; readonly unreadable: string };

export type ParsedRow =
  | { readonly rowNumber: number; readonly ok: true; readonly person: Person }
  | {
      readonly rowNumber: number;
      readonly ok: false;
      readonly problems: readonly RowProblem[];
      readonly raw: readonly string[];
      readonly personId?: string;
    };

export interface RosterContext {
  readonly scheme: string;
  readonly rosterType: RosterType;
  readonly district: string;
  readonly thisYear: number;
}

export class RosterRefusedError extends Error {
  override name = 'RosterRefusedError';
  constructor(readonly plan: Extract<HeaderPlan, { ok: false }>) {
    super(plan.message);
  }
}

/**
 * A file that cannot be read as a roster at all (an .xlsx that is no zip, inflates too far, or compresses like no
 * spreadsheet): thrown by a reader, and the import is refused with `code` — a bad file is never a failed import.
 */
export class RosterUnreadableError extends Error {
  override name = 'RosterUnreadableError';
  readonly code: 'XLSX_UNREADABLE' | 'XLSX_TOO_LARGE' | 'XLSX_SUSPICIOUS_COMPRESSION';
  constructor({
    code,
    message,
    cause,
  }: { readonly code: RosterUnreadableError['code']; readonly message: string; readonly cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/**
 * A roster's records to people and rejects, one record at a time (header first): undefined for the header and
 * blank rows. Throws RosterRefusedError when the header is refused. Synchronous, so a batch of records is mapped
 * without an asynchronous hop per row.
 */
export const rosterRowMapper = (context: RosterContext): ((record: SourceRecord) => ParsedRow | undefined) => {
  let plan: Extract<HeaderPlan, { ok: true }> | undefined;
  // Problems name the column as the file's header does (लिंग, not gender): that is what the person fixing it sees.
  const headerOf = new Map<string, string>();
  let headerCells: readonly string[] = [];
  // The plan's columns as two arrays: read for every row, without an iterator and a pair per cell.
  let readIndexes: readonly number[] = [];
  let readFields: readonly RosterField[] = [];
  const named = (problems: readonly RowProblem[]) =>
    problems.map((problem) => ({ ...problem, column: headerOf.get(problem.column) ?? problem.column }));
  return (record) => {
    if ('unreadable' in record) {
      const reason =
        record.unreadable === 'CSV_QUOTE_NOT_CLOSED'
          ? 'A quote opened in this row is never closed, so the rest of the file could not be read as rows.'
          : `This row could not be read as CSV (${record.unreadable}).`;
      return { rowNumber: record.row, ok: false, problems: [{ column: '(row)', reason }], raw: [] };
    }
    const { cells } = record;
    if (cells.length > headerLimits.columns && plan !== undefined) {
      // A row far wider than any roster (the header was bounded): reported, and its cells not copied into the report.
      return {
        rowNumber: record.row,
        ok: false,
        problems: [{ column: '(row)', reason: `The row has ${cells.length} cells; a roster row has at most ${headerLimits.columns}.` }],
        raw: [],
      };
    }
    if (cells.every((cell) => cell.trim() === '')) return undefined;
    if (plan === undefined) {
      const planned = planHeaders(cells, context.rosterType);
      if (!planned.ok) throw new RosterRefusedError(planned);
      plan = planned;
      headerCells = cells;
      readIndexes = [...planned.columns.keys()];
      readFields = [...planned.columns.values()];
      for (const [index, field] of planned.columns) headerOf.set(field, (cells[index] ?? field).trim());
      return undefined;
    }
    const fields: Partial<Record<RosterField, string>> = {};
    for (let column = 0; column < readIndexes.length; column += 1) {
      const cell = cells[readIndexes[column] as number];
      if (cell !== undefined && cell !== '') fields[readFields[column] as RosterField] = cell;
    }
    // An Aadhaar number in a column we do not read is never stored either, but the row is refused so the
    // department learns its export carries them. Most cells are too short to hold one: nothing is allocated then.
    let aadhaarIn: number[] | undefined;
    for (let index = 0; index < cells.length; index += 1) {
      const cell = cells[index] as string;
      if (cell.length >= 12 && !plan.columns.has(index) && looksLikeAadhaar(cell.trim())) (aadhaarIn ??= []).push(index);
    }
    const checked = rowToPerson(fields, context);
    const result: typeof checked =
      aadhaarIn === undefined
        ? checked
        : {
            ok: false,
            problems: [
              ...(checked.ok ? [] : checked.problems),
              ...aadhaarIn.map((index) => ({
                column: headerCells[index]?.trim() || `column ${index + 1}`,
                reason: 'Holds what looks like an Aadhaar number; rosters must not carry Aadhaar.',
              })),
            ],
            ...(checked.ok ? { personId: checked.person.personId } : checked.personId === undefined ? {} : { personId: checked.personId }),
          };
    return result.ok
      ? { rowNumber: record.row, ok: true, person: result.person }
      : {
          rowNumber: record.row,
          ok: false,
          problems: named(result.problems),
          raw: cells.map(rejectCell),
          ...(result.personId === undefined ? {} : { personId: result.personId }),
        };
  };
};

/** People and rejects from a roster's records (header first). Throws RosterRefusedError when the header is refused. */
export async function* rosterRows(records: AsyncIterable<SourceRecord>, context: RosterContext): AsyncGenerator<ParsedRow> {
  const map = rosterRowMapper(context);
  for await (const record of records) {
    const row = map(record);
    if (row !== undefined) yield row;
  }
}

/** rosterRows over batches of records: a batch of people and rejects for each batch read. */
export async function* rosterRowBatches(
  batches: AsyncIterable<readonly SourceRecord[]>,
  context: RosterContext,
): AsyncGenerator<ParsedRow[]> {
  const map = rosterRowMapper(context);
  for await (const records of batches) {
    const rows: ParsedRow[] = [];
    for (const record of records) {
      const row = map(record);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}

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

/** People and rejects from a roster's records (header first). Throws RosterRefusedError when the header is refused. */
export async function* rosterRows(records: AsyncIterable<SourceRecord>, context: RosterContext): AsyncGenerator<ParsedRow> {
  let plan: Extract<HeaderPlan, { ok: true }> | undefined;
  // Problems name the column as the file's header does (लिंग, not gender): that is what the person fixing it sees.
  const headerOf = new Map<string, string>();
  let headerCells: readonly string[] = [];
  const named = (problems: readonly RowProblem[]) =>
    problems.map((problem) => ({ ...problem, column: headerOf.get(problem.column) ?? problem.column }));
  for await (const record of records) {
    if ('unreadable' in record) {
      const reason =
        record.unreadable === 'CSV_QUOTE_NOT_CLOSED'
          ? 'A quote opened in this row is never closed, so the rest of the file could not be read as rows.'
          : `This row could not be read as CSV (${record.unreadable}).`;
      yield { rowNumber: record.row, ok: false, problems: [{ column: '(row)', reason }], raw: [] };
      continue;
    }
    if (record.cells.length > headerLimits.columns && plan !== undefined) {
      // A row far wider than any roster (the header was bounded): reported, and its cells not copied into the report.
      yield {
        rowNumber: record.row,
        ok: false,
        problems: [
          { column: '(row)', reason: `The row has ${record.cells.length} cells; a roster row has at most ${headerLimits.columns}.` },
        ],
        raw: [],
      };
      continue;
    }
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    if (plan === undefined) {
      const planned = planHeaders(record.cells, context.rosterType);
      if (!planned.ok) throw new RosterRefusedError(planned);
      plan = planned;
      headerCells = record.cells;
      for (const [index, field] of planned.columns) headerOf.set(field, (record.cells[index] ?? field).trim());
      continue;
    }
    const fields: Partial<Record<RosterField, string>> = {};
    for (const [index, field] of plan.columns) {
      const cell = record.cells[index];
      if (cell !== undefined && cell !== '') fields[field] = cell;
    }
    // An Aadhaar number in a column we do not read is never stored either, but the row is refused so the
    // department learns its export carries them.
    const aadhaarIn = record.cells.flatMap((cell, index) => (!plan?.columns.has(index) && looksLikeAadhaar(cell.trim()) ? [index] : []));
    const checked = rowToPerson(fields, context);
    const result: typeof checked =
      aadhaarIn.length === 0
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
    yield result.ok
      ? { rowNumber: record.row, ok: true, person: result.person }
      : {
          rowNumber: record.row,
          ok: false,
          problems: named(result.problems),
          raw: record.cells.map(rejectCell),
          ...(result.personId === undefined ? {} : { personId: result.personId }),
        };
  }
}

// Streaming a roster file into people and rejects: csv-parse over a byte stream (BOM, CRLF, quoted commas and
// newlines, blank lines), the header row mapped once, each row validated on its own so one bad row never stops
// the good ones.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { planHeaders, type HeaderPlan, type RosterField } from '../core/roster/columns.js';
import { rejectCell, rowToPerson, type RowProblem } from '../core/roster/rows.js';
import type { Person } from '../core/person.js';

export type ParsedRow =
  | { readonly rowNumber: number; readonly ok: true; readonly person: Person }
  | { readonly rowNumber: number; readonly ok: false; readonly problems: readonly RowProblem[]; readonly raw: readonly string[] };

export interface RosterContext {
  readonly scheme: string;
  readonly rosterType: 'employees' | 'ration-card-families';
  readonly district: string;
  readonly thisYear: number;
}

export class RosterRefusedError extends Error {
  override name = 'RosterRefusedError';
  constructor(readonly plan: Extract<HeaderPlan, { ok: false }>) {
    super(plan.message);
  }
}

/** Rows of a whole file (header first). Row numbers are spreadsheet rows: the header is row 1, blank rows count. */
export async function* parseRoster(input: Readable, context: RosterContext): AsyncGenerator<ParsedRow> {
  const parser = input.pipe(
    // Blank lines are kept as records (and skipped below) so row numbers match the rows of the spreadsheet.
    parse({ bom: true, relax_column_count: true, relax_quotes: true, trim: true, info: true }),
  );
  let plan: Extract<HeaderPlan, { ok: true }> | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    if (record.every((cell) => cell === '')) continue;
    if (plan === undefined) {
      const planned = planHeaders(record, context.rosterType);
      if (!planned.ok) throw new RosterRefusedError(planned);
      plan = planned;
      continue;
    }
    const fields: Partial<Record<RosterField, string>> = {};
    for (const [index, field] of plan.columns) {
      const cell = record[index];
      if (cell !== undefined && cell !== '') fields[field] = cell;
    }
    const rowNumber = info.records;
    const result = rowToPerson(fields, context);
    yield result.ok
      ? { rowNumber, ok: true, person: result.person }
      : { rowNumber, ok: false, problems: result.problems, raw: record.map(rejectCell) };
  }
}

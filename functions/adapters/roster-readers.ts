// Reading CSV roster files: csv-parse turns bytes into records. .xlsx files are read once, when the import is
// planned, and copied as CSV (roster-workbooks.ts), so the chunk imports read CSV only and bundle no spreadsheet
// library. The mapping of records to people is core (functions/core/roster/records.ts).
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { rosterRows, type ParsedRow, type RosterContext, type SourceRecord } from '../core/roster/records.js';

/**
 * CSV records, in batches: whatever csv-parse has parsed when asked (the records of one read of the input, a
 * few hundred), so that a million-row file costs a few thousand asynchronous hops, not a million. `rowOf` maps
 * csv-parse's record count (1-based, blank records included) to the spreadsheet row; a chunk import that reads
 * the header and then a byte range from the middle of the file passes its offset.
 */
export async function* csvRecordBatches(
  input: Readable,
  rowOf: (record: number) => number = (record) => record,
): AsyncGenerator<SourceRecord[]> {
  const unreadable: SourceRecord[] = [];
  const parser = input.pipe(
    // Blank lines are kept as records (and skipped by the mapper) so row numbers match the spreadsheet's.
    // No `trim`: with it, csv-parse 7 stops at the first stray quote; the mapper trims cells instead.
    // No `info` or `raw`: records are counted here, and both cost a fifth of the parse on a million rows.
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      // Both, whichever the file starts with: files pasted together mix them, and the chunk planner splits on both.
      record_delimiter: ['\r\n', '\n'],
      skip_records_with_error: true,
      on_skip: (error) => {
        const records = (error as { records?: number } | undefined)?.records ?? 0;
        // The code, not the message: the message names a line of the bytes read, which differs chunk to chunk.
        unreadable.push({ row: rowOf(records + 1), unreadable: (error as { code?: string } | undefined)?.code ?? 'CSV_INVALID' });
        return undefined;
      },
    }),
  );
  // pipe() does not pass the input's errors on.
  input.once('error', (error) => parser.destroy(error));
  // Paused mode: every record parsed so far is taken with read() in one go; waited for only when none is left.
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  parser.on('readable', () => wake?.());
  parser.once('end', () => {
    ended = true;
    wake?.();
  });
  parser.once('error', (error) => {
    failure = error;
    wake?.();
  });
  let records = 0;
  for (;;) {
    const batch: SourceRecord[] = [];
    for (let cells = parser.read() as string[] | null; cells !== null; cells = parser.read() as string[] | null) {
      records += 1;
      const row = rowOf(records);
      // csv-parse reports a skipped record as it meets it, ahead of records still buffered: keep file order.
      while (unreadable[0] !== undefined && unreadable[0].row < row) batch.push(unreadable.shift() as SourceRecord);
      batch.push({ row, cells });
    }
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended) break;
    // read() has just returned null: the next record parsed, the end or an error wakes this.
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  if (unreadable.length > 0) yield unreadable.splice(0);
}

/** CSV records one by one (csvRecordBatches, flattened). */
export async function* csvRecords(input: Readable, rowOf?: (record: number) => number): AsyncGenerator<SourceRecord> {
  for await (const batch of csvRecordBatches(input, rowOf)) yield* batch;
}

/** A whole CSV file, header first. */
export const parseRoster = (input: Readable, context: RosterContext): AsyncGenerator<ParsedRow> => rosterRows(csvRecords(input), context);

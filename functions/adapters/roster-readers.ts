// Reading roster files: two readers turn bytes into records, csv-parse for CSV and exceljs's streaming
// WorkbookReader for .xlsx. The mapping of records to people is core (functions/core/roster/records.ts).
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { rosterRows, RosterUnreadableError, type ParsedRow, type RosterContext, type SourceRecord } from '../core/roster/records.js';
import { checkXlsx, xlsxLimits, type XlsxLimits } from './xlsx-limits.js';

/**
 * CSV records. `rowOf` maps csv-parse's record count (1-based, blank records included) to the spreadsheet row;
 * a chunk import that reads the header and then a byte range from the middle of the file passes its offset.
 */
export async function* csvRecords(input: Readable, rowOf: (record: number) => number = (record) => record): AsyncGenerator<SourceRecord> {
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
  let records = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    records += 1;
    const row = rowOf(records);
    // csv-parse reports a skipped record as it meets it, ahead of records still buffered: keep file order.
    while (unreadable[0] !== undefined && unreadable[0].row < row) yield unreadable.shift() as SourceRecord;
    yield { row, cells };
  }
  yield* unreadable.splice(0);
}

/**
 * A date cell as yyyy-mm-dd. exceljs turns a serial with a date format into a Date at UTC midnight (in either date
 * system, 1900 or 1904), counting from 30 December 1899 throughout; Excel's serials before 1 March 1900 count from
 * 31 December (its 29 February 1900), so those come a day early and are moved back. A serial without a date
 * format stays a number, and the row reader takes a whole number in a date column as a serial date.
 */
const dateText = (value: Date): string => {
  if (Number.isNaN(value.getTime())) return '';
  const corrected = value.getTime() < Date.UTC(1900, 2, 1) ? new Date(value.getTime() + 86_400_000) : value;
  return corrected.toISOString().slice(0, 10);
};

const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
};

/** The whole object, refusing one over `limit` bytes as it arrives (the zip's directory is at its end). */
const readAll = async (input: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += chunk.length;
    if (size > limit) {
      // Checked by checkXlsx with the figure in its message: only enough bytes to say so are kept.
      chunks.push(Buffer.from(chunk));
      break;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};

/**
 * Rows of the first worksheet of an .xlsx workbook (shared strings cached, dates as yyyy-mm-dd). The bytes are
 * checked before exceljs reads them (functions/adapters/xlsx-limits.ts): a file too big, a part that inflates
 * too far or compresses like no spreadsheet, or no zip at all is a RosterUnreadableError, as is a workbook exceljs
 * cannot parse.
 */
export async function* xlsxRecords(input: AsyncIterable<Uint8Array>, limits: XlsxLimits = xlsxLimits): AsyncGenerator<SourceRecord> {
  const zip = await readAll(input, limits.fileBytes);
  await checkXlsx(zip, limits);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([zip]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        // row.values is 1-based and sparse: index 0 is always empty.
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        yield { row: row.number, cells: Array.from(values, cellText) };
      }
      return; // the first worksheet is the roster
    }
  } catch (error) {
    if (error instanceof RosterUnreadableError) throw error;
    // exceljs's message may quote the sheet's XML, that is, people's data: not passed on.
    throw new RosterUnreadableError({
      code: 'XLSX_UNREADABLE',
      message: 'The file cannot be read as an .xlsx workbook. Save it again from Excel (or as CSV) and upload it again.',
    });
  }
}

/** A whole CSV file, header first. */
export const parseRoster = (input: Readable, context: RosterContext): AsyncGenerator<ParsedRow> => rosterRows(csvRecords(input), context);

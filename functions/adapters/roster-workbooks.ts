// Reading .xlsx rosters: exceljs's streaming WorkbookReader, after the file's bytes pass the checks of
// xlsx-limits.ts. Only PlanChunks reads workbooks (it copies the first sheet as CSV for the chunk imports), so
// only its bundle carries exceljs (~1.2 MB).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { RosterUnreadableError, type SourceRecord } from '../core/roster/records.js';
import type { RosterFiles, RosterObject, RosterWorkbooks } from '../ports/roster-files.js';
import { checkXlsx, xlsxLimits, type XlsxLimits } from './xlsx-limits.js';

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

export class ExcelJsRosterWorkbooks implements RosterWorkbooks {
  constructor(private readonly files: Pick<RosterFiles, 'bytes'>) {}

  records(object: RosterObject): AsyncIterable<SourceRecord> {
    return xlsxRecords(this.files.bytes(object));
  }
}

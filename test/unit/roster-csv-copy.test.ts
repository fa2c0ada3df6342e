// An .xlsx roster's rows copied as CSV when the import is planned: csv-parse (the chunks' reader) reads the copy
// back to the very cells the workbook reader gave, on the sheet's own row numbers, and the copy's ranges, planned
// small as it is written and then joined to the chunk size, read back to the same rows. The expected values are
// the rows fed in.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvRangePlanner, joinRanges } from '../../functions/core/roster/chunks.js';
import { csvCopyOf } from '../../functions/core/roster/csv-copy.js';
import type { SourceRecord } from '../../functions/core/roster/records.js';
import { csvRecords } from '../../functions/adapters/roster-readers.js';

type Row = { row: number; cells: string[] };

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

async function* from(rows: readonly Row[]) {
  yield* rows;
}

/** Rows as a workbook reader gives them: numbered as Excel shows them, rows without cells left out. */
const sheet: Row[] = [
  { row: 2, cells: ['Ration Card No', 'Member ID', 'Name', 'लिंग', 'District', 'Remarks'] },
  { row: 3, cells: ['UP1', '01', 'Kumar, Ramesh', 'M', 'Lucknow', 'line one\r\nline two'] },
  { row: 7, cells: ['UP1', '02', 'Sunita "Munni" Devi', 'F', 'Lucknow', ''] },
  { row: 8, cells: ['UP2', '01', 'राम प्रसाद', 'पुरुष', 'Lucknow', ' "spaced quote', '=1+1', 'cr\ronly'] },
  { row: 9, cells: ['', '', '', '', '', ''] },
  { row: 1204, cells: ['UP3', '01', 'सीता\u200Cदेवी', 'F', 'Lucknow', '1975-06-15'] },
];

const nonBlank = (records: readonly SourceRecord[]) =>
  records.flatMap((record) =>
    'cells' in record && record.cells.some((cell) => cell !== '') ? [{ row: record.row, cells: record.cells }] : [],
  );

describe('the CSV copy of an .xlsx roster', () => {
  it('reads back to the same cells on the sheet row numbers, blank rows included', async () => {
    const copy = Buffer.concat(await collect(csvCopyOf(from(sheet))));
    const read = await collect(csvRecords(Readable.from([copy])));
    expect(nonBlank(read)).toEqual(sheet.filter((row) => row.cells.some((cell) => cell !== '')));
    // Line N is row N: as many records as the sheet's last row, every unlisted row blank.
    expect(read.at(-1)?.row).toBe(1204);
    expect(read.every((record) => 'cells' in record)).toBe(true);
  });

  it('cuts into ranges that each read back, after the header, to the rows between them', async () => {
    const many: Row[] = [sheet[0] as Row];
    for (let row = 3; row < 3000; row += row % 7 === 0 ? 3 : 1)
      many.push({ row, cells: [`UP${row}`, '01', `नाम ${row}, "x"`, 'M', 'Lucknow', row % 5 === 0 ? 'two\nlines' : ''] });
    const planner = new CsvRangePlanner(512);
    const pieces: Buffer[] = [];
    for await (const piece of csvCopyOf(from(many))) {
      planner.push(piece);
      pieces.push(Buffer.from(piece));
    }
    const bytes = Buffer.concat(pieces);
    const layout = planner.finish();
    const header = layout.header;
    if (header === undefined) throw new Error('no header');
    const ranges = joinRanges(layout.ranges, 16 * 1024);
    expect(ranges.length).toBeGreaterThan(3);
    expect(ranges.slice(0, -1).every((range) => range.end - range.start >= 16 * 1024)).toBe(true);
    const read: SourceRecord[] = [];
    for (const range of ranges) {
      const input = Buffer.concat([bytes.subarray(header.start, header.end), bytes.subarray(range.start, range.end)]);
      const records = await collect(
        csvRecords(Readable.from([input]), (record) => (record === 1 ? header.row : range.firstRow + record - 2)),
      );
      read.push(...records.slice(1));
    }
    expect(nonBlank(read)).toEqual(many.slice(1));
  });
});

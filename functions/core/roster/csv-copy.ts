// An .xlsx roster's rows as CSV, written once when the import is planned, so that its chunks are byte ranges of
// a CSV like any other roster's and no chunk import reads a workbook. Row N of the sheet is line N of the copy
// (a row the sheet leaves out is a blank line, which the row mapper skips), so rejects still name the rows the
// department sees in Excel. Cells are written as read (no formula neutralising: this is data, not a report), and
// csv-stringify's quoting is what csv-parse reads back to the same cells.
import { stringify } from 'csv-stringify/sync';

/** Lines written per piece: a piece is a few hundred KB of a lakh-row sheet. */
const linesPerPiece = 1000;

export async function* csvCopyOf(
  records: AsyncIterable<{ readonly row: number; readonly cells: readonly string[] }>,
): AsyncGenerator<Uint8Array> {
  const lines: (readonly string[])[] = [];
  let nextRow = 1;
  for await (const { row, cells } of records) {
    for (; nextRow < row; nextRow += 1) {
      lines.push([]);
      if (lines.length >= linesPerPiece) yield Buffer.from(stringify(lines.splice(0)));
    }
    lines.push(cells);
    nextRow = Math.max(nextRow, row) + 1;
    if (lines.length >= linesPerPiece) yield Buffer.from(stringify(lines.splice(0)));
  }
  if (lines.length > 0) yield Buffer.from(stringify(lines));
}

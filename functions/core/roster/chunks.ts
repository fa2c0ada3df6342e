// Splitting a CSV roster into byte ranges that chunk imports can read on their own (S3 ranged GETs), each range
// starting and ending on a record boundary. A newline inside a quoted field is not a boundary, so the planner
// reads the whole file once, tracking quotes the way csv-parse reads them (relax_quotes, no trim, record
// delimiters CRLF or LF): a quote opens a quoted field only as the first character of a field, `""` inside it
// is a literal quote, and any other character after a closing quote ends the quoting. Pure: fed bytes, no I/O.

export interface ByteRange {
  /** First byte of the range. */
  readonly start: number;
  /** One past the last byte (an S3 Range header says `bytes=start-(end-1)`). */
  readonly end: number;
  /** Spreadsheet row of the first record in the range (the header is row 1; blank rows count). */
  readonly firstRow: number;
}

export interface CsvLayout {
  /** The header record's bytes: [headerStart, headerEnd). Undefined when the file has no non-blank record. */
  readonly header: { readonly start: number; readonly end: number; readonly row: number } | undefined;
  readonly ranges: readonly ByteRange[];
  readonly size: number;
  /** Records after the header, blank ones included (an upper bound on the rows a chunk import reads). */
  readonly records: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const utf8Bom = [0xef, 0xbb, 0xbf];

export class CsvRangePlanner {
  private offset = 0;
  private bomBytes = 0;
  private inQuotes = false;
  private quoteSeen = false;
  private fieldStart = true;
  private recordStart = 0;
  private recordHasContent = false;
  /** Records ended so far; the record being read is number `records + 1`. */
  private records = 0;
  private header: CsvLayout['header'];
  private readonly ranges: ByteRange[] = [];
  private rangeStart = 0;
  private rangeFirstRow = 0;

  constructor(private readonly targetBytes: number) {
    if (!(targetBytes > 0)) throw new RangeError('targetBytes must be positive');
  }

  push(bytes: Uint8Array): void {
    for (let index = 0; index < bytes.length; index += 1) {
      const byte = bytes[index] as number;
      // A UTF-8 byte order mark is not part of the first field, however the bytes are split.
      if (this.bomBytes < 3 && this.offset + index === this.bomBytes && byte === utf8Bom[this.bomBytes]) {
        this.bomBytes += 1;
        continue;
      }
      // The header is the first record with a visible character: the mapper skips blank-looking records.
      if (byte > 0x20 && byte !== QUOTE && byte !== COMMA) this.recordHasContent = true;
      if (this.inQuotes) {
        if (!this.quoteSeen) {
          if (byte === QUOTE) this.quoteSeen = true;
          continue;
        }
        this.quoteSeen = false;
        if (byte === QUOTE) continue; // "" is a literal quote
        this.inQuotes = false; // the quote closed the field; this byte is read as unquoted
      }
      if (byte === LF) {
        this.endRecord(this.offset + index + 1);
        continue;
      }
      if (byte === COMMA) {
        this.fieldStart = true;
        continue;
      }
      if (byte === CR) continue;
      if (byte === QUOTE && this.fieldStart) this.inQuotes = true;
      this.fieldStart = false;
    }
    this.offset += bytes.length;
  }

  private endRecord(end: number): void {
    this.records += 1;
    if (this.header === undefined) {
      if (this.recordHasContent) {
        this.header = { start: this.recordStart, end, row: this.records };
        this.rangeStart = end;
        this.rangeFirstRow = this.records + 1;
      }
    } else if (end - this.rangeStart >= this.targetBytes) {
      this.ranges.push({ start: this.rangeStart, end, firstRow: this.rangeFirstRow });
      this.rangeStart = end;
      this.rangeFirstRow = this.records + 1;
    }
    this.recordStart = end;
    this.recordHasContent = false;
    this.fieldStart = true;
  }

  /** The layout, once every byte has been pushed. */
  finish(): CsvLayout {
    // A last record without a newline still ends at the end of the file.
    if (this.recordStart < this.offset) {
      const wasHeader = this.header === undefined;
      this.endRecord(this.offset);
      if (wasHeader) return { header: this.header, ranges: [], size: this.offset, records: 0 };
    }
    if (this.header !== undefined && this.rangeStart < this.offset) {
      this.ranges.push({ start: this.rangeStart, end: this.offset, firstRow: this.rangeFirstRow });
    }
    return {
      header: this.header,
      ranges: [...this.ranges],
      size: this.offset,
      records: this.header === undefined ? 0 : this.records - this.header.row,
    };
  }
}

/** Plan a whole stream of bytes (an S3 object body, a file). */
export const planCsvRanges = async (bytes: AsyncIterable<Uint8Array>, targetBytes: number): Promise<CsvLayout> => {
  const planner = new CsvRangePlanner(targetBytes);
  for await (const chunk of bytes) planner.push(chunk);
  return planner.finish();
};

/**
 * Consecutive ranges joined until each holds at least `targetBytes` (the last may hold less): for a file planned in
 * small ranges while it was written, cut to the chunk size once its whole size is known.
 */
export const joinRanges = (ranges: readonly ByteRange[], targetBytes: number): ByteRange[] => {
  const joined: ByteRange[] = [];
  for (const range of ranges) {
    const last = joined.at(-1);
    if (last !== undefined && last.end - last.start < targetBytes) joined[joined.length - 1] = { ...last, end: range.end };
    else joined.push(range);
  }
  return joined;
};

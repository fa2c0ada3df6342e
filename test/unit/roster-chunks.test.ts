// Byte ranges for chunk imports: reading the header plus each range on its own gives exactly the records, and
// the row numbers, that reading the whole file gives — whatever the quoting, line ends and range size.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvRangePlanner, planCsvRanges, type CsvLayout } from '../../functions/core/roster/chunks.js';
import type { SourceRecord } from '../../functions/core/roster/records.js';
import { csvRecords } from '../../functions/adapters/roster-readers.js';

const collect = async (records: AsyncIterable<SourceRecord>) => {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
};

/** The records after the header, reading the whole file at once. */
const whole = async (bytes: Buffer, layout: CsvLayout) =>
  (await collect(csvRecords(Readable.from([bytes])))).filter((record) => record.row > (layout.header?.row ?? 0));

/** What a chunk import does: the header's bytes, then the range's, with rows numbered from the range's first row. */
const byRanges = async (bytes: Buffer, layout: CsvLayout) => {
  const header = layout.header;
  if (header === undefined) return [];
  const records: SourceRecord[] = [];
  for (const range of layout.ranges) {
    const input = Buffer.concat([bytes.subarray(header.start, header.end), bytes.subarray(range.start, range.end)]);
    const rows = await collect(csvRecords(Readable.from([input]), (record) => (record === 1 ? header.row : range.firstRow + record - 2)));
    // Every range starts with the header; what is compared is the rest.
    records.push(...rows.slice(1));
  }
  return records;
};

const messy = [
  '\uFEFF\r\n',
  'Ration Card No,Member ID,Name,Gender,District,Remarks\r\n',
  'UP1,01,"Kumar, Ramesh",M,Lucknow,"line one\r\nline two"\r\n',
  '\r\n',
  'UP1,02,"Sunita ""Munni"" Devi",F,Lucknow,\r\n',
  'UP2,01,राम प्रसाद,पुरुष,Lucknow,"quoted ""\n"" newline"\r\n',
  'UP2,02, "spaced quote",F,Lucknow,x"y stray quote\r\n',
  'UP3,01,Asha,F,Lucknow,"ends with quote"""\n',
  'UP3,02,Ravi,M,Lucknow,last line without newline',
].join('');

describe('CSV byte ranges', () => {
  it.each([1, 7, 40, 64, 1000])('reading ranges of %i target bytes gives the records of the whole file', async (target) => {
    const bytes = Buffer.from(messy, 'utf8');
    const layout = await planCsvRanges(Readable.from([bytes]), target);
    expect(layout.header).toMatchObject({ start: 5, row: 2 });
    expect(layout.ranges[0]?.start).toBe(layout.header?.end);
    expect(layout.ranges.at(-1)?.end).toBe(bytes.length);
    for (const [index, range] of layout.ranges.entries()) {
      if (index > 0) expect(range.start).toBe(layout.ranges[index - 1]?.end);
    }
    expect(await byRanges(bytes, layout)).toEqual(await whole(bytes, layout));
  });

  it('splits no record however the bytes arrive (byte by byte)', async () => {
    const bytes = Buffer.from(messy, 'utf8');
    const planner = new CsvRangePlanner(10);
    for (const byte of bytes) planner.push(Uint8Array.of(byte));
    const layout = planner.finish();
    expect(layout).toEqual(await planCsvRanges(Readable.from([bytes]), 10));
    expect(layout.ranges.length).toBeGreaterThan(3);
    expect(layout.records).toBe(7);
  });

  it('makes ranges near the target size on a large file, and none for a file of only a header', async () => {
    const lines = ['Ration Card No,Member ID,Name,Gender,District'];
    for (let index = 0; index < 5000; index += 1) lines.push(`UP${index},01,"Name, ${index}",F,Lucknow`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const layout = await planCsvRanges(Readable.from([bytes]), 16 * 1024);
    expect(layout.ranges.length).toBe(Math.ceil((bytes.length - (layout.header?.end ?? 0)) / (16 * 1024)));
    expect(
      layout.ranges.every(
        (range, index) =>
          index === layout.ranges.length - 1 || (range.end - range.start >= 16 * 1024 && range.end - range.start < 16 * 1024 + 64),
      ),
    ).toBe(true);
    expect(layout.records).toBe(5000);
    expect(await byRanges(bytes, layout)).toEqual(await whole(bytes, layout));

    expect(await planCsvRanges(Readable.from([Buffer.from('Name,Gender\n')]), 10)).toEqual({
      header: { start: 0, end: 12, row: 1 },
      ranges: [],
      size: 12,
      records: 0,
    });
    expect((await planCsvRanges(Readable.from([Buffer.from('\n\r\n  \n')]), 10)).header).toBeUndefined();
  });

  it('keeps an unclosed quote and everything after it in one range, reported as one unreadable record', async () => {
    const bytes = Buffer.from('Name,Gender\nAsha,F\n"Ravi,M\nMeena,F\nGita,F\n');
    const layout = await planCsvRanges(Readable.from([bytes]), 1);
    expect(layout.ranges).toHaveLength(2);
    const records = await byRanges(bytes, layout);
    expect(records).toEqual(await whole(bytes, layout));
    expect(records.at(-1)).toEqual({ row: 3, unreadable: 'CSV_QUOTE_NOT_CLOSED' });
  });
});

// Roster files in S3: ranged GETs for CSV chunks (the header's bytes, then the chunk's), a streamed GET for
// xlsx; the reports the importer writes come from S3ReportFiles (s3-report-files.ts).
import { Readable } from 'node:stream';
import type { SourceRecord } from '../core/roster/records.js';
import type { RosterFiles, RosterObject } from '../ports/roster-files.js';
import { csvRecords, xlsxRecords } from './roster-readers.js';
import { S3ReportFiles } from './s3-report-files.js';

export class S3RosterFiles extends S3ReportFiles implements RosterFiles {
  async *bytes(object: RosterObject): AsyncIterable<Uint8Array> {
    yield* await this.body(object.bucket, object.key, object.versionId);
  }

  async *records(object: RosterObject, part: Parameters<RosterFiles['records']>[1]): AsyncIterable<SourceRecord> {
    if (part.format === 'xlsx') {
      yield* xlsxRecords(await this.body(object.bucket, object.key, object.versionId));
      return;
    }
    const { header, range } = part;
    const headerBody = await this.body(object.bucket, object.key, object.versionId, header);
    const rangeBody = range.end > range.start ? await this.body(object.bucket, object.key, object.versionId, range) : undefined;
    const joined = Readable.from(
      (async function* () {
        yield* headerBody;
        if (rangeBody !== undefined) yield* rangeBody;
      })(),
    );
    // Record 1 is the header; the range's records follow from its first row.
    yield* csvRecords(joined, (record) => (record === 1 ? header.row : range.firstRow + record - 2));
  }
}

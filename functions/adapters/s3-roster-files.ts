// Roster files in S3: ranged GETs for CSV chunks (the header's bytes, then the chunk's), a streamed GET of the
// whole object for planning, a streamed upload for the CSV copy of an .xlsx roster; the reports the importer
// writes come from S3ReportFiles (s3-report-files.ts).
import { PassThrough, Readable } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { SourceRecord } from '../core/roster/records.js';
import type { RosterFiles, RosterObject } from '../ports/roster-files.js';
import { csvRecordBatches } from './roster-readers.js';
import { S3ReportFiles } from './s3-report-files.js';

export class S3RosterFiles extends S3ReportFiles implements RosterFiles {
  async *bytes(object: RosterObject): AsyncIterable<Uint8Array> {
    yield* await this.body(object.bucket, object.key, object.versionId);
  }

  async *recordBatches(object: RosterObject, part: Parameters<RosterFiles['recordBatches']>[1]): AsyncIterable<readonly SourceRecord[]> {
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
    yield* csvRecordBatches(joined, (record) => (record === 1 ? header.row : range.firstRow + record - 2));
  }

  async writeStream(key: string, bytes: AsyncIterable<Uint8Array>, contentType: string): Promise<RosterObject> {
    // Sent in buffered parts (lib-storage), not as one aws-chunked stream, which s3rver stores with its framing.
    const body = new PassThrough();
    const upload = new Upload({ client: this.s3, params: { Bucket: this.reportBucket, Key: key, Body: body, ContentType: contentType } });
    const feed = async () => {
      for await (const chunk of bytes) if (!body.write(chunk)) await new Promise((resolve) => body.once('drain', resolve));
      body.end();
    };
    await Promise.all([feed().catch((error: unknown) => body.destroy(error as Error)), upload.done()]);
    return { bucket: this.reportBucket, key };
  }

  async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.reportBucket, Key: key }));
  }
}

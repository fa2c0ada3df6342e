// Roster files in S3: ranged GETs for CSV chunks (the header's bytes, then the chunk's), a streamed GET for
// xlsx, reports written with csv-stringify and joined with a streamed multipart upload (lib-storage).
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { stringify } from 'csv-stringify/sync';
import type { SourceRecord } from '../core/roster/records.js';
import { neutralizeFormula } from '../core/roster/rows.js';
import type { RosterFiles, RosterObject } from '../ports/roster-files.js';
import { csvRecords, xlsxRecords } from './roster-readers.js';

const csvType = 'text/csv; charset=utf-8';
// Excel opens a UTF-8 CSV with Hindi text correctly only when it starts with a byte order mark.
const bom = '\uFEFF';
/**
 * Every CSV the pipeline writes (rejects reports and their parts, worklists, daily reports) is written here, so
 * every cell goes through the one formula neutraliser, whatever its source: a roster's header names, its block
 * and village names, a person's name.
 */
const csvOf = (rows: readonly (readonly string[])[]) => stringify(rows.map((row) => row.map(neutralizeFormula)));

export class S3RosterFiles implements RosterFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly reportBucket: string,
  ) {}

  private async body(bucket: string, key: string, versionId?: string, range?: { start: number; end: number }): Promise<Readable> {
    const object = await this.s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
        ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end - 1}` }),
      }),
    );
    return object.Body as Readable;
  }

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

  async writeReport(key: string, rows: readonly (readonly string[])[], options: { forPeople?: boolean } = {}): Promise<void> {
    const body = csvOf(rows);
    await this.s3.send(new PutObjectCommand({ Bucket: this.reportBucket, Key: key, Body: options.forPeople === true ? bom + body : body, ContentType: csvType }));
  }

  async joinReports(key: string, header: readonly string[], parts: readonly string[]): Promise<void> {
    const body = new PassThrough();
    const upload = new Upload({ client: this.s3, params: { Bucket: this.reportBucket, Key: key, Body: body, ContentType: csvType } });
    const done = upload.done();
    const feed = async () => {
      body.write(bom + csvOf([header]));
      for (const part of parts) {
        for await (const chunk of await this.body(this.reportBucket, part)) {
          if (!body.write(chunk)) await new Promise((resolve) => body.once('drain', resolve));
        }
      }
      body.end();
    };
    await Promise.all([feed().catch((error: unknown) => body.destroy(error as Error)), done]);
  }

  async writeBytes(key: string, bytes: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.reportBucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async readBytes(key: string): Promise<Uint8Array> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.reportBucket, Key: key }));
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  reportLink(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.reportBucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}

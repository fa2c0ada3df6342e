// Reports in the report bucket: written with csv-stringify, joined with a streamed multipart upload
// (lib-storage), linked with presigned GETs. Apart from s3-roster-files.ts, which adds reading roster files
// (exceljs for .xlsx): a function that only writes or links reports does not bundle a spreadsheet reader.
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '../core/roster/rows.js';
import type { RosterFiles } from '../ports/roster-files.js';

const csvType = 'text/csv; charset=utf-8';
// Excel opens a UTF-8 CSV with Hindi text correctly only when it starts with a byte order mark.
const bom = '\uFEFF';
/**
 * Every CSV the pipeline writes (rejects reports and their parts, worklists, daily reports) is written here, so
 * every cell goes through the one formula neutraliser, whatever its source: a roster's header names, its block
 * and village names, a person's name.
 */
const csvOf = (rows: readonly (readonly string[])[]) => stringify(rows.map((row) => row.map(neutralizeFormula)));

export type ReportFiles = Pick<RosterFiles, 'writeReport' | 'joinReports' | 'writeBytes' | 'readBytes' | 'reportLink'>;

export class S3ReportFiles implements ReportFiles {
  constructor(
    protected readonly s3: S3Client,
    protected readonly reportBucket: string,
  ) {}

  protected async body(bucket: string, key: string, versionId?: string, range?: { start: number; end: number }): Promise<Readable> {
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

  async writeReport(key: string, rows: readonly (readonly string[])[], options: { forPeople?: boolean } = {}): Promise<void> {
    const body = csvOf(rows);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.reportBucket,
        Key: key,
        Body: options.forPeople === true ? bom + body : body,
        ContentType: csvType,
      }),
    );
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

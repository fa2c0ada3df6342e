// Roster files as the importer reads them (the roster bucket) and the reports it writes (the report bucket).
import type { ByteRange } from '../core/roster/chunks.js';
import type { SourceRecord } from '../core/roster/records.js';

export interface RosterObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

export interface RosterFiles {
  /** The object's bytes, streamed. */
  bytes(object: RosterObject): AsyncIterable<Uint8Array>;
  /**
   * CSV records in batches, numbered as spreadsheet rows: the header's bytes, then one range's, read with ranged GETs. An
   * .xlsx roster is read as the CSV copy planning made of it (RosterWorkbooks), so no chunk reads a workbook.
   */
  recordBatches(
    object: RosterObject,
    part: { header: { start: number; end: number; row: number }; range: ByteRange },
  ): AsyncIterable<readonly SourceRecord[]>;
  /** An object of the report bucket written from a stream (a multipart upload: never whole in memory). */
  writeStream(key: string, bytes: AsyncIterable<Uint8Array>, contentType: string): Promise<RosterObject>;
  /** An object of the report bucket deleted (the CSV copy of an .xlsx roster, once its import has ended); none is fine. */
  deleteObject(key: string): Promise<void>;
  /**
   * A CSV report in the report bucket, rows written as given (cells quoted where CSV needs it). `forPeople`: a
   * whole report people open, starting with a byte order mark so that Excel shows Hindi; not for parts to join.
   */
  writeReport(key: string, rows: readonly (readonly string[])[], options?: { forPeople?: boolean }): Promise<void>;
  /** One report from a header row and parts written by writeReport, in order, streamed. */
  joinReports(key: string, header: readonly string[], parts: readonly string[]): Promise<void>;
  writeBytes(key: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  readBytes(key: string): Promise<Uint8Array>;
  /** A short-lived download link to a report. */
  reportLink(key: string, expiresInSeconds: number): Promise<string>;
}

/** .xlsx rosters, read once, when the import is planned: the only reader that needs a spreadsheet library. */
export interface RosterWorkbooks {
  /**
   * The first worksheet's rows, numbered as Excel numbers them (rows without cells are not yielded). Throws
   * RosterUnreadableError for a file that is no workbook, too large, or compressed like no spreadsheet.
   */
  records(object: RosterObject): AsyncIterable<SourceRecord>;
}

// Import records: one per roster upload (bucket + key + version), what happened to it, its counts and progress.
import type { EligibleCounts } from './people.js';

export type ImportStatus = 'RECEIVED' | 'REFUSED' | 'IMPORTING' | 'DONE' | 'FAILED';

export interface ImportCounts {
  /** Rows read after the header, blank rows not counted. */
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows repeating, identically, a person an earlier row gave. */
  readonly duplicates: number;
  /** Rows in the rejects report. */
  readonly rejected: number;
  /** People missing from a full snapshot, marked removed. */
  readonly removed: number;
}

export const noCounts: ImportCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, removed: 0 };

export interface Refusal {
  /** AADHAAR_COLUMN, MISSING_COLUMNS, DUPLICATE_COLUMN, TOO_MANY_COLUMNS, HEADER_TOO_LONG, EMPTY_FILE, BAD_KEY, NOT_CSV,
   *  UNSUPPORTED_ENCODING, XLSX_UNREADABLE, XLSX_TOO_LARGE, XLSX_SUSPICIOUS_COMPRESSION (docs/roster-import.md) */
  readonly code: string;
  readonly message: string;
  readonly columns?: readonly string[];
}

export interface ImportRecord {
  readonly importId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag: string;
  readonly size: number;
  readonly status: ImportStatus;
  /** Why a key was refused before reading (kept from the first version of the record). */
  readonly reason?: string;
  readonly scheme?: string;
  readonly district?: string;
  readonly rosterType?: string;
  readonly format?: 'csv' | 'xlsx';
  /** A full snapshot: people of its scheme, district and roster type missing from it are marked removed. */
  readonly snapshot?: boolean;
  /** Nobody was in the roster scope when the import began: rows are written without reading first. */
  readonly scopeWasEmpty?: boolean;
  readonly receivedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  /** The header record's bytes and row, for chunk imports of a CSV (of the CSV copy, for an .xlsx). */
  readonly header?: { readonly start: number; readonly end: number; readonly row: number };
  /** An .xlsx roster's first sheet copied as CSV when planned (row N of the sheet on line N): what its chunks read. */
  readonly csvCopy?: { readonly bucket: string; readonly key: string; readonly size: number };
  /** Where reading an .xlsx stopped part-way (a workbook exceljs could not parse further): reported by the last chunk. */
  readonly unreadableFrom?: { readonly row: number; readonly message: string };
  readonly columns?: readonly string[];
  readonly chunks?: number;
  /** Progress, moved as each chunk finishes. */
  readonly chunksDone?: number;
  readonly bytesDone?: number;
  readonly rowsRead?: number;
  readonly rowsRejected?: number;
  readonly counts?: ImportCounts;
  readonly refusal?: Refusal;
  readonly failure?: { readonly error: string; readonly cause: string };
  /** Report bucket key of the rejects report (CSV), when there were rejects or a refusal. */
  readonly rejectsReport?: string;
  /** People of this roster scope counted eligible after the import. */
  readonly eligibleAfter?: number;
}

export interface ImportPlan {
  readonly format: 'csv' | 'xlsx';
  readonly snapshot: boolean;
  readonly scopeWasEmpty: boolean;
  readonly header?: ImportRecord['header'];
  readonly csvCopy?: ImportRecord['csvCopy'];
  readonly unreadableFrom?: ImportRecord['unreadableFrom'];
  /** The file's header row as written. */
  readonly columns: readonly string[];
  readonly chunks: number;
  readonly startedAt: string;
}

export interface ChunkResult {
  readonly index: number;
  readonly bytes: number;
  readonly counts: Omit<ImportCounts, 'removed'>;
  /** Eligible people this chunk inserted, by group: summed when the scope was empty, instead of a recount. */
  readonly eligible?: EligibleCounts;
  /** Report bucket keys of this chunk's rejects part and seen-people part (snapshots), when written. */
  readonly rejectsPart?: string;
  readonly seenPart?: string;
}

export interface ImportSummary {
  readonly status: 'DONE' | 'REFUSED';
  readonly counts: ImportCounts;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly rejectsReport?: string;
  readonly eligibleAfter?: number;
}

export interface ImportPage {
  readonly imports: readonly ImportRecord[];
  readonly cursor?: string;
}

export interface Imports {
  /** Record an upload unless it is recorded already; false when it was (a repeated event). */
  recordReceived(record: ImportRecord): Promise<boolean>;
  get(importId: string): Promise<ImportRecord | undefined>;
  /**
   * Newest first; one district's, or every district's when none is given; of one key and received since an
   * instant when asked (how an uploader finds the import its upload started).
   */
  list(query: { district?: string; key?: string; since?: string; limit: number; cursor?: string }): Promise<ImportPage>;
  planned(importId: string, plan: ImportPlan): Promise<void>;
  refused(importId: string, refusal: Refusal, rejectsReport: string, at: string): Promise<void>;
  /** Record a finished chunk once; a chunk recorded already returns what was recorded (a retried or resumed import). */
  chunkDone(importId: string, result: ChunkResult): Promise<ChunkResult>;
  chunkResult(importId: string, index: number): Promise<ChunkResult | undefined>;
  chunkResults(importId: string): Promise<ChunkResult[]>;
  finished(importId: string, summary: ImportSummary): Promise<void>;
  failed(importId: string, failure: { error: string; cause: string }, at: string): Promise<void>;
}

// Import records: one per roster upload (bucket + key + version), what happened to it and its counts.
export type ImportStatus = 'RECEIVED' | 'REFUSED' | 'IMPORTING' | 'DONE' | 'FAILED';

export interface ImportRecord {
  readonly importId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag: string;
  readonly size: number;
  readonly status: ImportStatus;
  readonly reason?: string;
  readonly scheme?: string;
  readonly district?: string;
  readonly rosterType?: string;
  readonly receivedAt: string;
}

export interface Imports {
  /** Record an upload unless it is recorded already; false when it was (a repeated event or identical bytes). */
  recordReceived(record: ImportRecord): Promise<boolean>;
  get(importId: string): Promise<ImportRecord | undefined>;
}

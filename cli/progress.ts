// Following a roster import: what one reading of GET /v1/admin/imports/{id} means for the progress bar and for
// how the command ends. Pure: the command polls, this decides.
import type * as z from 'zod';
import type { ImportStatus } from '../functions/ports/imports.js';
import type { ImportSummaryView, ImportView } from '../functions/api/schemas.js';
import { count } from './format.js';

/** An import as GET /v1/admin/imports lists it. */
export type ImportSummary = z.output<typeof ImportSummaryView>;
/** An import as GET /v1/admin/imports/{id} answers: the summary, its version, size, timings and rejects report. */
export type ImportReading = z.output<typeof ImportView>;

export interface BarState {
  /** 0-100, never moving back within one import. */
  readonly value: number;
  readonly status: ImportStatus;
  /** What the bar says: the status, or SUMMARIZING once every chunk is in and the summary is being made. */
  readonly label: string;
  readonly rows: number;
  readonly rejected: number;
  readonly chunks: number;
  readonly chunksDone: number;
  readonly finished: boolean;
}

export const isFinished = (status: ImportStatus): boolean => status === 'DONE' || status === 'REFUSED' || status === 'FAILED';

/**
 * The bar after a reading. The API's percent is of bytes imported, whole (chunks finish as wholes, so it moves in
 * steps), and 100 once done or refused; short of that the bar stops at 99, since every byte read is not yet done
 * (the last chunk's counts and the summary are to come), and a failed import stays where it stopped. A late or
 * repeated reading never moves the bar back.
 */
export const barAfter = (previous: BarState | undefined, reading: ImportSummary): BarState => {
  const finished = isFinished(reading.status);
  const reached = Math.min(reading.status === 'DONE' || reading.status === 'REFUSED' ? 100 : 99, reading.progress.percent);
  return {
    value: Math.max(previous?.value ?? 0, reached),
    status: reading.status,
    label:
      reading.status === 'IMPORTING' && reading.progress.chunks > 0 && reading.progress.chunksDone >= reading.progress.chunks
        ? 'SUMMARIZING'
        : reading.status,
    // The API's progress counts are the final counts once there are some.
    rows: reading.progress.rowsRead,
    rejected: reading.progress.rowsRejected,
    chunks: reading.progress.chunks,
    chunksDone: reading.progress.chunksDone,
    finished,
  };
};

export interface Outcome {
  readonly exitCode: number;
  /** One line saying how it ended. */
  readonly headline: string;
}

export const outcomeOf = (reading: ImportSummary): Outcome => {
  switch (reading.status) {
    case 'DONE': {
      const rejected = reading.counts?.rejected ?? 0;
      return {
        exitCode: 0,
        headline:
          rejected === 0
            ? 'Imported: every row landed.'
            : `Imported, with ${count(rejected)} row${rejected === 1 ? '' : 's'} rejected (see the rejects report).`,
      };
    }
    case 'REFUSED': {
      return {
        exitCode: 1,
        headline: `Refused: ${reading.refusal?.code ?? 'REFUSED'}: ${reading.refusal?.message ?? 'the file was refused'}`,
      };
    }
    case 'FAILED':
      return { exitCode: 1, headline: `Failed: ${reading.failure?.error ?? 'FAILED'}: ${reading.failure?.cause ?? 'the import failed'}` };
    default:
      return {
        exitCode: 1,
        headline: `Still ${reading.status} when the wait ended: follow it with GET /v1/admin/imports/${reading.importId}`,
      };
  }
};

/**
 * Of the imports of one key received since the upload link was issued (newest first, as the API lists them),
 * the one the upload started: on a versioned bucket (AWS) the one with the PUT's version; without versions
 * (the embedded stack) the oldest, since the upload came first after the link.
 */
export const pickUploadedImport = <T extends { importId: string; versionId?: string }>(
  candidates: readonly T[],
  versionId: string | undefined,
): T | undefined => {
  const oldestFirst = [...candidates].reverse();
  return versionId === undefined ? oldestFirst[0] : oldestFirst.find((candidate) => candidate.versionId === versionId);
};

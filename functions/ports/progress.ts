// Reading campaign progress: the running counts, a day's change, one person's position, a block's gap list.
// The counts are written by the aggregator from the table's change stream (adapters/dynamodb-progress.ts).
import type { Place, RegistrationImage } from '../core/progress.js';

/** One count item: `<level>#<value>` (block, village, department, ddo) and people per progress key. */
export interface ProgressCounts {
  readonly slot: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface PersonProgress {
  readonly registrationId: string;
  readonly key: string;
  readonly place: Place;
  /** False once the registration ended: the person may then start a new one. */
  readonly open: boolean;
}

export interface GapEntry {
  readonly personId: string;
  /** The roster the person is on (absent on records written before it was kept). */
  readonly rosterType?: string;
  readonly registrationId: string;
  readonly key: string;
  readonly place: Place;
  readonly updatedAt: string;
}

export interface ProgressReader {
  /** The moment up to which every change is counted (the stream applied that far); undefined before any. */
  asOf(): Promise<string | undefined>;
  personProgress(scheme: string, personId: string): Promise<PersonProgress | undefined>;
  counts(scheme: string, district: string, rosterType: string): Promise<ProgressCounts[]>;
  /** The net change of a day (IST), per block. */
  dayCounts(scheme: string, district: string, rosterType: string, day: string): Promise<ProgressCounts[]>;
  /** People of a block who started and have no card, by gap reason (all reasons when none is given). */
  gap(scheme: string, district: string, block: string, reason?: string): AsyncIterable<GapEntry>;
  /**
   * Every registration of a scheme, a page at a time (a scan of the table: for reconciliation, never for views),
   * reduced to what counting reads.
   */
  registrations(scheme: string, cursor?: string): Promise<{ images: RegistrationImage[]; cursor?: string }>;
}

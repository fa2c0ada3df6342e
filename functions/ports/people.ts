// Eligible people written by the roster importer, in batches: a row that did not change is counted, not rewritten.
import type { Person } from '../core/person.js';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface People {
  /** Insert new people, rewrite changed ones, leave identical ones alone; safe to repeat (an import retried). */
  upsert(people: readonly Person[], importId: string): Promise<UpsertCounts>;
}

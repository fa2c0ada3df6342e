// Eligible people written by the roster importer, in batches: a row that did not change is counted, not
// rewritten; a row replayed after a crash is counted as what it did the first time.
import type { Person } from '../core/person.js';
import type { RosterType } from '../core/schemes.js';

export interface RosterRow {
  readonly person: Person;
  /** Spreadsheet row number in the file: the importer's record of which row wrote a person. */
  readonly row: number;
}

export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows that repeat, identically, a person an earlier row of the same file gave. */
  readonly duplicates: number;
  /** Rows that give a person another row of the same file gave, with other details: not written. */
  readonly conflicts: readonly { readonly row: number; readonly otherRow: number }[];
}

export interface RosterScope {
  readonly scheme: string;
  readonly district: string;
  readonly rosterType: RosterType;
}

/** What counting and snapshot removal need of each person in a scope. */
export interface ScopedPerson {
  readonly personId: string;
  readonly status: string;
  /** The import that last wrote the person, and the one that removed them. */
  readonly importId?: string;
  readonly removedByImport?: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly ddoCode?: string;
  readonly office?: string;
  /** Beneficiary categories the person was in at their last import (core/categories.ts). */
  readonly categories?: readonly string[];
}

/** A person as a worklist shows them: who, and where to find them. */
export interface ListedPerson extends ScopedPerson {
  readonly name?: string;
  readonly nameLocal?: string;
  readonly relation?: string;
  /** What a field-force segment matches on (core/field-force.ts), when the roster gives it. */
  readonly rationShop?: string;
  readonly school?: string;
  readonly jobCardNumber?: string;
}

export interface EligibleCounts {
  readonly total: number;
  /** People counted by area (block, `block / village`) or by office (department, DDO code). */
  readonly byBlock: Readonly<Record<string, number>>;
  readonly byVillage: Readonly<Record<string, number>>;
  readonly byDepartment: Readonly<Record<string, number>>;
  readonly byDdo: Readonly<Record<string, number>>;
  /** People per beneficiary category (absent on populations counted before categories were kept). */
  readonly byCategory?: Readonly<Record<string, number>>;
  /** The office the roster gives each DDO code's employees (the first by name where rows differ); absent when none. */
  readonly officeOfDdo?: Readonly<Record<string, string>>;
}

/** The campaign's eligible population for one roster of one district: what saturation is measured against. */
export interface EligiblePopulation extends RosterScope, EligibleCounts {
  readonly removed: number;
  readonly countedAt: string;
  readonly importId: string;
}

/** What reconciliation needs of a person: where they are on the roster, and which import and row last wrote them. */
export interface PersonRecord {
  readonly personId: string;
  readonly status: string;
  readonly district: string;
  readonly rosterType: string;
  readonly importId?: string;
  readonly importRow?: number;
  readonly importChange?: 'inserted' | 'updated';
  readonly removedByImport?: string;
}

export interface People {
  /** The person a roster gave, without the importer's bookkeeping; undefined when no roster gave them. */
  getPerson(scheme: string, personId: string): Promise<Person | undefined>;
  /** The people of a scheme with these natural keys (at most 100), those that exist; no names, no mobiles. */
  lookup(scheme: string, personIds: readonly string[]): Promise<PersonRecord[]>;
  /**
   * Insert new people, rewrite changed ones, leave identical ones alone; safe to repeat (an import retried).
   * `scopeWasEmpty`: the import found no one in its scope when it began, so nothing is read first (the first
   * import of a district: a million rows written without a million reads).
   */
  upsert(rows: readonly RosterRow[], importId: string, options?: { scopeWasEmpty?: boolean }): Promise<UpsertResult>;
  /** Whether anyone at all, removed or not, is in the scope. */
  anyInScope(scope: RosterScope): Promise<boolean>;
  /** Every person of a roster scope, removed ones included. */
  inScope(scope: RosterScope): AsyncIterable<ScopedPerson>;
  /** The people of one block of a roster scope (`-`: people whose roster gives no block), by village or department. */
  inBlock(scope: RosterScope, block: string): AsyncIterable<ListedPerson>;
  /** Mark people missing from a full snapshot as removed: kept, with when and by which import, never deleted. */
  markRemoved(scope: RosterScope, personIds: readonly string[], importId: string, at: string): Promise<number>;
  putEligible(population: EligiblePopulation): Promise<void>;
  eligible(scheme: string, district: string): Promise<EligiblePopulation[]>;
}

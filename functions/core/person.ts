// An eligible person, as a roster puts them in the table. The roster importer writes these; registration
// reads them to check eligibility and to match e-KYC against.
import type { RosterType } from './schemes.js';

export type Gender = 'M' | 'F' | 'T';

export interface Person {
  readonly scheme: string;
  /** Natural key within the scheme: `emp:<employeeId>` or `rc:<rationCardNumber>:<memberId>`. */
  readonly personId: string;
  readonly rosterType: RosterType;
  readonly name?: string;
  readonly nameLocal?: string;
  readonly yearOfBirth?: number;
  readonly dateOfBirth?: string;
  readonly gender?: Gender;
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly office?: string;
  readonly ddoCode?: string;
  readonly employeeId?: string;
  readonly rationCardNumber?: string;
  readonly memberId?: string;
  readonly relation?: string;
  readonly headOfFamily?: boolean;
  /** When the roster knows it: for outreach to people not yet registered. */
  readonly mobile?: string;
  /** active, retired, removed (missing from a full snapshot), ... */
  readonly status: string;
}

export type RosterReference =
  | { readonly rosterType: 'employees'; readonly employeeId: string }
  | { readonly rosterType: 'ration-card-families'; readonly rationCardNumber: string; readonly memberId: string };

export const personIdOf = (reference: RosterReference): string =>
  reference.rosterType === 'employees'
    ? `emp:${reference.employeeId.trim().toUpperCase()}`
    : `rc:${reference.rationCardNumber.trim().toUpperCase()}:${reference.memberId.trim().toUpperCase()}`;

/** The family a person belongs to: the ration card, or the employee for declared dependents. */
export const familyIdOf = (personId: string): string => (personId.startsWith('rc:') ? personId.split(':').slice(0, 2).join(':') : personId);

// An eligible person, as a roster puts them in the table. The roster importer writes these; registration
// reads them to check eligibility and to match e-KYC against.
import type { RosterType } from './schemes.js';

export type Gender = 'M' | 'F' | 'T';

export interface Person {
  readonly scheme: string;
  /** Natural key within the scheme: `emp:<employeeId>`, `rc:<rationCard>:<member>`, `st:<studentId>`, `jc:<jobCard>:<member>`. */
  readonly personId: string;
  readonly rosterType: RosterType;
  readonly name?: string;
  readonly nameLocal?: string;
  /** Father's or husband's name, as the roster gives it (पिता/पति का नाम). */
  readonly guardianName?: string;
  readonly yearOfBirth?: number;
  readonly dateOfBirth?: string;
  readonly gender?: Gender;
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly office?: string;
  /** An employee's post (पदनाम). */
  readonly designation?: string;
  /** The tribe or community the roster gives (जनजाति, समुदाय): what PM-JANMAN's rule reads. */
  readonly tribe?: string;
  /** Beneficiary categories (core/categories.ts) the person was in when their row was imported. */
  readonly categories?: readonly string[];
  readonly ddoCode?: string;
  readonly employeeId?: string;
  readonly rationCardNumber?: string;
  /** The fair price shop (FPS code) the ration card draws from, when the roster gives it. */
  readonly rationShop?: string;
  /** A member of a ration card or of an MGNREGA job card. */
  readonly memberId?: string;
  readonly studentId?: string;
  readonly school?: string;
  readonly className?: string;
  readonly jobCardNumber?: string;
  readonly panchayat?: string;
  readonly relation?: string;
  readonly headOfFamily?: boolean;
  /** When the roster knows it: for outreach to people not yet registered. */
  readonly mobile?: string;
  /** active, retired, removed (missing from a full snapshot), ... */
  readonly status: string;
}

/** What says who a person is on each roster type: the API's roster reference and the person id are made of these. */
export const rosterReferenceFields = {
  employees: ['employeeId'],
  'ration-card-families': ['rationCardNumber', 'memberId'],
  students: ['studentId'],
  mgnrega: ['jobCardNumber', 'memberId'],
} as const satisfies Record<RosterType, readonly (keyof Person)[]>;

/** Who a person is on their roster: the roster type and its reference fields (a type without fields fails to compile). */
export type RosterReference = {
  [T in RosterType]: { readonly rosterType: T } & { readonly [F in (typeof rosterReferenceFields)[T][number]]: string };
}[RosterType];

const keyPart = (text: string) => text.trim().toUpperCase();

export const personIdOf = (reference: RosterReference): string => {
  switch (reference.rosterType) {
    case 'employees':
      return `emp:${keyPart(reference.employeeId)}`;
    case 'ration-card-families':
      return `rc:${keyPart(reference.rationCardNumber)}:${keyPart(reference.memberId)}`;
    case 'students':
      return `st:${keyPart(reference.studentId)}`;
    case 'mgnrega':
      return `jc:${keyPart(reference.jobCardNumber)}:${keyPart(reference.memberId)}`;
  }
};

/** The family a person belongs to: the ration card or job card, or the roster person (a declared dependent's primary). */
export const familyIdOf = (personId: string): string => {
  const rosterPerson = personId.split(':dep:')[0] as string;
  return rosterPerson.startsWith('rc:') || rosterPerson.startsWith('jc:')
    ? rosterPerson.slice(0, rosterPerson.lastIndexOf(':'))
    : rosterPerson;
};

// Who is behind a case, read in batches for lists (stuck cases, executions, anomalies, drill-downs): a page of
// registrations' facts, the roster people's names and offices, the approver directory's entries. No mobile
// number of a person and no Aadhaar token is read; an approver's mobile is read to be answered masked.
import type { RegistrationStatus } from '../core/registration.js';
import type { Approver } from './approvers.js';

/** What a list says of a registration: where it is, whose it is, who registered it. */
export interface CaseFacts {
  readonly registrationId: string;
  readonly scheme: string;
  readonly personId: string;
  readonly status: RegistrationStatus;
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly ddoCode?: string;
  readonly operatorId?: string;
  readonly campId?: string;
  /** A declared dependent's name (no roster gives it). */
  readonly declaredName?: string;
  /** The status a stopped registration was stopped in. */
  readonly stoppedFrom?: RegistrationStatus;
  readonly approvalQueue?: string;
  readonly updatedAt: string;
}

/** A roster person as lists name them. */
export interface PersonName {
  readonly personId: string;
  readonly name?: string;
  readonly nameLocal?: string;
  readonly office?: string;
  readonly department?: string;
  readonly ddoCode?: string;
  readonly block?: string;
  readonly village?: string;
}

export interface CaseNames {
  /** The registrations of these ids that exist (at most a few hundred: a page's). */
  registrations(registrationIds: readonly string[]): Promise<Map<string, CaseFacts>>;
  /** The roster people of a scheme with these ids that exist. */
  people(scheme: string, personIds: readonly string[]): Promise<Map<string, PersonName>>;
  /** The approver directory's entries of these queues that exist. */
  approvers(queues: readonly string[]): Promise<Map<string, Approver>>;
}

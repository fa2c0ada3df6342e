// The registration and what it is made of. One DynamoDB adapter implements this port and the other ports of a
// registration's records (functions/adapters/dynamodb-registry.ts): one table, and transactions across them.
import type { NextAction, RegistrationStatus } from '../core/registration.js';
import type { Gender } from '../core/person.js';
import type { Place } from '../core/progress.js';
import type { RevocationReasonCode } from '../core/revocations.js';

export interface Actor {
  /** `system`, or a caller's subject. */
  readonly id: string;
  readonly role: string;
  /** A delegate acting in their own name for another's queue (`ddo:<code>`): the audit shows both. */
  readonly onBehalfOf?: string;
}

export interface AuditEvent {
  readonly at: string;
  readonly actor: Actor;
  readonly from: RegistrationStatus | null;
  readonly to: RegistrationStatus;
  /** A stable reason code and, optionally, a note without personal data. */
  readonly why: string;
  readonly note?: string;
}

export interface EkycResult {
  readonly mode: 'otp' | 'biometric' | 'face';
  readonly name: string;
  readonly nameLocal?: string;
  readonly yearOfBirth: number;
  readonly gender: Gender;
  readonly verifiedAt: string;
  /** Key of the e-KYC photo in the card bucket, when the provider gave one. */
  readonly photoKey?: string;
}

export interface Registration {
  readonly registrationId: string;
  readonly scheme: string;
  readonly status: RegistrationStatus;
  readonly reason?: { readonly code: string; readonly message?: string; readonly nextAction?: NextAction };
  readonly personId: string;
  readonly rosterType: string;
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly ddoCode?: string;
  /** The roster person's beneficiary categories when the registration started: counted in each (core/progress.ts). */
  readonly categories?: readonly string[];
  /**
   * The key the person is counted under in campaign progress (core/progress.ts); set on registrations of roster
   * people (a declared dependent is on no roster and counted nowhere). The registry keeps it in step with the status.
   */
  readonly progressKey?: string;
  /** Stored for SMS; never logged, never in a workflow's input or history. */
  readonly mobile: string;
  readonly channel: string;
  readonly operatorId?: string;
  readonly campId?: string;
  readonly clientId: string;
  readonly primaryRegistrationId?: string;
  readonly relation?: string;
  /** A declared dependent's details (schemes whose dependents are not on a roster). */
  readonly declared?: { readonly name: string; readonly nameLocal?: string; readonly yearOfBirth: number; readonly gender: Gender };
  readonly aadhaarToken?: string;
  readonly aadhaarLast4?: string;
  readonly consent?: { readonly textVersion: string; readonly acceptedAt: string; readonly language: string };
  readonly ekycOtpReference?: string;
  readonly ekyc?: EkycResult;
  readonly match?: { readonly outcome: 'match' | 'mismatch'; readonly nameScore: number; readonly reasons: readonly string[] };
  readonly approval?: { readonly taskId: string; readonly approverKind: string; readonly queue: string; readonly level: number };
  readonly card?: { readonly cardNumber: string; readonly issuedAt: string; readonly pdfKey: string; readonly validUntil: string };
  readonly cardNotifiedAt?: string;
  /** Set while the registration's card is revoked (kept with the card's own record, in the same write). */
  readonly cardRevocation?: { readonly reasonCode: RevocationReasonCode; readonly revokedAt: string };
  /** The attempt sending the card SMS, and until when it may (core/use-cases/issue-card.ts). */
  readonly cardSmsHold?: { readonly holder: string; readonly until: string };
  readonly duplicateOf?: { readonly registrationId: string; readonly cardNumber?: string };
  /** The last e-KYC blocker an operator reported fixed: what blocked it, what was fixed, when, by whom. */
  readonly blockerFixed?: { readonly reasonCode: string; readonly blocker: string; readonly at: string; readonly by: string };
  /**
   * Set while an admin has stopped the registration's execution: the status, reason and progress key it was stopped
   * in, which a redrive restores.
   */
  readonly stopped?: {
    readonly from: RegistrationStatus;
    readonly progressKey?: string;
    readonly reason?: Registration['reason'];
    readonly at: string;
  };
  /**
   * Set while the case is parked (core/parking.ts): its workflow's execution ended at a long wait, the status and
   * queue kept; removed when its event resumes it in a new execution.
   */
  readonly parked?: { readonly step: 'ekyc' | 'approval'; readonly at: string };
  /** Set when the case moved to another district (a migrant): where it was, and when it moved. */
  /** Where a migrated case came from; `request` is the migration's fingerprint (a repeat must match it). */
  readonly migratedFrom?: { readonly district: string; readonly at: string; readonly request?: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TransitionRequest {
  readonly to: RegistrationStatus;
  readonly actor: Actor;
  readonly why: string;
  readonly note?: string;
  /** Fields to set with the status, in the same write. */
  readonly set?: Partial<Omit<Registration, 'registrationId' | 'status' | 'createdAt' | 'updatedAt'>>;
  /** Fields to remove in the same write. */
  readonly remove?: readonly (keyof Registration)[];
  /** Leave STOPPED for the status it was stopped in (`to`): only when its execution runs again (core/registration.ts canResume). */
  readonly resume?: true;
  /** Move only from this status, the one `set` was worked out from; from any other, INVALID_STATUS (not retried). */
  readonly onlyFrom?: RegistrationStatus;
  /**
   * The registration as this request already read it: the registry does not read it again. The write holds only if
   * it is unchanged since (same status and `updatedAt`); if not, the registry reads it and decides as without it.
   */
  readonly read?: Registration;
}

/** A registration moved to another place (a migrant's pending case), its status unchanged. */
export interface RelocateRequest {
  readonly place: Place;
  readonly actor: Actor;
  readonly why: string;
  readonly note?: string;
  /** Kept with `migratedFrom` when the district changes: what the request was, so a repeat can be told from another. */
  readonly requestFingerprint?: string;
}

/**
 * A case's registration, its audit trail and its dependents. The other records a registration's workflow keeps
 * have ports of their own: OTP codes and guards (otp-codes.ts, otp-guards.ts), send counts, idempotency records,
 * uniqueness claims, cards and sequences; the eligible person is the People port's.
 */
export interface Registry {
  createRegistration(registration: Registration, actor: Actor): Promise<void>;
  getRegistration(registrationId: string): Promise<Registration | undefined>;
  /** Conditional on the current status being one the target may be entered from; writes an audit event. */
  transition(registrationId: string, request: TransitionRequest): Promise<Registration>;
  /**
   * Move the registration to `place` with an audit event; its count moves with it, and a move to another district
   * leaves the person counted as migrated where they were.
   */
  relocate(registrationId: string, request: RelocateRequest): Promise<Registration>;
  /** Set fields without a status change (no audit event): e.g. the e-KYC OTP reference. Answers the registration as written. */
  update(registrationId: string, set: TransitionRequest['set'], expectStatus: readonly RegistrationStatus[]): Promise<Registration>;
  /**
   * A change that is no status change but belongs in the timeline (a case parked, resumed in a new execution): the
   * fields set and removed and an audit event (from and to `status`), in one write, while the status is `status`;
   * INVALID_STATUS when it moved meanwhile.
   */
  annotate(
    registrationId: string,
    request: Pick<TransitionRequest, 'actor' | 'why' | 'note' | 'set' | 'remove'> & { readonly status: RegistrationStatus },
  ): Promise<void>;
  audit(registrationId: string): Promise<AuditEvent[]>;
  dependentsOf(primaryRegistrationId: string): Promise<Registration[]>;
}

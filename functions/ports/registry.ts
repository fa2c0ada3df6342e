// Ports for the registration pipeline's state. One DynamoDB adapter implements them (functions/adapters/dynamodb-registry.ts).
import type { Person } from '../core/person.js';
import type { OtpGuard, OtpState } from '../core/otp.js';
import type { NextAction, RegistrationStatus } from '../core/registration.js';
import type { Gender } from '../core/person.js';
import type { Place } from '../core/progress.js';

export interface Actor {
  /** `system`, or a caller's subject. */
  readonly id: string;
  readonly role: string;
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
  /** Set when the case moved to another district (a migrant): where it was, and when it moved. */
  /** Where a migrated case came from; `request` is the migration's fingerprint (a repeat must match it). */
  readonly migratedFrom?: { readonly district: string; readonly at: string; readonly request?: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface IssuedCard {
  readonly cardNumber: string;
  readonly scheme: string;
  readonly registrationId: string;
  readonly pdfKey: string;
  readonly issuedAt: string;
  readonly validUntil: string;
  readonly district: string;
  /** The signed text the card's QR code encodes (core/card.ts); absent on cards issued before it was kept. */
  readonly qrText?: string;
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
  /** Further writes that must succeed or fail with this one (uniqueness claims, approval tasks). */
  readonly alsoPut?: readonly { readonly item: Record<string, unknown>; readonly ifAbsent: boolean }[];
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

export interface Registry {
  getPerson(scheme: string, personId: string): Promise<Person | undefined>;
  putPerson(person: Person): Promise<void>;

  createRegistration(registration: Registration, actor: Actor): Promise<void>;
  getRegistration(registrationId: string): Promise<Registration | undefined>;
  /** Conditional on the current status being one the target may be entered from; writes an audit event. */
  transition(registrationId: string, request: TransitionRequest): Promise<Registration>;
  /**
   * Move the registration to `place` with an audit event; its count moves with it, and a move to another district
   * leaves the person counted as migrated where they were.
   */
  relocate(registrationId: string, request: RelocateRequest): Promise<Registration>;
  /** Set fields without a status change (no audit event): e.g. the e-KYC OTP reference. */
  update(registrationId: string, set: TransitionRequest['set'], expectStatus: readonly RegistrationStatus[]): Promise<void>;
  audit(registrationId: string): Promise<AuditEvent[]>;
  /**
   * Hold the sending of a card's SMS for one attempt (`holder`) until `until`: false when the SMS went already or
   * another attempt holds it (one still running past a stop, say). `releaseCardSms` lets a failed attempt's hold go.
   */
  holdCardSms(registrationId: string, holder: string, now: string, until: string): Promise<boolean>;
  releaseCardSms(registrationId: string, holder: string): Promise<void>;
  dependentsOf(primaryRegistrationId: string): Promise<Registration[]>;

  getOtp(registrationId: string): Promise<OtpState | undefined>;
  /** Replace the OTP state if it is still `expected` (or absent when undefined): of concurrent writers one wins. */
  putOtp(registrationId: string, state: OtpState, expected: OtpState | undefined): Promise<void>;
  /**
   * Count one SMS send to a mobile in the current hour; false when the hourly limit is reached. The mobile comes
   * as its keyed token (core/anomalies.ts mobileToken): the table never holds the number in a key.
   */
  countMobileSend(mobileToken: string, limit: number, now: number): Promise<boolean>;

  /** A person's or a mobile's lock and wrong-code count (core/otp.ts otpGuardKeys names them). */
  getOtpGuard(key: string): Promise<OtpGuard | undefined>;
  /** Count one wrong code for a person; a count last added at or before `forgetBefore` starts again. Returns the count. */
  countOtpFailure(key: string, now: number, forgetBefore: number): Promise<number>;
  /** A right code: the person's consecutive wrong codes start again from none (a lock in force stays). */
  clearOtpFailures(key: string): Promise<void>;
  /** Refuse new registrations under each key until `until` (a longer lock in force stays). */
  lockOtp(keys: readonly string[], until: number): Promise<void>;

  /** Idempotency records: the first request with a key wins; later ones get its result. */
  findIdempotent(scope: string, key: string): Promise<{ requestHash: string; registrationId: string } | undefined>;
  claimIdempotent(scope: string, key: string, requestHash: string, registrationId: string): Promise<boolean>;
  /** Let go of a claim whose request was refused (nothing else was written), if it still names `registrationId`. */
  releaseIdempotent(scope: string, key: string, registrationId: string): Promise<void>;

  /** The registration holding a scheme's uniqueness claim for an Aadhaar token, if any. */
  findClaim(scheme: string, aadhaarToken: string): Promise<{ registrationId: string; cardNumber?: string } | undefined>;
  uniquenessClaimItem(scheme: string, aadhaarToken: string, registrationId: string): Record<string, unknown>;
  recordCardOnClaim(scheme: string, aadhaarToken: string, cardNumber: string): Promise<void>;
  getCard(cardNumber: string): Promise<IssuedCard | undefined>;
  /** Next number in a card series (atomic counter). */
  nextSequence(series: string): Promise<number>;
}

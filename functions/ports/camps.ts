// Camps, their lists of people, the registrations started at them, and the SMS opt-outs (by a keyed hash of the
// mobile: the store never holds the number).
import type { Camp, CampTarget, TurnedAwayReason } from '../core/camps.js';

export interface CampRegistration {
  readonly personKey: string;
  readonly registrationId: string;
  readonly at: string;
}

export interface Camps {
  /** False when a camp with this id exists already. */
  create(camp: Camp, targets: readonly CampTarget[]): Promise<boolean>;
  get(campId: string): Promise<Camp | undefined>;
  /** The camps of a district, by first day then id. */
  inDistrict(district: string): Promise<Camp[]>;
  /** Every person of the camp's list (targets and those turned away), by village then name. */
  targets(campId: string): Promise<CampTarget[]>;
  target(campId: string, personKey: string): Promise<CampTarget | undefined>;
  /** Marks the person invited, once: false when they were invited before. */
  markInvited(campId: string, personKey: string, at: string): Promise<boolean>;
  /** Gives an invitation back (the gateway did not take it), so a later call sends it. */
  unmarkInvited(campId: string, personKey: string, at: string): Promise<void>;
  /** Checks the person in, once: the check-in time as stored (the first one's on a repeat). */
  checkIn(campId: string, personKey: string, at: string): Promise<string>;
  /** Records the person turned away (on the list or not), once: the record as stored. */
  turnAway(
    campId: string,
    person: Omit<CampTarget, 'turnedAway' | 'onList'>,
    turnedAway: { reasonCode: TurnedAwayReason; note?: string; at: string; by: string },
  ): Promise<NonNullable<CampTarget['turnedAway']>>;
  /** Records a registration started at the camp (the person's latest there). */
  addRegistration(campId: string, registration: CampRegistration): Promise<void>;
  registrations(campId: string): Promise<CampRegistration[]>;
}

export interface SmsOptOuts {
  optOut(mobileToken: string, at: string): Promise<void>;
  optedOut(mobileTokens: readonly string[]): Promise<Set<string>>;
}

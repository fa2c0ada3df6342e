// Patterns worth a second look, never a silent block: one mobile number used across unrelated families (audits
// of the national scheme found lakhs of beneficiaries sharing single mobiles), one operator registering far more
// people in a day than a camp's norm. Each registration adds itself to two sets (families per mobile, people per
// operator per day); a set larger than its scheme's norm is an anomaly, listed for a district admin to review.
// The registration itself goes on. Pure: the adapter keeps the sets, this module decides.
import { createHash, createHmac } from 'node:crypto';
import type { Scheme } from './schemes.js';

export const anomalyKinds = ['shared-mobile', 'operator-volume'] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];

export const reviewOutcomes = ['explained', 'referred-for-audit'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

/** A mobile number as a key: a keyed hash, so sets and logs never hold the number. */
export const mobileToken = (mobile: string, key: Buffer): string =>
  createHmac('sha256', key).update(`mobile:${mobile}`).digest('hex').slice(0, 32);

/** What admins may see of a mobile number: its last four digits. */
export const maskMobile = (mobile: string): string => `******${mobile.slice(-4)}`;

/** The anomaly a set belongs to: one per kind, scheme, district and subject (a mobile's token, an operator's day). */
export const anomalyIdOf = (kind: AnomalyKind, scheme: string, district: string, subject: string): string =>
  createHash('sha256').update(`${kind}|${scheme}|${district}|${subject}`).digest('hex').slice(0, 24);

export const normOf = (scheme: Scheme, kind: AnomalyKind): number =>
  kind === 'shared-mobile' ? scheme.anomalies.familiesPerMobile : scheme.anomalies.registrationsPerOperatorPerDay;

/** A set is anomalous once it holds more members than the norm allows. */
export const isAnomalous = (members: number, norm: number): boolean => members > norm;

export interface AnomalyReview {
  readonly outcome: ReviewOutcome;
  readonly note: string;
  readonly by: string;
  readonly at: string;
  /** How many members the set had when it was reviewed. */
  readonly members: number;
}

export interface Anomaly {
  readonly anomalyId: string;
  readonly kind: AnomalyKind;
  readonly scheme: string;
  readonly district: string;
  /** What it is about, as admins may see it: a masked mobile (`******3210`), or an operator id. */
  readonly subject: string;
  /** The day (IST) of an operator's volume. */
  readonly day?: string;
  readonly members: number;
  readonly norm: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly lastRegistrationId: string;
  readonly state: 'open' | 'reviewed';
  readonly review?: AnomalyReview;
}

/**
 * The anomaly after a set grew to `members`: new ones open; a reviewed one stays reviewed unless the set grew
 * past what the reviewer saw, when it opens again (the explanation covered fewer families or people).
 */
export const nextAnomaly = (
  existing: Anomaly | undefined,
  seen: Omit<Anomaly, 'state' | 'firstSeenAt' | 'review' | 'lastSeenAt'> & { readonly at: string },
): Anomaly => {
  const { at, ...fields } = seen;
  const reopened = existing?.review !== undefined && seen.members > existing.review.members;
  return {
    ...fields,
    firstSeenAt: existing?.firstSeenAt ?? at,
    lastSeenAt: at,
    state: existing === undefined || reopened ? 'open' : existing.state,
    ...(existing?.review === undefined ? {} : { review: existing.review }),
  };
};

// Anomalies and the sets they are counted from (core/anomalies.ts). One DynamoDB adapter implements it.
import type { Anomaly, AnomalyKind, AnomalyReview } from '../core/anomalies.js';

export interface SetMember {
  /** A family id (shared mobiles) or a person id (an operator's day). */
  readonly member: string;
  readonly registrationId: string;
  readonly at: string;
}

export interface AnomalyQuery {
  readonly district?: string;
  readonly state: Anomaly['state'];
  readonly kind?: AnomalyKind;
  readonly limit: number;
  readonly cursor?: string;
}

export interface Anomalies {
  /** Add a member to the anomaly's set (a repeat changes nothing) and count the set, up to `cap`. */
  addToSet(anomalyId: string, member: SetMember, cap: number): Promise<number>;
  /** Up to `limit` of the set's members. */
  members(anomalyId: string, limit: number): Promise<SetMember[]>;
  get(anomalyId: string): Promise<Anomaly | undefined>;
  /** Write `next` if the anomaly is still as read (`previous`); false when it changed meanwhile. */
  save(next: Anomaly, previous: Anomaly | undefined): Promise<boolean>;
  list(query: AnomalyQuery): Promise<{ items: Anomaly[]; cursor?: string }>;
  /** Mark reviewed if it is open; false when it is not (reviewed already, or gone). */
  review(anomalyId: string, review: AnomalyReview): Promise<boolean>;
}

// Delegation of charge: a DDO on leave hands their queue to another DDO code for days they choose (IST). The
// rules are pure: which days a delegation covers, whether a request is acceptable, when two overlap. It ends by
// itself: active is a reading of the dates against today in India, so no job has to end it.
import { ValidationError } from './errors.js';
import { indianDay } from './progress.js';

/** The longest a charge may be handed over in one delegation: leave longer than this is a transfer of posting. */
export const maxDelegationDays = 90;

export interface DelegationDates {
  /** First day, yyyy-mm-dd in IST, inclusive. */
  readonly startsOn: string;
  /** Last day, yyyy-mm-dd in IST, inclusive. */
  readonly endsOn: string;
  /** Set when it was ended early: from then on it is not active, and it overlaps nothing. */
  readonly endedAt?: string;
}

export type DelegationState = 'scheduled' | 'active' | 'ended';

/** Where a delegation stands at `now` (epoch ms): its days are read in India's calendar. */
export const delegationState = (delegation: DelegationDates, now: number): DelegationState => {
  if (delegation.endedAt !== undefined) return 'ended';
  const today = indianDay(now);
  if (today < delegation.startsOn) return 'scheduled';
  return today <= delegation.endsOn ? 'active' : 'ended';
};

export const isActive = (delegation: DelegationDates, now: number): boolean => delegationState(delegation, now) === 'active';

/** Two delegations of one DDO code whose days share at least one day (one ended early shares none). */
export const overlaps = (one: DelegationDates, other: DelegationDates): boolean =>
  one.endedAt === undefined && other.endedAt === undefined && one.startsOn <= other.endsOn && other.startsOn <= one.endsOn;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** A request's dates and codes checked: each refusal is a 400 with its own code. */
export const checkDelegationRequest = (
  request: DelegationDates & { readonly fromDdoCode: string; readonly toDdoCode: string },
  now: number,
): void => {
  if (request.fromDdoCode === request.toDdoCode)
    throw new ValidationError({
      code: 'DELEGATION_TO_SELF',
      message: 'A DDO code cannot hand its charge to itself: name another DDO code.',
    });
  if (request.endsOn < request.startsOn)
    throw new ValidationError({
      code: 'DELEGATION_DATES_OUT_OF_ORDER',
      message: `The last day (${request.endsOn}) is before the first (${request.startsOn}).`,
    });
  const today = indianDay(now);
  if (request.startsOn < today)
    throw new ValidationError({
      code: 'DELEGATION_STARTS_IN_PAST',
      message: `A delegation starts today (${today}, IST) or later, not on ${request.startsOn}.`,
    });
  const days = dayNumber(request.endsOn) - dayNumber(request.startsOn) + 1;
  if (days > maxDelegationDays)
    throw new ValidationError({
      code: 'DELEGATION_TOO_LONG',
      message: `A delegation covers at most ${maxDelegationDays} days; this one covers ${days}.`,
    });
};

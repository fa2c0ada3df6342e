// Where a campaign is going: cards and registrations per day, the approval backlog at the end of each day, and
// the outlook against a target (days left, the daily rate needed, the rate achieved, the day saturation comes at
// the current pace). Read from the counts the stream keeps (core/progress.ts): the running counts per block and
// each day's net change per block; a past day's figures are today's counts less every later day's change. Pure.
import { addCounts, funnelOf } from './progress.js';

/** The day `days` after an Indian day (yyyy-mm-dd); negative goes back. */
export const shiftDay = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Whole days from one Indian day to another (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** `count` days ending with `last`, oldest first. */
export const dayRange = (last: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => shiftDay(last, index - count + 1));

export interface TrendDay {
  readonly day: string;
  /** Net change of people carded that day. */
  readonly cardsIssued: number;
  /** Net change of people with a registration that day (people who started). */
  readonly started: number;
  /** People waiting for an approver at the end of the day (today: now). */
  readonly pending: number;
}

/**
 * The figures of each day, oldest first, from the running counts now (`current`, people per progress key) and the
 * net change of every day from the first asked through today (`changes`, oldest first, the last one today): a day's
 * end is `current` less the change of every later day.
 */
export const trendOf = (
  current: Readonly<Record<string, number>>,
  changes: readonly { readonly day: string; readonly counts: Readonly<Record<string, number>> }[],
): TrendDay[] => {
  const days: TrendDay[] = [];
  let atEnd: Record<string, number> = { ...current };
  for (let index = changes.length - 1; index >= 0; index -= 1) {
    const { day, counts } = changes[index] as (typeof changes)[number];
    const moved = funnelOf(counts, 0, day);
    days.unshift({ day, cardsIssued: moved.issued, started: moved.started, pending: funnelOf(atEnd, 0, day).pendingApproval });
    // The end of the day before: take this day's change back.
    atEnd = addCounts(atEnd, Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, -count])));
  }
  return days;
};

/** How many days the achieved rate is the mean of. */
export const paceDays = 7;

/** Cards issued over the `paceDays` days ending with `lastDay` (days missing from `days` count as none). */
export const paceCardsOf = (days: readonly Pick<TrendDay, 'day' | 'cardsIssued'>[], lastDay: string): number => {
  const window = new Set(dayRange(lastDay, paceDays));
  return days.filter((day) => window.has(day.day)).reduce((sum, day) => sum + day.cardsIssued, 0);
};

/** The cards a saturation target asks for: that share of the eligible, rounded up (a part of a person is a person). */
export const targetCardsOf = (eligible: number, saturationPercent: number): number =>
  Math.ceil((eligible * saturationPercent) / 100 - 1e-9);

export interface Outlook {
  /** Days still to work, from the day after `lastDay` through the end date; null without a target. */
  readonly daysLeft: number | null;
  /** Cards a day needed to reach the target by its end date (rounded up); 0 once reached; null without a target or days. */
  readonly neededPerDay: number | null;
  /** The mean of the pace's days, one decimal. */
  readonly achievedPerDay: number;
  /** The day the target (100% of the eligible without one) is reached at the achieved pace; null when the pace is 0. */
  readonly projectedSaturationOn: string | null;
}

/**
 * The outlook after `lastDay`, the last day whose cards are all in (yesterday for a view read during the day, the
 * report's date for a daily report): `carded` people now, `targetCards` to reach by `endsOn`.
 */
export const outlookOf = (input: {
  readonly eligible: number;
  readonly carded: number;
  readonly target: { readonly targetCards: number; readonly endsOn: string } | null;
  /** Cards issued over the `paceDays` days ending with `lastDay`: the pace. */
  readonly paceCards: number;
  readonly lastDay: string;
  /** The day the counts are as of (today, or the report's date): when the target is reached already, the projection. */
  readonly countedOn: string;
}): Outlook => {
  const firstDayLeft = shiftDay(input.lastDay, 1);
  const goal = input.target?.targetCards ?? input.eligible;
  const remaining = Math.max(0, goal - input.carded);
  const daysLeft = input.target === null ? null : Math.max(0, daysFrom(firstDayLeft, input.target.endsOn) + 1);
  const neededPerDay = daysLeft === null ? null : remaining === 0 ? 0 : daysLeft === 0 ? null : Math.ceil(remaining / daysLeft);
  const projectedSaturationOn =
    remaining === 0
      ? input.countedOn
      : input.paceCards <= 0
        ? null
        : // Whole numbers only (remaining x 7 / cards), so no rounding of the pace moves the day.
          shiftDay(firstDayLeft, Math.ceil((remaining * paceDays) / input.paceCards) - 1);
  const achievedPerDay = Math.round((10 * input.paceCards) / paceDays) / 10;
  return { daysLeft, neededPerDay, achievedPerDay, projectedSaturationOn };
};

export interface BlockBehind {
  readonly district: string;
  readonly block: string;
  readonly eligible: number;
  readonly carded: number;
  readonly targetCards: number;
  /** Cards still short of the block's target (0 once reached). */
  readonly behindBy: number;
}

/** Blocks against their targets, furthest behind first (then the larger block, then by name). */
export const blocksBehindOf = (
  blocks: readonly {
    readonly district: string;
    readonly block: string;
    readonly eligible: number;
    readonly carded: number;
    readonly saturationPercent: number;
  }[],
): BlockBehind[] =>
  blocks
    .map(({ saturationPercent, ...block }) => {
      const targetCards = targetCardsOf(block.eligible, saturationPercent);
      return { ...block, targetCards, behindBy: Math.max(0, targetCards - block.carded) };
    })
    .sort(
      (a, b) =>
        b.behindBy - a.behindBy || b.eligible - a.eligible || a.district.localeCompare(b.district) || a.block.localeCompare(b.block),
    );

// What a count of the campaign views is made of, as a rule over one person: `GET /v1/admin/campaigns/{id}/people`
// lists the people behind any figure the overview or the gap ledger shows. Each person with a registration is
// counted under one progress key (core/progress.ts); a figure counts a key exactly when funnelOf counts it, so a
// key belongs to a figure here by asking funnelOf about that one key, never by a second copy of its rules. Pure.
import { funnelOf, gapReasons, indianDay, statusOfKey, type GapReason } from './progress.js';
import { registrationStatuses, type RegistrationStatus } from './registration.js';
import { ValidationError } from './errors.js';

/** The funnel figures a list can be asked for (PlaceProgress's names). */
export const drillFigures = ['started', 'mobileVerified', 'ekycDone', 'pendingApproval', 'issued'] as const;
export type DrillFigure = (typeof drillFigures)[number];

export type DrillKey =
  | { readonly kind: 'figure'; readonly figure: DrillFigure }
  | { readonly kind: 'gap'; readonly reason: GapReason }
  | { readonly kind: 'status'; readonly status: RegistrationStatus }
  | { readonly kind: 'progress-key'; readonly key: string }
  | { readonly kind: 'day'; readonly day: string; readonly figure: 'cardsIssued' };

const dayKey = /^day:(\d{4}-\d{2}-\d{2}):cardsIssued$/;

/**
 * A key as the counts name it: a funnel figure (`started`, `issued`, …), a gap reason (`not-started`,
 * `awaiting-approval`, …), a registration status (`CARD_ISSUED`, `PENDING_APPROVAL`), a progress key itself
 * (`EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED`, `PENDING_APPROVAL@2026-12-01`), or a day's cards (`day:2026-12-03:cardsIssued`).
 */
export const parseDrillKey = (text: string): DrillKey | undefined => {
  if ((drillFigures as readonly string[]).includes(text)) return { kind: 'figure', figure: text as DrillFigure };
  if ((gapReasons as readonly string[]).includes(text)) return { kind: 'gap', reason: text as GapReason };
  if ((registrationStatuses as readonly string[]).includes(text)) return { kind: 'status', status: text as RegistrationStatus };
  const day = dayKey.exec(text);
  if (day !== null && !Number.isNaN(Date.parse(`${day[1]}T00:00:00Z`)))
    return { kind: 'day', day: day[1] as string, figure: 'cardsIssued' };
  if (/^[A-Z_]+[@:][A-Za-z0-9_:@-]+$/.test(text) && (registrationStatuses as readonly string[]).includes(statusOfKey(text)))
    return { kind: 'progress-key', key: text };
  return undefined;
};

/** How many people of these counts (key -> people) and eligible population the key names: the figure the views show. */
export const drillCount = (drill: DrillKey, counts: Readonly<Record<string, number>>, eligible: number, today: string): number => {
  switch (drill.kind) {
    case 'figure':
      return funnelOf(counts, eligible, today)[drill.figure];
    case 'gap':
      return funnelOf(counts, eligible, today).gap[drill.reason] ?? 0;
    case 'status':
      return Object.entries(counts).reduce((sum, [key, count]) => sum + (statusOfKey(key) === drill.status ? count : 0), 0);
    case 'progress-key':
      return counts[drill.key] ?? 0;
    // The day's net change of cards (counts are that day's items): what the progress view's `change.issued` shows.
    case 'day':
      return funnelOf(counts, 0, today).issued;
  }
};

/** One person as the lists read them: their progress key and when it was last written; none for one not started. */
export interface DrillPerson {
  readonly key?: string;
  readonly updatedAt?: string;
  /** On the roster as eligible: counted in `eligible`, so in `not-started` when they have no key. */
  readonly eligible: boolean;
}

/** Whether a person is one of the key's: counted by `drillCount` under it. */
export const drillMatches = (drill: DrillKey, person: DrillPerson, today: string): boolean => {
  if (person.key === undefined) return drill.kind === 'gap' && drill.reason === 'not-started' && person.eligible;
  // The person's own key, counted alone, answers as every count of it does.
  if (drill.kind === 'day')
    return (
      person.updatedAt !== undefined &&
      indianDay(Date.parse(person.updatedAt)) === drill.day &&
      funnelOf({ [person.key]: 1 }, 0, today).issued === 1
    );
  return drillCount(drill, { [person.key]: 1 }, 0, today) === 1;
};

/** Where a positional list left off: the part (a block) and how many of it were given. Opaque to callers. */
export interface Position {
  readonly part: number;
  readonly offset: number;
}

export const encodePosition = (position: Position): string =>
  Buffer.from(JSON.stringify([position.part, position.offset])).toString('base64url');

export const decodePosition = (cursor: string | undefined): Position => {
  if (cursor === undefined) return { part: 0, offset: 0 };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((value) => Number.isSafeInteger(value) && value >= 0))
      return { part: parsed[0] as number, offset: parsed[1] as number };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError({ code: 'BAD_CURSOR', message: 'The cursor is not one this API gave out.' });
};

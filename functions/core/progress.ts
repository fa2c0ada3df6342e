// Campaign progress is counted as it happens, never scanned: each roster person who has started a registration
// is counted under one progress key (their registration's status, with the reason where the reason is the
// point) at one place (block, village or department, DDO). A status change moves the count from the old key to
// the new one in the same transaction as the change itself, so the counts are exact however many registrations
// move at once. Everything here is pure; the adapter turns moves into DynamoDB ADDs.
import type { RegistrationStatus } from './registration.js';
import { hasPassed } from './steps.js';

/** Where a person is counted. Village and department are the roster's; either may be absent. */
export interface Place {
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly ddoCode?: string;
}

/** A person's position in the counts: the key they are counted under, and where. */
export interface Position {
  readonly key: string;
  readonly place: Place;
}

const pendingPrefix = 'PENDING_APPROVAL@';
/** Blocks are named `-` when the roster gives none, so that every person sits in one block. */
export const noBlock = '-';

/** The day in India (IST, UTC+5:30, no daylight saving) of an instant: reports and "since yesterday" use it. */
export const indianDay = (at: number): string => new Date(at + 330 * 60_000).toISOString().slice(0, 10);

/**
 * The key a registration is counted under:
 * - `PENDING_APPROVAL@<day it started waiting>`: waiting keeps its first day across escalations (ageing);
 * - `EKYC_BLOCKED:<code>`, `REJECTED:<code>`: the reason is what admins act on;
 * - `EXPIRED:<status it expired in>`: how far the person got;
 * - `STOPPED:<status it was stopped in>`: the same, while an admin has stopped its execution;
 * - otherwise the status.
 */
export const progressKeyOf = (
  status: RegistrationStatus,
  context: {
    readonly reasonCode?: string;
    readonly previousKey?: string;
    readonly previousStatus?: RegistrationStatus;
    readonly day: string;
  },
): string => {
  if (status === 'PENDING_APPROVAL') {
    return context.previousKey?.startsWith(pendingPrefix) === true ? context.previousKey : `${pendingPrefix}${context.day}`;
  }
  if ((status === 'EKYC_BLOCKED' || status === 'REJECTED') && context.reasonCode !== undefined) return `${status}:${context.reasonCode}`;
  if (status === 'EXPIRED' && context.previousStatus !== undefined) return `EXPIRED:${context.previousStatus}`;
  if (status === 'STOPPED' && context.previousStatus !== undefined) return `STOPPED:${context.previousStatus}`;
  return status;
};

/**
 * Counted where a person went from when their pending case moved to another district (they are counted there
 * by status, and here under this key for good, so the old district's eligible people stay accounted for).
 */
export const migratedKey = 'MIGRATED';

/** The status part of a progress key. */
export const statusOfKey = (key: string): RegistrationStatus | typeof migratedKey =>
  key.split(/[@:]/)[0] as RegistrationStatus | typeof migratedKey;

/** The item a count lives in (`<level>#<value>`): a person is counted once per level. */
export type Level = 'block' | 'village' | 'department' | 'ddo';

const blockOf = (place: Place) => place.block ?? noBlock;

/** The same `block / village` naming as the eligible population's `byVillage`, so the two line up. */
export const villageName = (block: string | undefined, village: string): string => `${block ?? noBlock} / ${village}`;

export const countSlots = (place: Place): string[] => [
  `block#${blockOf(place)}`,
  ...(place.village === undefined ? [] : [`village#${villageName(place.block, place.village)}`]),
  ...(place.department === undefined ? [] : [`department#${place.department}`]),
  ...(place.ddoCode === undefined ? [] : [`ddo#${place.ddoCode}`]),
];

/** One item's change: ADD each key's delta. */
export interface CountChange {
  readonly slot: string;
  readonly deltas: Readonly<Record<string, number>>;
}

const merge = (changes: Map<string, Record<string, number>>, slot: string, key: string, delta: number) => {
  const deltas = changes.get(slot) ?? {};
  deltas[key] = (deltas[key] ?? 0) + delta;
  changes.set(slot, deltas);
};

const settle = (changes: Map<string, Record<string, number>>): CountChange[] =>
  [...changes]
    .map(([slot, deltas]) => ({ slot, deltas: Object.fromEntries(Object.entries(deltas).filter(([, delta]) => delta !== 0)) }))
    .filter((change) => Object.keys(change.deltas).length > 0);

/**
 * What a move from one position to another changes: the running counts (one item per slot) and the day's net
 * change per block. Deltas on one item are merged (a transaction may touch an item once); a move that changes
 * nothing changes no item.
 */
export const progressMoves = (from: Position | undefined, to: Position): { counts: CountChange[]; day: CountChange[] } => {
  const counts = new Map<string, Record<string, number>>();
  const day = new Map<string, Record<string, number>>();
  if (from !== undefined) {
    for (const slot of countSlots(from.place)) merge(counts, slot, from.key, -1);
    merge(day, `block#${blockOf(from.place)}`, from.key, -1);
  }
  for (const slot of countSlots(to.place)) merge(counts, slot, to.key, 1);
  merge(day, `block#${blockOf(to.place)}`, to.key, 1);
  return { counts: settle(counts), day: settle(day) };
};

// ---- Reading the counts ---------------------------------------------------------------------------------

/** Why an eligible person has no card yet: the gap ledger's reasons. */
export const gapReasons = [
  'not-started',
  'mobile-unverified',
  'aadhaar-mobile-not-linked',
  'aadhaar-update-needed',
  'ekyc-failing',
  'ekyc-in-progress',
  'awaiting-approval',
  'returned-for-correction',
  'card-being-issued',
  'card-not-delivered',
  'rejected',
  'not-eligible',
  'duplicate',
  'abandoned',
  'migrated',
  'stopped',
] as const;
export type GapReason = (typeof gapReasons)[number];

/** UIDAI refusals the person fixes at an Aadhaar centre (update, unlock), not by trying again. */
const aadhaarUpdateCodes = new Set([
  'EKYC_BIOMETRICS_LOCKED',
  'EKYC_AADHAAR_LOCKED',
  'EKYC_BIOMETRIC_MISMATCH',
  'EKYC_AADHAAR_SUSPENDED',
  'EKYC_AADHAAR_CANCELLED',
]);

/** The gap reason of a progress key, or `carded`. */
export const gapReasonOf = (key: string): GapReason | 'carded' => {
  const status = statusOfKey(key);
  const code = key.includes(':') ? key.slice(key.indexOf(':') + 1) : undefined;
  switch (status) {
    case 'CARD_ISSUED':
      return 'carded';
    case 'STARTED':
    case 'MOBILE_OTP_SENT':
    case 'MOBILE_OTP_EXPIRED':
    case 'MOBILE_OTP_LOCKED':
    case 'MOBILE_OTP_RESEND_LIMIT':
    // No code could be sent to the mobile that hour: the person starts again (another mobile, or later).
    case 'MOBILE_SMS_LIMIT':
      return 'mobile-unverified';
    case 'EKYC_BLOCKED':
      if (code === 'EKYC_MOBILE_NOT_LINKED') return 'aadhaar-mobile-not-linked';
      if (code !== undefined && aadhaarUpdateCodes.has(code)) return 'aadhaar-update-needed';
      return 'ekyc-failing';
    case 'EKYC_PROVIDER_UNAVAILABLE':
      return 'ekyc-failing';
    case 'MOBILE_VERIFIED':
    case 'EKYC_PENDING':
    case 'EKYC_OTP_SENT':
    case 'EKYC_VERIFIED':
      return 'ekyc-in-progress';
    case 'PENDING_APPROVAL':
      return 'awaiting-approval';
    case 'RETURNED_FOR_CORRECTION':
      return 'returned-for-correction';
    case 'APPROVED':
      return 'card-being-issued';
    case 'CARD_MADE':
      return 'card-not-delivered';
    case 'REJECTED':
      return 'rejected';
    case 'NOT_ELIGIBLE':
      return 'not-eligible';
    case 'DUPLICATE':
      return 'duplicate';
    case 'EXPIRED':
      return 'abandoned';
    case 'MIGRATED':
      return 'migrated';
    case 'STOPPED':
      return 'stopped';
  }
};

/** Keys that name the status they left after a colon: the person got as far as that status. */
const heldAt = new Set<string>(['EXPIRED', 'STOPPED']);

/** How far a key got: an expired (stopped) registration counts as far as the status it expired (stopped) in. */
const reached = (key: string) => {
  const status = statusOfKey(key);
  const effective = heldAt.has(status) && key.includes(':') ? (key.slice(key.indexOf(':') + 1) as RegistrationStatus) : status;
  if (effective === migratedKey) return { mobile: false, ekyc: false };
  return { mobile: hasPassed(effective, 'mobile-otp'), ekyc: hasPassed(effective, 'ekyc') };
};

export const ageingBuckets = ['0-1 days', '2-3 days', '4-7 days', 'over 7 days'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** Whole days between two Indian days (yyyy-mm-dd). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const ageingBucketOf = (since: string, today: string): AgeingBucket => {
  const days = daysBetween(since, today);
  return days <= 1 ? '0-1 days' : days <= 3 ? '2-3 days' : days <= 7 ? '4-7 days' : 'over 7 days';
};

export interface Funnel {
  readonly eligible: number;
  /** People with a registration (one per person, their latest). */
  readonly started: number;
  readonly mobileVerified: number;
  readonly ekycDone: number;
  readonly pendingApproval: number;
  readonly pendingByAge: Readonly<Record<AgeingBucket, number>>;
  readonly issued: number;
  /** People stopped for a reason someone must act on, by reason (from the gap ledger's reasons). */
  readonly blocked: Readonly<Partial<Record<GapReason, number>>>;
  /** Every eligible person not carded, by reason; `not-started` is eligible minus started. */
  readonly gap: Readonly<Partial<Record<GapReason, number>>>;
  /** Issued as a percentage of eligible, one decimal; null when nobody is eligible. */
  readonly saturationPercent: number | null;
}

const blockingReasons = new Set<GapReason>([
  'aadhaar-mobile-not-linked',
  'aadhaar-update-needed',
  'ekyc-failing',
  'returned-for-correction',
  'rejected',
  'not-eligible',
  'duplicate',
  'abandoned',
  'migrated',
  // An admin acts on these: a redrive sends a card's failed SMS again, and resumes a stopped registration.
  'card-not-delivered',
  'stopped',
]);

/** The funnel of one place from its counts (key -> people) and its eligible population. */
export const funnelOf = (counts: Readonly<Record<string, number>>, eligible: number, today: string): Funnel => {
  let started = 0;
  let mobileVerified = 0;
  let ekycDone = 0;
  let issued = 0;
  let pendingApproval = 0;
  const pendingByAge: Record<AgeingBucket, number> = { '0-1 days': 0, '2-3 days': 0, '4-7 days': 0, 'over 7 days': 0 };
  const gap: Partial<Record<GapReason, number>> = {};
  const blocked: Partial<Record<GapReason, number>> = {};
  for (const [key, count] of Object.entries(counts)) {
    if (count === 0) continue;
    const reason = gapReasonOf(key);
    // Migrated people are counted where they went; here they are a reason, not a registration.
    if (reason !== 'migrated') started += count;
    const progress = reached(key);
    if (progress.mobile) mobileVerified += count;
    if (progress.ekyc) ekycDone += count;
    if (key.startsWith(pendingPrefix)) {
      pendingApproval += count;
      pendingByAge[ageingBucketOf(key.slice(pendingPrefix.length), today)] += count;
    }
    if (reason === 'carded') {
      issued += count;
      continue;
    }
    gap[reason] = (gap[reason] ?? 0) + count;
    if (blockingReasons.has(reason)) blocked[reason] = (blocked[reason] ?? 0) + count;
  }
  const notStarted = Math.max(0, eligible - started);
  if (notStarted > 0) gap['not-started'] = notStarted;
  return {
    eligible,
    started,
    mobileVerified,
    ekycDone,
    pendingApproval,
    pendingByAge,
    issued,
    blocked,
    gap,
    saturationPercent: eligible === 0 ? null : Math.round((1000 * issued) / eligible) / 10,
  };
};

/** Adds counts of several slots (roster types, days). */
export const addCounts = (...all: readonly Readonly<Record<string, number>>[]): Record<string, number> => {
  const sum: Record<string, number> = {};
  for (const counts of all) for (const [key, count] of Object.entries(counts)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
};

/** Where a registration is counted: its roster person's place. */
export const placeOf = (registration: Place): Place => ({
  district: registration.district,
  ...(registration.block === undefined ? {} : { block: registration.block }),
  ...(registration.village === undefined ? {} : { village: registration.village }),
  ...(registration.department === undefined ? {} : { department: registration.department }),
  ...(registration.ddoCode === undefined ? {} : { ddoCode: registration.ddoCode }),
});

export const samePlace = (a: Place, b: Place): boolean =>
  countSlots(a).join('\n') === countSlots(b).join('\n') && a.district === b.district;

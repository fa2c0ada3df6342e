// Campaign progress is counted, never scanned: each roster person who has started a registration is counted
// under one progress key (their registration's status, with the reason where the reason is the point) at one
// place (block, village or department, DDO). A status change writes the registration with its key and place;
// the table's change stream carries the item's images before and after, and the aggregator moves the count from
// the old key to the new one (`streamMoves`), merged per count item over a batch. Everything here is pure; the
// adapter turns moves into DynamoDB ADDs.
import { terminalStatuses, type RegistrationStatus } from './registration.js';
import { hasPassed } from './steps.js';

/** Where a person is counted. Village and department are the roster's; either may be absent. */
export interface Place {
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  readonly department?: string;
  readonly ddoCode?: string;
  /** Beneficiary categories of the roster person (core/categories.ts): a count slot each. */
  readonly categories?: readonly string[];
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
  ...(place.categories ?? []).map((category) => `category#${category}`),
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
  // From the field force (core/field-force.ts): a visit's outcome, or nobody answering for the person.
  'deceased',
  'refused',
  'not-found',
  'no-responsible-worker',
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
  ...(registration.categories === undefined ? {} : { categories: registration.categories }),
});

export const samePlace = (a: Place, b: Place): boolean =>
  countSlots(a).join('\n') === countSlots(b).join('\n') && a.district === b.district;

// ---- From the change stream --------------------------------------------------------------------------------

/**
 * What the aggregator needs of a registration item's image (the stream carries the whole item; nothing else of it
 * is read, so the mobile number and the Aadhaar token never leave the record).
 */
export interface RegistrationImage {
  readonly registrationId: string;
  readonly scheme: string;
  readonly personId: string;
  readonly rosterType: string;
  readonly status: RegistrationStatus;
  /** Absent on a declared dependent's registration: counted nowhere. */
  readonly progressKey?: string;
  readonly place: Place;
  /** Set when a later registration of the person took over: this one counts no more (its migrations' places still do). */
  readonly supersededBy?: string;
  readonly supersededAt?: string;
  /** Places the case migrated away from: each keeps the person counted under `MIGRATED`, for good. */
  readonly countedBehind: readonly Place[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const placeFrom = (item: Readonly<Record<string, unknown>>): Place | undefined => {
  const district = text(item.district);
  if (district === undefined) return undefined;
  const optional = (name: 'block' | 'village' | 'department' | 'ddoCode') =>
    text(item[name]) === undefined ? {} : { [name]: text(item[name]) as string };
  const categories = Array.isArray(item.categories) ? item.categories.filter((id): id is string => typeof id === 'string') : [];
  return {
    district,
    ...optional('block'),
    ...optional('village'),
    ...optional('department'),
    ...optional('ddoCode'),
    ...(categories.length === 0 ? {} : { categories }),
  };
};

/** The image of a registration item (`kind: 'registration'`), or undefined for any other item. */
export const registrationImageOf = (item: Readonly<Record<string, unknown>> | undefined): RegistrationImage | undefined => {
  if (item === undefined || item.kind !== 'registration') return undefined;
  const place = placeFrom(item);
  const [registrationId, scheme, personId, rosterType, status] = [
    text(item.registrationId),
    text(item.scheme),
    text(item.personId),
    text(item.rosterType),
    text(item.status),
  ];
  if ([registrationId, scheme, personId, rosterType, status].includes(undefined) || place === undefined) return undefined;
  const behind = Array.isArray(item.countedBehind) ? item.countedBehind : [];
  return {
    registrationId: registrationId as string,
    scheme: scheme as string,
    personId: personId as string,
    rosterType: rosterType as string,
    status: status as RegistrationStatus,
    ...(text(item.progressKey) === undefined ? {} : { progressKey: text(item.progressKey) as string }),
    place,
    ...(text(item.supersededBy) === undefined ? {} : { supersededBy: text(item.supersededBy) as string }),
    ...(text(item.supersededAt) === undefined ? {} : { supersededAt: text(item.supersededAt) as string }),
    countedBehind: behind.flatMap((entry: unknown) => {
      const left = typeof entry === 'object' && entry !== null ? placeFrom(entry as Record<string, unknown>) : undefined;
      return left === undefined ? [] : [left];
    }),
    createdAt: text(item.createdAt) ?? '',
    updatedAt: text(item.updatedAt) ?? text(item.createdAt) ?? '',
  };
};

/** Where an image is counted: its position (unless superseded) and `MIGRATED` at each place it left. */
export const positionsOf = (image: RegistrationImage | undefined): Position[] => {
  if (image?.progressKey === undefined) return [];
  return [
    ...(image.supersededBy === undefined ? [{ key: image.progressKey, place: image.place }] : []),
    ...image.countedBehind.map((place) => ({ key: migratedKey, place })),
  ];
};

/** When a change was made: the takeover's time for a superseded image, else the registration's last write. */
export const changedAt = (image: RegistrationImage): string => image.supersededAt ?? image.updatedAt;

/** One count item a change touches: running counts (no `day`) or a day's net change, per place slot. */
export interface CountDelta {
  readonly scheme: string;
  readonly rosterType: string;
  readonly district: string;
  readonly day?: string;
  readonly slot: string;
  readonly deltas: Readonly<Record<string, number>>;
}

const targetOf = (delta: Omit<CountDelta, 'deltas'>) =>
  [delta.scheme, delta.rosterType, delta.district, delta.day ?? '', delta.slot].join('\u0000');

/** Adds deltas up per count item (a transaction may touch an item once); keys and items that net to zero go. */
export const mergeDeltas = (all: readonly CountDelta[]): CountDelta[] => {
  const merged = new Map<string, { target: Omit<CountDelta, 'deltas'>; deltas: Record<string, number> }>();
  for (const { deltas, ...target } of all) {
    const id = targetOf(target);
    const entry = merged.get(id) ?? { target, deltas: {} };
    for (const [key, delta] of Object.entries(deltas)) entry.deltas[key] = (entry.deltas[key] ?? 0) + delta;
    merged.set(id, entry);
  }
  return [...merged.values()]
    .map(({ target, deltas }) => ({ ...target, deltas: Object.fromEntries(Object.entries(deltas).filter(([, delta]) => delta !== 0)) }))
    .filter((delta) => Object.keys(delta.deltas).length > 0);
};

/**
 * The count moves of one registration item's change, from its image before and after: every position the old
 * image held is taken away and every position of the new one added, in the running counts and in the day (IST)
 * of the change. Only the item's own images are read, so changes of different registrations commute: the stream
 * orders the changes of one item only, and that is all this needs.
 */
export const streamMoves = (before: RegistrationImage | undefined, after: RegistrationImage | undefined): CountDelta[] => {
  const image = after ?? before;
  if (image === undefined) return [];
  const day = indianDay(Date.parse(changedAt(image)));
  const moves: CountDelta[] = [];
  const add = (position: Position, delta: number) => {
    const base = { scheme: image.scheme, rosterType: image.rosterType, district: position.place.district };
    for (const slot of countSlots(position.place)) moves.push({ ...base, slot, deltas: { [position.key]: delta } });
    moves.push({ ...base, day, slot: `block#${blockOf(position.place)}`, deltas: { [position.key]: delta } });
  };
  for (const position of positionsOf(before)) add(position, -1);
  for (const position of positionsOf(after)) add(position, 1);
  return mergeDeltas(moves);
};

/** The person's progress record (worklists): the latest registration's key and place, or none for a superseded one. */
export interface PersonProgressRecord {
  readonly scheme: string;
  readonly personId: string;
  readonly rosterType: string;
  readonly registrationId: string;
  readonly key: string;
  readonly place: Place;
  readonly open: boolean;
  readonly updatedAt: string;
  /**
   * Orders writes of the record: a later registration of the person, then a later change of the same one, wins
   * (`<createdAt>#<registrationId>#<updatedAt>`, ISO instants compare as text); replays write the same again.
   */
  readonly order: string;
}

export const personRecordOf = (image: RegistrationImage | undefined): PersonProgressRecord | undefined => {
  if (image?.progressKey === undefined || image.supersededBy !== undefined) return undefined;
  return {
    scheme: image.scheme,
    personId: image.personId,
    rosterType: image.rosterType,
    registrationId: image.registrationId,
    key: image.progressKey,
    place: image.place,
    open: !terminalStatuses.has(image.status),
    updatedAt: image.updatedAt,
    order: `${image.createdAt}#${image.registrationId}#${image.updatedAt}`,
  };
};

/** A stream record of a registration item, reduced to what the aggregator uses. */
export interface RegistrationChange {
  /** The stream's sequence number (decimal digits). */
  readonly sequence: string;
  readonly before?: RegistrationImage;
  readonly after?: RegistrationImage;
}

/** Sequence numbers are decimal strings of varying length: padded, they compare as text (and in a condition). */
export const sequenceKey = (sequence: string): string => sequence.padStart(48, '0');

/** A run of changes applied in one transaction with their shard's checkpoint. */
export interface ChangeChunk {
  readonly first: string;
  readonly last: string;
  readonly changes: readonly RegistrationChange[];
  readonly counts: readonly CountDelta[];
  /** The latest change applied (ISO): what "as of" reads. */
  readonly through: string;
}

/**
 * The changes after the checkpoint, in stream order, cut into runs whose merged count items fit one transaction
 * beside the checkpoint (`maxItems`), each run's deltas merged per item.
 */
export const chunkChanges = (changes: readonly RegistrationChange[], checkpoint: string | undefined, maxItems: number): ChangeChunk[] => {
  const pending = changes
    .filter((change) => checkpoint === undefined || sequenceKey(change.sequence) > sequenceKey(checkpoint))
    .sort((a, b) => (sequenceKey(a.sequence) < sequenceKey(b.sequence) ? -1 : 1));
  const chunks: ChangeChunk[] = [];
  let run: RegistrationChange[] = [];
  let counts: CountDelta[] = [];
  const close = () => {
    if (run.length === 0) return;
    const times = run.flatMap((change) =>
      [change.after, change.before]
        .filter((image) => image !== undefined)
        .map(changedAt)
        .slice(0, 1),
    );
    chunks.push({
      first: (run[0] as RegistrationChange).sequence,
      last: (run.at(-1) as RegistrationChange).sequence,
      changes: run,
      counts,
      through: times.reduce((latest, at) => (at > latest ? at : latest), ''),
    });
    run = [];
    counts = [];
  };
  for (const change of changes.length === 0 ? [] : pending) {
    const moves = streamMoves(change.before, change.after);
    const merged = mergeDeltas([...counts, ...moves]);
    if (run.length > 0 && merged.length > maxItems) {
      close();
      counts = mergeDeltas(moves);
    } else counts = merged;
    run.push(change);
  }
  close();
  return chunks;
};

/** One stream shard's checkpoint as "as of" reads it. */
export interface ShardProgress {
  /** The latest change applied. */
  readonly through?: string;
  /** When the embedded poller last found the shard drained. */
  readonly caughtUpAt?: string;
  /** When the aggregator last wrote the checkpoint. */
  readonly updatedAt?: string;
  readonly closed: boolean;
}

/** A shard not written for this long before the latest one is taken as finished (DynamoDB closes shards every few hours). */
const idleShardMs = 3_600_000;

/**
 * The moment up to which every change is counted: the earliest of the shards' (each, its latest change applied or
 * the last time it was found drained), closed and long-idle shards left out; undefined before anything is applied.
 */
export const asOfCheckpoints = (shards: readonly ShardProgress[]): string | undefined => {
  const reached = (shard: ShardProgress) =>
    [shard.through, shard.caughtUpAt]
      .filter((at) => at !== undefined)
      .sort()
      .at(-1);
  const latestWrite =
    shards
      .map((shard) => shard.updatedAt ?? reached(shard) ?? '')
      .sort()
      .at(-1) ?? '';
  const live = shards.filter(
    (shard) => !shard.closed && Date.parse(latestWrite) - Date.parse(shard.updatedAt ?? reached(shard) ?? latestWrite) <= idleShardMs,
  );
  return live
    .map(reached)
    .filter((at) => at !== undefined)
    .sort()
    .at(0);
};

// ---- Reconciliation ----------------------------------------------------------------------------------------

/** People per progress key at one place slot of one roster type: a count item (its shards added) or a recount. */
export interface SlotCounts {
  readonly rosterType: string;
  readonly slot: string;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * The running counts of one district as the registrations themselves say, counted afresh: each registration
 * adds one at every position it holds now. `healthcard verify --counts` adds these up page by page over every
 * registration of the scheme and compares them with the counts the stream kept (`countDifferences`).
 */
export const recountOf = (images: readonly RegistrationImage[], district: string): SlotCounts[] =>
  mergeDeltas(images.flatMap((image) => streamMoves(undefined, image)))
    .filter((delta) => delta.day === undefined && delta.district === district)
    .map((delta) => ({ rosterType: delta.rosterType, slot: delta.slot, counts: delta.deltas }));

/** Adds slot counts up per roster type and slot (count items' shards, recount pages). */
export const addSlotCounts = (...all: readonly (readonly SlotCounts[])[]): SlotCounts[] => {
  const sums = new Map<string, SlotCounts>();
  for (const rows of all) {
    for (const row of rows) {
      const id = `${row.rosterType}\u0000${row.slot}`;
      const sum = sums.get(id);
      sums.set(id, { rosterType: row.rosterType, slot: row.slot, counts: addCounts(sum?.counts ?? {}, row.counts) });
    }
  }
  return [...sums.values()];
};

export interface CountDifference {
  readonly rosterType: string;
  readonly slot: string;
  readonly key: string;
  /** What the stream's counts say. */
  readonly counted: number;
  /** What the registrations say. */
  readonly registrations: number;
}

/** Every key of every slot where the counts and the registrations disagree (a missing count is zero). */
export const countDifferences = (counted: readonly SlotCounts[], recounted: readonly SlotCounts[]): CountDifference[] => {
  const index = (rows: readonly SlotCounts[]) => new Map(addSlotCounts(rows).map((row) => [`${row.rosterType}\u0000${row.slot}`, row]));
  const [kept, fresh] = [index(counted), index(recounted)];
  const differences: CountDifference[] = [];
  for (const id of [...new Set([...kept.keys(), ...fresh.keys()])].sort()) {
    const row = (kept.get(id) ?? fresh.get(id)) as SlotCounts;
    const [a, b] = [kept.get(id)?.counts ?? {}, fresh.get(id)?.counts ?? {}];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if ((a[key] ?? 0) !== (b[key] ?? 0)) {
        differences.push({ rosterType: row.rosterType, slot: row.slot, key, counted: a[key] ?? 0, registrations: b[key] ?? 0 });
      }
    }
  }
  return differences;
};

// The field force: the workers who answer for the eligible people of a segment (a village, a ration shop's cards,
// a school, a range of job cards, an office, a DDO code), the rules (data, per district) that give each eligible
// person one responsible worker, the outcome of a worker's visit and what it does to the person's gap reason, and
// each worker's progress. Pure: the use cases (core/use-cases/field-force.ts) read and write through ports.
import { gapReasonOf, type GapReason } from './progress.js';
import { nextActions, type RegistrationStatus } from './registration.js';
import { statusOfKey } from './progress.js';

export const workerRoles = [
  'class-teacher',
  'pds-dealer',
  'panchayat-secretary',
  'rozgar-sahayak',
  'anganwadi-worker',
  'asha',
  'cho',
  'ward-officer',
  'office-nodal-officer',
] as const;
export type WorkerRole = (typeof workerRoles)[number];

export const segmentKinds = ['village', 'ration-shop', 'school', 'job-card-range', 'office', 'ddo'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export interface Segment {
  readonly kind: SegmentKind;
  /** Village names, FPS codes, school names, job-card ranges (`FROM..TO` or one card), office names, DDO codes. */
  readonly values: readonly string[];
}

export interface Worker {
  readonly workerId: string;
  readonly name: string;
  readonly role: WorkerRole;
  readonly department: string;
  readonly district: string;
  /** Where a village segment's villages are (two blocks may both have a Rampur). */
  readonly block?: string;
  /** 10 digits: in the item only, never in a key, a log line or an answer (answered masked). */
  readonly mobile: string;
  readonly language: 'en' | 'hi';
  readonly segment: Segment;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The order in which a district's rules try segment kinds; the first kind with a worker for the person decides. */
export interface AssignmentRules {
  readonly district: string;
  readonly order: readonly SegmentKind[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The order a district without rules of its own uses: the closest relation to a family first. */
export const defaultRuleOrder: readonly SegmentKind[] = ['ration-shop', 'village', 'school', 'office', 'ddo', 'job-card-range'];

/** What a person offers the segment kinds (a roster record's fields). */
export interface SegmentFacts {
  readonly block?: string;
  readonly village?: string;
  readonly rationShop?: string;
  readonly school?: string;
  readonly jobCardNumber?: string;
  readonly office?: string;
  readonly ddoCode?: string;
}

/** Compared as a person reads them: case, spacing and Unicode form do not make two villages. */
const same = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The roster field each segment kind reads. */
const segmentFields: Readonly<Record<SegmentKind, keyof SegmentFacts>> = {
  village: 'village',
  'ration-shop': 'rationShop',
  school: 'school',
  'job-card-range': 'jobCardNumber',
  office: 'office',
  ddo: 'ddoCode',
};

/** The person's value for a segment kind, undefined when their roster does not give it. */
export const segmentValueOf = (person: SegmentFacts, kind: SegmentKind): string | undefined => person[segmentFields[kind]];

/**
 * Whether a job card falls in a range value: `FROM..TO` (inclusive, compared as text of the same length, the way
 * job cards of one panchayat are numbered: UP-01-002-003-001/0001..UP-01-002-003-001/0250) or one card.
 */
const inRange = (value: string, card: string): boolean => {
  const [from, to] = value.split('..').map((part) => part.trim().toUpperCase());
  const upper = card.trim().toUpperCase();
  if (to === undefined) return upper === from;
  return from !== undefined && upper.length === from.length && upper.length === to.length && upper >= from && upper <= to;
};

/** Whether a worker's segment holds the person. A village segment holds only villages of the worker's block, when given. */
export const inSegment = (person: SegmentFacts, worker: Pick<Worker, 'segment' | 'block'>): boolean => {
  const value = segmentValueOf(person, worker.segment.kind);
  if (value === undefined || value.trim() === '') return false;
  if (worker.segment.kind === 'village' && worker.block !== undefined && person.block !== undefined && worker.block !== person.block)
    return false;
  if (worker.segment.kind === 'job-card-range') return worker.segment.values.some((range) => inRange(range, value));
  return worker.segment.values.some((held) => same(held) === same(value));
};

/** Why a person has no responsible worker (each is the gap reason `no-responsible-worker` in the field views). */
export const unassignedReasons = ['no-worker-for-segment', 'no-segment-on-roster'] as const;
export type UnassignedReason = (typeof unassignedReasons)[number];

export type Assignment = { readonly workerId: string; readonly kind: SegmentKind } | { readonly reason: UnassignedReason };

/**
 * The responsible worker by the district's rules: the first kind of `order` for which some worker's segment holds
 * the person; of several such workers, the first by worker id (the same answer every run). None: why not.
 */
export const assign = (person: SegmentFacts, order: readonly SegmentKind[], workers: readonly Worker[]): Assignment => {
  for (const kind of order) {
    const holders = workers.filter((worker) => worker.segment.kind === kind && inSegment(person, worker));
    const chosen = holders.map((worker) => worker.workerId).sort()[0];
    if (chosen !== undefined) return { workerId: chosen, kind };
  }
  const hasAny = order.some((kind) => (segmentValueOf(person, kind) ?? '').trim() !== '');
  return { reason: hasAny ? 'no-worker-for-segment' : 'no-segment-on-roster' };
};

// ---- Visits ------------------------------------------------------------------------------------------------

export const visitOutcomes = ['contacted', 'will-come-to-camp', 'migrated', 'deceased', 'refused', 'not-found'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

/** Outcomes that are the person's gap reason until a registration says otherwise. */
const reasonOfOutcome: Partial<Record<VisitOutcome, GapReason>> = {
  migrated: 'migrated',
  deceased: 'deceased',
  refused: 'refused',
  'not-found': 'not-found',
};

export interface Visit {
  readonly outcome: VisitOutcome;
  readonly at: string;
  readonly workerId: string;
  readonly note?: string;
}

/** What a field view knows of a person: their registration's progress (when started), last visit, responsible worker. */
export interface FieldFacts {
  readonly progressKey?: string;
  readonly progressAt?: string;
  readonly lastVisit?: Pick<Visit, 'outcome' | 'at'>;
  readonly assigned: boolean;
}

/**
 * A person's gap reason in the field views: a card ends it; a visit that found them gone, dead, refusing or not
 * there is the reason until a later registration moves them on; then their registration's reason; a person nobody
 * answers for is `no-responsible-worker`; otherwise `not-started`.
 */
export const fieldGapReason = (facts: FieldFacts): GapReason | 'carded' => {
  const registered = facts.progressKey === undefined ? undefined : gapReasonOf(facts.progressKey);
  if (registered === 'carded') return 'carded';
  const visited = facts.lastVisit === undefined ? undefined : reasonOfOutcome[facts.lastVisit.outcome];
  if (visited !== undefined && (facts.progressAt === undefined || (facts.lastVisit?.at ?? '') > facts.progressAt)) return visited;
  if (registered !== undefined) return registered;
  return facts.assigned ? 'not-started' : 'no-responsible-worker';
};

export interface NextAction {
  readonly en: string;
  readonly hi: string;
}

const fieldActions: Partial<Record<GapReason, NextAction>> = {
  'not-started': {
    en: 'Visit the family and start their registration (from your phone, or at the next camp).',
    hi: 'परिवार से मिलें और उनका पंजीकरण शुरू कराएँ (अपने फ़ोन से, या अगले शिविर में)।',
  },
  'no-responsible-worker': {
    en: 'Nobody answers for this person: the district office assigns a worker.',
    hi: 'इस व्यक्ति का कोई ज़िम्मेदार कार्यकर्ता नहीं: जिला कार्यालय कार्यकर्ता तय करे।',
  },
  migrated: { en: 'Moved away: nothing to do unless they come back.', hi: 'कहीं और चले गए: लौटें तो फिर संपर्क करें।' },
  deceased: { en: 'Deceased: nothing to do.', hi: 'मृत्यु हो चुकी है: कुछ नहीं करना।' },
  refused: { en: 'Refused: visit again after a week and explain the card.', hi: 'मना किया: एक सप्ताह बाद फिर मिलें और कार्ड के बारे में बताएँ।' },
  'not-found': {
    en: 'Not found at home: visit again, or ask the neighbours when to come.',
    hi: 'घर पर नहीं मिले: फिर जाएँ, या पड़ोसियों से पूछें कब आएँ।',
  },
};

/** What the worker does next for a person: the field action for a field reason, else the registration's next action. */
export const fieldNextAction = (reason: GapReason, progressKey: string | undefined): NextAction => {
  const own = fieldActions[reason];
  if (own !== undefined || progressKey === undefined) return own ?? (fieldActions['not-started'] as NextAction);
  const status = statusOfKey(progressKey);
  if (status === 'MIGRATED') return fieldActions.migrated as NextAction;
  return nextActions[status as RegistrationStatus];
};

// ---- Accountability ----------------------------------------------------------------------------------------

export const progressGroupings = ['worker', 'role', 'department'] as const;
export type ProgressGrouping = (typeof progressGroupings)[number];

/** One assigned person as progress counts them. */
export interface AssignedPerson {
  readonly workerId: string;
  readonly reason: GapReason | 'carded';
  /** When the card was issued (the registration's progress record's last change), for carded people. */
  readonly cardedAt?: string;
}

export interface ProgressRow {
  readonly key: string;
  readonly name?: string;
  readonly role?: WorkerRole;
  readonly department?: string;
  readonly assigned: number;
  readonly pending: number;
  readonly cardedThisWeek: number;
  readonly visitsThisWeek: number;
}

/**
 * Progress per worker, role or department: people assigned, pending (assigned, no card), carded and visits in
 * the last seven days; the most pending first (then the key). Every worker of the list has a row, none assigned too.
 */
export const progressRows = (
  grouping: ProgressGrouping,
  workers: readonly Worker[],
  people: readonly AssignedPerson[],
  visits: readonly Pick<Visit, 'workerId' | 'at'>[],
  weekStart: string,
): ProgressRow[] => {
  const byId = new Map(workers.map((worker) => [worker.workerId, worker]));
  const keyOf = (worker: Worker): string =>
    grouping === 'worker' ? worker.workerId : grouping === 'role' ? worker.role : worker.department;
  const rows = new Map<string, { assigned: number; pending: number; cardedThisWeek: number; visitsThisWeek: number; worker: Worker }>();
  const rowOf = (worker: Worker) => {
    const key = keyOf(worker);
    const row = rows.get(key) ?? { assigned: 0, pending: 0, cardedThisWeek: 0, visitsThisWeek: 0, worker };
    rows.set(key, row);
    return row;
  };
  for (const worker of workers) rowOf(worker);
  for (const person of people) {
    const worker = byId.get(person.workerId);
    if (worker === undefined) continue;
    const row = rowOf(worker);
    row.assigned += 1;
    if (person.reason !== 'carded') row.pending += 1;
    else if (person.cardedAt !== undefined && person.cardedAt >= weekStart) row.cardedThisWeek += 1;
  }
  for (const visit of visits) {
    const worker = byId.get(visit.workerId);
    if (worker !== undefined && visit.at >= weekStart) rowOf(worker).visitsThisWeek += 1;
  }
  return [...rows.entries()]
    .map(([key, { worker, ...figures }]) => ({
      key,
      ...(grouping === 'worker' ? { name: worker.name, role: worker.role, department: worker.department } : {}),
      ...(grouping === 'role' ? { role: worker.role } : {}),
      ...(grouping === 'department' ? { department: worker.department } : {}),
      ...figures,
    }))
    .sort((a, b) => b.pending - a.pending || a.key.localeCompare(b.key));
};

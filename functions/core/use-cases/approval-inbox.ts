// The approver's inbox and case view: the caller's queues (their own and those delegated to them) read whole up to
// a bound, searched, filtered and counted; one case with the roster record and the e-KYC side by side, what
// differs, the name match explained, the family of the case and its timeline.
import { NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { defaultNameScore, explainNameMatch, normalizeName, type NameExplanation } from '../name-match.js';
import type { Gender, Person } from '../person.js';
import type { RegistrationStatus } from '../registration.js';
import { findScheme } from '../schemes.js';
import type { ApprovalState, ApprovalTask } from '../../ports/approvals.js';
import type { People } from '../../ports/people.js';
import type { Registration } from '../../ports/registry.js';
import { scopeOf, taskInScope, type ApprovalDeps, type QueueInScope } from './approval.js';

/**
 * The most tasks one inbox request reads across the caller's queues. A DDO's queue holds tens, a district verifier's
 * hundreds; past the bound the oldest are listed and `counts.complete` is false.
 */
export const inboxReadBound = 1000;

const dayMs = 86_400_000;

export interface InboxQuery {
  readonly state: ApprovalState;
  readonly limit: number;
  readonly cursor?: string;
  /** Case-insensitive substring of an employee id, a ration card number, or a name in English or Devanagari. */
  readonly q?: string;
  readonly scheme?: string;
  readonly kind?: 'mismatch' | 'routine';
}

export interface InboxItem extends ApprovalTask {
  readonly daysWaiting: number;
  readonly overdue: boolean;
  readonly routine: boolean;
  readonly onBehalfOf?: string;
}

export interface InboxCounts {
  readonly total: number;
  readonly routine: number;
  readonly mismatch: number;
  readonly overdue: number;
  readonly byAge: { readonly d0_1: number; readonly d2_3: number; readonly d4_7: number; readonly d8_plus: number };
  /** False when the queues held more than the read bound: the counts are of the oldest `inboxReadBound`. */
  readonly complete: boolean;
}

/** Nothing to compare: the e-KYC matched the roster on name (same name or spelling), year and gender. */
export const isRoutine = (task: Pick<ApprovalTask, 'summary'>): boolean =>
  task.summary.match.outcome === 'match' && task.summary.match.nameScore >= 1;

const folded = (text: string) => text.normalize('NFC').toLocaleLowerCase('en-IN').replace(/\s+/g, ' ').trim();

const searchedFields = ({ summary }: ApprovalTask) => [
  summary.name,
  summary.nameLocal,
  summary.roster.name,
  summary.roster.nameLocal,
  summary.employeeId,
  summary.rationCardNumber,
];

const matchesSearch = (task: ApprovalTask, q: string | undefined): boolean => {
  if (q === undefined || folded(q) === '') return true;
  const wanted = folded(q);
  return searchedFields(task).some((value) => value !== undefined && folded(value).includes(wanted));
};

const sortKeyOf = (task: Pick<ApprovalTask, 'createdAt' | 'taskId'>) => `${task.createdAt}#${task.taskId}`;

const cursorAfter = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // Answered below as any other cursor not given out here.
  }
  throw new ValidationError({ code: 'INVALID_CURSOR', message: 'The cursor is not one this API gave out.' });
};

const itemOf = (task: ApprovalTask, held: QueueInScope | undefined, now: number): InboxItem => ({
  ...task,
  daysWaiting: Math.max(0, Math.floor((now - Date.parse(task.createdAt)) / dayMs)),
  overdue: task.state === 'PENDING' && now > Date.parse(task.dueAt),
  routine: isRoutine(task),
  ...(held?.onBehalfOf === undefined ? {} : { onBehalfOf: held.onBehalfOf }),
});

const countsOf = (items: readonly InboxItem[], complete: boolean): InboxCounts => {
  const byAge = { d0_1: 0, d2_3: 0, d4_7: 0, d8_plus: 0 };
  for (const { daysWaiting } of items) {
    if (daysWaiting <= 1) byAge.d0_1 += 1;
    else if (daysWaiting <= 3) byAge.d2_3 += 1;
    else if (daysWaiting <= 7) byAge.d4_7 += 1;
    else byAge.d8_plus += 1;
  }
  const routine = items.filter((item) => item.routine).length;
  return {
    total: items.length,
    routine,
    mismatch: items.length - routine,
    overdue: items.filter((item) => item.overdue).length,
    byAge,
    complete,
  };
};

/** The caller's inbox: oldest first, searched and filtered, a page of it and the counts of the whole filtered queue. */
export const listInbox = async (
  deps: ApprovalDeps,
  caller: Caller,
  query: InboxQuery,
): Promise<{ items: InboxItem[]; cursor?: string; counts: InboxCounts }> => {
  const after = cursorAfter(query.cursor);
  const scope = await scopeOf(deps, caller);
  if (scope.length === 0) return { items: [], counts: countsOf([], true) };
  const read = await deps.approvals.list(
    scope.map((entry) => entry.queue),
    query.state,
    inboxReadBound,
  );
  const now = deps.clock.now();
  const filtered = read.items
    .filter(
      (task) =>
        (query.scheme === undefined || task.scheme === query.scheme) &&
        (query.kind === undefined || (query.kind === 'routine') === isRoutine(task)) &&
        matchesSearch(task, query.q),
    )
    .map((task) =>
      itemOf(
        task,
        scope.find((entry) => entry.queue === task.queue),
        now,
      ),
    )
    .sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : sortKeyOf(a) > sortKeyOf(b) ? 1 : 0));
  const rest = after === undefined ? filtered : filtered.filter((item) => sortKeyOf(item) > after);
  const items = rest.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    ...(rest.length > items.length && last !== undefined
      ? { cursor: Buffer.from(JSON.stringify({ after: sortKeyOf(last) })).toString('base64url') }
      : {}),
    counts: countsOf(filtered, read.cursor === undefined),
  };
};

/** One side of the comparison: as the roster (or a dependent's declaration) gives it, or as e-KYC returned it. */
export interface PersonRecord {
  readonly name?: string;
  readonly nameLocal?: string;
  readonly dateOfBirth?: string;
  readonly yearOfBirth?: number;
  readonly gender?: Gender;
  readonly relation?: string;
  readonly department?: string;
  readonly office?: string;
  readonly ddoCode?: string;
  readonly employeeId?: string;
  readonly rationCardNumber?: string;
}

const recordFields = [
  'name',
  'nameLocal',
  'dateOfBirth',
  'yearOfBirth',
  'gender',
  'relation',
  'department',
  'office',
  'ddoCode',
  'employeeId',
  'rationCardNumber',
] as const satisfies readonly (keyof PersonRecord)[];

const definedOnly = (record: { [K in keyof PersonRecord]: PersonRecord[K] | undefined }): PersonRecord =>
  Object.fromEntries(recordFields.flatMap((field) => (record[field] === undefined ? [] : [[field, record[field]]]))) as PersonRecord;

/** The roster side: the roster person (a declared dependent: their declaration, their primary's office). */
const rosterSide = (registration: Registration, person: Person | undefined, task: ApprovalTask): PersonRecord => {
  const record = registration.declared ?? person ?? task.summary.roster;
  return definedOnly({
    name: record.name,
    nameLocal: record.nameLocal,
    dateOfBirth: registration.declared === undefined ? person?.dateOfBirth : undefined,
    yearOfBirth: record.yearOfBirth,
    gender: record.gender,
    relation: registration.relation ?? person?.relation,
    department: person?.department ?? task.summary.department,
    office: person?.office ?? task.summary.office,
    ddoCode: person?.ddoCode ?? task.summary.ddoCode,
    employeeId: person?.employeeId ?? task.summary.employeeId,
    rationCardNumber: person?.rationCardNumber ?? task.summary.rationCardNumber,
  });
};

const ekycSide = (registration: Registration, task: ApprovalTask): PersonRecord => {
  const ekyc = registration.ekyc ?? task.summary;
  return definedOnly({ name: ekyc.name, nameLocal: ekyc.nameLocal, yearOfBirth: ekyc.yearOfBirth, gender: ekyc.gender });
};

const yearOf = (record: PersonRecord) =>
  record.yearOfBirth ?? (record.dateOfBirth === undefined ? undefined : Number(record.dateOfBirth.slice(0, 4)));

/** The fields both sides give and give differently (names set apart from case, punctuation and titles). */
export const differencesOf = (roster: PersonRecord, ekyc: PersonRecord): string[] =>
  recordFields.filter((field) => {
    if (field === 'yearOfBirth') {
      const [a, b] = [yearOf(roster), yearOf(ekyc)];
      return a !== undefined && b !== undefined && a !== b;
    }
    const [a, b] = [roster[field], ekyc[field]];
    if (a === undefined || b === undefined) return false;
    if (field === 'name' || field === 'nameLocal') return normalizeName(String(a)) !== normalizeName(String(b));
    return folded(String(a)) !== folded(String(b));
  });

export interface CaseView extends InboxItem {
  readonly roster: PersonRecord;
  readonly ekyc: PersonRecord;
  readonly differences: string[];
  readonly nameMatch: { readonly score: number; readonly explanation: NameExplanation[] };
  readonly family: { registrationId: string; name?: string; relation?: string; status: RegistrationStatus }[];
  readonly timeline: { at: string; event: string; status: RegistrationStatus; by: string; onBehalfOf?: string; note?: string }[];
  readonly photo: { readonly available: boolean };
}

export interface CaseViewDeps extends ApprovalDeps {
  readonly people: Pick<People, 'getPerson'>;
}

const namesOf = (record: PersonRecord) =>
  [record.name, record.nameLocal].filter((name): name is string => name !== undefined && name.trim() !== '');

/** One case as its approver compares it. A task outside the caller's scope is not found, as a made-up one. */
export const getApprovalCase = async (deps: CaseViewDeps, caller: Caller, taskId: string): Promise<CaseView> => {
  const scope = await scopeOf(deps, caller);
  const { task, held } = await taskInScope(deps, scope, taskId);
  const registration = await deps.registry.getRegistration(task.registrationId);
  if (registration === undefined) throw new NotFoundError({ code: 'APPROVAL_NOT_FOUND', message: 'No such approval task.' });
  const primaryId = registration.primaryRegistrationId ?? registration.registrationId;
  const [audit, person, primary, dependents] = await Promise.all([
    deps.registry.audit(registration.registrationId),
    deps.people.getPerson(registration.scheme, registration.personId.split(':dep:')[0] as string),
    primaryId === registration.registrationId ? registration : deps.registry.getRegistration(primaryId),
    deps.registry.dependentsOf(primaryId),
  ]);
  const roster = rosterSide(registration, person, task);
  const ekyc = ekycSide(registration, task);
  const scheme = findScheme(registration.scheme);
  const threshold = scheme === undefined ? defaultNameScore : scheme.nameMatch.nameScore;
  const explained = explainNameMatch(namesOf(ekyc), namesOf(roster), threshold);
  const family = [primary, ...dependents]
    .filter((member): member is Registration => member !== undefined && member.registrationId !== registration.registrationId)
    .map((member) => {
      const name = member.ekyc?.name ?? member.declared?.name;
      return {
        registrationId: member.registrationId,
        ...(name === undefined ? {} : { name }),
        ...(member.relation === undefined ? {} : { relation: member.relation }),
        status: member.status,
      };
    });
  return {
    ...itemOf(task, held, deps.clock.now()),
    roster,
    ekyc,
    differences: differencesOf(roster, ekyc),
    nameMatch: { score: registration.match?.nameScore ?? task.summary.match.nameScore, explanation: explained.explanation },
    family,
    timeline: audit.map((event) => ({
      at: event.at,
      event: event.why,
      status: event.to,
      by: event.actor.id,
      ...(event.actor.onBehalfOf === undefined ? {} : { onBehalfOf: event.actor.onBehalfOf }),
      ...(event.note === undefined ? {} : { note: event.note }),
    })),
    photo: { available: registration.ekyc?.photoKey !== undefined },
  };
};

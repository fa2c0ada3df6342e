// What the inbox and the case view work out from the API's answers, kept apart from rendering: which roles see
// which views, the side-by-side rows of a case, the result of a bulk decision in words' terms, the shortcuts.
import type { ApprovalCase, BulkDecisionResult, InboxItem, Me, PersonRecord } from './api-types.js';

// ---- Who sees what ---------------------------------------------------------------------------------------------

/** The roles the dashboard admits, in the order the sign-in screen offers them. */
export const dashboardRoles = ['ddo', 'verifier', 'district-admin', 'state-admin'] as const;
export const adminRoles = ['district-admin', 'state-admin'] as const;

export const isAdmin = (me: Pick<Me, 'roles'>): boolean => me.roles.some((role) => (adminRoles as readonly string[]).includes(role));
export const isDashboardUser = (me: Pick<Me, 'roles'>): boolean =>
  me.roles.some((role) => (dashboardRoles as readonly string[]).includes(role));

/** The views a person's roles open: admins all of today's and the inbox; a DDO the inbox and delegation; a verifier the inbox. */
export const sectionsFor = (me: Pick<Me, 'roles'>, all: readonly string[]): string[] => {
  const admin = isAdmin(me);
  const ddo = me.roles.includes('ddo');
  return all.filter((section) => section === 'inbox' || admin || (section === 'delegations' && ddo));
};

// ---- The list -----------------------------------------------------------------------------------------------------

const dayMs = 24 * 3600 * 1000;

/** Whole days since the case opened (the API's daysWaiting when it gives one). */
export const daysWaiting = (item: InboxItem, now: number): number =>
  item.daysWaiting ?? Math.max(0, Math.floor((now - Date.parse(item.createdAt)) / dayMs));

export const isOverdue = (item: InboxItem, now: number): boolean => item.overdue ?? Date.parse(item.dueAt) < now;

/** Routine: e-KYC matched the roster exactly, nothing to compare (the API's flag when it gives one). */
export const isRoutine = (item: InboxItem): boolean => item.routine ?? (item.summary.match.outcome === 'match' && item.summary.match.reasons.length === 0);

export type AgeBucket = 'd0_1' | 'd2_3' | 'd4_7' | 'd8_plus';
export const ageBuckets: readonly AgeBucket[] = ['d0_1', 'd2_3', 'd4_7', 'd8_plus'];
export const ageBucketOf = (days: number): AgeBucket => (days <= 1 ? 'd0_1' : days <= 3 ? 'd2_3' : days <= 7 ? 'd4_7' : 'd8_plus');

/** Counts by age of the cases shown (cases decided here leave them). */
export const countByAge = (items: readonly InboxItem[], now: number): Record<AgeBucket, number> => {
  const counts: Record<AgeBucket, number> = { d0_1: 0, d2_3: 0, d4_7: 0, d8_plus: 0 };
  for (const item of items) counts[ageBucketOf(daysWaiting(item, now))] += 1;
  return counts;
};

// ---- The case -------------------------------------------------------------------------------------------------------

/** The fields the case view puts side by side, in this order. */
export const comparedFields = [
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
export type ComparedField = (typeof comparedFields)[number];

export interface ComparedRow {
  readonly field: ComparedField;
  readonly roster?: string;
  readonly ekyc?: string;
  readonly differs: boolean;
}

/** The rows either side has, each marked when the API names it among the differences. */
export const comparedRows = (detail: Pick<ApprovalCase, 'roster' | 'ekyc' | 'differences'>): ComparedRow[] =>
  comparedFields
    .map((field) => {
      const roster = detail.roster[field];
      const ekyc = detail.ekyc[field];
      return {
        field,
        ...(roster === undefined ? {} : { roster: String(roster) }),
        ...(ekyc === undefined ? {} : { ekyc: String(ekyc) }),
        differs: detail.differences.includes(field),
      };
    })
    .filter((row) => row.roster !== undefined || row.ekyc !== undefined);

/** The detail a listed task already holds (both names, year, gender), for an API without the case route. */
export const caseFromTask = (task: InboxItem): ApprovalCase => {
  const { summary } = task;
  const differing: Record<string, readonly ComparedField[]> = {
    NAME_MISMATCH: ['name', 'nameLocal'],
    YEAR_OF_BIRTH_MISMATCH: ['yearOfBirth'],
    GENDER_MISMATCH: ['gender'],
  };
  return {
    ...task,
    roster: { ...summary.roster, ...(summary.ddoCode === undefined ? {} : { ddoCode: summary.ddoCode }) },
    ekyc: {
      name: summary.name,
      ...(summary.nameLocal === undefined ? {} : { nameLocal: summary.nameLocal }),
      yearOfBirth: summary.yearOfBirth,
      gender: summary.gender,
    },
    differences: summary.match.reasons.flatMap((reason) => differing[reason] ?? []),
    nameMatch: { score: summary.match.nameScore, explanation: summary.match.reasons.filter((reason) => reason.startsWith('NAME')) },
    family: [],
    timeline: [],
    photo: { available: false },
  };
};

// ---- Decisions ------------------------------------------------------------------------------------------------------

/** A bulk answer split: recorded, decided by someone else meanwhile (they leave the list), refused for another reason. */
export const sortBulkResults = (results: BulkDecisionResult['results']) => ({
  recorded: results.filter((result) => result.outcome === 'recorded').map((result) => result.taskId),
  decidedElsewhere: results
    .filter((result) => result.outcome === 'refused' && (result.code === 'ALREADY_DECIDED' || result.code === 'APPROVAL_NOT_FOUND'))
    .map((result) => result.taskId),
  refused: results.filter((result) => result.outcome === 'refused' && result.code !== 'ALREADY_DECIDED' && result.code !== 'APPROVAL_NOT_FOUND'),
});

// ---- Keyboard ------------------------------------------------------------------------------------------------------

export type InboxAction = 'next' | 'previous' | 'select' | 'approve' | 'reject' | 'open' | 'approveSelected' | 'search' | 'returnCase' | 'back';

/** The inbox's and the case view's shortcuts (documented on the page from this list). */
export const inboxShortcuts: readonly { readonly keys: readonly string[]; readonly action: InboxAction }[] = [
  { keys: ['j'], action: 'next' },
  { keys: ['k'], action: 'previous' },
  { keys: ['x'], action: 'select' },
  { keys: ['A'], action: 'approveSelected' },
  { keys: ['a'], action: 'approve' },
  { keys: ['r'], action: 'reject' },
  { keys: ['o', 'Enter'], action: 'open' },
  { keys: ['/'], action: 'search' },
];
export const caseShortcuts: readonly { readonly keys: readonly string[]; readonly action: InboxAction }[] = [
  { keys: ['a'], action: 'approve' },
  { keys: ['r'], action: 'reject' },
  { keys: ['t'], action: 'returnCase' },
  { keys: ['u', 'Escape'], action: 'back' },
];

/** The action a key press means, or undefined (typing in a field, or a key with Ctrl/Alt/Meta, is never a shortcut). */
export const actionOf = (
  shortcuts: typeof inboxShortcuts,
  event: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: EventTarget | null },
): InboxAction | undefined => {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  const target = event.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = target?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || target?.isContentEditable === true) return undefined;
  // Enter on a button or link does what it says there.
  if (event.key === 'Enter' && (tag === 'button' || tag === 'a')) return undefined;
  return shortcuts.find((shortcut) => shortcut.keys.includes(event.key))?.action;
};

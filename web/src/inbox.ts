// What the inbox and the case view work out from the API's answers, kept apart from rendering: which roles see
// which views, the side-by-side rows of a case, the result of a bulk decision in words' terms, the shortcuts.
import type { ApprovalCase, BulkDecisionResult, InboxCounts, InboxItem, Me, PersonRecord } from './api-types.js';

// ---- Who sees what ---------------------------------------------------------------------------------------------

/** The roles the dashboard admits, in the order the sign-in screen offers them. */
export const dashboardRoles = ['ddo', 'verifier', 'district-admin', 'state-admin', 'operator'] as const;
export const adminRoles = ['district-admin', 'state-admin'] as const;
const approverRoles = ['ddo', 'verifier', ...adminRoles] as const;

const hasAny = (me: Pick<Me, 'roles'>, roles: readonly string[]): boolean => me.roles.some((role) => roles.includes(role));
export const isAdmin = (me: Pick<Me, 'roles'>): boolean => hasAny(me, adminRoles);
export const isDashboardUser = (me: Pick<Me, 'roles'>): boolean => hasAny(me, dashboardRoles);

/**
 * The views a person's roles open: admins all of today's and the inbox; a DDO the inbox and delegation; a verifier
 * the inbox; a camp's operator the camps (the desk of the camp whose link they were given).
 */
export const sectionsFor = (me: Pick<Me, 'roles'>, all: readonly string[]): string[] => {
  const admin = isAdmin(me);
  const approver = hasAny(me, approverRoles);
  const ddo = me.roles.includes('ddo');
  const operator = me.roles.includes('operator');
  return all.filter((section) =>
    section === 'delegations' ? ddo : section === 'inbox' ? approver : section === 'camps' ? admin || operator : admin,
  );
};

// ---- The list -----------------------------------------------------------------------------------------------------

export type AgeBucket = keyof InboxCounts['byAge'];
export const ageBuckets: readonly AgeBucket[] = ['d0_1', 'd2_3', 'd4_7', 'd8_plus'];
/** The API's buckets of days waiting: 0-1, 2-3, 4-7, 8 and more. */
export const ageBucketOf = (days: number): AgeBucket => (days <= 1 ? 'd0_1' : days <= 3 ? 'd2_3' : days <= 7 ? 'd4_7' : 'd8_plus');

/** The queue's counts once the cases decided here (or elsewhere, seen here) have left it, without asking again. */
export const countsWithout = (counts: InboxCounts, left: readonly InboxItem[]): InboxCounts => {
  const byAge = { ...counts.byAge };
  for (const item of left) byAge[ageBucketOf(item.daysWaiting)] -= 1;
  return {
    ...counts,
    total: counts.total - left.length,
    routine: counts.routine - left.filter((item) => item.routine).length,
    mismatch: counts.mismatch - left.filter((item) => !item.routine).length,
    overdue: counts.overdue - left.filter((item) => item.overdue).length,
    byAge,
  };
};

// ---- The case -------------------------------------------------------------------------------------------------------

export type ComparedField = keyof PersonRecord;

export interface ComparedRow {
  readonly field: ComparedField;
  readonly roster?: string;
  readonly ekyc?: string;
  readonly differs: boolean;
}

/**
 * The rows either side has, in the API's order of fields (the roster's, then any the e-KYC adds), each marked
 * when the API names it among the differences.
 */
export const comparedRows = (detail: Pick<ApprovalCase, 'roster' | 'ekyc' | 'differences'>): ComparedRow[] =>
  [...new Set([...Object.keys(detail.roster), ...Object.keys(detail.ekyc)] as ComparedField[])]
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

// ---- Decisions ------------------------------------------------------------------------------------------------------

/** A bulk answer split: recorded, decided by someone else meanwhile (they leave the list), refused for another reason. */
export const sortBulkResults = (results: BulkDecisionResult['results']) => ({
  recorded: results.filter((result) => result.outcome === 'recorded').map((result) => result.taskId),
  decidedElsewhere: results
    .filter((result) => result.outcome === 'refused' && (result.code === 'ALREADY_DECIDED' || result.code === 'APPROVAL_NOT_FOUND'))
    .map((result) => result.taskId),
  refused: results.filter(
    (result) => result.outcome === 'refused' && result.code !== 'ALREADY_DECIDED' && result.code !== 'APPROVAL_NOT_FOUND',
  ),
});

// ---- Keyboard ------------------------------------------------------------------------------------------------------

export type InboxAction =
  | 'next'
  | 'previous'
  | 'select'
  | 'approve'
  | 'reject'
  | 'open'
  | 'approveSelected'
  | 'search'
  | 'returnCase'
  | 'back';

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

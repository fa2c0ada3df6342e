// The approvers' inbox's logic that is not drawing: which views a role opens, which key press is a shortcut,
// a bulk answer sorted into recorded / decided elsewhere / refused, the queue's counts once cases leave it, and
// the side-by-side rows of a case. Expected values are written out from the rules and the API contract.
import { describe, expect, it } from 'vitest';
import type { ApprovalCase, InboxCounts, InboxItem } from '../../web/src/api-types.js';
import { actionOf, caseShortcuts, comparedRows, countsWithout, inboxShortcuts, sectionsFor, sortBulkResults } from '../../web/src/inbox.js';

const views = ['overview', 'approvals', 'gaps', 'executions', 'imports', 'stuck', 'anomalies', 'inbox', 'delegations'];
const key = (
  pressed: string,
  target: { tagName?: string } | null = { tagName: 'BODY' },
  modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {},
) => ({
  key: pressed,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
  target: target as EventTarget | null,
});

describe('who sees which view', () => {
  it('a DDO: the inbox and handing over charge; a verifier: the inbox; an admin: every view and the inbox', () => {
    expect(sectionsFor({ roles: ['ddo'] }, views)).toEqual(['inbox', 'delegations']);
    expect(sectionsFor({ roles: ['verifier'] }, views)).toEqual(['inbox']);
    expect(sectionsFor({ roles: ['district-admin'] }, views)).toEqual(views.filter((view) => view !== 'delegations'));
    expect(sectionsFor({ roles: ['state-admin', 'ddo'] }, views)).toEqual(views);
    expect(sectionsFor({ roles: ['operator'] }, views)).toEqual([]);
    // A camp's operator: the camps only (their camp's desk), never the inbox; an admin has the camps too.
    expect(sectionsFor({ roles: ['operator'] }, [...views, 'camps'])).toEqual(['camps']);
    expect(sectionsFor({ roles: ['district-admin'] }, [...views, 'camps'])).toContain('camps');
  });
});

describe('keyboard shortcuts', () => {
  it('maps the documented keys, Shift+A apart from a', () => {
    expect(['j', 'k', 'x', 'a', 'A', 'r', 'o', 'Enter', '/'].map((pressed) => actionOf(inboxShortcuts, key(pressed)))).toEqual([
      'next',
      'previous',
      'select',
      'approve',
      'approveSelected',
      'reject',
      'open',
      'open',
      'search',
    ]);
    expect(['a', 'r', 't', 'u', 'Escape'].map((pressed) => actionOf(caseShortcuts, key(pressed)))).toEqual([
      'approve',
      'reject',
      'returnCase',
      'back',
      'back',
    ]);
  });

  it('is never a shortcut while typing, with Ctrl/Alt/Meta, or Enter on a button or link', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) expect(actionOf(inboxShortcuts, key('a', { tagName }))).toBeUndefined();
    expect(actionOf(inboxShortcuts, key('a', { tagName: 'DIV', isContentEditable: true } as { tagName: string }))).toBeUndefined();
    expect(actionOf(inboxShortcuts, key('a', null, { ctrlKey: true }))).toBeUndefined();
    expect(actionOf(inboxShortcuts, key('Enter', { tagName: 'BUTTON' }))).toBeUndefined();
    expect(actionOf(inboxShortcuts, key('Enter', { tagName: 'A' }))).toBeUndefined();
    expect(actionOf(inboxShortcuts, key('q'))).toBeUndefined();
  });
});

describe('a bulk answer', () => {
  it('splits recorded, decided by someone else (they leave the list) and refused for another reason (they stay)', () => {
    const sorted = sortBulkResults([
      { taskId: 'A-1', outcome: 'recorded', status: 'APPROVED' },
      { taskId: 'A-2', outcome: 'refused', code: 'ALREADY_DECIDED', message: 'Already decided.' },
      { taskId: 'A-3', outcome: 'refused', code: 'APPROVAL_NOT_FOUND', message: 'No such approval task.' },
      { taskId: 'A-4', outcome: 'refused', code: 'REGISTRATION_STOPPED', message: 'Stopped.' },
    ]);
    expect(sorted.recorded).toEqual(['A-1']);
    expect(sorted.decidedElsewhere).toEqual(['A-2', 'A-3']);
    expect(sorted.refused.map((result) => result.taskId)).toEqual(['A-4']);
  });
});

describe('the counts once cases leave the list', () => {
  it('takes each case off its kind, its age bucket (0-1, 2-3, 4-7, 8+ days) and overdue', () => {
    const counts: InboxCounts = {
      total: 10,
      routine: 7,
      mismatch: 3,
      overdue: 2,
      complete: true,
      byAge: { d0_1: 4, d2_3: 3, d4_7: 2, d8_plus: 1 },
    };
    const left = [
      { routine: true, overdue: false, daysWaiting: 1 },
      { routine: false, overdue: true, daysWaiting: 9 },
      { routine: true, overdue: false, daysWaiting: 2 },
    ] as InboxItem[];
    expect(countsWithout(counts, left)).toEqual({
      total: 7,
      routine: 5,
      mismatch: 2,
      overdue: 1,
      complete: true,
      byAge: { d0_1: 3, d2_3: 2, d4_7: 2, d8_plus: 0 },
    });
  });
});

describe('the case side by side', () => {
  it("lists the fields either side gives, in the API's order, marking the ones the API says differ", () => {
    const detail = {
      roster: { name: 'Ramesh Chandra Pandey', yearOfBirth: 1970, gender: 'M', ddoCode: 'DDO-LKO-0001' },
      ekyc: { name: 'Ramesh Yadav', nameLocal: 'रमेश यादव', yearOfBirth: 1970, gender: 'M' },
      differences: ['name'],
    } as unknown as ApprovalCase;
    expect(comparedRows(detail)).toEqual([
      { field: 'name', roster: 'Ramesh Chandra Pandey', ekyc: 'Ramesh Yadav', differs: true },
      { field: 'yearOfBirth', roster: '1970', ekyc: '1970', differs: false },
      { field: 'gender', roster: 'M', ekyc: 'M', differs: false },
      { field: 'ddoCode', roster: 'DDO-LKO-0001', differs: false },
      { field: 'nameLocal', ekyc: 'रमेश यादव', differs: false },
    ]);
  });
});

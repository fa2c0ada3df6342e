// The pure rules behind names and drill-downs (core/names.ts, core/drill-down.ts, use-cases/import-rejects.ts).
// Expected values are the documented rules written out by hand (docs/campaigns.md: initials for callers other than
// the district's admin; the gap reasons' table; the workflow's step order in workflows/registration.asl.json).
import { describe, expect, it } from 'vitest';
import { decodePosition, drillCount, drillMatches, encodePosition, parseDrillKey } from '../../functions/core/drill-down.js';
import type { Caller } from '../../functions/core/identity.js';
import { currentStepOf, holderOf, maskName, personFor, waitingOnNamed } from '../../functions/core/names.js';
import { rejectCodeOf } from '../../functions/core/use-cases/import-rejects.js';
import { eligibleCounter } from '../../functions/core/use-cases/roster-import.js';
import { withCases } from '../../functions/core/use-cases/case-names.js';
import type { CaseNames } from '../../functions/ports/case-names.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';

const lucknowAdmin: Caller = { subject: 'a', roles: ['district-admin'], districts: ['Lucknow'], ddoCodes: [] };
const stateAdmin: Caller = { subject: 's', roles: ['state-admin'], districts: [], ddoCodes: [] };
const today = '2026-12-04';

describe('names as the role may see them', () => {
  it('masks each word to its first letter, a Devanagari syllable whole', () => {
    const masked: [string, string][] = [
      ['Ramesh Kumar Yadav', 'R*** K*** Y***'],
      ['  Sunita   Devi ', 'S*** D***'],
      ['सुनीता देवी', 'सु*** दे***'],
    ];
    for (const [name, shown] of masked) expect(maskName(name), name).toBe(shown);
  });

  it("gives the district's admin whole names and a state admin initials", () => {
    const names = { name: 'Geeta Verma', nameLocal: 'गीता वर्मा' };
    expect(personFor(lucknowAdmin, 'Lucknow', 'emp:RP-7', names)).toEqual({ personKey: 'emp:RP-7', ...names });
    expect(personFor(stateAdmin, 'Lucknow', 'emp:RP-7', names)).toEqual({
      personKey: 'emp:RP-7',
      name: 'G*** V***',
      nameLocal: 'गी*** व***',
    });
    // Another district's person, to a district admin of Lucknow: initials.
    expect(personFor(lucknowAdmin, 'Jhansi', 'emp:RP-7', names).name).toBe('G*** V***');
    expect(personFor(lucknowAdmin, 'Lucknow', 'emp:RP-8', undefined)).toEqual({ personKey: 'emp:RP-8' });
  });

  it('names a holder from the directory, else a DDO by its roster office, with the mobile masked', () => {
    expect(holderOf('ddo:D-1', { name: 'R. Singh', office: 'Treasury', mobile: '9415000417' })).toEqual({
      queue: 'ddo:D-1',
      name: 'R. Singh',
      office: 'Treasury',
      mobileMasked: '******0417',
    });
    expect(holderOf('ddo:D-2', undefined, 'BSA Office')).toEqual({ queue: 'ddo:D-2', office: 'BSA Office' });
    expect(holderOf('verifier:Lucknow', undefined, 'BSA Office')).toEqual({ queue: 'verifier:Lucknow' });
    expect(waitingOnNamed({ en: 'The applicant', hi: 'आवेदक' }, 'applicant', { personKey: 'p', name: 'Geeta Verma' }, undefined)).toEqual({
      en: 'Geeta Verma, the applicant',
      hi: 'Geeta Verma, आवेदक',
    });
  });

  it('says which step a case is at, in the workflow’s order: SendMobileOtp, AwaitEkyc, MatchAndDedup, AwaitApproval, IssueCard', () => {
    // Ended (rejected, duplicate, locked, carded): the step it ended in; expired: none (it may have been anywhere).
    const steps: [RegistrationStatus, string | undefined][] = [
      ['MOBILE_OTP_SENT', 'mobile-otp'],
      ['EKYC_OTP_SENT', 'ekyc'],
      ['EKYC_BLOCKED', 'ekyc'],
      ['PENDING_APPROVAL', 'approval'],
      ['APPROVED', 'card'],
      ['REJECTED', 'approval'],
      ['DUPLICATE', 'match'],
      ['MOBILE_OTP_LOCKED', 'mobile-otp'],
      ['CARD_ISSUED', 'card'],
      ['EXPIRED', undefined],
    ];
    for (const [status, step] of steps) expect(currentStepOf(status), status).toBe(step);
    expect(currentStepOf('STOPPED', 'PENDING_APPROVAL')).toBe('approval');
  });
});

describe("a DDO's office from the roster", () => {
  it('keeps one office per DDO code, the same whichever chunk counted which row', () => {
    const rows = [
      { status: 'active', ddoCode: 'DDO-2', office: 'Treasury Office' },
      { status: 'active', ddoCode: 'DDO-2', office: 'Collectorate' },
      { status: 'active', ddoCode: 'DDO-3', office: 'BSA Office' },
      { status: 'removed', ddoCode: 'DDO-4', office: 'Gone Office' },
      { status: 'active', ddoCode: 'DDO-5' },
    ];
    const whole = eligibleCounter(['active']);
    for (const row of rows) whole.add(row);
    const [first, second] = [eligibleCounter(['active']), eligibleCounter(['active'])];
    for (const row of rows.slice(0, 1)) first.add(row);
    for (const row of rows.slice(1)) second.add(row);
    const merged = eligibleCounter(['active']);
    merged.addCounts(second.counts());
    merged.addCounts(first.counts());
    const expected = { 'DDO-2': 'Collectorate', 'DDO-3': 'BSA Office' };
    expect(whole.counts().officeOfDdo).toEqual(expected);
    expect(merged.counts().officeOfDdo).toEqual(expected);
  });
});

describe('what a count is made of', () => {
  it('reads the keys the views use, and refuses others', () => {
    expect(parseDrillKey('started')).toEqual({ kind: 'figure', figure: 'started' });
    expect(parseDrillKey('not-started')).toEqual({ kind: 'gap', reason: 'not-started' });
    expect(parseDrillKey('CARD_ISSUED')).toEqual({ kind: 'status', status: 'CARD_ISSUED' });
    expect(parseDrillKey('EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED')).toEqual({
      kind: 'progress-key',
      key: 'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED',
    });
    expect(parseDrillKey('day:2026-12-03:cardsIssued')).toEqual({ kind: 'day', day: '2026-12-03', figure: 'cardsIssued' });
    for (const bad of ['everyone', 'day:2026-13-45:cardsIssued', 'day:2026-12-03:started', 'NOT_A_STATUS:X', ''])
      expect(parseDrillKey(bad), bad).toBeUndefined();
  });

  it('puts a person with a key in the figures docs/campaigns.md defines for it', () => {
    const notLinked = { key: 'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED', eligible: true };
    const named = (text: string) => parseDrillKey(text) as NonNullable<ReturnType<typeof parseDrillKey>>;
    expect(drillMatches(named('started'), notLinked, today)).toBe(true);
    expect(drillMatches(named('mobileVerified'), notLinked, today)).toBe(true);
    expect(drillMatches(named('ekycDone'), notLinked, today)).toBe(false);
    expect(drillMatches(named('aadhaar-mobile-not-linked'), notLinked, today)).toBe(true);
    expect(drillMatches(named('ekyc-failing'), notLinked, today)).toBe(false);
    expect(drillMatches(named('EKYC_BLOCKED'), notLinked, today)).toBe(true);
    const pending = { key: 'PENDING_APPROVAL@2026-11-20', eligible: true };
    expect(drillMatches(named('PENDING_APPROVAL'), pending, today)).toBe(true);
    expect(drillMatches(named('pendingApproval'), pending, today)).toBe(true);
    expect(drillMatches(named('awaiting-approval'), pending, today)).toBe(true);
    // Not started: only the eligible, only under not-started.
    expect(drillMatches(named('not-started'), { eligible: true }, today)).toBe(true);
    expect(drillMatches(named('not-started'), { eligible: false }, today)).toBe(false);
    expect(drillMatches(named('started'), { eligible: true }, today)).toBe(false);
    // A card issued on a day (IST): 2026-12-03T20:00Z is 4 December in India.
    const carded = { key: 'CARD_ISSUED', updatedAt: '2026-12-03T20:00:00.000Z', eligible: true };
    expect(drillMatches(named('day:2026-12-04:cardsIssued'), carded, today)).toBe(true);
    expect(drillMatches(named('day:2026-12-03:cardsIssued'), carded, today)).toBe(false);
    // Migrated people are a reason where they left, not a registration.
    expect(drillMatches(named('started'), { key: 'MIGRATED', eligible: true }, today)).toBe(false);
    expect(drillMatches(named('migrated'), { key: 'MIGRATED', eligible: true }, today)).toBe(true);
  });

  it('counts a figure off the counts as the progress view shows it', () => {
    const counts = { CARD_ISSUED: 2, 'PENDING_APPROVAL@2026-12-01': 1, 'PENDING_APPROVAL@2026-12-04': 1, MOBILE_OTP_SENT: 3 };
    expect(drillCount({ kind: 'figure', figure: 'started' }, counts, 12, today)).toBe(7);
    expect(drillCount({ kind: 'gap', reason: 'not-started' }, counts, 12, today)).toBe(5);
    expect(drillCount({ kind: 'status', status: 'PENDING_APPROVAL' }, counts, 12, today)).toBe(2);
    expect(drillCount({ kind: 'progress-key', key: 'PENDING_APPROVAL@2026-12-01' }, counts, 12, today)).toBe(1);
  });

  it('pages by an opaque position and refuses one it did not give', () => {
    expect(decodePosition(encodePosition({ part: 3, offset: 50 }))).toEqual({ part: 3, offset: 50 });
    expect(decodePosition(undefined)).toEqual({ part: 0, offset: 0 });
    for (const bad of ['x', Buffer.from('[1,-2]').toString('base64url'), Buffer.from('{"pk":1}').toString('base64url')])
      expect(() => decodePosition(bad)).toThrow(expect.objectContaining({ code: 'BAD_CURSOR' }));
  });

  it('tells the kinds of rejected rows apart by the importer’s markers', () => {
    const done = { status: 'DONE' as const };
    expect(rejectCodeOf(done, 'लिंग', 'लिंग: not a gender')).toBe('INVALID_VALUES');
    expect(rejectCodeOf(done, '(row)', 'Row 4 of this file gives the same person with other details; this row was not imported.')).toBe(
      'ROW_CONFLICT',
    );
    expect(rejectCodeOf(done, '(row)', '(row): Incomplete row.')).toBe('ROW_INCOMPLETE');
    expect(rejectCodeOf(done, '(file)', 'The rest of the file could not be read')).toBe('FILE_UNREADABLE');
    expect(rejectCodeOf({ status: 'REFUSED', refusal: { code: 'AADHAAR_COLUMN', message: 'x' } }, 'Aadhaar', 'x')).toBe('AADHAAR_COLUMN');
  });
});

describe('names read in batches', () => {
  it('reads a page of executions’ registrations and people in one batch each, whatever the page’s size', async () => {
    const calls: string[] = [];
    const names: CaseNames = {
      registrations: async (ids) => {
        calls.push(`registrations:${ids.length}`);
        return new Map(
          ids.map((id) => [
            id,
            {
              registrationId: id,
              scheme: 'up-sects',
              personId: `emp:${id}`,
              status: 'PENDING_APPROVAL',
              district: 'Lucknow',
              block: 'Mal',
              updatedAt: 't',
            },
          ]),
        );
      },
      people: async (scheme, ids) => {
        calls.push(`people:${ids.length}`);
        return new Map(ids.map((id) => [id, { personId: id, name: `Name of ${id}` }]));
      },
      approvers: async () => new Map(),
    };
    const entries = Array.from({ length: 40 }, (_, index) => ({ workflow: 'registration' as const, name: `R${index}` }));
    const named = await withCases({ names }, lucknowAdmin, [...entries, { workflow: 'rosterImport' as const, name: 'import-1' }]);
    expect(calls).toEqual(['registrations:40', 'people:40']);
    expect(named[0]).toEqual({
      workflow: 'registration',
      name: 'R0',
      registrationId: 'R0',
      person: { personKey: 'emp:R0', name: 'Name of emp:R0' },
      block: 'Mal',
      step: 'approval',
    });
    // An import's execution names no registration.
    expect(named.at(-1)).toEqual({ workflow: 'rosterImport', name: 'import-1' });
  });
});

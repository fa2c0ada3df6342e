// healthcard verify's conclusions, without a stack: the accepted file, the registrations found for it, a roster
// file's rows against its import's counts, rejects report and people. Against a stack: test/integration/cli.test.ts
// and the kill-and-restart test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRosterFile, rejectsOf } from '../../cli/commands/verify.js';
import { isFullSnapshot } from '../../functions/core/use-cases/roster-import.js';
import { rosterUploadKey } from '../../functions/core/use-cases/roster-uploads.js';
import {
  parseAccepted,
  reconcileRegistrations,
  reconcileRoster,
  type Accepted,
  type RegistrationFound,
  type RosterInput,
} from '../../cli/reconcile.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const codes = (findings: readonly { code: string }[]) => findings.map((finding) => finding.code);

describe('the accepted file', () => {
  it('takes ids, ids with their keys, a header, comments and JSON lines; refuses what is neither', () => {
    const text = [
      '\uFEFFregistrationId,idempotencyKey',
      `${id(1)}`,
      `${id(2)},portal-key-0002`,
      '',
      '# a comment',
      `{"registrationId":"${id(3).toUpperCase()}","idempotencyKey":"portal-key-0003"}`,
    ].join('\n');
    expect(parseAccepted(text)).toEqual({
      accepted: [
        { registrationId: id(1), line: 2 },
        { registrationId: id(2), idempotencyKey: 'portal-key-0002', line: 3 },
        { registrationId: id(3), idempotencyKey: 'portal-key-0003', line: 6 },
      ],
      errors: [],
    });
    expect(parseAccepted('not-an-id\n{broken\n' + `${id(4)},no spaces allowed?`).errors).toEqual([
      'line 1: no registration id (a UUID) in "not-an-id"',
      'line 2: not JSON',
      'line 3: "no" is not an Idempotency-Key',
    ]);
  });
});

const started = '2026-11-30T04:30:00.000Z';
const found = (n: number, fields: Partial<RegistrationFound> = {}): RegistrationFound => ({
  registrationId: id(n),
  found: true,
  status: 'CARD_ISSUED',
  scheme: 'pmjay',
  personId: `rc:UP${n}:01`,
  execution: { name: id(n), status: 'SUCCEEDED', startedAt: started, redriveCount: 0 },
  waitingSteps: [],
  ...fields,
});

describe('registrations accounted for', () => {
  it('finds nothing wrong when each is there with a status and its one execution, moving or ended as the status says', () => {
    const accepted = [1, 2, 3, 3].map((n) => ({ registrationId: id(n), idempotencyKey: `key-000000${n}`, line: n }));
    const report = reconcileRegistrations(accepted, [
      found(1, { idempotencyKey: { key: 'key-0000001', registrationId: id(1) } }),
      found(2, {
        status: 'PENDING_APPROVAL',
        execution: { name: id(2), status: 'RUNNING', startedAt: started, redriveCount: 0 },
        waitingSteps: ['approval'],
        idempotencyKey: { key: 'key-0000002', registrationId: id(2) },
      }),
      found(3, {
        status: 'EKYC_BLOCKED',
        reasonCode: 'EKYC_MOBILE_NOT_LINKED',
        execution: { name: id(3), status: 'RUNNING', startedAt: started, redriveCount: 1 },
        waitingSteps: ['ekyc'],
        idempotencyKey: { key: 'key-0000003', registrationId: id(3) },
      }),
    ]);
    expect(report).toMatchObject({
      accepted: 3,
      listedTwice: 1,
      found: 3,
      byStatus: { CARD_ISSUED: 1, EKYC_BLOCKED: 1, PENDING_APPROVAL: 1 },
      executions: { RUNNING: 2, SUCCEEDED: 1 },
    });
    expect(report.problems).toEqual([]);
  });

  it('names what is lost, stuck or doubled', () => {
    const accepted: Accepted[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ registrationId: id(n), line: n }));
    accepted.push(
      { registrationId: id(9), idempotencyKey: 'same-key-01', line: 9 },
      { registrationId: id(10), idempotencyKey: 'same-key-01', line: 10 },
    );
    const report = reconcileRegistrations(accepted, [
      { registrationId: id(1), found: false },
      found(2, { execution: null }),
      found(3, {
        status: 'STARTED',
        execution: { name: id(3), status: 'FAILED', startedAt: started, error: 'SmsRejectedError', redriveCount: 0 },
      }),
      found(4, {
        status: 'EKYC_VERIFIED',
        execution: { name: id(4), status: 'RUNNING', startedAt: started, redriveCount: 0 },
        waitingSteps: ['ekyc'],
      }),
      found(5, {
        status: 'PENDING_APPROVAL',
        personId: 'rc:UP5:01',
        execution: { name: id(5), status: 'RUNNING', startedAt: started, redriveCount: 0 },
      }),
      found(6, {
        status: 'MOBILE_OTP_SENT',
        personId: 'rc:UP5:01',
        execution: { name: id(6), status: 'RUNNING', startedAt: started, redriveCount: 0 },
      }),
      found(7, { status: 'MOBILE_VERIFIED', execution: { name: id(7), status: 'SUCCEEDED', startedAt: started, redriveCount: 0 } }),
      found(8, { status: 'NOT_A_STATUS' }),
      found(9, { idempotencyKey: { key: 'same-key-01', registrationId: id(9) } }),
      found(10, { idempotencyKey: { key: 'same-key-01', registrationId: id(9) } }),
    ]);
    expect(codes(report.problems).sort()).toEqual([
      'DOUBLED',
      'DOUBLED',
      'DOUBLED',
      'EXECUTION_ENDED_EARLY',
      'EXECUTION_MISSING',
      'EXECUTION_STOPPED',
      'MISSING',
      'NO_STATUS',
      'STEP_NOT_DELIVERED',
    ]);
    expect(report.problems.find((problem) => problem.code === 'EXECUTION_STOPPED')?.message).toContain(`healthcard redrive ${id(3)}`);
    expect(report.problems.some((problem) => problem.message.includes('pmjay/rc:UP5:01 has 2 registrations open'))).toBe(true);
    expect(report).toMatchObject({ accepted: 10, found: 9 });
  });

  it('takes a registration an admin stopped, that says so, as a note; a stopped execution whose registration does not say so, or a card whose SMS failed, as problems', () => {
    const aborted = (n: number) => ({
      name: id(n),
      status: 'ABORTED' as const,
      startedAt: started,
      error: 'StoppedByAdminError',
      redriveCount: 0,
    });
    const report = reconcileRegistrations(
      [1, 2, 3].map((n) => ({ registrationId: id(n), line: n })),
      [
        found(1, { status: 'STOPPED', execution: aborted(1), waitingSteps: ['approval'] }),
        found(2, { status: 'PENDING_APPROVAL', execution: aborted(2) }),
        found(3, {
          status: 'CARD_MADE',
          execution: { name: id(3), status: 'FAILED', startedAt: started, error: 'SmsRejectedError', redriveCount: 0 },
        }),
      ],
    );
    expect(codes(report.notes)).toEqual(['STOPPED_BY_ADMIN']);
    expect(report.problems.map((problem) => `${problem.code} ${problem.registrationId ?? ''}`)).toEqual([
      `EXECUTION_STOPPED ${id(2)}`,
      `EXECUTION_STOPPED ${id(3)}`,
    ]);
  });

  it('notes, without failing, an execution finishing its last step, a wait left behind, a key past its seven days', () => {
    const report = reconcileRegistrations(
      [1, 2, 3].map((n) => ({ registrationId: id(n), idempotencyKey: `key-000000${n}`, line: n })),
      [
        found(1, {
          execution: { name: id(1), status: 'RUNNING', startedAt: started, redriveCount: 0 },
          idempotencyKey: { key: 'key-0000001', registrationId: id(1) },
        }),
        found(2, { waitingSteps: ['approval'], idempotencyKey: { key: 'key-0000002', registrationId: id(2) } }),
        found(3, { idempotencyKey: { key: 'key-0000003', registrationId: null } }),
      ],
    );
    expect(report.problems).toEqual([]);
    expect(codes(report.notes)).toEqual(['EXECUTION_FINISHING', 'WAIT_LEFT_OVER', 'KEY_EXPIRED']);
  });
});

const counts = { read: 6, inserted: 3, updated: 0, unchanged: 1, duplicates: 1, rejected: 1, removed: 0 };
const rosterInput = (changes: Partial<RosterInput> = {}): RosterInput => ({
  importId: 'this-import',
  status: 'DONE',
  receivedAt: '2026-12-01T10:00:00Z',
  counts,
  // Rows 2-7: a, b, c, d, a again (identical: a duplicate), and row 7 refused by the rules.
  file: { rows: 6, valid: [2, 3, 4, 5, 6].map((row) => ({ row, personId: ['a', 'b', 'c', 'd', 'a'][row - 2] as string })), invalid: [7] },
  rejects: new Map([[7, 'Gender: not a gender']]),
  people: [
    { personId: 'a', found: true, status: 'active', importId: 'this-import', importRow: 2 },
    { personId: 'b', found: true, status: 'active', importId: 'this-import', importRow: 3 },
    { personId: 'c', found: true, status: 'active', importId: 'this-import', importRow: 4 },
    { personId: 'd', found: true, status: 'active', importId: 'earlier-import', importRow: 9 },
  ],
  otherImports: { 'earlier-import': '2026-11-01T10:00:00Z' },
  ...changes,
});

describe('a roster file accounted for', () => {
  it('finds every row once: rejected with a reason, or landed as a person written by one of its rows or unchanged since', () => {
    const report = reconcileRoster(rosterInput());
    expect(report).toMatchObject({ rows: 6, rejected: 1, people: 4, writtenByThisImport: 3, writtenEarlier: 1, writtenLater: 0 });
    expect(report.problems).toEqual([]);
  });

  it('names counts that do not add up, rows lost or read twice, people missing or written by another row', () => {
    const report = reconcileRoster(
      rosterInput({
        counts: { ...counts, read: 7 },
        file: {
          rows: 7,
          valid: [2, 3, 4, 5, 6, 8].map((row) => ({ row, personId: ['a', 'b', 'c', 'd', 'a', 'e'][row === 8 ? 5 : row - 2] as string })),
          invalid: [7],
        },
        rejects: new Map([
          [7, ' '],
          [20, 'Name: missing'],
        ]),
        people: [
          { personId: 'a', found: true, importId: 'this-import', importRow: 5 },
          { personId: 'b', found: true, importId: 'this-import', importRow: 3 },
          { personId: 'c', found: true, importId: 'this-import', importRow: 4 },
          { personId: 'd', found: true, importId: 'earlier-import' },
          { personId: 'e', found: false },
        ],
      }),
    );
    expect(codes(report.problems).sort()).toEqual([
      'COUNTS_DO_NOT_ADD_UP',
      'PEOPLE_MISMATCH',
      'PERSON_MISSING',
      'REJECTS_MISMATCH',
      'REJECT_NOT_IN_FILE',
      'REJECT_WITHOUT_REASON',
      'WRITTEN_BY_ANOTHER_ROW',
    ]);
    const lost = reconcileRoster(rosterInput({ rejects: new Map(), counts: { ...counts, rejected: 0, unchanged: 2 } }));
    expect(codes(lost.problems)).toEqual(expect.arrayContaining(['ROW_LOST', 'UNCHANGED_MISMATCH']));
  });

  it('accepts people written again by a later import, and a file refused whole as its rules refuse it', () => {
    const later = reconcileRoster(
      rosterInput({
        people: [...rosterInput().people.slice(0, 3), { personId: 'd', found: true, importId: 'later-import' }],
        otherImports: { 'later-import': '2026-12-02T10:00:00Z' },
      }),
    );
    expect(later.problems).toEqual([]);
    expect(later).toMatchObject({ writtenLater: 1, writtenEarlier: 0 });
    expect(codes(later.notes)).toEqual(['SUPERSEDED']);
    const refused = reconcileRoster(
      rosterInput({
        status: 'REFUSED',
        refusal: { code: 'AADHAAR_COLUMN', message: 'x' },
        file: { refused: { code: 'AADHAAR_COLUMN', message: 'x' }, rows: 0, valid: [], invalid: [] },
      }),
    );
    expect(refused.problems).toEqual([]);
    expect(codes(reconcileRoster(rosterInput({ status: 'IMPORTING' })).problems)).toEqual(['IMPORT_NOT_DONE']);
    expect(
      codes(
        reconcileRoster(
          rosterInput({ status: 'DONE', file: { refused: { code: 'MISSING_COLUMNS', message: 'x' }, rows: 0, valid: [], invalid: [] } }),
        ).problems,
      ),
    ).toEqual(['NOT_REFUSED']);
  });
});

describe('reading the file and the report as the importer does', () => {
  it("names the roster key as healthcard import does, and reads rows and rejects by the importer's rules", async () => {
    const scope = { scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families' };
    expect(rosterUploadKey({ ...scope, fileName: 'nfsa.csv', fullSnapshot: true })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.full.csv',
    });
    // verify takes a name that says .full as a snapshot, without --full-snapshot.
    expect(rosterUploadKey({ ...scope, fileName: 'nfsa.full.csv', fullSnapshot: isFullSnapshot('nfsa.full.csv') })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.full.csv',
    });
    const directory = mkdtempSync(join(tmpdir(), 'verify-'));
    try {
      const file = join(directory, 'roster.csv');
      const readFamilies = (district: string) =>
        readRosterFile(file, { scheme: 'pmjay', rosterType: 'ration-card-families', district, thisYear: 2026 });
      writeFileSync(
        file,
        'Ration Card No,Member ID,Name,Gender,District\nUP1,01,Ram,M,Lucknow\n\nUP1,02,Sita,X,Lucknow\nUP1,01,Ram,M,Lucknow\n',
      );
      expect(await readFamilies('Lucknow')).toEqual({
        rows: 3,
        valid: [
          { row: 2, personId: 'rc:UP1:01' },
          { row: 5, personId: 'rc:UP1:01' },
        ],
        invalid: [4],
      });
      // --district as a person types it: Kanpur is the district the Census names Kanpur Nagar (कानपुर नगर), so
      // rows naming it either way are its rows, as the importer reads them; a Lucknow row is not.
      writeFileSync(
        file,
        'Ration Card No,Member ID,Name,Gender,District\nKN1,01,Ram,M,कानपुर नगर\nKN1,02,Sita,F,Kanpur Nagar\nKN1,03,Mohan,M,Lucknow\n',
      );
      expect(await readFamilies('Kanpur')).toEqual({
        rows: 3,
        valid: [
          { row: 2, personId: 'rc:KN1:01' },
          { row: 3, personId: 'rc:KN1:02' },
        ],
        invalid: [4],
      });
      writeFileSync(file, 'Name,Aadhaar,Gender\n');
      expect((await readFamilies('Lucknow')).refused?.code).toBe('AADHAAR_COLUMN');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    expect(rejectsOf('\uFEFFrow,column,reason,Name\n4,Gender,"Gender: X is not a gender",Sita\n9,(row),"a | b",\n')).toEqual(
      new Map([
        [4, 'Gender: X is not a gender'],
        [9, 'a | b'],
      ]),
    );
  });
});

// The field force's rules, pure: which worker a person's segment gives them, a visit's outcome against a later
// registration, each worker's figures, and a field-force roster's rows as a district writes them in Hindi.
// Expected values are written out from the people and workers each case builds, not computed by the code.
import { describe, expect, it } from 'vitest';
import { assign, fieldGapReason, inSegment, progressRows, type Worker } from '../../functions/core/field-force.js';
import { parseFieldForceKey, workerRows } from '../../functions/core/field-force-roster.js';
import type { SourceRecord } from '../../functions/core/roster/records.js';

const worker = (workerId: string, segment: Worker['segment'], extra: Partial<Worker> = {}): Worker => ({
  workerId,
  name: workerId,
  role: 'asha',
  department: 'Health',
  district: 'Lucknow',
  mobile: '9000000000',
  language: 'hi',
  segment,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'test',
  ...extra,
});

describe('segments and assignment', () => {
  it('holds a job card in a range of cards of the same length, and nothing outside it', () => {
    const sahayak = worker('RS-1', { kind: 'job-card-range', values: ['UP-01-002-003-001/0001..UP-01-002-003-001/0250'] });
    expect(inSegment({ jobCardNumber: 'UP-01-002-003-001/0099' }, sahayak)).toBe(true);
    expect(inSegment({ jobCardNumber: 'up-01-002-003-001/0250' }, sahayak)).toBe(true);
    expect(inSegment({ jobCardNumber: 'UP-01-002-003-001/0251' }, sahayak)).toBe(false);
    expect(inSegment({ jobCardNumber: 'UP-01-002-003-001/99' }, sahayak)).toBe(false);
  });

  it('reads a village segment within the worker’s block: two blocks may both have a Rampur', () => {
    const asha = worker('A-1', { kind: 'village', values: ['Rampur'] }, { block: 'Mal' });
    expect(inSegment({ block: 'Mal', village: ' rampur ' }, asha)).toBe(true);
    expect(inSegment({ block: 'Kakori', village: 'Rampur' }, asha)).toBe(false);
  });

  it('tries segment kinds in the district’s order, the first worker by id when several hold the person, and names why nobody does', () => {
    const workers = [
      worker('W-2', { kind: 'village', values: ['Nagwa'] }),
      worker('W-1', { kind: 'village', values: ['Nagwa'] }),
      worker('D-1', { kind: 'ration-shop', values: ['FPS-101'] }),
    ];
    const family = { village: 'Nagwa', rationShop: 'FPS-101' };
    expect(assign(family, ['ration-shop', 'village'], workers)).toEqual({ workerId: 'D-1', kind: 'ration-shop' });
    expect(assign(family, ['village', 'ration-shop'], workers)).toEqual({ workerId: 'W-1', kind: 'village' });
    expect(assign({ village: 'Itaunja' }, ['ration-shop', 'village'], workers)).toEqual({ reason: 'no-worker-for-segment' });
    expect(assign({ school: 'PS Nagwa' }, ['ration-shop', 'village'], workers)).toEqual({ reason: 'no-segment-on-roster' });
  });
});

describe('a visit against the registration', () => {
  it('makes refused, deceased, not found or migrated the reason until a later registration, and never undoes a card', () => {
    const visit = { outcome: 'refused' as const, at: '2026-12-03T10:00:00.000Z' };
    expect(fieldGapReason({ lastVisit: visit, assigned: true })).toBe('refused');
    expect(fieldGapReason({ lastVisit: { ...visit, outcome: 'contacted' }, assigned: true })).toBe('not-started');
    expect(
      fieldGapReason({ lastVisit: visit, progressKey: 'MOBILE_OTP_SENT', progressAt: '2026-12-04T09:00:00.000Z', assigned: true }),
    ).toBe('mobile-unverified');
    expect(
      fieldGapReason({ lastVisit: visit, progressKey: 'MOBILE_OTP_SENT', progressAt: '2026-12-02T09:00:00.000Z', assigned: true }),
    ).toBe('refused');
    expect(fieldGapReason({ lastVisit: visit, progressKey: 'CARD_ISSUED', progressAt: '2026-12-02T09:00:00.000Z', assigned: true })).toBe(
      'carded',
    );
    expect(fieldGapReason({ assigned: false })).toBe('no-responsible-worker');
  });
});

describe('accountability', () => {
  it('counts assigned, pending, carded and visits this week per worker, the most pending first', () => {
    const workers = [
      worker('A', { kind: 'village', values: ['x'] }),
      worker('B', { kind: 'village', values: ['y'] }, { role: 'pds-dealer' }),
    ];
    const rows = progressRows(
      'worker',
      workers,
      [
        { workerId: 'A', reason: 'carded', cardedAt: '2026-12-03T00:00:00.000Z' },
        { workerId: 'A', reason: 'carded', cardedAt: '2026-11-01T00:00:00.000Z' },
        { workerId: 'B', reason: 'not-started' },
        { workerId: 'B', reason: 'refused' },
      ],
      [
        { workerId: 'B', at: '2026-12-02T00:00:00.000Z' },
        { workerId: 'B', at: '2026-11-20T00:00:00.000Z' },
      ],
      '2026-11-27T00:00:00.000Z',
    );
    expect(
      rows.map(({ key, assigned, pending, cardedThisWeek, visitsThisWeek }) => [key, assigned, pending, cardedThisWeek, visitsThisWeek]),
    ).toEqual([
      ['B', 2, 2, 0, 1],
      ['A', 2, 0, 1, 0],
    ]);
  });
});

describe('a field-force roster', () => {
  const records = (rows: string[][]): AsyncIterable<SourceRecord> =>
    (async function* () {
      for (const [index, cells] of rows.entries()) yield { row: index + 1, cells };
    })();

  it('reads Hindi headers and roles, and reports each bad row by its row and the column the file names', async () => {
    const rows = [];
    for await (const row of workerRows(
      records([
        ['कार्यकर्ता आईडी', 'कार्यकर्ता का नाम', 'भूमिका', 'मोबाइल नंबर', 'ग्राम', 'जनपद'],
        ['fw-1', 'गीता', 'आशा बहू', '+91 98765 43210', 'नगवा; इटौंजा', 'लखनऊ'],
        ['FW-2', 'रमेश', 'जादूगर', '9876543211', 'नगवा', 'लखनऊ'],
        ['FW-3', 'सुरेश', 'कोटेदार', '9876543212', '', 'कानपुर'],
      ]),
      'Lucknow',
    ))
      rows.push(row);
    expect(rows[1]).toEqual({
      rowNumber: 2,
      ok: true,
      workerId: 'FW-1',
      worker: {
        name: 'गीता',
        role: 'asha',
        department: '-',
        district: 'Lucknow',
        mobile: '+91 98765 43210',
        language: 'hi',
        segment: { kind: 'village', values: ['नगवा', 'इटौंजा'] },
      },
    });
    expect(rows[2]).toMatchObject({ rowNumber: 3, ok: false, problems: [{ column: 'भूमिका' }] });
    expect(rows[3]).toMatchObject({ rowNumber: 4, ok: false, problems: [{ column: 'जनपद' }, { column: '(row)' }] });
  });

  it('takes keys under rosters/field-force/{district}/ and refuses others there with a reason', () => {
    expect(parseFieldForceKey('rosters/field-force/लखनऊ/list.xlsx')).toEqual({ ok: true, district: 'Lucknow', format: 'xlsx' });
    expect(parseFieldForceKey('rosters/field-force/Lucknow/a/list.csv')).toMatchObject({ ok: false });
    expect(parseFieldForceKey('rosters/pmjay/Lucknow/ration-card-families/list.csv')).toBeUndefined();
  });
});

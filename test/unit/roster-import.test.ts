// The roster-import steps' pure rules: chunk sizing, full-snapshot names, eligible counting, and a failed
// import recorded before its execution fails.
import { describe, expect, it } from 'vitest';
import { RosterImportFailedError } from '../../functions/core/errors.js';
import {
  chunkTarget,
  eligibleCounter,
  isFullSnapshot,
  summarizeImport,
  type RosterImportDeps,
} from '../../functions/core/use-cases/roster-import.js';
import type { ImportRecord, Imports } from '../../functions/ports/imports.js';

describe('roster import rules', () => {
  it('sizes chunks so every slot gets work, within the configured bounds', () => {
    const tuning = { chunkBytes: 8 * 1024 * 1024, concurrency: 4 };
    expect(chunkTarget(13_500_000, tuning)).toBe(3_375_000);
    expect(chunkTarget(135_000_000, tuning)).toBe(8 * 1024 * 1024);
    expect(chunkTarget(40_000, tuning)).toBe(64 * 1024);
    expect(chunkTarget(10_000_000, { chunkBytes: 1024, concurrency: 3 })).toBe(1024);
  });

  it('reads a full snapshot from the file name only', () => {
    expect(isFullSnapshot('rosters/pmjay/Jhansi/ration-card-families/nfsa.full.csv')).toBe(true);
    expect(isFullSnapshot('rosters/up-sects/Lucknow/employees/all.FULL.xlsx')).toBe(true);
    expect(isFullSnapshot('rosters/pmjay/Jhansi/ration-card-families/full-list.csv')).toBe(false);
  });

  it('counts eligible people by block, village, department, DDO and category, and adds up counts made elsewhere', () => {
    const counter = eligibleCounter(['active', 'retired']);
    counter.add({ status: 'active', block: 'Mal', village: 'Rahimabad', categories: ['vay-vandana'] });
    counter.add({ status: 'retired', block: 'Mal', department: 'Health', ddoCode: 'DDO-1', categories: ['vay-vandana', 'asha-anganwadi'] });
    counter.add({ status: 'removed', block: 'Mal', village: 'Rahimabad', categories: ['vay-vandana'] });
    counter.add({ status: 'active' });
    const other = eligibleCounter(['active']);
    other.add({ status: 'active', block: 'Kakori', village: 'Kakori', categories: ['pm-janman'] });
    counter.addCounts(other.counts());
    expect(
      counter.result({ scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families' }, { importId: 'i', countedAt: 't' }),
    ).toEqual({
      scheme: 'pmjay',
      district: 'Lucknow',
      rosterType: 'ration-card-families',
      total: 4,
      removed: 1,
      byBlock: { Mal: 2, Kakori: 1 },
      byVillage: { 'Mal / Rahimabad': 1, 'Kakori / Kakori': 1 },
      byDepartment: { Health: 1 },
      byDdo: { 'DDO-1': 1 },
      byCategory: { 'vay-vandana': 2, 'asha-anganwadi': 1, 'pm-janman': 1 },
      importId: 'i',
      countedAt: 't',
    });
  });

  it('records a failed step on the import, then fails the execution by name', async () => {
    const failures: unknown[] = [];
    const record = {
      importId: 'a'.repeat(32),
      bucket: 'b',
      key: 'k',
      eTag: 'e',
      size: 1,
      status: 'IMPORTING',
      receivedAt: 't',
    } satisfies ImportRecord;
    const imports = {
      get: async () => record,
      failed: async (_id: string, failure: unknown) => void failures.push(failure),
    } as unknown as Imports;
    const deps = { imports, clock: { now: () => 0 } } as unknown as RosterImportDeps;
    await expect(
      summarizeImport(deps, { importId: record.importId, failure: { Error: 'States.Timeout', Cause: 'x'.repeat(900) } }),
    ).rejects.toThrow(RosterImportFailedError);
    expect(failures).toEqual([{ error: 'States.Timeout', cause: 'x'.repeat(500) }]);
  });
});

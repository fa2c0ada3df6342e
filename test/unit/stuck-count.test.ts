// Counting stuck waits for the stuck-approvals alarm: every page of the waits index read, every step counted
// (zeros included, so the alarm always has a value), and "now" taken from the clock once.
import { describe, expect, it } from 'vitest';
import { countStuck } from '../../functions/core/use-cases/stuck.js';
import type { Wait } from '../../functions/core/waits.js';
import type { Waits } from '../../functions/ports/workflow.js';

const wait = (registrationId: string, step: Wait['step']): Wait => ({
  registrationId,
  step,
  district: 'Lucknow',
  since: '2026-11-20T08:00:00.000Z',
  slaDueAt: '2026-11-20T09:00:00.000Z',
  waitingOn: step === 'approval' ? { kind: 'approver', approverKind: 'ddo', queue: 'ddo:DDO-1' } : { kind: 'applicant' },
});

/** Overdue waits served a page at a time, with a cursor, as the DynamoDB adapter does. */
const pagedWaits = (all: Wait[]) => {
  const queries: Parameters<Waits['overdue']>[0][] = [];
  const waits: Pick<Waits, 'overdue'> = {
    overdue: async (query) => {
      queries.push(query);
      const start = query.cursor === undefined ? 0 : Number(query.cursor);
      const end = start + query.limit;
      return { waits: all.slice(start, end), ...(end < all.length ? { cursor: String(end) } : {}) };
    },
  };
  return { waits, queries };
};

describe('counting stuck waits', () => {
  it('reads every page and counts each step, across every district', async () => {
    // Prepare
    const all = [...['a', 'b', 'c', 'd', 'e'].map((id) => wait(id, 'approval')), wait('f', 'ekyc'), wait('g', 'approval')];
    const { waits, queries } = pagedWaits(all);
    // Act
    const counts = await countStuck({ waits, clock: { now: () => Date.parse('2026-11-21T00:00:00Z') } }, 2);
    // Assess
    expect(counts).toEqual({ 'mobile-otp': 0, ekyc: 1, approval: 6 });
    expect(queries).toHaveLength(4);
    expect(queries.every((query) => query.district === undefined && query.now === '2026-11-21T00:00:00.000Z')).toBe(true);
    expect(queries.map((query) => query.cursor)).toEqual([undefined, '2', '4', '6']);
  });

  it('reports zero for every step when nothing is stuck', async () => {
    const { waits, queries } = pagedWaits([]);
    expect(await countStuck({ waits, clock: { now: () => 0 } })).toEqual({ 'mobile-otp': 0, ekyc: 0, approval: 0 });
    expect(queries).toHaveLength(1);
  });
});

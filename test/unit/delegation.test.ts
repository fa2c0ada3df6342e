// Delegation of charge: the days a delegation covers are read in India's calendar (IST, UTC+05:30), so the
// instants below are written by hand as UTC: 18:30 UTC is midnight in India. Then who may hand over a DDO code's
// queue, and what a delegate's inbox adds, with in-memory ports.
import { describe, expect, it } from 'vitest';
import { checkDelegationRequest, delegationState, overlaps } from '../../functions/core/delegations.js';
import type { Caller } from '../../functions/core/identity.js';
import { createDelegation, delegatedQueuesOf, endDelegation, listDelegations } from '../../functions/core/use-cases/delegation.js';
import type { Approver } from '../../functions/ports/approvers.js';
import type { Delegation, Delegations } from '../../functions/ports/delegations.js';

const at = (iso: string) => ({ now: () => Date.parse(iso) });

describe('the days a delegation covers, in IST', () => {
  const leave = { startsOn: '2026-12-05', endsOn: '2026-12-07' };

  it('starts at midnight in India, not at midnight UTC', () => {
    // 23:59:59.999 IST on 4 December.
    expect(delegationState(leave, Date.parse('2026-12-04T18:29:59.999Z'))).toBe('scheduled');
    // 00:00 IST on 5 December, still 4 December in UTC.
    expect(delegationState(leave, Date.parse('2026-12-04T18:30:00.000Z'))).toBe('active');
    expect(delegationState(leave, Date.parse('2026-12-04T20:00:00.000Z'))).toBe('active');
  });

  it('covers its last day whole and ends by itself at the next midnight in India', () => {
    // 23:59:59 IST on 7 December.
    expect(delegationState(leave, Date.parse('2026-12-07T18:29:59.000Z'))).toBe('active');
    // 00:00 IST on 8 December.
    expect(delegationState(leave, Date.parse('2026-12-07T18:30:00.000Z'))).toBe('ended');
  });

  it('is over once ended early, whatever its days say', () => {
    expect(delegationState({ ...leave, endedAt: '2026-12-06T05:00:00.000Z' }, Date.parse('2026-12-06T06:00:00.000Z'))).toBe('ended');
  });

  it('overlaps another of the same code when they share a day, and not when one was ended early', () => {
    expect(overlaps(leave, { startsOn: '2026-12-07', endsOn: '2026-12-09' })).toBe(true);
    expect(overlaps(leave, { startsOn: '2026-12-08', endsOn: '2026-12-09' })).toBe(false);
    expect(overlaps(leave, { startsOn: '2026-12-01', endsOn: '2026-12-31' })).toBe(true);
    expect(overlaps(leave, { startsOn: '2026-12-06', endsOn: '2026-12-06', endedAt: '2026-12-05T10:00:00.000Z' })).toBe(false);
  });
});

describe('a delegation request', () => {
  const request = { fromDdoCode: 'DDO-LKO-0002', toDdoCode: 'DDO-LKO-0001', startsOn: '2026-12-05', endsOn: '2026-12-07' };
  // 00:00 IST on 5 December: "today" in India is the 5th though UTC says the 4th.
  const midnight = Date.parse('2026-12-04T18:30:00.000Z');
  const codeOf = (run: () => void) => {
    try {
      run();
      return 'accepted';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('is refused with a code for each mistake', () => {
    expect(codeOf(() => checkDelegationRequest(request, midnight))).toBe('accepted');
    expect(codeOf(() => checkDelegationRequest({ ...request, toDdoCode: 'DDO-LKO-0002' }, midnight))).toBe('DELEGATION_TO_SELF');
    expect(codeOf(() => checkDelegationRequest({ ...request, endsOn: '2026-12-04' }, midnight))).toBe('DELEGATION_DATES_OUT_OF_ORDER');
    // 4 December is yesterday in India at this instant.
    expect(codeOf(() => checkDelegationRequest({ ...request, startsOn: '2026-12-04' }, midnight))).toBe('DELEGATION_STARTS_IN_PAST');
    // ...and was still today a millisecond earlier.
    expect(codeOf(() => checkDelegationRequest({ ...request, startsOn: '2026-12-04' }, midnight - 1))).toBe('accepted');
  });

  it('covers at most 90 days: 5 December to 4 March is 90 (27 + 31 + 28 + 4), to 5 March 91', () => {
    expect(codeOf(() => checkDelegationRequest({ ...request, endsOn: '2027-03-04' }, midnight))).toBe('accepted');
    expect(codeOf(() => checkDelegationRequest({ ...request, endsOn: '2027-03-05' }, midnight))).toBe('DELEGATION_TOO_LONG');
  });
});

class MemoryDelegations implements Delegations {
  readonly items = new Map<string, Delegation>();
  async create(delegation: Delegation) {
    const overlapping = [...this.items.values()].find(
      (other) => other.fromDdoCode === delegation.fromDdoCode && overlaps(other, delegation),
    );
    if (overlapping === undefined) this.items.set(delegation.delegationId, delegation);
    return overlapping === undefined ? {} : { overlapping };
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async receivedBy(code: string, fromDay: string) {
    return [...this.items.values()].filter((item) => item.toDdoCode === code && item.endsOn >= fromDay);
  }
  async givenBy(code: string, fromDay: string) {
    return [...this.items.values()].filter((item) => item.fromDdoCode === code && item.endsOn >= fromDay);
  }
  async end(id: string, by: string, endedAt: string) {
    const found = this.items.get(id);
    if (found === undefined || found.endedAt !== undefined) return false;
    this.items.set(id, { ...found, endedAt, endedBy: by });
    return true;
  }
}

const caller = (roles: Caller['roles'], scope: { ddoCodes?: string[]; districts?: string[] }, subject = 'someone'): Caller => ({
  subject,
  roles,
  ddoCodes: scope.ddoCodes ?? [],
  districts: scope.districts ?? [],
});

describe('handing over a DDO code', () => {
  const directory: Record<string, Approver> = {
    'ddo:DDO-LKO-0002': {
      queue: 'ddo:DDO-LKO-0002',
      district: 'Lucknow',
      name: 'R. K. Verma',
      mobile: '9876500002',
      language: 'hi',
      updatedAt: '2026-12-01T00:00:00.000Z',
      updatedBy: 'admin',
    },
  };
  const setup = (clock = at('2026-12-04T06:00:00.000Z')) => {
    const delegations = new MemoryDelegations();
    let next = 0;
    const deps = {
      delegations,
      approvers: { get: async (queue: string) => directory[queue] },
      clock,
      newId: () => `00000000-0000-4000-8000-00000000000${(next += 1)}`,
    };
    return { delegations, deps };
  };
  const body = { fromDdoCode: 'DDO-LKO-0002', toDdoCode: 'DDO-LKO-0001', startsOn: '2026-12-04', endsOn: '2026-12-06' };
  const leaving = caller(['ddo'], { ddoCodes: ['DDO-LKO-0002'] }, 'ddo-0002');
  const delegate = caller(['ddo'], { ddoCodes: ['DDO-LKO-0001'] }, 'ddo-0001');

  it('is the DDO’s own, or its district admin’s, or a state admin’s; anyone else is refused', async () => {
    const { deps } = setup();
    await expect(createDelegation(deps, delegate, body)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createDelegation(deps, caller(['district-admin'], { districts: ['Jalaun'] }), body)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A DDO code the directory does not place: no district admin may act for it.
    await expect(
      createDelegation(deps, caller(['district-admin'], { districts: ['Lucknow'] }), { ...body, fromDdoCode: 'DDO-LKO-0099' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const made = await createDelegation(deps, caller(['district-admin'], { districts: ['Lucknow'] }), body);
    expect(made).toMatchObject({ state: 'active', active: true, fromDdoCode: 'DDO-LKO-0002' });
  });

  it('refuses an overlapping second delegation of the same code with 409', async () => {
    const { deps } = setup();
    await createDelegation(deps, leaving, body);
    await expect(
      createDelegation(deps, leaving, { ...body, toDdoCode: 'DDO-LKO-0003', startsOn: '2026-12-06', endsOn: '2026-12-08' }),
    ).rejects.toMatchObject({ code: 'DELEGATION_OVERLAPS' });
    // The day after it ends is free.
    await expect(createDelegation(deps, leaving, { ...body, startsOn: '2026-12-07', endsOn: '2026-12-08' })).resolves.toMatchObject({
      state: 'scheduled',
    });
  });

  it("gives the delegate the delegator's queue only while it is active, and not after it is ended", async () => {
    const { deps } = setup();
    const made = await createDelegation(deps, leaving, body);
    // 10:00 IST on 6 December: within; 00:00 IST on 7 December: over.
    expect(await delegatedQueuesOf({ ...deps, clock: at('2026-12-06T04:30:00.000Z') }, delegate)).toEqual(['ddo:DDO-LKO-0002']);
    expect(await delegatedQueuesOf({ ...deps, clock: at('2026-12-06T18:30:00.000Z') }, delegate)).toEqual([]);
    // Not the delegator's, nor a verifier's.
    expect(await delegatedQueuesOf(deps, leaving)).toEqual([]);
    expect(await delegatedQueuesOf(deps, caller(['verifier'], { districts: ['Lucknow'] }))).toEqual([]);

    const listed = await listDelegations(deps, delegate, {});
    expect(listed.received.map((item) => item.delegationId)).toEqual([made.delegationId]);
    expect(listed.given).toEqual([]);

    // Someone else's delegation answers as a made-up id.
    await expect(endDelegation(deps, caller(['ddo'], { ddoCodes: ['DDO-LKO-0003'] }), made.delegationId)).rejects.toMatchObject({
      code: 'DELEGATION_NOT_FOUND',
    });
    const ended = await endDelegation(deps, leaving, made.delegationId);
    expect(ended).toMatchObject({ state: 'ended', active: false, endedBy: 'ddo-0002' });
    expect(await endDelegation(deps, leaving, made.delegationId)).toEqual(ended);
    expect(await delegatedQueuesOf(deps, delegate)).toEqual([]);
  });
});

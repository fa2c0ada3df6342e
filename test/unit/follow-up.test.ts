// The rules behind following up: when a wait is stuck and on whom, where a migrant's approval goes and how their
// counts move, and when a set of registrations is an anomaly (and when a reviewed one opens again).
import { describe, expect, it } from 'vitest';
import { registrationImageOf, streamMoves } from '../../functions/core/progress.js';
import { waitItem } from '../../functions/adapters/dynamodb-waits.js';
import { anomalyIdOf, isAnomalous, maskMobile, mobileToken, nextAnomaly, type Anomaly } from '../../functions/core/anomalies.js';
import { familyIdOf } from '../../functions/core/person.js';
import { observeRegistration } from '../../functions/core/use-cases/anomalies.js';
import { queueAfterMove } from '../../functions/core/use-cases/migrate.js';
import { recordOutcome } from '../../functions/core/use-cases/outcome.js';
import { overdueHours, waitingOnLabel } from '../../functions/core/waits.js';
import type { Anomalies, SetMember } from '../../functions/ports/anomalies.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';

describe('stuck waits', () => {
  it('keeps when a step first waited, and its first SLA, when the step is entered again (an escalation)', () => {
    const context = {
      district: 'Lucknow',
      block: 'Mal',
      slaSeconds: 3600,
      waitingOn: { kind: 'approver' as const, approverKind: 'ddo' as const, queue: 'ddo:DDO-1' },
    };
    const first = waitItem('r-1', 'approval', 'token-1', context, new Date('2026-11-20T10:00:00Z'), undefined);
    expect(first).toMatchObject({
      since: '2026-11-20T10:00:00.000Z',
      slaDueAt: '2026-11-20T11:00:00.000Z',
      gsi1pk: 'WAITS#Lucknow',
      gsi2pk: 'WAITS',
    });
    const escalated = waitItem(
      'r-1',
      'approval',
      'token-2',
      { ...context, slaSeconds: 7200, waitingOn: { kind: 'approver', approverKind: 'district-admin', queue: 'district-admin:Lucknow' } },
      new Date('2026-11-20T11:00:05Z'),
      first,
    );
    expect(escalated).toMatchObject({
      since: first.since,
      slaDueAt: first.slaDueAt,
      taskToken: 'token-2',
      waitingOn: { queue: 'district-admin:Lucknow' },
    });
    // Sorted by when the SLA ran out: a query for keys before now is the stuck list, most overdue first.
    expect(String(escalated.gsi1sk) < '2026-11-20T12:00:00.000Z').toBe(true);
  });

  it('says who must act, in English and Hindi, and by how many whole hours the SLA has passed', () => {
    expect(waitingOnLabel({ kind: 'approver', approverKind: 'ddo', queue: 'ddo:DDO-LKO-0001' })).toEqual({
      en: 'DDO DDO-LKO-0001',
      hi: 'डीडीओ DDO-LKO-0001',
    });
    expect(waitingOnLabel({ kind: 'approver', approverKind: 'verifier', queue: 'verifier:Jhansi' }).en).toBe('Verifier, Jhansi');
    expect(waitingOnLabel({ kind: 'applicant' }).en).toBe('The applicant');
    const due = '2026-11-20T10:00:00.000Z';
    expect(overdueHours(due, Date.parse('2026-11-20T09:00:00Z'))).toBe(0);
    expect(overdueHours(due, Date.parse('2026-11-20T12:59:59Z'))).toBe(2);
  });

  it("forgets a registration's waits when its workflow stops waiting on a timeout", async () => {
    const cleared: string[] = [];
    const registration = { registrationId: 'r-2', status: 'MOBILE_OTP_SENT' } as Registration;
    const registry = {
      getRegistration: async () => registration,
      transition: async () => ({ ...registration, status: 'EXPIRED' }),
    } as unknown as Registry;
    const outcome = await recordOutcome(
      { registry, clock: { now: () => 0 }, callbacks: { clearWaiting: async (id) => void cleared.push(id) } },
      'r-2',
      'States.Timeout',
    );
    expect(outcome.status).toBe('EXPIRED');
    expect(cleared).toEqual(['r-2']);
  });
});

describe("a migrant's case", () => {
  it("goes to the new district's verifier or admin queue; a DDO queue follows a new DDO code, or stays", () => {
    expect(queueAfterMove('verifier:Lucknow', 'Kanpur', undefined)).toBe('verifier:Kanpur');
    expect(queueAfterMove('district-admin:Lucknow', 'Kanpur', undefined)).toBe('district-admin:Kanpur');
    expect(queueAfterMove('ddo:DDO-LKO-0001', 'Kanpur', undefined)).toBe('ddo:DDO-LKO-0001');
    expect(queueAfterMove('ddo:DDO-LKO-0001', 'Kanpur', 'DDO-KNP-0007')).toBe('ddo:DDO-KNP-0007');
    expect(queueAfterMove('state-admin:all', 'Kanpur', undefined)).toBe('state-admin:all');
  });

  it('leaves the person counted as migrated where they were, and counts them by status where they went', () => {
    // The registration item before and after the move, as the change stream carries it.
    const before = {
      kind: 'registration',
      registrationId: 'r-3',
      scheme: 'pmjay',
      personId: 'rc:UP1:01',
      rosterType: 'ration-card-families',
      status: 'PENDING_APPROVAL',
      progressKey: 'PENDING_APPROVAL@2026-11-20',
      district: 'Lucknow',
      block: 'Mal',
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
    };
    const after = {
      ...before,
      district: 'Kanpur',
      block: 'Bilhaur',
      countedBehind: [{ district: 'Lucknow', block: 'Mal' }],
      updatedAt: '2026-11-25T10:00:00.000Z',
    };
    const moves = streamMoves(registrationImageOf(before), registrationImageOf(after));
    const deltas = (district: string) =>
      Object.fromEntries(
        moves
          .filter((move) => move.district === district && move.day === undefined)
          .flatMap((move) => Object.entries(move.deltas).map(([key, delta]) => [`${move.slot} ${key}`, delta])),
      );
    expect(deltas('Lucknow')).toEqual({
      'block#Mal PENDING_APPROVAL@2026-11-20': -1,
      'block#Mal MIGRATED': 1,
    });
    expect(deltas('Kanpur')).toEqual({ 'block#Bilhaur PENDING_APPROVAL@2026-11-20': 1 });
  });
});

describe('anomalies', () => {
  it("counts families, not people: a family's members and an employee's declared dependents are one family", () => {
    expect(familyIdOf('rc:UP123:02')).toBe('rc:UP123');
    expect(familyIdOf('emp:E1:dep:spouse:1982:sunita devi')).toBe('emp:E1');
    expect(familyIdOf('st:S9')).toBe('st:S9');
  });

  it('keys a mobile by a keyed hash and shows admins its last four digits only', () => {
    const key = Buffer.alloc(32, 7);
    const token = mobileToken('9876543210', key);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(token).not.toContain('9876543210');
    expect(mobileToken('9876543210', Buffer.alloc(32, 8))).not.toBe(token);
    expect(maskMobile('9876543210')).toBe('******3210');
    expect(anomalyIdOf('shared-mobile', 'pmjay', 'Lucknow', token)).toBe(anomalyIdOf('shared-mobile', 'pmjay', 'Lucknow', token));
    expect(anomalyIdOf('shared-mobile', 'pmjay', 'Kanpur', token)).not.toBe(anomalyIdOf('shared-mobile', 'pmjay', 'Lucknow', token));
  });

  it('is an anomaly past the norm, not at it; a reviewed one opens again only when it grows past what was reviewed', () => {
    expect(isAnomalous(3, 3)).toBe(false);
    expect(isAnomalous(4, 3)).toBe(true);
    const seen = {
      anomalyId: 'a',
      kind: 'shared-mobile' as const,
      scheme: 'pmjay',
      district: 'Lucknow',
      subject: '******3210',
      norm: 3,
      lastRegistrationId: 'r',
    };
    const opened = nextAnomaly(undefined, { ...seen, members: 4, at: '2026-11-20T10:00:00Z' });
    expect(opened).toMatchObject({ state: 'open', firstSeenAt: '2026-11-20T10:00:00Z', lastSeenAt: '2026-11-20T10:00:00Z' });
    const reviewed: Anomaly = {
      ...opened,
      state: 'reviewed',
      review: { outcome: 'explained', note: 'a shop keeper', by: 'admin', at: '2026-11-20T11:00:00Z', members: 4 },
    };
    expect(nextAnomaly(reviewed, { ...seen, members: 4, at: '2026-11-20T12:00:00Z' })).toMatchObject({
      state: 'reviewed',
      firstSeenAt: '2026-11-20T10:00:00Z',
    });
    expect(nextAnomaly(reviewed, { ...seen, members: 5, at: '2026-11-20T12:00:00Z' })).toMatchObject({
      state: 'open',
      review: { members: 4 },
    });
  });

  it("lists an operator past the camp's norm for the day, once, and leaves other operators alone", async () => {
    const sets = new Map<string, Map<string, SetMember>>();
    const saved = new Map<string, Anomaly>();
    const anomalies: Anomalies = {
      addToSet: async (id, member, cap) => {
        const set = sets.get(id) ?? new Map<string, SetMember>();
        set.set(member.member, member);
        sets.set(id, set);
        return Math.min(set.size, cap);
      },
      members: async (id) => [...(sets.get(id)?.values() ?? [])],
      get: async (id) => saved.get(id),
      save: async (next, previous) => {
        if (saved.get(next.anomalyId)?.lastSeenAt !== previous?.lastSeenAt) return false;
        saved.set(next.anomalyId, next);
        return true;
      },
      list: async () => ({ items: [...saved.values()] }),
      review: async () => false,
    };
    const at = Date.parse('2026-11-20T06:00:00Z');
    const registration = (index: number, operatorId: string) =>
      ({
        registrationId: `r-${operatorId}-${index}`,
        scheme: 'pmjay',
        personId: `rc:C${operatorId}${index}:01`,
        district: 'Lucknow',
        mobile: `98765${String(index).padStart(5, '0')}`,
        operatorId,
      }) as Registration;
    // PM-JAY's norm is 200 people an operator a day: the 201st is past it. Repeats add no one.
    for (let index = 0; index < 201; index += 1)
      await observeRegistration({ anomalies, clock: { now: () => at + index } }, registration(index, 'CSC-17'), `token-${index}`);
    await observeRegistration({ anomalies, clock: { now: () => at + 500 } }, registration(200, 'CSC-17'), 'token-200');
    for (let index = 0; index < 20; index += 1)
      await observeRegistration({ anomalies, clock: { now: () => at + index } }, registration(index, 'CSC-18'), `other-${index}`);
    const raised = [...saved.values()];
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: 'operator-volume',
      subject: 'CSC-17',
      day: '2026-11-20',
      members: 201,
      norm: 200,
      state: 'open',
      lastRegistrationId: 'r-CSC-17-200',
    });
  });
});

// Reminders to approvers with in-memory ports: the hours they go out in India (instants written by hand as UTC,
// India being UTC+05:30), the digest at most once per approver per Indian day, a claim given back when the gateway
// fails, and the reminder a day before a case's SLA once per case.
import { describe, expect, it } from 'vitest';
import { ProviderUnavailableError } from '../../functions/core/errors.js';
import { istDueText, sendReminders, wholeDaysWaiting, withinReminderHours } from '../../functions/core/use-cases/reminders.js';
import type { Wait } from '../../functions/core/waits.js';
import type { ApprovalTask } from '../../functions/ports/approvals.js';
import type { Approver } from '../../functions/ports/approvers.js';
import type { Delegation } from '../../functions/ports/delegations.js';
import type { SmsMessage } from '../../functions/ports/sms.js';

describe('when reminders go out', () => {
  it('between 09:00 and 21:00 in India', () => {
    expect(withinReminderHours(Date.parse('2026-12-04T03:29:59.000Z'))).toBe(false); // 08:59:59 IST
    expect(withinReminderHours(Date.parse('2026-12-04T03:30:00.000Z'))).toBe(true); // 09:00 IST
    expect(withinReminderHours(Date.parse('2026-12-04T15:29:59.000Z'))).toBe(true); // 20:59:59 IST
    expect(withinReminderHours(Date.parse('2026-12-04T15:30:00.000Z'))).toBe(false); // 21:00 IST
  });

  it('say the due time as read in India, and count whole days waited', () => {
    expect(istDueText('2026-12-05T06:30:00.000Z')).toBe('05/12/2026 12:00 IST');
    expect(istDueText('2026-12-31T20:00:00.000Z')).toBe('01/01/2027 01:30 IST');
    expect(wholeDaysWaiting('2026-12-01T10:00:00.000Z', Date.parse('2026-12-04T09:59:59.000Z'))).toBe(2);
    expect(wholeDaysWaiting('2026-12-01T10:00:00.000Z', Date.parse('2026-12-04T10:00:00.000Z'))).toBe(3);
  });
});

const task = (registrationId: string, queue: string, createdAt: string): ApprovalTask => ({
  taskId: `A-${registrationId}`,
  registrationId,
  scheme: 'up-sects',
  queue,
  approverKind: 'ddo',
  level: 1,
  state: 'PENDING',
  createdAt,
  dueAt: '2026-12-05T06:30:00.000Z',
  summary: {
    name: 'Sunita Devi',
    nameLocal: 'सुनीता देवी',
    yearOfBirth: 1980,
    gender: 'F',
    district: 'Lucknow',
    roster: {},
    match: { outcome: 'MATCH', nameScore: 1, reasons: [] },
  },
});

const setup = (nowIso: string) => {
  const clock = { at: Date.parse(nowIso), now: () => clock.at };
  const approvers: Approver[] = [
    {
      queue: 'ddo:DDO-LKO-0001',
      district: 'Lucknow',
      name: 'A',
      mobile: '9876500001',
      language: 'hi',
      updatedAt: '',
      updatedBy: 'admin',
    },
    { queue: 'ddo:DDO-LKO-0002', district: 'Lucknow', name: 'B', mobile: '9876500002', language: 'en', updatedAt: '', updatedBy: 'admin' },
  ];
  const nextDigest = new Map(approvers.map((approver) => [approver.queue, '2026-12-04']));
  const tasks = [
    task('r1', 'ddo:DDO-LKO-0001', '2026-11-30T05:00:00.000Z'),
    task('r2', 'ddo:DDO-LKO-0001', '2026-12-03T05:00:00.000Z'),
    // Nothing pending for DDO-LKO-0002: no digest.
  ];
  const waits: Wait[] = [
    {
      registrationId: 'r2',
      step: 'approval',
      district: 'Lucknow',
      since: '2026-12-03T05:00:00.000Z',
      slaDueAt: '2026-12-05T06:30:00.000Z',
      waitingOn: { kind: 'approver', approverKind: 'ddo', queue: 'ddo:DDO-LKO-0001' },
    },
  ];
  const delegations: Delegation[] = [];
  const claims = new Set<string>();
  const sent: SmsMessage[] = [];
  let failNext = 0;
  const deps = {
    clock,
    approvers: {
      get: async (queue: string) => approvers.find((approver) => approver.queue === queue),
      dueForDigest: async (day: string) => approvers.filter((approver) => (nextDigest.get(approver.queue) ?? '') <= day),
      nextDigestOn: async (queue: string, day: string) => void nextDigest.set(queue, day),
    },
    claims: {
      claim: async (key: string) => (claims.has(key) ? false : (claims.add(key), true)),
      release: async (key: string) => void claims.delete(key),
    },
    approvals: {
      get: async (taskId: string) => tasks.find((item) => item.taskId === taskId),
      list: async (queues: readonly string[]) => ({ items: tasks.filter((item) => queues.includes(item.queue)) }),
    },
    delegations: {
      givenBy: async (code: string, fromDay: string) => delegations.filter((item) => item.fromDdoCode === code && item.endsOn >= fromDay),
    },
    waits: {
      overdue: async (query: { after?: string; now: string }) => ({
        waits: waits.filter((wait) => wait.slaDueAt < query.now && (query.after === undefined || wait.slaDueAt >= query.after)),
      }),
    },
    sms: {
      send: async (message: SmsMessage) => {
        if (failNext > 0) {
          failNext -= 1;
          throw new ProviderUnavailableError({ message: 'gateway down' });
        }
        sent.push(message);
        return { messageId: String(sent.length) };
      },
    },
  };
  return { deps, sent, clock, delegations, failNextSend: (count: number) => void (failNext = count) };
};

describe('the daily digest and the reminder before the SLA', () => {
  it('sends one digest per approver with pending cases per Indian day, and one reminder per case, however often the sweep runs', async () => {
    // 10:00 IST on 4 December; the case r2 is due 12:00 IST on 5 December, within a day.
    const { deps, sent, clock } = setup('2026-12-04T04:30:00.000Z');
    expect(await sendReminders(deps)).toEqual({ digests: 1, dueSoon: 0, failed: 0 });
    // At 10:00 IST on the 4th the SLA (12:00 IST on the 5th) is 26 hours away: no reminder yet. Now 24 hours:
    clock.at = Date.parse('2026-12-04T07:00:00.000Z'); // 12:30 IST, 24 h before the SLA
    expect(await sendReminders(deps)).toEqual({ digests: 0, dueSoon: 1, failed: 0 });
    expect(await sendReminders(deps)).toEqual({ digests: 0, dueSoon: 0, failed: 0 });
    expect(sent).toEqual([
      // Two pending, the oldest since 10:30 IST on 30 November: at 10:00 IST on 4 December, half an hour short of 4
      // days, so 3 whole days.
      { to: '9876500001', template: 'approval-reminder', language: 'hi', variables: { count: '2', days: '3' } },
      { to: '9876500001', template: 'approval-due-soon', language: 'hi', variables: { name: 'सुनीता देवी', due: '05/12/2026 12:00 IST' } },
    ]);
    // The next Indian day (00:00 IST on the 5th is 18:30 UTC on the 4th), from 09:00 IST: a new digest.
    clock.at = Date.parse('2026-12-05T03:30:00.000Z');
    expect(await sendReminders(deps)).toEqual({ digests: 1, dueSoon: 0, failed: 0 });
  });

  it('sends nothing at night in India', async () => {
    const { deps, sent } = setup('2026-12-04T16:00:00.000Z'); // 21:30 IST
    expect(await sendReminders(deps)).toEqual({ digests: 0, dueSoon: 0, failed: 0 });
    expect(sent).toEqual([]);
  });

  it('gives a claim back when the gateway fails, so the next run sends it', async () => {
    const { deps, sent, failNextSend } = setup('2026-12-04T07:00:00.000Z');
    failNextSend(2);
    expect(await sendReminders(deps)).toEqual({ digests: 0, dueSoon: 0, failed: 2 });
    expect(await sendReminders(deps)).toEqual({ digests: 1, dueSoon: 1, failed: 0 });
    expect(sent.map((message) => message.template)).toEqual(['approval-reminder', 'approval-due-soon']);
  });

  it("sends a DDO's reminders to the DDO holding their charge while the delegation is active", async () => {
    // 12:30 IST on 4 December: DDO-LKO-0001 has handed its charge to DDO-LKO-0002 for 4 and 5 December.
    const { deps, sent, delegations } = setup('2026-12-04T07:00:00.000Z');
    delegations.push({
      delegationId: 'd-1',
      fromDdoCode: 'DDO-LKO-0001',
      toDdoCode: 'DDO-LKO-0002',
      startsOn: '2026-12-04',
      endsOn: '2026-12-05',
      createdBy: 'ddo-0001',
      createdAt: '2026-12-03T05:00:00.000Z',
    });
    expect(await sendReminders(deps)).toEqual({ digests: 1, dueSoon: 1, failed: 0 });
    // To B's mobile, in B's language (English); the oldest waits since 10:30 IST on 30 November: 4 days and 2 hours.
    expect(sent).toEqual([
      { to: '9876500002', template: 'approval-reminder', language: 'en', variables: { count: '2', days: '4' } },
      { to: '9876500002', template: 'approval-due-soon', language: 'en', variables: { name: 'Sunita Devi', due: '05/12/2026 12:00 IST' } },
    ]);
  });
});

// Reminders to approvers, sent by the wait sweep (functions/executions/sweep-waits.ts): a daily SMS digest to each
// approver in the directory with pending cases (how many, and how old the oldest), and one SMS per case a day
// before its SLA passes. Each is claimed with a conditional write before it is sent (at most once: a sweep run
// twice, or two at once, sends nothing twice), a claim is given back when the gateway fails so a later run sends
// it, and each run sends at most a bounded number. Nothing personal is logged: the sweep logs counts.
import { ProviderUnavailableError, SmsRejectedError } from '../errors.js';
import { indianDay } from '../progress.js';
import type { ApprovalTask, Approvals } from '../../ports/approvals.js';
import type { Approver, ApproverDirectory, ReminderClaims } from '../../ports/approvers.js';
import type { SmsMessage, SmsSender } from '../../ports/sms.js';
import type { Waits } from '../../ports/workflow.js';
import { taskIdOf } from './approval.js';
import type { Clock } from './deps.js';

const istOffsetMs = 330 * 60_000;
const dayMs = 86_400_000;

/** What one sweep run may send, and when in the Indian day reminders go out. */
export const reminderPolicy = {
  /** Approvers whose digest one run handles; the rest are due still, for the next run. */
  digestsPerRun: 50,
  /** Cases due within a day one run reminds of. */
  dueSoonPerRun: 50,
  /** A queue's cases counted for its digest: a DDO's queue is small; past this the digest says this many. */
  countedPerQueue: 100,
  /** How long before a case's SLA its reminder goes. */
  dueSoonAheadMs: dayMs,
  /** Reminders go out between these hours of the Indian day (no SMS to an officer at night). */
  fromHourIst: 9,
  untilHourIst: 21,
  /** How long a claim is kept (TTL) after its day: long past any sweep that could repeat it. */
  claimKeptMs: 3 * dayMs,
} as const;

/** Whether `now` is within the hours reminders go out, in India. */
export const withinReminderHours = (now: number): boolean => {
  const hour = new Date(now + istOffsetMs).getUTCHours();
  return hour >= reminderPolicy.fromHourIst && hour < reminderPolicy.untilHourIst;
};

/** Whole days from `since` to `now` (a case created yesterday evening has waited 0 days this morning). */
export const wholeDaysWaiting = (since: string, now: number): number => Math.max(0, Math.floor((now - Date.parse(since)) / dayMs));

/** A due time as an officer reads it: dd/mm/yyyy hh:mm in IST. */
export const istDueText = (at: string): string => {
  const ist = new Date(Date.parse(at) + istOffsetMs).toISOString();
  return `${ist.slice(8, 10)}/${ist.slice(5, 7)}/${ist.slice(0, 4)} ${ist.slice(11, 16)} IST`;
};

/** The day after `day` (yyyy-mm-dd). */
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);

export interface ReminderDeps {
  readonly approvers: Pick<ApproverDirectory, 'dueForDigest' | 'nextDigestOn' | 'get'>;
  readonly claims: ReminderClaims;
  readonly approvals: Pick<Approvals, 'list' | 'get'>;
  readonly waits: Pick<Waits, 'overdue'>;
  readonly sms: SmsSender;
  readonly clock: Clock;
}

export interface ReminderCounts {
  readonly digests: number;
  readonly dueSoon: number;
  /** Claimed, then the gateway failed: given back for a later run. */
  readonly failed: number;
}

/**
 * Claim, send, and give the claim back if the gateway did not take it. True when sent; false when claimed before
 * (sent by an earlier run) or when the gateway failed (counted in `failures`).
 */
const sendOnce = async (deps: ReminderDeps, claim: string, message: SmsMessage, failures: { count: number }): Promise<boolean> => {
  const now = deps.clock.now();
  if (!(await deps.claims.claim(claim, new Date(now + reminderPolicy.claimKeptMs)))) return false;
  try {
    await deps.sms.send(message);
    return true;
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError || error instanceof SmsRejectedError)) throw error;
    await deps.claims.release(claim);
    failures.count += 1;
    return false;
  }
};

const digestOf = async (deps: ReminderDeps, approver: Approver, now: number): Promise<SmsMessage | undefined> => {
  const pending = await deps.approvals.list([approver.queue], 'PENDING', reminderPolicy.countedPerQueue);
  const oldest = pending.items[0];
  if (oldest === undefined) return undefined;
  return {
    to: approver.mobile,
    template: 'approval-reminder',
    language: approver.language,
    variables: { count: String(pending.items.length), days: String(wholeDaysWaiting(oldest.createdAt, now)) },
  };
};

/** The daily digests due today (IST), at most `digestsPerRun`: each approver's next is then due tomorrow. */
export const sendDigests = async (deps: ReminderDeps, failures: { count: number }): Promise<number> => {
  const now = deps.clock.now();
  const today = indianDay(now);
  let sent = 0;
  for (const approver of await deps.approvers.dueForDigest(today, reminderPolicy.digestsPerRun)) {
    const message = await digestOf(deps, approver, now);
    if (message !== undefined) {
      const before = failures.count;
      if (await sendOnce(deps, `digest#${approver.queue}#${today}`, message, failures)) sent += 1;
      // The gateway failed: still due today, for the next run.
      if (failures.count > before) continue;
    }
    await deps.approvers.nextDigestOn(approver.queue, nextDay(today));
  }
  return sent;
};

/** The pending cases whose SLA passes within a day, each reminded once to its queue's approver (if the directory has one). */
export const sendDueSoon = async (deps: ReminderDeps, failures: { count: number }): Promise<number> => {
  const now = deps.clock.now();
  const { waits } = await deps.waits.overdue({
    after: new Date(now).toISOString(),
    now: new Date(now + reminderPolicy.dueSoonAheadMs).toISOString(),
    limit: reminderPolicy.dueSoonPerRun,
  });
  let sent = 0;
  for (const wait of waits) {
    if (wait.step !== 'approval') continue;
    const task: ApprovalTask | undefined = await deps.approvals.get(taskIdOf(wait.registrationId));
    if (task?.state !== 'PENDING') continue;
    const approver = await deps.approvers.get(task.queue);
    if (approver === undefined) continue;
    const message: SmsMessage = {
      to: approver.mobile,
      template: 'approval-due-soon',
      language: approver.language,
      variables: {
        name: approver.language === 'hi' ? (task.summary.nameLocal ?? task.summary.name) : task.summary.name,
        due: istDueText(wait.slaDueAt),
      },
    };
    if (await sendOnce(deps, `due#${task.taskId}`, message, failures)) sent += 1;
  }
  return sent;
};

/** Both reminders, within the hours they go out. */
export const sendReminders = async (deps: ReminderDeps): Promise<ReminderCounts> => {
  if (!withinReminderHours(deps.clock.now())) return { digests: 0, dueSoon: 0, failed: 0 };
  const failures = { count: 0 };
  const digests = await sendDigests(deps, failures);
  const dueSoon = await sendDueSoon(deps, failures);
  return { digests, dueSoon, failed: failures.count };
};

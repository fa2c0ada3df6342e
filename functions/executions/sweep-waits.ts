// The wait sweep: parked cases whose event came while they parked resumed; approvals past their level's SLA
// escalated, whether their execution holds the wait or the case is parked; e-KYC cases parked 30 days expired (core/use-cases/parking.ts);
// approvers reminded by SMS (core/use-cases/reminders.ts); field workers sent their daily pending count
// (core/use-cases/field-force.ts, once per worker and Indian day). On AWS an EventBridge schedule invokes it
// (infra/specs.ts schedules); the embedded stack runs it on a timer. Counts only in its log.
import {
  approvalSlaOverride,
  createApprovals,
  createApprovers,
  createCampaigns,
  createDelegations,
  createFieldForce,
  createPeople,
  createProgress,
  createRegistry,
  createWaits,
  systemClock,
} from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { logger } from '../adapters/logger.js';
import { createSmsSender } from '../adapters/sms-factories.js';
import { sweepWaits } from '../core/use-cases/parking.js';
import { sendReminders, type ReminderCounts } from '../core/use-cases/reminders.js';
import { sendWorkerDaily } from '../core/use-cases/field-force.js';

const override = approvalSlaOverride();
const deps = {
  registry: createRegistry(),
  approvals: createApprovals(),
  waits: createWaits(),
  callbacks: createResumingCallbacks(),
  clock: systemClock,
  ...(override === undefined ? {} : { approvalSlaSecondsOverride: override }),
};
const approvers = createApprovers();
// Reminders to approvers (their mobiles from the directory, never logged): a daily digest, and a day before an SLA.
const reminderDeps = {
  approvers,
  claims: approvers,
  approvals: deps.approvals,
  waits: deps.waits,
  delegations: createDelegations(),
  sms: createSmsSender(),
  clock: systemClock,
};

// The field force's daily SMS: claimed per worker and day with the reminders' claims.
const workerDailyDeps = {
  fieldForce: createFieldForce(),
  campaigns: createCampaigns(),
  people: createPeople(),
  progress: createProgress(),
  claims: approvers,
  sms: reminderDeps.sms,
  clock: systemClock,
};

export const handler = async (): Promise<{
  escalated: number;
  expired: number;
  resumed: number;
  reminders: ReminderCounts;
  fieldWorkers: { sent: number; failed: number };
}> => {
  const result = {
    ...(await sweepWaits(deps, { pageSize: 100 })),
    reminders: await sendReminders(reminderDeps),
    fieldWorkers: await sendWorkerDaily(workerDailyDeps),
  };
  logger.info('wait sweep', result);
  return result;
};

// The wait sweep: parked cases whose event came while they parked resumed; approvals past their level's SLA
// escalated, whether their execution holds the wait or the case is parked; e-KYC cases parked 30 days expired (core/use-cases/parking.ts). On AWS an EventBridge schedule invokes it
// (infra/specs.ts schedules); the embedded stack runs it on a timer. Counts only in its log.
import { approvalSlaOverride, createApprovals, createRegistry, createWaits, systemClock } from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { logger } from '../adapters/logger.js';
import { sweepWaits } from '../core/use-cases/parking.js';

const override = approvalSlaOverride();
const deps = {
  registry: createRegistry(),
  approvals: createApprovals(),
  waits: createWaits(),
  callbacks: createResumingCallbacks(),
  clock: systemClock,
  ...(override === undefined ? {} : { approvalSlaSecondsOverride: override }),
};

export const handler = async (): Promise<{ escalated: number; expired: number; resumed: number }> => {
  const result = await sweepWaits(deps, { pageSize: 100 });
  logger.info('wait sweep', result);
  return result;
};

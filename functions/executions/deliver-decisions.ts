// Approval decisions recorded but never delivered (the deciding call cut short: a killed process, a Lambda timed
// out between the decision and SendTaskSuccess/Failure) carried out to the registration and its workflow, so the
// case never sits decided while its workflow waits for the approver. On AWS an EventBridge schedule invokes it
// (infra/specs.ts schedules); the embedded stack invokes it when it starts (a restart after a kill) and on the
// same schedule. Ids and counts only in its log.
import { createApprovals, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { logger } from '../adapters/logger.js';
import { deliverDecisions } from '../core/use-cases/approval.js';

const deps = { registry: createRegistry(), approvals: createApprovals(), callbacks: createResumingCallbacks(), clock: systemClock };

/** A decision younger than this may still be carried out by its own call: left to it. */
const graceSeconds = 60;

export const handler = async (): Promise<{ delivered: number }> => {
  const result = await deliverDecisions(deps, { graceSeconds, limit: 200 });
  logger.info('undelivered decisions carried out', result);
  return result;
};

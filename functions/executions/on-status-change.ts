// Step Functions status changes -> the execution ledger that admins' lists read. On AWS an EventBridge rule on
// "Step Functions Execution Status Change" for this stack's state machines invokes it; on the embedded stack
// the local Step Functions service delivers the same event (local/stack.ts). Repeats and late deliveries
// change nothing. The event carries the execution's input and output: they are read for nothing and never logged.
import type { EventBridgeEvent } from 'aws-lambda';
import { createExecutionLedger, createImports, createRegistry, createWaits, workflowArns } from '../adapters/table-factories.js';
import { systemClock } from '../adapters/clock.js';
import { logger } from '../adapters/logger.js';
import { recordStatusChange, type StatusChange } from '../core/use-cases/executions.js';

const deps = {
  ledger: createExecutionLedger(),
  registry: createRegistry(),
  imports: createImports(),
  waits: createWaits(),
  workflows: workflowArns(),
  clock: systemClock,
};

export const handler = async (
  event: EventBridgeEvent<'Step Functions Execution Status Change', StatusChange>,
): Promise<{ recorded: boolean }> => {
  const recorded = await recordStatusChange(deps, event.detail);
  logger.info('execution status', { name: event.detail.name, status: event.detail.status, recorded });
  return { recorded };
};

// Factories for the waiting steps' adapters: tokens kept in the table, loaded at init; the Step Functions package
// imported on the first answer (sfn-task-answers.ts). A task that opens a wait and a function whose routes mostly
// list (approval queues) load no Step Functions code at init (bench/cold-start).
import { parseEnv, tableShape } from '../config.js';
import { resources } from '../environment.js';
import { systemClock } from './clock.js';
import { documents } from './dynamodb-client.js';
import { startOnce } from './sfn-starters.js';
import { sfnOnFirstUse, sfnTaskAnswers } from './sfn-task-answers.js';
import { createRegistry } from './table-factories.js';
import { SfnWorkflowCallbacks, TableWaitRecords } from './sfn-workflow.js';

export const createCallbacks = (): SfnWorkflowCallbacks =>
  new SfnWorkflowCallbacks(documents, sfnTaskAnswers(), parseEnv(tableShape).TABLE_NAME, systemClock);
/** Callbacks of a function that may resume a parked case (an e-KYC done, a decision, the park task, the sweep). */
export const createResumingCallbacks = (): SfnWorkflowCallbacks => {
  const sfn = sfnOnFirstUse();
  const stateMachineArn = parseEnv(resources.workflow.registration.shape).REGISTRATION_STATE_MACHINE_ARN;
  return new SfnWorkflowCallbacks(documents, sfnTaskAnswers(sfn), parseEnv(tableShape).TABLE_NAME, systemClock, {
    start: (name, input) => startOnce(sfn, stateMachineArn, name, input),
    registry: createRegistry(),
  });
};
/** For a task that opens or clears waits and never completes one: no way to answer a token, no Step Functions code. */
export const createWaitRecords = (): TableWaitRecords => new TableWaitRecords(documents, parseEnv(tableShape).TABLE_NAME, systemClock);

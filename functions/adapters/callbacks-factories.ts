// Factories for the waiting steps' adapters: tokens kept in the table, loaded at init; the Step Functions package
// imported on the first answer (sfn-task-answers.ts). A task that opens a wait and a function whose routes mostly
// list (approval queues) load no Step Functions code at init (bench/cold-start).
import { parseEnv, tableShape } from '../config.js';
import type { WaitRecords, WorkflowCallbacks } from '../ports/workflow.js';
import { systemClock } from './clock.js';
import { documents } from './dynamodb-client.js';
import { sfnTaskAnswers } from './sfn-task-answers.js';
import { SfnWorkflowCallbacks, TableWaitRecords } from './sfn-workflow.js';

export const createCallbacks = (): WorkflowCallbacks =>
  new SfnWorkflowCallbacks(documents, sfnTaskAnswers(), parseEnv(tableShape).TABLE_NAME, systemClock);
/** For a task that opens or clears waits and never completes one: no way to answer a token, no Step Functions code. */
export const createWaitRecords = (): WaitRecords => new TableWaitRecords(documents, parseEnv(tableShape).TABLE_NAME, systemClock);

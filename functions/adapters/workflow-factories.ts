// Factories for adapters that talk to Step Functions (start executions, answer task tokens, stop and redrive):
// the table and the Step Functions client, nothing else (bench/cold-start).
import { parseEnv, tableShape } from '../config.js';
import { resources } from '../environment.js';
import { systemClock } from './clock.js';
import { createRegistry } from './table-factories.js';
import { documents } from './dynamodb-client.js';
import { sfn } from './sfn-client.js';
import { SfnExecutionControl } from './sfn-executions.js';
import { SfnImportStarter, SfnWorkflowCallbacks, SfnWorkflowStarter } from './sfn-workflow.js';

export const createCallbacks = () => new SfnWorkflowCallbacks(documents, sfn, parseEnv(tableShape).TABLE_NAME, systemClock);
/** Callbacks of a function that may resume a parked case (an e-KYC done, a decision, the park task, the sweep). */
export const createResumingCallbacks = () =>
  new SfnWorkflowCallbacks(documents, sfn, parseEnv(tableShape).TABLE_NAME, systemClock, {
    stateMachineArn: parseEnv(resources.workflow.registration.shape).REGISTRATION_STATE_MACHINE_ARN,
    registry: createRegistry(),
  });
export const createStarter = () =>
  new SfnWorkflowStarter(
    sfn,
    parseEnv(resources.workflow.registration.shape).REGISTRATION_STATE_MACHINE_ARN,
    parseEnv(resources.waitTuning.shape).PARK_AFTER_SECONDS,
  );
export const createImportStarter = () =>
  new SfnImportStarter(sfn, parseEnv(resources.workflow.rosterImport.shape).ROSTER_IMPORT_STATE_MACHINE_ARN);
export const createExecutionControl = () => new SfnExecutionControl(sfn);

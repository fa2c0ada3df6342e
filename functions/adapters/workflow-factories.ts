// Factories for adapters that talk to Step Functions (start executions, answer task tokens, stop and redrive):
// the table and the Step Functions client, nothing else (bench/cold-start).
import { parseEnv, tableShape, workflowsShape } from '../config.js';
import { systemClock } from './clock.js';
import { documents } from './dynamodb-client.js';
import { sfn } from './sfn-client.js';
import { SfnExecutionControl } from './sfn-executions.js';
import { SfnImportStarter, SfnWorkflowCallbacks, SfnWorkflowStarter } from './sfn-workflow.js';

export const createCallbacks = () => new SfnWorkflowCallbacks(documents, sfn, parseEnv(tableShape).TABLE_NAME, systemClock);
export const createStarter = () =>
  new SfnWorkflowStarter(
    sfn,
    parseEnv({ REGISTRATION_STATE_MACHINE_ARN: workflowsShape.REGISTRATION_STATE_MACHINE_ARN }).REGISTRATION_STATE_MACHINE_ARN,
  );
export const createImportStarter = () =>
  new SfnImportStarter(
    sfn,
    parseEnv({ ROSTER_IMPORT_STATE_MACHINE_ARN: workflowsShape.ROSTER_IMPORT_STATE_MACHINE_ARN }).ROSTER_IMPORT_STATE_MACHINE_ARN,
  );
export const createExecutionControl = () => new SfnExecutionControl(sfn);

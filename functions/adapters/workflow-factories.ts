// Factories for adapters that talk to Step Functions (start executions, stop and redrive): the Step Functions
// client, nothing else (bench/cold-start). Answering task tokens is callbacks-factories.ts.
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { sfn } from './sfn-client.js';
import { SfnExecutionControl } from './sfn-executions.js';
import { SfnImportStarter, SfnWorkflowStarter } from './sfn-starters.js';

export const createStarter = () =>
  new SfnWorkflowStarter(sfn, parseEnv(resources.workflow.registration.shape).REGISTRATION_STATE_MACHINE_ARN);
export const createImportStarter = () =>
  new SfnImportStarter(sfn, parseEnv(resources.workflow.rosterImport.shape).ROSTER_IMPORT_STATE_MACHINE_ARN);
export const createExecutionControl = () => new SfnExecutionControl(sfn);

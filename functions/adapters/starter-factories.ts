// Factories for starting executions, with the Step Functions package imported on the first start (sfn-starters.ts):
// a module apart from workflow-factories.ts, whose client is made at init (bench/cold-start).
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { SfnImportStarter, SfnWorkflowStarter } from './sfn-starters.js';
import { sfnOnFirstUse } from './sfn-task-answers.js';

export const createStarter = () =>
  new SfnWorkflowStarter(
    sfnOnFirstUse(),
    parseEnv(resources.workflow.registration.shape).REGISTRATION_STATE_MACHINE_ARN,
    parseEnv(resources.waitTuning.shape).PARK_AFTER_SECONDS,
  );
export const createImportStarter = () =>
  new SfnImportStarter(sfnOnFirstUse(), parseEnv(resources.workflow.rosterImport.shape).ROSTER_IMPORT_STATE_MACHINE_ARN);

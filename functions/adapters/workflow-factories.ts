// Factories for adapters that describe, stop and redrive executions: the Step Functions client, loaded at init,
// nothing else (bench/cold-start). Starting executions is starter-factories.ts, answering task tokens
// callbacks-factories.ts: both import the package on first use.
import { sfn } from './sfn-client.js';
import { SfnExecutionControl } from './sfn-executions.js';

export const createExecutionControl = () => new SfnExecutionControl(sfn);

// Executions API for admins: the handlers of the routes functions/api/routes/executions.ts declares.
import {
  createCaseNames,
  createExecutionLedger,
  createImports,
  createRegistry,
  createWaits,
  systemClock,
  workflowArns,
} from '../adapters/table-factories.js';
import { createExecutionControl } from '../adapters/workflow-factories.js';
import { executionDetail, listExecutions, redriveExecution, stopExecution } from '../core/use-cases/executions.js';
import { serveRoutes } from './http.js';
import { listStuck } from '../core/use-cases/stuck.js';
import { ExecutionStatusEnum } from './statuses.js';
import { executionRoutes } from './routes/executions.js';

const deps = {
  ledger: createExecutionLedger(),
  control: createExecutionControl(),
  registry: createRegistry(),
  imports: createImports(),
  waits: createWaits(),
  names: createCaseNames(),
  clock: systemClock,
  workflows: workflowArns(),
};

export const handler = serveRoutes(executionRoutes, {
  'GET /v1/admin/executions': async ({ query, caller }) => ({ status: 200, body: await listExecutions(deps, caller, query) }),
  'GET /v1/admin/executions/{workflow}/{name}': async ({ params, caller }) => {
    const detail = await executionDetail(deps, caller, params.workflow, params.name);
    // Step Functions' status is a plain string at the port: the answer holds it to the statuses published.
    return { status: 200, body: { ...detail, status: ExecutionStatusEnum.parse(detail.status) } };
  },
  'POST /v1/admin/executions/{workflow}/{name}/stop': async ({ params, body, caller }) => ({
    status: 200,
    body: await stopExecution(deps, caller, params.workflow, params.name, body.reason),
  }),
  'POST /v1/admin/executions/{workflow}/{name}/redrive': async ({ params, caller }) => ({
    status: 202,
    body: await redriveExecution(deps, caller, params.workflow, params.name),
  }),
  'GET /v1/admin/stuck': async ({ query, caller }) => ({ status: 200, body: await listStuck(deps, caller, query) }),
});

// Executions API for admins: lists and filters from the ledger, one execution's timeline, stop and redrive.
import * as z from 'zod';
import {
  createExecutionControl,
  createExecutionLedger,
  createImports,
  createRegistry,
  createWaits,
  systemClock,
  workflowArns,
} from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { executionDetail, listExecutions, redriveExecution, stopExecution } from '../core/use-cases/executions.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { ExecutionsQuery, parseWith, StopBody, StuckQuery, WorkflowName } from './schemas.js';
import { listStuck } from '../core/use-cases/stuck.js';

const deps = {
  ledger: createExecutionLedger(),
  control: createExecutionControl(),
  registry: createRegistry(),
  imports: createImports(),
  waits: createWaits(),
  clock: systemClock,
  workflows: workflowArns(),
};
const callerOf = (request: HttpRequest) => request.caller as Caller;
const target = (request: HttpRequest) => ({
  workflow: parseWith(WorkflowName, request.pathParameters.workflow, 'workflow'),
  name: parseWith(z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'an execution name'), request.pathParameters.name, 'execution name'),
});

export const handler = httpHandler({
  'GET /v1/admin/executions': async (request) =>
    json(200, await listExecutions(deps, callerOf(request), parseWith(ExecutionsQuery, request.query, 'query string'))),
  'GET /v1/admin/executions/{workflow}/{name}': async (request) => {
    const { workflow, name } = target(request);
    return json(200, await executionDetail(deps, callerOf(request), workflow, name));
  },
  'POST /v1/admin/executions/{workflow}/{name}/stop': async (request) => {
    const { workflow, name } = target(request);
    return json(200, await stopExecution(deps, callerOf(request), workflow, name, parseWith(StopBody, request.body).reason));
  },
  'POST /v1/admin/executions/{workflow}/{name}/redrive': async (request) => {
    const { workflow, name } = target(request);
    return json(202, await redriveExecution(deps, callerOf(request), workflow, name));
  },
  'GET /v1/admin/stuck': async (request) =>
    json(200, await listStuck(deps, callerOf(request), parseWith(StuckQuery, request.query, 'query string'))),
});

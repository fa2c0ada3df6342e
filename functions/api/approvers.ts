// Approvers API: the handlers of the routes functions/api/routes/approvers.ts declares.
import { randomUUID } from 'node:crypto';
import { createApprovers, createDelegations, systemClock } from '../adapters/table-factories.js';
import { listApprovers, putApprover } from '../core/use-cases/approvers.js';
import { createDelegation, endDelegation, listDelegations } from '../core/use-cases/delegation.js';
import { serveRoutes } from './http.js';
import { approverRoutes } from './routes/approvers.js';

const deps = { delegations: createDelegations(), approvers: createApprovers(), clock: systemClock, newId: () => randomUUID() };

export const handler = serveRoutes(approverRoutes, {
  'POST /v1/delegations': async ({ body, caller }) => ({ status: 201, body: await createDelegation(deps, caller, body) }),
  'GET /v1/delegations': async ({ query, caller }) => ({ status: 200, body: await listDelegations(deps, caller, query) }),
  'DELETE /v1/delegations/{delegationId}': async ({ params, caller }) => ({
    status: 200,
    body: await endDelegation(deps, caller, params.delegationId),
  }),
  'PUT /v1/admin/approvers/{queue}': async ({ params, body, caller }) => ({
    status: 200,
    body: await putApprover(deps, caller, params.queue, body),
  }),
  'GET /v1/admin/approvers': async ({ query, caller }) => ({ status: 200, body: await listApprovers(deps, caller, query) }),
});

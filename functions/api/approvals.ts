// Approvals API: the handlers of the routes functions/api/routes/approvals.ts declares.
import { createApprovals, createDelegations, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { decide, decideMany, listApprovals } from '../core/use-cases/approval.js';
import { serveRoutes } from './http.js';
import { approvalRoutes } from './routes/approvals.js';

const deps = {
  registry: createRegistry(),
  approvals: createApprovals(),
  callbacks: createResumingCallbacks(),
  // A DDO's inbox and decisions include the queues delegated to it while the delegation is active.
  delegations: createDelegations(),
  clock: systemClock,
};

export const handler = serveRoutes(approvalRoutes, {
  'GET /v1/approvals': async ({ query, caller }) => ({
    status: 200,
    body: await listApprovals(deps, caller, {
      state: query.state,
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    }),
  }),
  'POST /v1/approvals/{taskId}/decision': async ({ params, body, caller }) => ({
    status: 200,
    body: await decide(deps, params.taskId, body, caller),
  }),
  'POST /v1/approvals/decisions': async ({ body, caller }) => ({
    status: 200,
    body: { results: await decideMany(deps, body.decisions, caller) },
  }),
});

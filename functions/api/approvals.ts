// Approvals API: the handlers of the routes functions/api/routes/approvals.ts declares.
import { createApprovals, createPeople, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { decide, decideMany } from '../core/use-cases/approval.js';
import { getApprovalCase, listInbox } from '../core/use-cases/approval-inbox.js';
import { serveRoutes } from './http.js';
import { approvalRoutes } from './routes/approvals.js';

const deps = {
  registry: createRegistry(),
  approvals: createApprovals(),
  callbacks: createResumingCallbacks(),
  people: createPeople(),
  clock: systemClock,
};

export const handler = serveRoutes(approvalRoutes, {
  'GET /v1/approvals': async ({ query, caller }) => ({
    status: 200,
    body: await listInbox(deps, caller, {
      state: query.state,
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.q === undefined ? {} : { q: query.q }),
      ...(query.scheme === undefined ? {} : { scheme: query.scheme }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
    }),
  }),
  'GET /v1/approvals/{taskId}': async ({ params, caller }) => ({
    status: 200,
    body: await getApprovalCase(deps, caller, params.taskId),
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

// Approvals API: an approver's queue, one decision, or a whole list of decisions at once.
import * as z from 'zod';
import { createApprovals, createCallbacks, createRegistry, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { decide, decideMany, listApprovals } from '../core/use-cases/approval.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { ApprovalsQuery, BulkDecisionBody, DecisionBody, parseWith } from './schemas.js';

const deps = { registry: createRegistry(), approvals: createApprovals(), callbacks: createCallbacks(), clock: systemClock };
const callerOf = (request: HttpRequest) => request.caller as Caller;

export const handler = httpHandler({
  'GET /v1/approvals': async (request) => {
    const query = parseWith(ApprovalsQuery, request.query, 'query string');
    const page = await listApprovals(deps, callerOf(request), {
      state: query.state,
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return json(200, page);
  },
  'POST /v1/approvals/{taskId}/decision': async (request) => {
    const taskId = parseWith(z.string().min(1).max(80), request.pathParameters.taskId, 'approval task id');
    const input = parseWith(DecisionBody, request.body);
    return json(200, await decide(deps, taskId, input, callerOf(request)));
  },
  'POST /v1/approvals/decisions': async (request) => {
    const { decisions } = parseWith(BulkDecisionBody, request.body);
    return json(200, { results: await decideMany(deps, decisions, callerOf(request)) });
  },
});

// Approvals API: the handlers of the routes functions/api/routes/approvals.ts declares.
import { createApprovals, createDelegations, createPeople, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { createPhotoRecords, createPhotos, photoRetentionOverride } from '../adapters/photo-factories.js';
import { decide, decideMany } from '../core/use-cases/approval.js';
import { getApprovalCase, listInbox } from '../core/use-cases/approval-inbox.js';
import { delegatedQueuesOf } from '../core/use-cases/delegation.js';
import { photoByLink, photoLink } from '../core/use-cases/photos.js';
import type { Caller } from '../core/identity.js';
import { serveRoutes } from './http.js';
import { approvalRoutes } from './routes/approvals.js';

const delegations = createDelegations();
const deps = {
  registry: createRegistry(),
  approvals: createApprovals(),
  callbacks: createResumingCallbacks(),
  people: createPeople(),
  // A DDO's inbox and decisions include the queues delegated to it while the delegation is active.
  delegations: { delegatedQueuesOf: (caller: Caller) => delegatedQueuesOf({ delegations, clock: systemClock }, caller) },
  clock: systemClock,
};
const photoDeps = { ...deps, photoRecords: createPhotoRecords(), photos: createPhotos(), ...photoRetentionOverride() };

/** The API's own origin as the caller reached it (API Gateway sets X-Forwarded-Proto; so does the local gateway). */
const originOf = (headers: Readonly<Record<string, string>>) =>
  headers.host === undefined ? '' : `${headers['x-forwarded-proto'] ?? 'https'}://${headers.host}`;

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
  'GET /v1/approvals/{taskId}/photo': async ({ params, caller, headers }) => {
    const { token, expiresAt } = await photoLink(photoDeps, params.taskId, caller);
    return { status: 200, body: { url: `${originOf(headers)}/v1/photos/${token}`, expiresAt }, headers: { 'cache-control': 'no-store' } };
  },
  'GET /v1/photos/{token}': async ({ params }) => {
    const photo = await photoByLink(photoDeps, params.token);
    return {
      status: 200,
      body: photo.bytes,
      // Personal data: kept by no cache, shown as an image only, and only by a page that asked for it.
      headers: {
        'content-type': photo.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'cross-origin',
        'referrer-policy': 'no-referrer',
      },
    };
  },
});

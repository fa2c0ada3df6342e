// Field force API: the handlers of the routes functions/api/routes/field-force.ts declares.
import { createCampaigns, createFieldForce, createPeople, createProgress, systemClock } from '../adapters/table-factories.js';
import {
  fieldProgress,
  fieldWorklist,
  listWorkers,
  putRules,
  putWorker,
  reassign,
  recordVisit,
  runAssignment,
} from '../core/use-cases/field-force.js';
import { serveRoutes } from './http.js';
import { fieldForceRoutes } from './routes/field-force.js';

const deps = {
  fieldForce: createFieldForce(),
  campaigns: createCampaigns(),
  people: createPeople(),
  progress: createProgress(),
  clock: systemClock,
};

export const handler = serveRoutes(fieldForceRoutes, {
  'PUT /v1/admin/field-force/workers/{workerId}': async ({ params, body, caller }) => ({
    status: 200,
    body: await putWorker(deps, caller, params.workerId, body),
  }),
  'GET /v1/admin/field-force/workers': async ({ query, caller }) => ({ status: 200, body: await listWorkers(deps, caller, query) }),
  'PUT /v1/admin/field-force/rules': async ({ body, caller }) => ({ status: 200, body: await putRules(deps, caller, body) }),
  'POST /v1/admin/field-force/assignments': async ({ query, caller }) => ({
    status: 200,
    body: await runAssignment(deps, caller, query.campaignId, query.district),
  }),
  'PUT /v1/admin/people/{personKey}/responsible': async ({ params, body, caller }) => ({
    status: 200,
    body: await reassign(deps, caller, params.personKey, body),
  }),
  'GET /v1/field/worklist': async ({ query, caller }) => ({ status: 200, body: await fieldWorklist(deps, caller, query.campaignId) }),
  'POST /v1/field/visits': async ({ body, caller }) => ({ status: 201, body: await recordVisit(deps, caller, body) }),
  'GET /v1/admin/field-force/progress': async ({ query, caller }) => ({ status: 200, body: await fieldProgress(deps, caller, query) }),
});

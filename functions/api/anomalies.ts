// Anomalies API for admins: the handlers of the routes functions/api/routes/anomalies.ts declares.
import { createAnomalies, createCaseNames, systemClock } from '../adapters/table-factories.js';
import { withAnomalyNames, withMemberNames } from '../core/use-cases/case-names.js';
import { anomalyDetail, listAnomalies, reviewAnomaly } from '../core/use-cases/anomalies.js';
import { serveRoutes } from './http.js';
import { anomalyRoutes } from './routes/anomalies.js';

const deps = { anomalies: createAnomalies(), names: createCaseNames(), clock: systemClock };

export const handler = serveRoutes(anomalyRoutes, {
  'GET /v1/admin/anomalies': async ({ query, caller }) => ({
    status: 200,
    body: await withAnomalyNames(deps, caller, await listAnomalies(deps, caller, query)),
  }),
  'GET /v1/admin/anomalies/{id}': async ({ params, caller }) => ({
    status: 200,
    body: await withMemberNames(deps, caller, await anomalyDetail(deps, caller, params.id)),
  }),
  'POST /v1/admin/anomalies/{id}/review': async ({ params, body, caller }) => ({
    status: 200,
    body: await reviewAnomaly(deps, caller, params.id, body),
  }),
});

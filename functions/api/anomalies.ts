// Anomalies API for admins: shared mobiles and unusual operator volumes, listed, opened and reviewed.
import * as z from 'zod';
import { createAnomalies, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { anomalyDetail, listAnomalies, reviewAnomaly } from '../core/use-cases/anomalies.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { AnomaliesQuery, AnomalyReviewBody, parseWith } from './schemas.js';

const deps = { anomalies: createAnomalies(), clock: systemClock };
const callerOf = (request: HttpRequest) => request.caller as Caller;
const anomalyIdOf = (request: HttpRequest) =>
  parseWith(z.string().regex(/^[0-9a-f]{24}$/, 'an anomaly id: 24 hex characters'), request.pathParameters.id, 'anomaly id');

export const handler = httpHandler({
  'GET /v1/admin/anomalies': async (request) =>
    json(200, await listAnomalies(deps, callerOf(request), parseWith(AnomaliesQuery, request.query, 'query string'))),
  'GET /v1/admin/anomalies/{id}': async (request) => json(200, await anomalyDetail(deps, callerOf(request), anomalyIdOf(request))),
  'POST /v1/admin/anomalies/{id}/review': async (request) =>
    json(200, await reviewAnomaly(deps, callerOf(request), anomalyIdOf(request), parseWith(AnomalyReviewBody, request.body))),
});

// Roster imports API for admins: the list per district and one import's counts, progress and rejects report.
import * as z from 'zod';
import { createImports, createReportFiles, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { listImports, viewImport } from '../core/use-cases/imports-view.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { ImportsQuery, parseWith } from './schemas.js';

const deps = { imports: createImports(), files: createReportFiles() };
const callerOf = (request: HttpRequest) => request.caller as Caller;

export const handler = httpHandler({
  'GET /v1/admin/imports': async (request) => {
    const query = parseWith(ImportsQuery, request.query, 'query string');
    return json(200, await listImports(deps, callerOf(request), query));
  },
  'GET /v1/admin/imports/{id}': async (request) => {
    const importId = parseWith(z.string().regex(/^[0-9a-f]{32}$/, 'an import id: 32 hex characters'), request.pathParameters.id, 'import id');
    return json(200, await viewImport(deps, callerOf(request), importId, systemClock.now()));
  },
});

// Roster imports API for admins: the list per district, one import's counts, progress and rejects report, a
// presigned upload for a roster file (an admin on AWS has a token, not S3 credentials), and people looked up by
// natural key for reconciliation (healthcard verify).
import * as z from 'zod';
import { createImports, createPeople, createReportFiles, createRosterUploadLinks, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { listImports, viewImport } from '../core/use-cases/imports-view.js';
import { lookUpPeople } from '../core/use-cases/reconcile.js';
import { requestRosterUpload } from '../core/use-cases/roster-uploads.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { ImportsListQuery, parseWith, PeopleLookupBody, RosterUploadBody } from './schemas.js';

const deps = {
  imports: createImports(),
  files: createReportFiles(),
  uploads: createRosterUploadLinks(),
  people: createPeople(),
  clock: systemClock,
};
const callerOf = (request: HttpRequest) => request.caller as Caller;

export const handler = httpHandler({
  'GET /v1/admin/imports': async (request) => {
    const query = parseWith(ImportsListQuery, request.query, 'query string');
    return json(200, await listImports(deps, callerOf(request), query));
  },
  'GET /v1/admin/imports/{id}': async (request) => {
    const importId = parseWith(
      z.string().regex(/^[0-9a-f]{32}$/, 'an import id: 32 hex characters'),
      request.pathParameters.id,
      'import id',
    );
    return json(200, await viewImport(deps, callerOf(request), importId, systemClock.now()));
  },
  'POST /v1/admin/people/lookup': async (request) => {
    const { scheme, personIds } = parseWith(PeopleLookupBody, request.body);
    return json(200, await lookUpPeople(deps, callerOf(request), scheme, personIds));
  },
  'POST /v1/admin/imports/uploads': async (request) =>
    json(201, await requestRosterUpload(deps, callerOf(request), parseWith(RosterUploadBody, request.body))),
});

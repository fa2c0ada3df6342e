// Roster imports API for admins: the handlers of the routes functions/api/routes/imports.ts declares.
import { createImports, createPeople, systemClock } from '../adapters/table-factories.js';
import { createReportFiles, createRosterUploadLinks } from '../adapters/bucket-factories.js';
import { listImports, viewImport } from '../core/use-cases/imports-view.js';
import { lookUpPeople } from '../core/use-cases/reconcile.js';
import { importRejects } from '../core/use-cases/import-rejects.js';
import { requestRosterUpload } from '../core/use-cases/roster-uploads.js';
import { serveRoutes } from './http.js';
import { importRoutes } from './routes/imports.js';

const deps = {
  imports: createImports(),
  files: createReportFiles(),
  uploads: createRosterUploadLinks(),
  people: createPeople(),
  clock: systemClock,
};

export const handler = serveRoutes(importRoutes, {
  'GET /v1/admin/imports': async ({ query, caller }) => ({ status: 200, body: await listImports(deps, caller, query) }),
  'GET /v1/admin/imports/{id}/rejects': async ({ params, query, caller }) => ({
    status: 200,
    body: await importRejects(deps, caller, params.id, query),
  }),
  'GET /v1/admin/imports/{id}': async ({ params, caller }) => ({
    status: 200,
    body: await viewImport(deps, caller, params.id, systemClock.now()),
  }),
  'POST /v1/admin/people/lookup': async ({ body, caller }) => ({
    status: 200,
    body: await lookUpPeople(deps, caller, body.scheme, body.personIds),
  }),
  'POST /v1/admin/imports/uploads': async ({ body, caller }) => ({ status: 201, body: await requestRosterUpload(deps, caller, body) }),
});

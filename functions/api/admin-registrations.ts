// Admin actions on registrations: the handlers of the routes functions/api/routes/admin-registrations.ts declares.
import {
  createApprovals,
  createExecutionLedger,
  createIdempotencyRecords,
  createRegistry,
  createWaits,
} from '../adapters/table-factories.js';
import { migrateRegistration } from '../core/use-cases/migrate.js';
import { lookUpRegistrations } from '../core/use-cases/reconcile.js';
import { serveRoutes } from './http.js';
import { adminRegistrationRoutes } from './routes/admin-registrations.js';

const deps = {
  registry: createRegistry(),
  idempotency: createIdempotencyRecords(),
  approvals: createApprovals(),
  waits: createWaits(),
  ledger: createExecutionLedger(),
};

export const handler = serveRoutes(adminRegistrationRoutes, {
  'POST /v1/admin/registrations/lookup': async ({ body, caller }) => ({
    status: 200,
    body: await lookUpRegistrations(deps, caller, body.items),
  }),
  'POST /v1/admin/registrations/{id}/migrate': async ({ params, body, caller }) => ({
    status: 200,
    body: await migrateRegistration(deps, caller, params.id, body),
  }),
});

// Admin actions on registrations: a migrant's pending case moved to the district the person lives in now, and
// registrations looked up by id for reconciliation (healthcard verify).
import * as z from 'zod';
import { createApprovals, createExecutionLedger, createIdempotencyRecords, createRegistry, createWaits } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { migrateRegistration } from '../core/use-cases/migrate.js';
import { lookUpRegistrations } from '../core/use-cases/reconcile.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { MigrateBody, parseWith, RegistrationLookupBody } from './schemas.js';

const deps = {
  registry: createRegistry(),
  idempotency: createIdempotencyRecords(),
  approvals: createApprovals(),
  waits: createWaits(),
  ledger: createExecutionLedger(),
};

export const handler = httpHandler({
  'POST /v1/admin/registrations/lookup': async (request: HttpRequest) =>
    json(200, await lookUpRegistrations(deps, request.caller as Caller, parseWith(RegistrationLookupBody, request.body).items)),
  'POST /v1/admin/registrations/{id}/migrate': async (request: HttpRequest) => {
    const registrationId = parseWith(z.uuid(), request.pathParameters.id, 'registration id');
    return json(200, await migrateRegistration(deps, request.caller as Caller, registrationId, parseWith(MigrateBody, request.body)));
  },
});

// What GET /v1/registrations/{id} and its audit trail show: read the records, check the caller may see the
// registration at all (access.ts), then shape it for the caller's role (core/views.ts).
import type { Caller } from '../identity.js';
import { auditView, registrationView } from '../views.js';
import { requireVisible } from './access.js';
import type { CoreDeps } from './deps.js';

export const getRegistration = async (deps: CoreDeps, registrationId: string, caller: Caller) => {
  const registration = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  const [audit, dependents] = await Promise.all([deps.registry.audit(registrationId), deps.registry.dependentsOf(registrationId)]);
  return registrationView(registration, audit, caller, dependents);
};

export const getAudit = async (deps: CoreDeps, registrationId: string, caller: Caller) => {
  requireVisible(caller, await deps.registry.getRegistration(registrationId));
  return auditView(registrationId, await deps.registry.audit(registrationId), caller);
};

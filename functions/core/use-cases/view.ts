// What GET /v1/registrations/{id} shows: status, the next action in English and Hindi, masked personal data,
// a timeline from the audit trail. Fields follow the caller's role: a portal does not get e-KYC details.
import { maskMobile } from '../otp.js';
import type { Caller } from '../identity.js';
import { nextActions } from '../registration.js';
import type { AuditEvent, Registration } from '../../ports/registry.js';
import { requireVisible } from './access.js';
import type { CoreDeps } from './deps.js';

const seesEkyc = (caller: Caller) => caller.roles.some((role) => role !== 'portal');

export const maskAadhaarLast4 = (last4: string) => `XXXX XXXX ${last4}`;

export const registrationView = (registration: Registration, audit: readonly AuditEvent[], caller: Caller, dependents: readonly Registration[]) => ({
  registrationId: registration.registrationId,
  scheme: registration.scheme,
  status: registration.status,
  nextAction: registration.reason?.nextAction ?? nextActions[registration.status],
  ...(registration.reason === undefined ? {} : { reason: { code: registration.reason.code, ...(registration.reason.message === undefined ? {} : { message: registration.reason.message }) } }),
  district: registration.district,
  ...(registration.block === undefined ? {} : { block: registration.block }),
  channel: registration.channel,
  mobile: maskMobile(registration.mobile),
  ...(registration.aadhaarLast4 === undefined ? {} : { aadhaar: maskAadhaarLast4(registration.aadhaarLast4) }),
  ...(registration.ekyc === undefined || !seesEkyc(caller)
    ? {}
    : {
        person: {
          name: registration.ekyc.name,
          ...(registration.ekyc.nameLocal === undefined ? {} : { nameLocal: registration.ekyc.nameLocal }),
          yearOfBirth: registration.ekyc.yearOfBirth,
          gender: registration.ekyc.gender,
        },
      }),
  ...(registration.primaryRegistrationId === undefined ? {} : { primaryRegistrationId: registration.primaryRegistrationId, relation: registration.relation }),
  ...(dependents.length === 0 ? {} : { dependents: dependents.map((dependent) => ({ registrationId: dependent.registrationId, relation: dependent.relation, status: dependent.status })) }),
  ...(registration.approval === undefined ? {} : { approval: { taskId: registration.approval.taskId, approverKind: registration.approval.approverKind, level: registration.approval.level } }),
  ...(registration.card === undefined ? {} : { card: { cardNumber: registration.card.cardNumber, issuedAt: registration.card.issuedAt, validUntil: registration.card.validUntil } }),
  ...(registration.duplicateOf === undefined ? {} : { duplicateOf: registration.duplicateOf }),
  timeline: audit.map((event) => ({ at: event.at, from: event.from, to: event.to, why: event.why })),
  createdAt: registration.createdAt,
  updatedAt: registration.updatedAt,
});

export const getRegistration = async (deps: CoreDeps, registrationId: string, caller: Caller) => {
  const registration = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  const [audit, dependents] = await Promise.all([deps.registry.audit(registrationId), deps.registry.dependentsOf(registrationId)]);
  return registrationView(registration, audit, caller, dependents);
};

export const getAudit = async (deps: CoreDeps, registrationId: string, caller: Caller) => {
  requireVisible(caller, await deps.registry.getRegistration(registrationId));
  return { registrationId, events: await deps.registry.audit(registrationId) };
};

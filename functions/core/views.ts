// What each role may see of a registration and its audit trail (OWASP API3: a response carries only the fields
// its reader may see). Pure: the use cases read the records and the scope check (use-cases/access.ts); this
// decides the fields. A caller holding several roles sees what any of them may.
//
//                          portal   operator  applicant  ddo / verifier / district-admin / state-admin
//   status, next action,     yes      yes       yes        yes
//   masked mobile/Aadhaar
//   e-KYC name, year,        no       yes       yes        yes       (an operator confirms the person at a
//   gender (from UIDAI)                         (their own)           camp; a portal has the roster's own)
//   approval task id         no       no        no         yes       (only approvers act on it)
//   duplicate's registration no       no        no         yes       (another client's record; its card
//                                                                     number is the person's, so all see that)
//   audit actors' ids        own      own       —          yes       (officials' user ids are not a portal's)
// Never, to anyone: the mobile or Aadhaar number, the Aadhaar token, the e-KYC photo key, the roster match
// scores, the OTP state, the operator's and camp's ids.
import { maskAadhaar } from './aadhaar.js';
import type { Caller, Role } from './identity.js';
import { maskMobile } from './otp.js';
import { nextActions } from './registration.js';
import type { AuditEvent, Registration } from '../ports/registry.js';

const approvingRoles: readonly Role[] = ['ddo', 'verifier', 'district-admin', 'state-admin'];

export interface Visibility {
  /** The person as e-KYC returned them. */
  readonly ekycPerson: boolean;
  /** Ids only approvers act on: the approval task, a duplicate's registration. */
  readonly approverIds: boolean;
  /** Who did what, by user id, beyond the caller's own actions and the system's. */
  readonly actorIds: boolean;
}

export const visibilityOf = (caller: Caller): Visibility => {
  const approver = caller.roles.some((role) => approvingRoles.includes(role));
  return {
    ekycPerson: approver || caller.roles.includes('operator') || caller.roles.includes('applicant'),
    approverIds: approver,
    actorIds: approver,
  };
};

export const registrationView = (
  registration: Registration,
  audit: readonly AuditEvent[],
  caller: Caller,
  dependents: readonly Registration[],
) => {
  const sees = visibilityOf(caller);
  return {
    registrationId: registration.registrationId,
    scheme: registration.scheme,
    status: registration.status,
    nextAction: registration.reason?.nextAction ?? nextActions[registration.status],
    ...(registration.reason === undefined
      ? {}
      : {
          reason: {
            code: registration.reason.code,
            ...(registration.reason.message === undefined ? {} : { message: registration.reason.message }),
          },
        }),
    district: registration.district,
    ...(registration.block === undefined ? {} : { block: registration.block }),
    channel: registration.channel,
    mobile: maskMobile(registration.mobile),
    ...(registration.aadhaarLast4 === undefined ? {} : { aadhaar: maskAadhaar(registration.aadhaarLast4) }),
    ...(registration.ekyc === undefined || !sees.ekycPerson
      ? {}
      : {
          person: {
            name: registration.ekyc.name,
            ...(registration.ekyc.nameLocal === undefined ? {} : { nameLocal: registration.ekyc.nameLocal }),
            yearOfBirth: registration.ekyc.yearOfBirth,
            gender: registration.ekyc.gender,
          },
        }),
    ...(registration.primaryRegistrationId === undefined
      ? {}
      : { primaryRegistrationId: registration.primaryRegistrationId, relation: registration.relation }),
    ...(dependents.length === 0
      ? {}
      : {
          dependents: dependents.map((dependent) => ({
            registrationId: dependent.registrationId,
            relation: dependent.relation,
            status: dependent.status,
          })),
        }),
    ...(registration.approval === undefined
      ? {}
      : {
          approval: {
            ...(sees.approverIds ? { taskId: registration.approval.taskId } : {}),
            approverKind: registration.approval.approverKind,
            level: registration.approval.level,
          },
        }),
    ...(registration.card === undefined
      ? {}
      : {
          card: {
            cardNumber: registration.card.cardNumber,
            issuedAt: registration.card.issuedAt,
            validUntil: registration.card.validUntil,
            // A made card is VALID or REVOKED; a number only reserved has no status yet.
            ...(registration.cardRevocation !== undefined
              ? { status: 'REVOKED' as const, ...registration.cardRevocation }
              : registration.status === 'CARD_MADE' || registration.status === 'CARD_ISSUED'
                ? { status: 'VALID' as const }
                : {}),
          },
        }),
    ...(registration.duplicateOf === undefined
      ? {}
      : {
          duplicateOf: {
            ...(sees.approverIds ? { registrationId: registration.duplicateOf.registrationId } : {}),
            ...(registration.duplicateOf.cardNumber === undefined ? {} : { cardNumber: registration.duplicateOf.cardNumber }),
          },
        }),
    timeline: audit.map((event) => ({ at: event.at, from: event.from, to: event.to, why: event.why })),
    createdAt: registration.createdAt,
    updatedAt: registration.updatedAt,
  };
};

const onBehalfOfIn = (actor: AuditEvent['actor']): { onBehalfOf?: string } =>
  actor.onBehalfOf === undefined ? {} : { onBehalfOf: actor.onBehalfOf };

/** The audit trail as the caller may read it: every event, with the actor's id where the caller may know it. */
export const auditView = (registrationId: string, events: readonly AuditEvent[], caller: Caller) => {
  const sees = visibilityOf(caller);
  return {
    registrationId,
    events: events.map((event) => ({
      at: event.at,
      actor: {
        ...(sees.actorIds || event.actor.id === caller.subject || event.actor.id === 'system' ? { id: event.actor.id } : {}),
        role: event.actor.role,
        ...onBehalfOfIn(event.actor),
      },
      from: event.from,
      to: event.to,
      why: event.why,
      ...(event.note === undefined ? {} : { note: event.note }),
    })),
  };
};

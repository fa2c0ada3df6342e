// MatchAndDedup: e-KYC against the roster record (or a dependent's declared details), then the scheme's rule
// for approval, and the claim "one card per Aadhaar per scheme" written in the same transaction as the status.
import { ConflictError, RefusedError } from '../errors.js';
import { matchIdentity } from '../name-match.js';
import { nextActions, type RegistrationStatus } from '../registration.js';
import { findScheme } from '../schemes.js';
import type { People } from '../../ports/people.js';
import type { Registration } from '../../ports/registry.js';
import type { UniquenessClaims } from '../../ports/uniqueness-claims.js';
import { systemActor, type CoreDeps } from './deps.js';

export interface MatchDeps extends CoreDeps {
  readonly people: Pick<People, 'getPerson'>;
  readonly claims: Pick<UniquenessClaims, 'claimWithTransition' | 'findClaim'>;
  readonly approvalSlaSecondsOverride?: number;
}

export type MatchDecision = 'auto-approve' | 'needs-approval' | 'duplicate' | 'not-eligible';

export interface MatchOutput {
  readonly decision: MatchDecision;
  /** How long the approver has before the case escalates (drives the workflow's wait). */
  readonly approvalSlaSeconds: number;
}

const decided: Partial<Record<RegistrationStatus, MatchDecision>> = {
  APPROVED: 'auto-approve',
  PENDING_APPROVAL: 'needs-approval',
  DUPLICATE: 'duplicate',
  NOT_ELIGIBLE: 'not-eligible',
};

export const matchAndDedup = async (deps: MatchDeps, registrationId: string, read?: Registration): Promise<MatchOutput> => {
  const registration = read ?? (await deps.registry.getRegistration(registrationId));
  if (registration === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  const scheme = findScheme(registration.scheme);
  if (scheme === undefined) throw new RefusedError({ code: 'UNKNOWN_SCHEME', message: `Unknown scheme ${registration.scheme}.` });
  const approvalSlaSeconds = deps.approvalSlaSecondsOverride ?? scheme.approval.slaHours * 3600;

  // A retried task finds its own earlier decision.
  const earlier = decided[registration.status];
  if (earlier !== undefined) return { decision: earlier, approvalSlaSeconds };
  if (registration.status !== 'EKYC_VERIFIED' || registration.ekyc === undefined || registration.aadhaarToken === undefined) {
    throw new RefusedError({ code: 'INVALID_STATUS', message: `MatchAndDedup needs a verified e-KYC (status ${registration.status}).` });
  }

  const person = await deps.people.getPerson(registration.scheme, registration.personId.split(':dep:')[0] as string);
  if (person === undefined || !scheme.eligibleRosterStatuses.includes(person.status)) {
    await deps.registry.transition(registrationId, {
      to: 'NOT_ELIGIBLE',
      actor: systemActor,
      why: 'NOT_ON_ROSTER',
      set: { reason: { code: 'NOT_ON_ROSTER', message: 'No longer on the eligible roster.', nextAction: nextActions.NOT_ELIGIBLE } },
    });
    return { decision: 'not-eligible', approvalSlaSeconds };
  }
  const record = registration.declared ?? person;
  const result = matchIdentity(
    {
      name: registration.ekyc.name,
      ...(registration.ekyc.nameLocal === undefined ? {} : { nameLocal: registration.ekyc.nameLocal }),
      yearOfBirth: registration.ekyc.yearOfBirth,
      gender: registration.ekyc.gender,
    },
    {
      ...(record.name === undefined ? {} : { name: record.name }),
      ...(record.nameLocal === undefined ? {} : { nameLocal: record.nameLocal }),
      ...(record.yearOfBirth === undefined ? {} : { yearOfBirth: record.yearOfBirth }),
      ...(record.gender === undefined ? {} : { gender: record.gender }),
    },
    scheme.nameMatch,
  );
  const needsPerson = scheme.approval.when === 'always' || result.outcome === 'mismatch';
  const match = { outcome: result.outcome, nameScore: Math.round(result.nameScore * 1000) / 1000, reasons: result.reasons };

  try {
    await deps.claims.claimWithTransition({ scheme: registration.scheme, aadhaarToken: registration.aadhaarToken }, registrationId, {
      to: needsPerson ? 'PENDING_APPROVAL' : 'APPROVED',
      actor: systemActor,
      why: needsPerson ? (result.outcome === 'mismatch' ? 'MATCH_NEEDS_REVIEW' : 'APPROVAL_REQUIRED') : 'AUTO_APPROVED_CLEAN_MATCH',
      set: { match },
      read: registration,
    });
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'ALREADY_CLAIMED')) throw error;
    const claim = await deps.claims.findClaim(registration.scheme, registration.aadhaarToken);
    const duplicateOf = {
      registrationId: claim?.registrationId ?? 'unknown',
      ...(claim?.cardNumber === undefined ? {} : { cardNumber: claim.cardNumber }),
    };
    await deps.registry.transition(registrationId, {
      to: 'DUPLICATE',
      actor: systemActor,
      why: 'DUPLICATE_AADHAAR_IN_SCHEME',
      set: {
        match,
        duplicateOf,
        reason: {
          code: 'DUPLICATE',
          message:
            duplicateOf.cardNumber === undefined
              ? // Not the other registration's id: it may be another portal's; approvers see it in duplicateOf.
                'This Aadhaar is already registered in this scheme; that registration is still under way.'
              : `This Aadhaar already has card ${duplicateOf.cardNumber} in this scheme.`,
          nextAction: nextActions.DUPLICATE,
        },
      },
    });
    return { decision: 'duplicate', approvalSlaSeconds };
  }
  return { decision: needsPerson ? 'needs-approval' : 'auto-approve', approvalSlaSeconds };
};

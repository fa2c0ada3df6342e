// When an operator reports a person's e-KYC blocker fixed (Aadhaar now linked to a mobile, biometrics unlocked,
// Aadhaar updated), the registration resumes where it stopped: back to the e-KYC step it waits in, out of the
// gap ledger's blocked reasons, and the person is told by SMS to complete e-KYC. Nothing restarts: the same
// registration, execution and history. The Aadhaar number is not stored, so e-KYC itself needs the person again.
import { ConflictError, HealthcardError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { nextActions, type RegistrationStatus } from '../registration.js';
import { findScheme } from '../schemes.js';
import type { SmsSender } from '../../ports/sms.js';
import { requireVisible } from './access.js';
import { actorOf, type CoreDeps } from './deps.js';

export const fixedBlockers = ['aadhaar-mobile-linked', 'aadhaar-updated', 'biometrics-unlocked', 'other'] as const;
export type FixedBlocker = (typeof fixedBlockers)[number];

export interface BlockerDeps extends CoreDeps {
  readonly sms: SmsSender;
}

export interface BlockerFixedInput {
  readonly blocker: FixedBlocker;
  readonly note?: string;
}

export interface Resumed {
  readonly registrationId: string;
  readonly status: RegistrationStatus;
  /** Whether this request resumed it (false: it had resumed already; nothing changed). */
  readonly resumed: boolean;
  /** Whether the person was told by SMS; when not, the operator tells them. */
  readonly notified: boolean;
  readonly nextAction: { readonly en: string; readonly hi: string };
}

export const reportBlockerFixed = async (
  deps: BlockerDeps,
  caller: Caller,
  registrationId: string,
  input: BlockerFixedInput,
): Promise<Resumed> => {
  if (input.blocker === 'other' && (input.note === undefined || input.note.trim().length < 5)) {
    throw new ValidationError({ code: 'NOTE_REQUIRED', message: 'Say what was fixed (a note of at least 5 characters).' });
  }
  const registration = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  // A repeated report of the same fix: already back at e-KYC, nothing to do.
  if (registration.status === 'EKYC_PENDING' && registration.blockerFixed !== undefined) {
    return { registrationId, status: registration.status, resumed: false, notified: false, nextAction: nextActions.EKYC_PENDING };
  }
  if (registration.status !== 'EKYC_BLOCKED') {
    throw new ConflictError({
      code: 'NOT_BLOCKED',
      message: `Only a registration blocked at e-KYC resumes this way (status ${registration.status}).`,
      details: {
        status: registration.status,
      },
    });
  }
  const blockedBy = registration.reason?.code ?? 'EKYC_BLOCKED';
  await deps.registry.transition(registrationId, {
    to: 'EKYC_PENDING',
    actor: actorOf(caller),
    why: 'BLOCKER_FIXED',
    note: `${blockedBy} fixed: ${input.blocker}${input.note === undefined ? '' : ` (${input.note})`}`,
    set: {
      blockerFixed: { reasonCode: blockedBy, blocker: input.blocker, at: new Date(deps.clock.now()).toISOString(), by: caller.subject },
    },
    remove: ['reason'],
  });
  let notified = true;
  try {
    await deps.sms.send({
      to: registration.mobile,
      template: 'registration-resumed',
      language: 'hi',
      variables: { scheme: findScheme(registration.scheme)?.title.hi ?? registration.scheme },
    });
  } catch (error) {
    // The registration has resumed either way; the answer says the person was not told, so the operator tells them.
    if (!(error instanceof HealthcardError)) throw error;
    notified = false;
  }
  return { registrationId, status: 'EKYC_PENDING', resumed: true, notified, nextAction: nextActions.EKYC_PENDING };
};

/** An update camp's list in one call: each report stands alone; one refused does not stop the others. */
export const reportBlockersFixed = async (
  deps: BlockerDeps,
  caller: Caller,
  items: readonly (BlockerFixedInput & { registrationId: string })[],
) => {
  const results = [];
  for (const { registrationId, ...input } of items) {
    try {
      results.push({ outcome: 'recorded' as const, ...(await reportBlockerFixed(deps, caller, registrationId, input)) });
    } catch (error) {
      if (!(error instanceof HealthcardError) || error.httpStatus >= 500) throw error;
      results.push({ registrationId, outcome: 'refused' as const, code: error.code, message: error.message });
    }
  }
  return results;
};

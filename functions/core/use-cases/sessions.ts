// Applicant sessions: a person whose mobile is verified may act on their own registration (and its dependents)
// with a short-lived token bound to it. Given with the mobile OTP's success, and again on a portal's or camp's
// request (the person came back to them): a session is a narrower key than the portal's own.
import { ConflictError, ProviderUnavailableError, RefusedError } from '../errors.js';
import type { Caller } from '../identity.js';
import type { RegistrationStatus } from '../registration.js';
import type { Registry } from '../../ports/registry.js';
import type { ApplicantSession, SessionIssuer } from '../../ports/sessions.js';
import { requireVisible } from './access.js';
import type { Clock } from './deps.js';

export interface SessionDeps {
  readonly registry: Pick<Registry, 'getRegistration'>;
  /** Absent when the deployment configures no session client: then nobody gets a session. */
  readonly sessions: SessionIssuer | undefined;
  readonly clock: Clock;
}

/** Statuses in which the mobile has not been proven (or the registration ended before anything was proven). */
const mobileUnproven: ReadonlySet<RegistrationStatus> = new Set([
  'STARTED',
  'MOBILE_OTP_SENT',
  'MOBILE_OTP_EXPIRED',
  'MOBILE_OTP_LOCKED',
  'MOBILE_OTP_RESEND_LIMIT',
  'EXPIRED',
  'MOBILE_SMS_LIMIT',
]);

/**
 * The session handed out with a verified mobile: none when sessions are off; `sessionUnavailable` when the issuer
 * did not answer (the mobile is verified either way: the portal carries on, or asks for a session later).
 */
export const sessionAfterMobileOtp = async (
  deps: Omit<SessionDeps, 'registry'>,
  registrationId: string,
): Promise<{ session?: ApplicantSession; sessionUnavailable?: true }> => {
  if (deps.sessions === undefined) return {};
  try {
    return { session: await deps.sessions.issue(registrationId, deps.clock.now()) };
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    return { sessionUnavailable: true };
  }
};

/** POST /v1/registrations/{id}/session: a portal or camp operator hands the person a session for their registration. */
export const applicantSession = async (
  deps: SessionDeps,
  caller: Caller,
  registrationId: string,
): Promise<ApplicantSession & { registrationId: string }> => {
  const registration = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  if (deps.sessions === undefined)
    throw new RefusedError({
      code: 'SESSIONS_DISABLED',
      message: 'This deployment gives no applicant sessions (no session client is configured).',
    });
  if (mobileUnproven.has(registration.status)) {
    throw new ConflictError({
      code: 'MOBILE_NOT_VERIFIED',
      message: "A session is given once the person's mobile is verified.",
      details: {
        status: registration.status,
      },
    });
  }
  return { registrationId, ...(await deps.sessions.issue(registrationId, deps.clock.now())) };
};

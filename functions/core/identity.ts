// Who is calling: roles and scopes, read from verified JWT claims. Pure.
import { findDistrict } from './places/gazetteer.js';

export const roles = ['portal', 'operator', 'applicant', 'ddo', 'verifier', 'district-admin', 'state-admin', 'field-worker'] as const;

export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** The caller as the handlers see it. */
export interface Caller {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** DDO codes a `ddo` may act for. */
  readonly ddoCodes: readonly string[];
  /** Districts a `verifier` or `district-admin` may act in. */
  readonly districts: readonly string[];
  /** The one registration an `applicant` session is bound to. */
  readonly registrationId?: string;
  /** The field-force worker a `field-worker` is: their segment is the worker record's (core/field-force.ts). */
  readonly workerId?: string;
}

/** Claim names in our tokens (the local issuer's and, by configuration of the OIDC issuer, AWS's). */
export const claimNames = {
  roles: 'roles',
  ddoCodes: 'ddo_codes',
  districts: 'districts',
  registrationId: 'registration_id',
  workerId: 'worker_id',
} as const;

/**
 * A list claim as it reaches a handler. Our issuers write lists as one comma-separated string ("Sant Kabir
 * Nagar,Lucknow"): API Gateway's JWT authorizer flattens a JSON array into "[a b c]", which loses the spaces in
 * district names. A flattened array is still read (its items cannot hold spaces), and a verified token read
 * directly keeps its array.
 */
export const readListClaim = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']'))
    return trimmed
      .slice(1, -1)
      .split(/\s+/)
      .filter((item) => item.length > 0);
  return trimmed
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
};

/** A list as our issuers write it into a token: one comma-separated string (see readListClaim). */
export const listClaim = (items: readonly string[]): string => items.join(',');

/**
 * A districts claim as records name districts: a user attribute saying "Kanpur" or "लखनऊ" scopes to Kanpur Nagar
 * or Lucknow, as rosters of those spellings are stored. A value the gazetteer does not know stays as it is: it
 * matches only records of that exact name, so it can never widen a scope.
 */
const canonicalDistricts = (values: readonly string[]): string[] => [...new Set(values.map((value) => findDistrict(value)?.name ?? value))];

export const callerFromClaims = (claims: Record<string, unknown>): Caller => {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const registrationId = claims[claimNames.registrationId];
  const workerId = claims[claimNames.workerId];
  return {
    subject,
    roles: readListClaim(claims[claimNames.roles]).filter(isRole),
    ddoCodes: readListClaim(claims[claimNames.ddoCodes]),
    districts: canonicalDistricts(readListClaim(claims[claimNames.districts])),
    // An empty claim binds to nothing (and must not match a record whose field is empty or absent).
    ...(typeof registrationId === 'string' && registrationId !== '' ? { registrationId } : {}),
    ...(typeof workerId === 'string' && workerId !== '' ? { workerId } : {}),
  };
};

// ---- What the issuer puts into tokens ----------------------------------------------------------------------
// One issuer (a Cognito user pool by default, the local issuer on the embedded stack) signs every token, so the
// HTTP API's JWT authorizer checks them all. Its pre-token-generation step (functions/identity/pre-token.ts on
// Cognito, local/issuer.ts here) adds our claims with these rules:
// - a person signing in: roles from the groups named after staff roles, districts and DDO codes from the
//   user's attributes (custom:districts, custom:ddo_codes, comma-separated);
// - a portal (client credentials with the portal scope): the portal role;
// - the registrations API asking for an applicant session (client credentials with the session scope, the
//   registration in the request's metadata): the applicant role, bound to that registration. Nothing else
//   grants `applicant`, and a session grants nothing else.

/** OAuth scopes of the two client-credentials clients (a Cognito resource server `healthcard`). */
export const oauthScopes = { portal: 'healthcard/portal', applicantSession: 'healthcard/applicant-session' } as const;

/** How long an applicant session lasts: a visit to a camp, a day at most; the portal or camp goes on without it. */
export const applicantSessionSeconds = 12 * 3600;

/** Roles a user pool group grants (a group per role; `portal` and `applicant` come from client credentials). */
export const staffRoles: readonly Role[] = ['operator', 'ddo', 'verifier', 'district-admin', 'state-admin', 'field-worker'];

/** The claims a person's tokens carry: from their groups and attributes. */
export const userClaims = (
  groups: readonly string[],
  attributes: Readonly<Record<string, string | undefined>>,
): Record<string, string> => ({
  [claimNames.roles]: listClaim(groups.filter((group) => staffRoles.includes(group as Role))),
  [claimNames.districts]: listClaim(readListClaim(attributes['custom:districts'])),
  [claimNames.ddoCodes]: listClaim(readListClaim(attributes['custom:ddo_codes'])),
  // A field worker's worker id (the field-force roster's), one value: the segment comes from their worker record.
  ...(attributes['custom:worker_id'] === undefined ? {} : { [claimNames.workerId]: attributes['custom:worker_id'].trim() }),
});

/**
 * The claims a client-credentials token carries, from the scopes granted and the request's metadata; undefined
 * when the request cannot have a token (an applicant session for no registration).
 */
export const clientCredentialsClaims = (
  scopes: readonly string[],
  metadata: Readonly<Record<string, string | undefined>>,
): Record<string, string> | undefined => {
  if (scopes.includes(oauthScopes.applicantSession)) {
    const registrationId = metadata[claimNames.registrationId];
    if (registrationId === undefined || !/^[0-9a-f-]{36}$/.test(registrationId)) return undefined;
    return { [claimNames.roles]: 'applicant', [claimNames.registrationId]: registrationId };
  }
  return { [claimNames.roles]: scopes.includes(oauthScopes.portal) ? 'portal' : '' };
};

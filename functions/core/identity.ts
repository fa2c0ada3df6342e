// Who is calling: roles and scopes, read from verified JWT claims. Pure.

export const roles = [
  'portal',
  'operator',
  'applicant',
  'ddo',
  'verifier',
  'district-admin',
  'state-admin',
] as const;

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
}

/** Claim names in our tokens (the local issuer's and, by configuration of the OIDC issuer, AWS's). */
export const claimNames = {
  roles: 'roles',
  ddoCodes: 'ddo_codes',
  districts: 'districts',
  registrationId: 'registration_id',
} as const;

/**
 * A list claim as it reaches a handler. API Gateway's JWT authorizer flattens arrays into one string,
 * `"[a b c]"`; a verified token read directly keeps the array. Accept both.
 */
export const readListClaim = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner.split(/[\s,]+/).filter((item) => item.length > 0);
};

export const callerFromClaims = (claims: Record<string, unknown>): Caller => {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const registrationId = claims[claimNames.registrationId];
  return {
    subject,
    roles: readListClaim(claims[claimNames.roles]).filter(isRole),
    ddoCodes: readListClaim(claims[claimNames.ddoCodes]),
    districts: readListClaim(claims[claimNames.districts]),
    ...(typeof registrationId === 'string' ? { registrationId } : {}),
  };
};

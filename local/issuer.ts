// The embedded stack's identity provider: an ES256 key (kept under .data/ so tokens survive a restart), a JWKS,
// and development tokens for each role. On AWS an OIDC issuer (Cognito by default) plays this part and the
// HTTP API's JWT authorizer verifies; here the gateway verifies with jose against this key.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { claimNames, roles, type Role } from '../functions/core/identity.js';

export const localIssuer = 'https://healthcard.local/issuer';
export const localAudience = 'healthcard-api';

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JWK[] };
  sign(claims: Record<string, unknown>, subject: string, ttlSeconds?: number): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  developmentTokens(): Promise<Record<Role, string>>;
}

/** The scopes the development tokens carry, matching the demo data the README uses. */
export const developmentScopes: Record<Role, Record<string, unknown>> = {
  portal: {},
  operator: { [claimNames.districts]: ['Lucknow'] },
  applicant: {},
  ddo: { [claimNames.ddoCodes]: ['DDO-LKO-0001'] },
  verifier: { [claimNames.districts]: ['Lucknow'] },
  'district-admin': { [claimNames.districts]: ['Lucknow'] },
  'state-admin': {},
};

export const createLocalIssuer = async (keyFile: string | undefined): Promise<LocalIssuer> => {
  let privateJwk: JWK;
  if (keyFile !== undefined && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'ES256' };
    if (keyFile !== undefined) writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const privateKey = await importJWK(privateJwk, 'ES256');
  const { d: _secret, ...publicJwk } = privateJwk;
  const jwks = { keys: [{ ...publicJwk, use: 'sig' }] };
  const keySet = createLocalJWKSet(jwks);

  const sign = (claims: Record<string, unknown>, subject: string, ttlSeconds = 12 * 3600) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: String(privateJwk.kid) })
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(privateKey);

  return {
    issuer: localIssuer,
    audience: localAudience,
    jwks,
    sign,
    verify: async (token) => (await jwtVerify(token, keySet, { issuer: localIssuer, audience: localAudience })).payload,
    developmentTokens: async () => {
      const entries = await Promise.all(
        roles.map(async (role) => [role, await sign({ [claimNames.roles]: [role], ...developmentScopes[role] }, `dev-${role}`)] as const),
      );
      return Object.fromEntries(entries) as Record<Role, string>;
    },
  };
};

// The embedded stack's identity provider: an ES256 key (kept under .data/ so tokens survive a restart), a JWKS,
// and development tokens for each role. On AWS an OIDC issuer (Cognito by default) plays this part and the
// HTTP API's JWT authorizer verifies; here the gateway verifies with jose against this key.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { applicantSessionSeconds, claimNames, clientCredentialsClaims, oauthScopes, roles, type Role } from '../functions/core/identity.js';
import { text } from 'node:stream/consumers';

export const localIssuer = 'https://healthcard.local/issuer';
export const localAudience = 'healthcard-api';

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JWK[] };
  sign(claims: Record<string, unknown>, subject: string, ttlSeconds?: number): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  developmentTokens(): Promise<Record<Role, string>>;
  /** The OAuth clients the token endpoint knows (client credentials): the portal's and the sessions client. */
  readonly clients: Readonly<Record<LocalClient, { readonly clientId: string; readonly clientSecret: string; readonly scope: string }>>;
  /** The OAuth token endpoint (client credentials), as Cognito's /oauth2/token answers it: a local route. */
  tokenEndpoint(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export type LocalClient = 'portal' | 'sessions';

/** The scopes the development tokens carry, matching the demo data the README uses. */
export const developmentScopes: Record<Role, Record<string, unknown>> = {
  portal: {},
  operator: { [claimNames.districts]: 'Lucknow' },
  applicant: {},
  ddo: { [claimNames.ddoCodes]: 'DDO-LKO-0001' },
  verifier: { [claimNames.districts]: 'Lucknow' },
  'district-admin': { [claimNames.districts]: 'Lucknow' },
  'state-admin': {},
  // The demo field force's first worker (docs/field-force.md); tests sign tokens for other workers.
  'field-worker': { [claimNames.districts]: 'Lucknow', [claimNames.workerId]: 'FW-LKO-0001' },
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

  // Client secrets derived from the private key: stable across restarts of a persisted stack, never stored apart.
  const secretOf = (clientId: string) => createHmac('sha256', String(privateJwk.d)).update(`client:${clientId}`).digest('base64url');
  const clients = {
    portal: { clientId: 'local-portal', clientSecret: secretOf('local-portal'), scope: oauthScopes.portal },
    sessions: { clientId: 'local-sessions', clientSecret: secretOf('local-sessions'), scope: oauthScopes.applicantSession },
  } as const;

  const tokenEndpoint = async (request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST') return answer(405, { error: 'invalid_request', error_description: 'POST a client-credentials request' });
    const form = new URLSearchParams(await text(request));
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [clientId, clientSecret] =
      basic === undefined ? [form.get('client_id'), form.get('client_secret')] : Buffer.from(basic, 'base64').toString('utf8').split(':');
    const client = Object.values(clients).find((candidate) => candidate.clientId === clientId);
    if (client === undefined || clientSecret !== client.clientSecret) return answer(401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
    const asked = (form.get('scope') ?? client.scope).split(' ').filter((scope) => scope !== '');
    if (asked.some((scope) => scope !== client.scope)) return answer(400, { error: 'invalid_scope' });
    let metadata: Record<string, string | undefined> = {};
    try {
      metadata = JSON.parse(form.get('aws_client_metadata') ?? '{}') as Record<string, string | undefined>;
    } catch {
      return answer(400, { error: 'invalid_request', error_description: 'aws_client_metadata is not JSON' });
    }
    // What Cognito's pre-token-generation trigger does for client credentials (functions/identity/pre-token.ts).
    const claims = clientCredentialsClaims(asked, metadata);
    if (claims === undefined) return answer(400, { error: 'invalid_request', error_description: 'no registration to bind the session to' });
    const ttl = client === clients.sessions ? applicantSessionSeconds : 3600;
    const subject = client === clients.sessions ? `applicant:${String(claims[claimNames.registrationId])}` : client.clientId;
    answer(200, {
      access_token: await sign({ ...claims, scope: asked.join(' '), client_id: client.clientId }, subject, ttl),
      token_type: 'Bearer',
      expires_in: ttl,
    });
  };

  return {
    issuer: localIssuer,
    audience: localAudience,
    jwks,
    sign,
    clients,
    tokenEndpoint,
    verify: async (token) => (await jwtVerify(token, keySet, { issuer: localIssuer, audience: localAudience })).payload,
    developmentTokens: async () => {
      const entries = await Promise.all(
        roles.map(async (role) => [role, await sign({ [claimNames.roles]: role, ...developmentScopes[role] }, `dev-${role}`)] as const),
      );
      return Object.fromEntries(entries) as Record<Role, string>;
    },
  };
};

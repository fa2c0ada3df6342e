// OIDC authorization-code flow with PKCE (RFC 7636) for the deployed dashboard: a public client in the browser,
// no client secret. Cognito's hosted UI by default, or any issuer the stack is configured with. The browser
// pieces (storage, location, fetch) are passed in, so the protocol steps are tested without a browser.
import type { OidcAuth } from '../runtime-config.js';

export interface OidcEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly logoutEndpoint?: string;
}

/** What is kept between leaving for the sign-in page and coming back. */
interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  /** The dashboard view the person was on (the URL's hash). */
  readonly returnTo: string;
}

const pendingKey = 'healthcard.oidc.pending';

export const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** 32 random bytes, base64url: a code verifier (43 characters) or a state value. */
export const randomToken = (): string => base64Url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export const codeChallenge = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

export const discoverEndpoints = async (auth: OidcAuth, fetchJson: (url: string) => Promise<unknown>): Promise<OidcEndpoints> => {
  if (auth.authorizationEndpoint !== undefined && auth.tokenEndpoint !== undefined) {
    return {
      authorizationEndpoint: auth.authorizationEndpoint,
      tokenEndpoint: auth.tokenEndpoint,
      ...(auth.logoutEndpoint === undefined ? {} : { logoutEndpoint: auth.logoutEndpoint }),
    };
  }
  const discovered = (await fetchJson(`${auth.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)) as Record<string, unknown>;
  const authorizationEndpoint = discovered.authorization_endpoint;
  const tokenEndpoint = discovered.token_endpoint;
  if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string') {
    throw new Error("the issuer's discovery document names no authorization or token endpoint");
  }
  const logout = auth.logoutEndpoint ?? discovered.end_session_endpoint;
  return { authorizationEndpoint, tokenEndpoint, ...(typeof logout === 'string' ? { logoutEndpoint: logout } : {}) };
};

export const authorizationUrl = (auth: OidcAuth, endpoints: OidcEndpoints, state: string, challenge: string): string => {
  const url = new URL(endpoints.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: auth.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
};

/** Step 1: remember a state and a verifier, and send the browser to the issuer. */
export const beginSignIn = async (
  auth: OidcAuth,
  endpoints: OidcEndpoints,
  browser: { storage: Storage; assign: (url: string) => void; returnTo: string },
): Promise<void> => {
  const pending: PendingSignIn = { state: randomToken(), verifier: randomToken(), returnTo: browser.returnTo };
  browser.storage.setItem(pendingKey, JSON.stringify(pending));
  browser.assign(authorizationUrl(auth, endpoints, pending.state, await codeChallenge(pending.verifier)));
};

export class SignInError extends Error {
  override name = 'SignInError';
}

/**
 * Step 2, on the way back (`?code=…&state=…`, or `?error=…`): the state must be the one we sent; the code is
 * exchanged for tokens with the verifier. Returns undefined when the URL is no sign-in response.
 */
export const completeSignIn = async (
  auth: OidcAuth,
  endpoints: OidcEndpoints,
  browser: { storage: Storage; search: string; fetch: typeof fetch },
): Promise<{ token: string; returnTo: string } | undefined> => {
  const params = new URLSearchParams(browser.search);
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) return undefined;
  const raw = browser.storage.getItem(pendingKey);
  browser.storage.removeItem(pendingKey);
  if (error !== null) throw new SignInError(params.get('error_description') ?? error);
  const pending = raw === null ? undefined : (JSON.parse(raw) as PendingSignIn);
  if (pending === undefined || pending.state !== params.get('state')) {
    throw new SignInError('the sign-in response does not match a sign-in started here; start again');
  }
  const response = await browser.fetch(endpoints.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: code as string,
      redirect_uri: auth.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new SignInError(`the token endpoint answered ${response.status}${typeof body.error === 'string' ? ` (${body.error})` : ''}`);
  const token = body[auth.tokenUse];
  if (typeof token !== 'string') throw new SignInError(`the token endpoint gave no ${auth.tokenUse}`);
  return { token, returnTo: pending.returnTo };
};

/** Where signing out sends the browser: the issuer's logout (Cognito's takes client_id and logout_uri). */
export const logoutUrl = (auth: OidcAuth, endpoints: OidcEndpoints): string | undefined => {
  if (endpoints.logoutEndpoint === undefined) return undefined;
  const url = new URL(endpoints.logoutEndpoint);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri }).toString();
  return url.toString();
};

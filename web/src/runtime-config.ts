// The dashboard's runtime configuration, `config.json` beside index.html. Each engine writes its own: the
// embedded stack serves one for the local gateway and development sign-in (local/dashboard.ts), the CDK stack
// deploys one with the HTTP API's URL and the Cognito app client (infra/stack.ts). Pure: no DOM, no Node.

/** Embedded stack: pick a development role (tokens from a local-only route) or paste a bearer token. */
export interface DevelopmentAuth {
  readonly mode: 'development';
  /** GET -> `{ tokens: { <role>: <jwt> } }`; served by the local gateway only, never deployed. */
  readonly devTokensUrl: string;
}

/** AWS: the OIDC authorization-code flow with PKCE (Cognito's hosted UI, or the configured issuer). */
export interface OidcAuth {
  readonly mode: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  /** Where the browser comes back to; registered as the app client's callback URL. */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** Which token the API's JWT authorizer is given: Cognito puts custom claims in the ID token. */
  readonly tokenUse: 'id_token' | 'access_token';
  /** When absent, read from the issuer's /.well-known/openid-configuration. */
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  /** Cognito's /logout (client_id + logout_uri); absent: signing out only forgets the token. */
  readonly logoutEndpoint?: string;
}

export interface RuntimeConfig {
  readonly engine: 'embedded' | 'aws';
  /** The API's base URL without a trailing slash; `''` means the dashboard's own origin. */
  readonly apiBaseUrl: string;
  readonly auth: DevelopmentAuth | OidcAuth;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** Checks the fetched config.json; a wrong one is an error saying which field, not a blank page. */
export const parseRuntimeConfig = (value: unknown): RuntimeConfig => {
  const fail = (field: string): never => {
    throw new Error(`config.json: ${field} is missing or wrong`);
  };
  if (typeof value !== 'object' || value === null) return fail('the whole file');
  const config = value as Record<string, unknown>;
  if (config.engine !== 'embedded' && config.engine !== 'aws') fail('engine');
  if (!isString(config.apiBaseUrl)) fail('apiBaseUrl');
  const auth = config.auth as Record<string, unknown> | undefined;
  if (typeof auth !== 'object' || auth === null) return fail('auth');
  if (auth.mode === 'development') {
    if (!isString(auth.devTokensUrl)) fail('auth.devTokensUrl');
  } else if (auth.mode === 'oidc') {
    for (const field of ['issuer', 'clientId', 'redirectUri'] as const)
      if (!isString(auth[field]) || auth[field] === '') fail(`auth.${field}`);
    if (!Array.isArray(auth.scopes) || !auth.scopes.every(isString)) fail('auth.scopes');
    if (auth.tokenUse !== 'id_token' && auth.tokenUse !== 'access_token') fail('auth.tokenUse');
    for (const field of ['authorizationEndpoint', 'tokenEndpoint', 'logoutEndpoint'] as const)
      if (auth[field] !== undefined && !isString(auth[field])) fail(`auth.${field}`);
  } else {
    fail('auth.mode');
  }
  return { ...(config as unknown as RuntimeConfig), apiBaseUrl: String(config.apiBaseUrl).replace(/\/+$/, '') };
};

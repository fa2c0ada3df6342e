// Applicant sessions from the deployment's token issuer: an OAuth client-credentials request with the session
// scope and the registration in `aws_client_metadata`, which the issuer's pre-token-generation step turns into
// an applicant token bound to that registration (core/identity.ts clientCredentialsClaims). On AWS the issuer is
// the Cognito user pool's token endpoint; on the embedded stack, the local issuer's, which speaks the same
// protocol. So every token the API accepts comes from one issuer, and the JWT authorizer checks them all.
import { claimNames, oauthScopes } from '../core/identity.js';
import { ConfigurationError, ProviderUnavailableError } from '../core/errors.js';
import type { ApplicantSession, SessionIssuer } from '../ports/sessions.js';

export interface OAuthClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Read when first needed (a Secrets Manager secret on AWS). */
  readonly clientSecret: () => Promise<string>;
  readonly timeoutMs: number;
}

export class OAuthSessionIssuer implements SessionIssuer {
  constructor(private readonly client: OAuthClient) {}

  async issue(registrationId: string, now: number): Promise<ApplicantSession> {
    const secret = await this.client.clientSecret();
    let response: Response;
    try {
      response = await fetch(this.client.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.client.clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: oauthScopes.applicantSession,
          aws_client_metadata: JSON.stringify({ [claimNames.registrationId]: registrationId }),
        }),
        signal: AbortSignal.timeout(this.client.timeoutMs),
      });
    } catch {
      throw new ProviderUnavailableError({ message: 'The token issuer did not answer.' });
    }
    if (response.status >= 500 || response.status === 429)
      throw new ProviderUnavailableError({ message: `The token issuer answered ${response.status}.` });
    // 4xx: the client is not set up as the issuer expects (wrong secret, scope not allowed): an operator fixes it.
    if (!response.ok) throw new ConfigurationError({ message: `The token issuer refused the session client (${response.status}).` });
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new ConfigurationError({ message: 'The token issuer answered without an access token.' });
    }
    return { token: body.access_token, expiresAt: new Date(now + body.expires_in * 1000).toISOString() };
  }
}

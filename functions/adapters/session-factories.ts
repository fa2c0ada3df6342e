// Applicant sessions (adapters/oauth-sessions.ts), apart from the other factories: only the registrations API
// asks for them. The Cognito and Secrets Manager packages that reading the client's secret takes are imported on that
// one read per container, not at init (bench/cold-start).
import * as z from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { SessionIssuer } from '../ports/sessions.js';
import { awsShape, parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { OAuthSessionIssuer } from './oauth-sessions.js';

/**
 * Applicant sessions from the deployment's token issuer (adapters/oauth-sessions.ts), or none when the deployment
 * sets none of SESSION_TOKEN_URL / SESSION_CLIENT_ID / the secret: then a verified mobile gets no session and the
 * portal or camp carries on. Some but not all of them is a mistake and stops the function.
 */
export const createSessionIssuer = (): SessionIssuer | undefined => {
  const env = parseEnv({ AWS_REGION: awsShape.AWS_REGION, ...resources.sessionClient.shape });
  const secretGiven = [env.SESSION_CLIENT_SECRET, env.SESSION_USER_POOL_ID, env.SESSION_CLIENT_SECRET_ARN].some(
    (value) => value !== undefined,
  );
  const given = [env.SESSION_TOKEN_URL !== undefined, env.SESSION_CLIENT_ID !== undefined, secretGiven];
  if (given.every((value) => !value)) return undefined;
  if (!given.every((value) => value) || env.SESSION_TOKEN_URL === undefined || env.SESSION_CLIENT_ID === undefined) {
    throw new ConfigurationError({
      message:
        'Configuration is incomplete: applicant sessions need SESSION_TOKEN_URL, SESSION_CLIENT_ID and one of SESSION_CLIENT_SECRET, SESSION_USER_POOL_ID, SESSION_CLIENT_SECRET_ARN',
    });
  }
  const {
    SESSION_CLIENT_SECRET: inline,
    SESSION_USER_POOL_ID: userPoolId,
    SESSION_CLIENT_SECRET_ARN: arn,
    SESSION_CLIENT_ID: clientId,
  } = env;
  const readSecret = async (): Promise<string> => {
    if (inline !== undefined) return inline;
    if (userPoolId !== undefined) {
      const { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
      const { UserPoolClient } = await new CognitoIdentityProviderClient({ region: env.AWS_REGION }).send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      );
      if (UserPoolClient?.ClientSecret === undefined)
        throw new ConfigurationError({ message: `The user pool client ${clientId} has no secret.` });
      return UserPoolClient.ClientSecret;
    }
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const output = await new SecretsManagerClient({ region: env.AWS_REGION }).send(new GetSecretValueCommand({ SecretId: arn }));
    return z.object({ clientSecret: z.string().min(1) }).parse(JSON.parse(output.SecretString ?? '{}')).clientSecret;
  };
  // Read once per container, on the first session asked for.
  let cached: Promise<string> | undefined;
  const clientSecret = () =>
    (cached ??= readSecret().catch((error: unknown) => {
      cached = undefined;
      throw error;
    }));
  return new OAuthSessionIssuer({ tokenUrl: env.SESSION_TOKEN_URL, clientId, clientSecret, timeoutMs: 5000 });
};

// Who signs the API's tokens on AWS. One issuer for every token, so the HTTP API's JWT authorizer checks them all:
// by default a Cognito user pool (staff sign in; portals use client credentials; the registrations API asks it for
// applicant sessions), or, by configuration, any OIDC issuer the state already runs. Our claims come from the
// pool's pre-token-generation trigger (functions/identity/pre-token.ts; rules in functions/core/identity.ts).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  OAuthScope,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolOperation,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { oauthScopes, staffRoles } from '../functions/core/identity.js';
import { acknowledge } from './nag.js';

/**
 * The session client the registrations API uses to ask the issuer for applicant sessions. Its secret is read at
 * run time: from the user pool itself (DescribeUserPoolClient), or from a Secrets Manager secret holding
 * `{"clientSecret": "..."}` for an issuer of the state's own.
 */
export type SessionClient = { readonly tokenUrl: string; readonly clientId: string } & (
  | { readonly userPool: UserPool }
  | { readonly secret: ISecret }
);

export interface IdentityProps {
  /** An OIDC issuer of the state's own, instead of the user pool; its audiences and (optionally) its session client. */
  readonly oidc?: { readonly issuer: string; readonly audiences: readonly string[]; readonly sessionClient?: SessionClient };
  /** The user pool's domain prefix (hosted sign-in and the token endpoint; default `<stack name>-<account>`); unique in the region. */
  readonly domainPrefix?: string;
  readonly preTokenGeneration: IFunction;
}

export class Identity extends Construct {
  readonly issuer: string;
  readonly sessionClient: SessionClient | undefined;
  readonly userPool: UserPool | undefined;
  /** The user pool's domain: hosted sign-in and the token endpoint (none with an issuer of the state's own). */
  readonly domain: UserPoolDomain | undefined;
  private readonly clientIds: string[];

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    if (props.oidc !== undefined) {
      this.issuer = props.oidc.issuer;
      this.clientIds = [...props.oidc.audiences];
      this.sessionClient = props.oidc.sessionClient;
      this.userPool = undefined;
      this.domain = undefined;
      return;
    }
    const stack = Stack.of(this);
    const pool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Essentials: the pre-token-generation trigger may customise access tokens, client credentials included.
      featurePlan: FeaturePlan.ESSENTIALS,
      customAttributes: {
        // Comma-separated, as the claims carry them (district names hold spaces).
        districts: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        ddo_codes: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        worker_id: new StringAttribute({ minLen: 0, maxLen: 40, mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(pool, {
      'AwsSolutions-COG2':
        'MFA policy is a per-state decision (district staff on shared office laptops); configure it on the pool when deploying.',
      'AwsSolutions-COG8':
        'The Plus feature plan is a paid tier an operator chooses per deployment; the stack needs Essentials (token customisation) and works on it.',
      'AwsSolutions-COG3': 'Threat protection (advanced security) is a paid Cognito tier an operator enables per deployment.',
    });
    // Event version 3: the trigger also runs for client-credentials tokens (portals, applicant sessions).
    pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, props.preTokenGeneration, LambdaVersion.V3_0);
    for (const role of staffRoles)
      pool.addGroup(`Group-${role}`, { groupName: role, description: `Grants the ${role} role in healthcard-pipeline tokens` });

    const scopeName = (scope: string) => scope.split('/')[1] as string;
    const server: UserPoolResourceServer = pool.addResourceServer('Api', {
      identifier: oauthScopes.portal.split('/')[0] as string,
      scopes: [
        new ResourceServerScope({ scopeName: scopeName(oauthScopes.portal), scopeDescription: 'An upstream portal registering people' }),
        new ResourceServerScope({
          scopeName: scopeName(oauthScopes.applicantSession),
          scopeDescription: 'Applicant sessions, asked for by the registrations API',
        }),
      ],
    });
    const scopeOf = (scope: string) =>
      OAuthScope.resourceServer(server, new ResourceServerScope({ scopeName: scopeName(scope), scopeDescription: scope }));
    const domain = pool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `${stack.stackName.toLowerCase()}-${stack.account}` },
    });
    const machineClient = (clientId: string, scope: string, validity: Duration) =>
      new UserPoolClient(this, clientId, {
        userPool: pool,
        generateSecret: true,
        oAuth: { flows: { clientCredentials: true }, scopes: [scopeOf(scope)] },
        accessTokenValidity: validity,
        authFlows: {},
      });
    const portal = machineClient('PortalClient', oauthScopes.portal, Duration.hours(1));
    // A session lasts as long as its access token: functions/core/identity.ts applicantSessionSeconds (12 h).
    const sessions = machineClient('SessionClient', oauthScopes.applicantSession, Duration.hours(12));

    this.userPool = pool;
    this.domain = domain;
    this.issuer = `https://cognito-idp.${stack.region}.amazonaws.com/${pool.userPoolId}`;
    this.clientIds = [portal.userPoolClientId, sessions.userPoolClientId];
    this.sessionClient = { tokenUrl: `${domain.baseUrl()}/oauth2/token`, clientId: sessions.userPoolClientId, userPool: pool };
  }

  /**
   * The client people sign in with: the dashboard, through the hosted UI (authorization code with PKCE), back to
   * `callbackUrl`. Its tokens are accepted by the API like the portals' and the sessions'.
   */
  addStaffClient(callbackUrl: string, scopes: readonly OAuthScope[]): UserPoolClient {
    if (this.userPool === undefined) throw new Error("An issuer of the state's own has its clients outside this stack");
    const client = new UserPoolClient(this, 'ApiClient', {
      userPool: this.userPool,
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [...scopes], callbackUrls: [callbackUrl], logoutUrls: [callbackUrl] },
    });
    this.clientIds.unshift(client.userPoolClientId);
    return client;
  }

  /** Who the JWT authorizer accepts: Cognito access tokens carry client_id, ID tokens aud; either is checked against these. */
  get audiences(): readonly string[] {
    return [...this.clientIds];
  }
}

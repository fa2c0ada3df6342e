// Building adapters from configuration. A handler calls the factories it needs at module load, so a missing
// variable stops that handler at once, naming it, and each function needs only the variables it uses.
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { KMSClient } from '@aws-sdk/client-kms';
import { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { z } from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { RetryPolicy } from '../core/retry.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { CardSigner } from '../ports/card-signer.js';
import type { SessionIssuer } from '../ports/sessions.js';
import type { SmsSender } from '../ports/sms.js';
import { awsShape, bucketsShape, dltTemplateIdsSchema, importTuningShape, parseEnv, tableShape, workflowsShape } from '../config.js';
import type { RosterImportDeps } from '../core/use-cases/roster-import.js';
import { documents, presigningS3, s3, sfn } from './aws-clients.js';
import { KmsCardSigner } from './card-signer-kms.js';
import { LocalCardSigner } from './card-signer-local.js';
import { DynamoDbApprovals } from './dynamodb-approvals.js';
import { HttpEkycProvider } from './ekyc-http.js';
import { DynamoDbRegistry } from './dynamodb-registry.js';
import { S3CardFiles } from './s3-card-files.js';
import { OAuthSessionIssuer } from './oauth-sessions.js';
import { SfnImportStarter, SfnWorkflowCallbacks, SfnWorkflowStarter } from './sfn-workflow.js';
import { DynamoDbImports } from './dynamodb-imports.js';
import { DynamoDbPeople } from './dynamodb-people.js';
import { DynamoDbCampaigns } from './dynamodb-campaigns.js';
import { DynamoDbExecutionLedger } from './dynamodb-executions.js';
import { DynamoDbWaits } from './dynamodb-waits.js';
import { DynamoDbAnomalies } from './dynamodb-anomalies.js';
import { SfnExecutionControl } from './sfn-executions.js';
import { DynamoDbProgress } from './dynamodb-progress.js';
import { S3RosterFiles } from './s3-roster-files.js';
import { S3RosterUploadLinks } from './s3-roster-uploads.js';
import { DynamoDbRequestCounters } from './dynamodb-rate-limits.js';
import { rateLimitsSchema, rateLimitsWith, type RateLimitName } from '../core/rate-limits.js';
import { admitRequest } from '../core/use-cases/rate-limits.js';
import { EndUserMessagingSmsSender, SimulatorSmsSender } from './sms.js';

export const systemClock: Clock = { now: () => Date.now() };

/** The card-signing key: a KMS key on AWS, a key file on the embedded stack (created on first use). */
export const createCardSigner = async (): Promise<CardSigner> => {
  const env = parseEnv({
    AWS_REGION: awsShape.AWS_REGION,
    CARD_SIGNING_KMS_KEY_ID: z.string().min(1).optional(),
    CARD_SIGNING_KEY_FILE: z.string().min(1).optional(),
  });
  if (env.CARD_SIGNING_KMS_KEY_ID !== undefined) {
    return KmsCardSigner.create(new KMSClient({ region: env.AWS_REGION }), env.CARD_SIGNING_KMS_KEY_ID);
  }
  if (env.CARD_SIGNING_KEY_FILE !== undefined) return LocalCardSigner.fromFile(env.CARD_SIGNING_KEY_FILE);
  throw new ConfigurationError('Configuration is incomplete: set CARD_SIGNING_KMS_KEY_ID (AWS) or CARD_SIGNING_KEY_FILE (embedded stack)');
};

const jsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The limiter of rate-limited routes (functions/api/http.ts): counters in the table, the defaults of
 * core/rate-limits.ts with RATE_LIMITS (JSON, by limit name) laid over them.
 */
export const createRequestLimiter = () => {
  const env = parseEnv({ ...tableShape, RATE_LIMITS: z.string().min(2).optional() });
  const parsed = env.RATE_LIMITS === undefined ? { success: true as const, data: {} } : rateLimitsSchema.safeParse(jsonOrUndefined(env.RATE_LIMITS));
  if (!parsed.success) {
    throw new ConfigurationError('Configuration is invalid: RATE_LIMITS must be JSON like {"sms-sending":{"perClient":{"limit":120,"windowSeconds":60},"perSourceIp":{"limit":120,"windowSeconds":60}}}');
  }
  const deps = {
    counters: new DynamoDbRequestCounters(documents, env.TABLE_NAME),
    clock: systemClock,
    // Loaded on first use: secrets.ts needs the master key, which only functions hashing anything are given.
    keys: async () => (await import('./secrets.js')).loadKeys(),
    policies: rateLimitsWith(parsed.data),
  };
  return { admit: (name: RateLimitName, client: string, sourceIp: string) => admitRequest(deps, name, client, sourceIp) };
};

export const createRegistry = () => new DynamoDbRegistry(documents, parseEnv(tableShape).TABLE_NAME);
export const createApprovals = () => new DynamoDbApprovals(documents, parseEnv(tableShape).TABLE_NAME);
export const createCallbacks = () => new SfnWorkflowCallbacks(documents, sfn, parseEnv(tableShape).TABLE_NAME);
export const createStarter = () =>
  new SfnWorkflowStarter(sfn, parseEnv({ REGISTRATION_STATE_MACHINE_ARN: workflowsShape.REGISTRATION_STATE_MACHINE_ARN }).REGISTRATION_STATE_MACHINE_ARN);
export const createImportStarter = () =>
  new SfnImportStarter(sfn, parseEnv({ ROSTER_IMPORT_STATE_MACHINE_ARN: workflowsShape.ROSTER_IMPORT_STATE_MACHINE_ARN }).ROSTER_IMPORT_STATE_MACHINE_ARN);
export const createImports = () => new DynamoDbImports(documents, parseEnv(tableShape).TABLE_NAME);
export const createExecutionLedger = () => new DynamoDbExecutionLedger(documents, parseEnv(tableShape).TABLE_NAME);
export const createExecutionControl = () => new SfnExecutionControl(sfn);
export const createAnomalies = () => new DynamoDbAnomalies(documents, parseEnv(tableShape).TABLE_NAME);
export const createWaits = () => new DynamoDbWaits(documents, parseEnv(tableShape).TABLE_NAME);
/** Each workflow's state machine ARN. */
export const workflowArns = () => {
  const env = parseEnv(workflowsShape);
  return { registration: env.REGISTRATION_STATE_MACHINE_ARN, rosterImport: env.ROSTER_IMPORT_STATE_MACHINE_ARN };
};
export const createCampaigns = () => new DynamoDbCampaigns(documents, parseEnv(tableShape).TABLE_NAME);
export const createProgress = () => new DynamoDbProgress(documents, parseEnv(tableShape).TABLE_NAME);
export const createPeople = () => new DynamoDbPeople(documents, parseEnv(tableShape).TABLE_NAME);
export const createRosterUploadLinks = () =>
  new S3RosterUploadLinks(presigningS3, parseEnv({ ROSTER_BUCKET_NAME: bucketsShape.ROSTER_BUCKET_NAME }).ROSTER_BUCKET_NAME);
export const createRosterFiles = () => new S3RosterFiles(s3, parseEnv({ REPORT_BUCKET_NAME: bucketsShape.REPORT_BUCKET_NAME }).REPORT_BUCKET_NAME);

/** What the roster-import tasks need, with the sizing both engines set (infra/specs.ts importTuning). */
export const createRosterImportDeps = (): RosterImportDeps => {
  const tuning = parseEnv(importTuningShape);
  return {
    imports: createImports(),
    people: createPeople(),
    files: createRosterFiles(),
    clock: systemClock,
    tuning: { chunkBytes: tuning.IMPORT_CHUNK_BYTES, concurrency: tuning.IMPORT_CONCURRENCY, batchRows: tuning.IMPORT_BATCH_ROWS },
  };
};
/**
 * Applicant sessions from the deployment's token issuer (adapters/oauth-sessions.ts), or none when the deployment
 * sets none of SESSION_TOKEN_URL / SESSION_CLIENT_ID / the secret: then a verified mobile gets no session and the
 * portal or camp carries on. Some but not all of them is a mistake and stops the function.
 */
export const createSessionIssuer = (): SessionIssuer | undefined => {
  const env = parseEnv({
    AWS_REGION: awsShape.AWS_REGION,
    SESSION_TOKEN_URL: z.url().optional(),
    SESSION_CLIENT_ID: z.string().min(1).optional(),
    /**
     * Where the client's secret is: itself (embedded stack), the Cognito user pool the client is in (read with
     * DescribeUserPoolClient), or a Secrets Manager secret holding {"clientSecret"} (an issuer of the state's own).
     */
    SESSION_CLIENT_SECRET: z.string().min(1).optional(),
    SESSION_USER_POOL_ID: z.string().min(1).optional(),
    SESSION_CLIENT_SECRET_ARN: z.string().startsWith('arn:').optional(),
  });
  const secretGiven = [env.SESSION_CLIENT_SECRET, env.SESSION_USER_POOL_ID, env.SESSION_CLIENT_SECRET_ARN].some((value) => value !== undefined);
  const given = [env.SESSION_TOKEN_URL !== undefined, env.SESSION_CLIENT_ID !== undefined, secretGiven];
  if (given.every((value) => !value)) return undefined;
  if (!given.every((value) => value) || env.SESSION_TOKEN_URL === undefined || env.SESSION_CLIENT_ID === undefined) {
    throw new ConfigurationError(
      'Configuration is incomplete: applicant sessions need SESSION_TOKEN_URL, SESSION_CLIENT_ID and one of SESSION_CLIENT_SECRET, SESSION_USER_POOL_ID, SESSION_CLIENT_SECRET_ARN',
    );
  }
  const { SESSION_CLIENT_SECRET: inline, SESSION_USER_POOL_ID: userPoolId, SESSION_CLIENT_SECRET_ARN: arn, SESSION_CLIENT_ID: clientId } = env;
  const readSecret = async (): Promise<string> => {
    if (inline !== undefined) return inline;
    if (userPoolId !== undefined) {
      const { UserPoolClient } = await new CognitoIdentityProviderClient({ region: env.AWS_REGION }).send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      );
      if (UserPoolClient?.ClientSecret === undefined) throw new ConfigurationError(`The user pool client ${clientId} has no secret.`);
      return UserPoolClient.ClientSecret;
    }
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

export const createCardFiles = () => new S3CardFiles(s3, parseEnv({ CARD_BUCKET_NAME: bucketsShape.CARD_BUCKET_NAME }).CARD_BUCKET_NAME);

const smsShape = {
  /** The embedded stack's SMS simulator; when set, nothing leaves the machine. */
  SMS_SIMULATOR_URL: z.url().optional(),
  SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
  SMS_DLT_ENTITY_ID: z.string().min(1).optional(),
  /** JSON: { "mobile-otp": "<DLT template id>", "card-issued": "...", ... }: one id per template in smsTemplateNames. */
  SMS_DLT_TEMPLATE_IDS: z.string().min(2).optional(),
};

export const createSmsSender = (): SmsSender => {
  const env = parseEnv({ ...smsShape, AWS_REGION: awsShape.AWS_REGION });
  if (env.SMS_SIMULATOR_URL !== undefined) return new SimulatorSmsSender(env.SMS_SIMULATOR_URL);
  if (env.SMS_ORIGINATION_IDENTITY === undefined || env.SMS_DLT_ENTITY_ID === undefined || env.SMS_DLT_TEMPLATE_IDS === undefined) {
    throw new ConfigurationError('Configuration is incomplete: set SMS_SIMULATOR_URL, or SMS_ORIGINATION_IDENTITY, SMS_DLT_ENTITY_ID and SMS_DLT_TEMPLATE_IDS');
  }
  const templateIds = dltTemplateIdsSchema.parse(JSON.parse(env.SMS_DLT_TEMPLATE_IDS));
  return new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client({ region: env.AWS_REGION }), {
    originationIdentity: env.SMS_ORIGINATION_IDENTITY,
    dltEntityId: env.SMS_DLT_ENTITY_ID,
    dltTemplateIds: templateIds,
  });
};

export const createEkycProvider = () => {
  const env = parseEnv({
    EKYC_BASE_URL: z.url(),
    EKYC_TIMEOUT_MS: z.coerce.number().int().min(200).max(25_000),
    EKYC_API_KEY: z.string().min(1).optional(),
  });
  return new HttpEkycProvider({
    baseUrl: env.EKYC_BASE_URL,
    timeoutMs: env.EKYC_TIMEOUT_MS,
    ...(env.EKYC_API_KEY === undefined ? {} : { apiKey: env.EKYC_API_KEY }),
  });
};

/** Approval SLA override, for drills and tests on the embedded stack; unset in production (the scheme decides). */
export const approvalSlaOverride = (): number | undefined =>
  parseEnv({ APPROVAL_SLA_SECONDS: z.coerce.number().int().min(1).max(1_814_400).optional() }).APPROVAL_SLA_SECONDS;

/** Provider calls inside an API request: 3 attempts, full-jitter backoff from 300 ms, within API Gateway's 30 s. */
export const apiRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 2000,
  sleep: (ms) => sleep(ms),
  random: Math.random,
};

export const secureRandomInt = (max: number) => randomInt(max);
export const newRegistrationId = () => randomUUID();
export const newTransactionId = () => `txn-${randomUUID()}`;

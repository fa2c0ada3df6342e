// Building adapters from configuration. A handler calls the factories it needs at module load, so a missing
// variable stops that handler at once, naming it, and each function needs only the variables it uses.
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { KMSClient } from '@aws-sdk/client-kms';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import * as z from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { RetryPolicy } from '../core/retry.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { CardSigner } from '../ports/card-signer.js';
import type { SmsSender, SmsTemplate } from '../ports/sms.js';
import { awsShape, bucketsShape, parseEnv, tableShape, workflowsShape } from '../config.js';
import { documents, s3, sfn } from './aws-clients.js';
import { KmsCardSigner } from './card-signer-kms.js';
import { LocalCardSigner } from './card-signer-local.js';
import { DynamoDbApprovals } from './dynamodb-approvals.js';
import { HttpEkycProvider } from './ekyc-http.js';
import { DynamoDbRegistry } from './dynamodb-registry.js';
import { S3CardFiles } from './s3-card-files.js';
import { SfnImportStarter, SfnWorkflowCallbacks, SfnWorkflowStarter } from './sfn-workflow.js';
import { DynamoDbImports } from './dynamodb-imports.js';
import { DynamoDbPeople } from './dynamodb-people.js';
import { DynamoDbCampaigns } from './dynamodb-campaigns.js';
import { DynamoDbExecutionLedger } from './dynamodb-executions.js';
import { SfnExecutionControl } from './sfn-executions.js';
import { DynamoDbProgress } from './dynamodb-progress.js';
import { S3ReportFiles } from './s3-report-files.js';
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
/** Each workflow's state machine ARN. */
export const workflowArns = () => {
  const env = parseEnv(workflowsShape);
  return { registration: env.REGISTRATION_STATE_MACHINE_ARN, rosterImport: env.ROSTER_IMPORT_STATE_MACHINE_ARN };
};
export const createCampaigns = () => new DynamoDbCampaigns(documents, parseEnv(tableShape).TABLE_NAME);
export const createProgress = () => new DynamoDbProgress(documents, parseEnv(tableShape).TABLE_NAME);
export const createPeople = () => new DynamoDbPeople(documents, parseEnv(tableShape).TABLE_NAME);
/** Reports (rejects, worklists, daily reports) in the report bucket; roster reading is roster-import-factories.ts's. */
export const createReportFiles = () => new S3ReportFiles(s3, parseEnv({ REPORT_BUCKET_NAME: bucketsShape.REPORT_BUCKET_NAME }).REPORT_BUCKET_NAME);
export const createCardFiles = () => new S3CardFiles(s3, parseEnv({ CARD_BUCKET_NAME: bucketsShape.CARD_BUCKET_NAME }).CARD_BUCKET_NAME);

const smsShape = {
  /** The embedded stack's SMS simulator; when set, nothing leaves the machine. */
  SMS_SIMULATOR_URL: z.url().optional(),
  SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
  SMS_DLT_ENTITY_ID: z.string().min(1).optional(),
  /** JSON: { "mobile-otp": "<DLT template id>", "card-issued": "...", "approval-reminder": "..." } */
  SMS_DLT_TEMPLATE_IDS: z.string().min(2).optional(),
};

export const createSmsSender = (): SmsSender => {
  const env = parseEnv({ ...smsShape, AWS_REGION: awsShape.AWS_REGION });
  if (env.SMS_SIMULATOR_URL !== undefined) return new SimulatorSmsSender(env.SMS_SIMULATOR_URL);
  if (env.SMS_ORIGINATION_IDENTITY === undefined || env.SMS_DLT_ENTITY_ID === undefined || env.SMS_DLT_TEMPLATE_IDS === undefined) {
    throw new ConfigurationError('Configuration is incomplete: set SMS_SIMULATOR_URL, or SMS_ORIGINATION_IDENTITY, SMS_DLT_ENTITY_ID and SMS_DLT_TEMPLATE_IDS');
  }
  const templateIds = z
    .object({ 'mobile-otp': z.string(), 'card-issued': z.string(), 'approval-reminder': z.string() })
    .parse(JSON.parse(env.SMS_DLT_TEMPLATE_IDS)) as Record<SmsTemplate, string>;
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

// `npx cdk synth` / `npx cdk deploy`. Deployment settings come from CDK context (cdk.json or -c key=value):
//   oidcIssuer, oidcAudience   the API's JWT authorizer (default: a Cognito user pool in the stack)
//   oidcSessionTokenUrl, oidcSessionClientId, oidcSessionClientSecretArn   with oidcIssuer: applicant sessions
//   cognitoDomainPrefix        the user pool's domain: hosted sign-in, token endpoint (default <stack name>-<account>)
//   dashboardClientId          with oidcIssuer: the client id the dashboard signs in as (default: the first audience)
//   smsOriginationIdentity, smsDltEntityId, smsDltTemplateIds (JSON)   SMS via End User Messaging, India DLT
//   ekycBaseUrl, ekycTimeoutMs                                         the KUA/ASA e-KYC service
//   alarmEmail                 subscribed by e-mail to the alarm topic (default: no subscriber)
//   cardSigningKeyArns         card-signing KMS keys made since the stack's own, comma-separated, oldest first (rotation)
//   stuckApprovalsAlarmThreshold   approvals past their SLA that raise the alarm (default 1)
//   functionLogRetentionDays, auditLogRetentionDays   log retention (default 90; 365 for state machines, API access)
//   region                     default: the CLI's region (CDK_DEFAULT_REGION), else ap-south-1 (Mumbai)
//   stackName                  default HealthcardPipeline
import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { dltTemplateIdsSchema } from '../functions/config.js';
import { defaultLogRetention } from './log-groups.js';
import { addNagChecks } from './nag.js';
import { HealthcardStack } from './stack.js';

const app = new App();
const read = (key: string) => app.node.tryGetContext(key) as unknown;
/** A number of days CloudWatch Logs accepts as a retention (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). */
const retentionDays = z.coerce
  .number()
  .int()
  .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days) && days !== RetentionDays.INFINITE, {
    message: `one of CloudWatch Logs' retention periods: ${Object.values(RetentionDays)
      .filter((days) => typeof days === 'number' && days > 0 && days !== RetentionDays.INFINITE)
      .join(', ')}`,
  })
  .transform((days) => days as RetentionDays);
const context = z
  .object({
    oidcIssuer: z.url().optional(),
    oidcAudience: z.string().min(1).optional(),
    dashboardClientId: z.string().min(1).optional(),
    smsOriginationIdentity: z.string().min(1).optional(),
    smsDltEntityId: z.string().min(1).optional(),
    smsDltTemplateIds: z.string().min(2).optional(),
    oidcSessionTokenUrl: z.url().optional(),
    oidcSessionClientId: z.string().min(1).optional(),
    oidcSessionClientSecretArn: z.string().startsWith('arn:').optional(),
    cognitoDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
      .optional(),
    ekycBaseUrl: z.url().optional(),
    ekycTimeoutMs: z.coerce.number().int().min(500).max(25_000).default(8000),
    alarmEmail: z.email().optional(),
    cardSigningKeyArns: z
      .string()
      .regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+(,arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+)*$/)
      .optional(),
    stuckApprovalsAlarmThreshold: z.coerce.number().int().min(1).default(1),
    functionLogRetentionDays: retentionDays.default(defaultLogRetention.functions),
    auditLogRetentionDays: retentionDays.default(defaultLogRetention.audit),
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]*$/)
      .default('HealthcardPipeline'),
    region: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+-\d$/)
      .default('ap-south-1'),
  })
  .refine((value) => (value.oidcIssuer === undefined) === (value.oidcAudience === undefined), {
    message: 'oidcIssuer and oidcAudience go together',
  })
  .refine(
    (value) =>
      [value.oidcSessionTokenUrl, value.oidcSessionClientId, value.oidcSessionClientSecretArn].every((item) => item === undefined) ||
      ([value.oidcSessionTokenUrl, value.oidcSessionClientId, value.oidcSessionClientSecretArn].every((item) => item !== undefined) &&
        value.oidcIssuer !== undefined),
    { message: 'oidcSessionTokenUrl, oidcSessionClientId and oidcSessionClientSecretArn go together, with oidcIssuer' },
  )
  .parse({
    ...Object.fromEntries(
      [
        'oidcIssuer',
        'oidcAudience',
        'oidcSessionTokenUrl',
        'oidcSessionClientId',
        'oidcSessionClientSecretArn',
        'cognitoDomainPrefix',
        'dashboardClientId',
        'smsOriginationIdentity',
        'smsDltEntityId',
        'smsDltTemplateIds',
        'ekycBaseUrl',
        'ekycTimeoutMs',
        'alarmEmail',
        'cardSigningKeyArns',
        'stuckApprovalsAlarmThreshold',
        'functionLogRetentionDays',
        'auditLogRetentionDays',
        'stackName',
      ].map((key) => [key, read(key)]),
    ),
    region: read('region') ?? process.env.CDK_DEFAULT_REGION,
  });

new HealthcardStack(app, context.stackName, {
  ...(context.oidcIssuer === undefined ? {} : { oidcIssuer: context.oidcIssuer }),
  ...(context.oidcAudience === undefined ? {} : { oidcAudience: context.oidcAudience.split(',') }),
  ...(context.oidcSessionTokenUrl === undefined ||
  context.oidcSessionClientId === undefined ||
  context.oidcSessionClientSecretArn === undefined
    ? {}
    : {
        oidcSessionClient: {
          tokenUrl: context.oidcSessionTokenUrl,
          clientId: context.oidcSessionClientId,
          secretArn: context.oidcSessionClientSecretArn,
        },
      }),
  ...(context.cognitoDomainPrefix === undefined ? {} : { cognitoDomainPrefix: context.cognitoDomainPrefix }),
  ...(context.dashboardClientId === undefined ? {} : { dashboardClientId: context.dashboardClientId }),
  ...(context.smsOriginationIdentity === undefined || context.smsDltEntityId === undefined || context.smsDltTemplateIds === undefined
    ? {}
    : {
        sms: {
          originationIdentity: context.smsOriginationIdentity,
          dltEntityId: context.smsDltEntityId,
          dltTemplateIds: dltTemplateIdsSchema.parse(JSON.parse(context.smsDltTemplateIds)),
        },
      }),
  ...(context.ekycBaseUrl === undefined ? {} : { ekyc: { baseUrl: context.ekycBaseUrl, timeoutMs: context.ekycTimeoutMs } }),
  ...(context.alarmEmail === undefined ? {} : { alarmEmail: context.alarmEmail }),
  ...(context.cardSigningKeyArns === undefined ? {} : { cardSigningKeyArns: context.cardSigningKeyArns.split(',') }),
  stuckApprovalsAlarmThreshold: context.stuckApprovalsAlarmThreshold,
  logRetention: context.functionLogRetentionDays,
  auditLogRetention: context.auditLogRetentionDays,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context.region },
});
addNagChecks(app);
app.synth();

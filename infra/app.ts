// `npx cdk synth` / `npx cdk deploy`. Deployment settings come from CDK context (cdk.json or -c key=value):
//   oidcIssuer, oidcAudience   the API's JWT authorizer (default: a Cognito user pool in the stack)
//   smsOriginationIdentity, smsDltEntityId, smsDltTemplateIds (JSON)   SMS via End User Messaging, India DLT
//   ekycBaseUrl, ekycTimeoutMs                                         the KUA/ASA e-KYC service
//   region                     default: the CLI's region (CDK_DEFAULT_REGION), else ap-south-1 (Mumbai)
//   stackName                  default HealthcardPipeline
import { App } from 'aws-cdk-lib';
import * as z from 'zod';
import { addNagChecks } from './nag.js';
import { HealthcardStack } from './stack.js';

const app = new App();
const read = (key: string) => app.node.tryGetContext(key) as unknown;
const context = z
  .object({
    oidcIssuer: z.url().optional(),
    oidcAudience: z.string().min(1).optional(),
    smsOriginationIdentity: z.string().min(1).optional(),
    smsDltEntityId: z.string().min(1).optional(),
    smsDltTemplateIds: z.string().min(2).optional(),
    ekycBaseUrl: z.url().optional(),
    ekycTimeoutMs: z.coerce.number().int().min(500).max(25_000).default(8000),
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/).default('HealthcardPipeline'),
    region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/).default('ap-south-1'),
  })
  .refine((value) => (value.oidcIssuer === undefined) === (value.oidcAudience === undefined), {
    message: 'oidcIssuer and oidcAudience go together',
  })
  .parse({
    ...Object.fromEntries(
      ['oidcIssuer', 'oidcAudience', 'smsOriginationIdentity', 'smsDltEntityId', 'smsDltTemplateIds', 'ekycBaseUrl', 'ekycTimeoutMs', 'stackName'].map(
        (key) => [key, read(key)],
      ),
    ),
    region: read('region') ?? process.env.CDK_DEFAULT_REGION,
  });

const templateIds = z.object({ 'mobile-otp': z.string(), 'card-issued': z.string(), 'approval-reminder': z.string() });

new HealthcardStack(app, context.stackName, {
  ...(context.oidcIssuer === undefined ? {} : { oidcIssuer: context.oidcIssuer }),
  ...(context.oidcAudience === undefined ? {} : { oidcAudience: context.oidcAudience.split(',') }),
  ...(context.smsOriginationIdentity === undefined || context.smsDltEntityId === undefined || context.smsDltTemplateIds === undefined
    ? {}
    : {
        sms: {
          originationIdentity: context.smsOriginationIdentity,
          dltEntityId: context.smsDltEntityId,
          dltTemplateIds: templateIds.parse(JSON.parse(context.smsDltTemplateIds)),
        },
      }),
  ...(context.ekycBaseUrl === undefined ? {} : { ekyc: { baseUrl: context.ekycBaseUrl, timeoutMs: context.ekycTimeoutMs } }),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context.region },
});
addNagChecks(app);
app.synth();

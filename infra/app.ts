// `npx cdk synth` / `npx cdk deploy`. Deployment settings come from CDK context (cdk.json or -c key=value):
//   oidcIssuer      an OIDC issuer URL for the API's JWT authorizer (default: a Cognito user pool in the stack)
//   oidcAudience    comma-separated audiences for that issuer
//   stackName       default HealthcardPipeline
import { App } from 'aws-cdk-lib';
import { z } from 'zod';
import { addNagChecks } from './nag.js';
import { HealthcardStack } from './stack.js';

const app = new App();
const context = z
  .object({
    oidcIssuer: z.url().optional(),
    oidcAudience: z.string().min(1).optional(),
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/).default('HealthcardPipeline'),
  })
  .refine((value) => (value.oidcIssuer === undefined) === (value.oidcAudience === undefined), {
    message: 'oidcIssuer and oidcAudience go together',
  })
  .parse({
    oidcIssuer: app.node.tryGetContext('oidcIssuer') as unknown,
    oidcAudience: app.node.tryGetContext('oidcAudience') as unknown,
    stackName: app.node.tryGetContext('stackName') as unknown,
  });

new HealthcardStack(app, context.stackName, {
  ...(context.oidcIssuer === undefined ? {} : { oidcIssuer: context.oidcIssuer }),
  ...(context.oidcAudience === undefined ? {} : { oidcAudience: context.oidcAudience.split(',') }),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-south-1' },
});
addNagChecks(app);
app.synth();

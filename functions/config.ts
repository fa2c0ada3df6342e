// Configuration, parsed once with zod when a module that needs it loads. A missing value fails fast with the
// variable's name; there are no silent defaults for names of tables, buckets or state machines. The variables and
// their shapes are the environment contract's (functions/environment.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import * as z from 'zod';
import { ConfigurationError } from './core/errors.js';
import { resources } from './environment.js';
import { smsTemplateNames, type SmsTemplate } from './ports/sms.js';

/**
 * The environment of the function running. On Lambda a process runs one function: process.env. The embedded
 * stack's local Lambda (local/sfn/lambda.ts) runs many functions in one process and loads and invokes each
 * within its own environment (withFunctionEnvironment), as Lambda would give it, so process.env is not read.
 */
const scopedEnvironment = new AsyncLocalStorage<NodeJS.ProcessEnv>();
export const withFunctionEnvironment = <T>(environment: NodeJS.ProcessEnv, run: () => T): T => scopedEnvironment.run(environment, run);
const currentEnvironment = (): NodeJS.ProcessEnv => scopedEnvironment.getStore() ?? process.env;

/** Parse a group of environment variables; throws ConfigurationError naming every missing or bad one. */
export const parseEnv = <Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = currentEnvironment(),
): z.infer<z.ZodObject<Shape>> => {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError({ message: `Configuration is incomplete: ${problems}` });
  }
  return result.data;
};

/** Where the AWS clients point. Endpoints are set only for the embedded stack (loopback stand-ins). */
export const awsShape = resources.runtime.shape;

export const tableShape = resources.table.shape;

export const bucketsShape = { ...resources.bucket.rosters.shape, ...resources.bucket.cards.shape, ...resources.bucket.reports.shape };

export const workflowsShape = { ...resources.workflow.registration.shape, ...resources.workflow.rosterImport.shape };

/** Roster import sizing (infra/specs.ts importTuning); set on both engines, never defaulted here. */
export const importTuningShape = resources.importTuning.shape;

/** A DLT template id for every template the pipeline sends (SMS_DLT_TEMPLATE_IDS, CDK context smsDltTemplateIds). */
const dltTemplateId = z.union([z.string().min(1), z.object({ en: z.string().min(1), hi: z.string().min(1) }).strict()]);
export const dltTemplateIdsSchema = z
  .object(Object.fromEntries(smsTemplateNames.map((name) => [name, dltTemplateId])) as Record<SmsTemplate, typeof dltTemplateId>)
  .strict();

/** Custom CloudWatch metrics (Powertools Metrics, EMF): the namespace the stack's alarms read them from. */
export const metricsShape = resources.metrics.shape;

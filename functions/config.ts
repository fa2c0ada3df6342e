// Configuration, parsed once with zod when a module that needs it loads. A missing value fails fast with the
// variable's name; there are no silent defaults for names of tables, buckets or state machines.
import * as z from 'zod';
import { ConfigurationError } from './core/errors.js';
import { smsTemplateNames, type SmsTemplate } from './ports/sms.js';

const optionalUrl = z.url().optional();

/** Parse a group of environment variables; throws ConfigurationError naming every missing or bad one. */
export const parseEnv = <Shape extends z.ZodRawShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<Shape>> => {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError({ message: `Configuration is incomplete: ${problems}` });
  }
  return result.data;
};

/** Where the AWS clients point. Endpoints are set only for the embedded stack (loopback stand-ins). */
export const awsShape = {
  AWS_REGION: z.string().min(1),
  DYNAMODB_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  SFN_ENDPOINT: optionalUrl,
  /** s3rver serves path-style URLs only; real S3 takes virtual-hosted style. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
};

export const tableShape = { TABLE_NAME: z.string().min(1) };

export const bucketsShape = {
  ROSTER_BUCKET_NAME: z.string().min(1),
  CARD_BUCKET_NAME: z.string().min(1),
  REPORT_BUCKET_NAME: z.string().min(1),
};

export const workflowsShape = {
  REGISTRATION_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  ROSTER_IMPORT_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
};

/** Roster import sizing (infra/specs.ts importTuning); set on both engines, never defaulted here. */
export const importTuningShape = {
  IMPORT_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024),
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(40),
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(25).max(5000),
};

/** A DLT template id for every template the pipeline sends (SMS_DLT_TEMPLATE_IDS, CDK context smsDltTemplateIds). */
export const dltTemplateIdsSchema = z
  .object(Object.fromEntries(smsTemplateNames.map((name) => [name, z.string().min(1)])) as Record<SmsTemplate, z.ZodString>)
  .strict();

/** Custom CloudWatch metrics (Powertools Metrics, EMF): the namespace the stack's alarms read them from. */
export const metricsShape = {
  POWERTOOLS_METRICS_NAMESPACE: z.string().regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'a CloudWatch namespace'),
};

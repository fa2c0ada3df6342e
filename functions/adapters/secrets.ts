// The pipeline's secret: one master key, from which the Aadhaar-token key and the OTP key are derived (HKDF), so
// there is one thing to create, rotate and guard. On AWS it is a Secrets Manager secret (JSON {"masterKey"}),
// read once per container; on the embedded stack it comes in the environment from a generated key file. Which
// is used follows from configuration, not from "am I local?".
import { hkdfSync } from 'node:crypto';
import * as z from 'zod';
import { ConfigurationError, ProviderUnavailableError } from '../core/errors.js';
import type { Keys } from '../core/use-cases/deps.js';
import { awsShape, parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { throttledAsUnavailable } from './aws-errors.js';

const env = parseEnv({ AWS_REGION: awsShape.AWS_REGION, ...resources.secret.shape });
if (env.PIPELINE_SECRET_ARN === undefined && env.PIPELINE_MASTER_KEY === undefined) {
  throw new ConfigurationError({
    message: 'Configuration is incomplete: set PIPELINE_SECRET_ARN (AWS) or PIPELINE_MASTER_KEY (embedded stack)',
  });
}

export const deriveKeys = (master: string): Keys => {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', master, 'healthcard-pipeline', label, 32));
  return { aadhaarHmacKey: derive('aadhaar-token-v1'), otpHmacKey: derive('mobile-otp-v1'), mobileHmacKey: derive('mobile-token-v1') };
};

/**
 * What Secrets Manager's refusal means: throttled or failing on its side (InternalServiceError) is worth asking again
 * (ProviderUnavailableError: workflows retry it, the API answers 503); any other answer (no such secret, no
 * permission, its KMS key refused: DecryptionFailure) needs someone to fix configuration. By name and fault, as
 * the SDK sets them; an error that is no AWS answer (the network) is passed on as it is.
 */
const secretsError = (error: unknown): unknown => {
  const throttled = throttledAsUnavailable(error);
  if (throttled !== error) return throttled;
  const sdk = error as { name?: string; $fault?: string; $metadata?: unknown };
  if (!(error instanceof Error) || sdk.$metadata === undefined) return error;
  const fields = { details: { secretsError: error.name }, cause: error };
  return sdk.$fault === 'server'
    ? new ProviderUnavailableError({ ...fields, message: `Secrets Manager did not answer (${error.name}); try again shortly.` })
    : new ConfigurationError({ ...fields, message: `Secrets Manager refused the pipeline's secret (${error.name}).` });
};

const readSecret = async (secretId: string): Promise<string> => {
  // Loaded here, on the one read per container, not at init: the embedded stack never reads it (bench/cold-start).
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: env.AWS_REGION });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString ?? '';
  } catch (error) {
    throw secretsError(error);
  }
};

const secretShape = z.object({ masterKey: resources.secret.shape.PIPELINE_MASTER_KEY.unwrap() });

let cached: Promise<Keys> | undefined;

export const loadKeys = (): Promise<Keys> => {
  if (cached !== undefined) return cached;
  const loading = (async () => {
    if (env.PIPELINE_MASTER_KEY !== undefined) return deriveKeys(env.PIPELINE_MASTER_KEY);
    const text = await readSecret(env.PIPELINE_SECRET_ARN as string);
    let secret: unknown;
    try {
      secret = JSON.parse(text);
    } catch {
      secret = undefined;
    }
    const parsed = secretShape.safeParse(secret);
    if (!parsed.success)
      throw new ConfigurationError({ message: 'The pipeline\'s secret is not JSON {"masterKey": "<at least 32 characters>"}.' });
    return deriveKeys(parsed.data.masterKey);
  })();
  cached = loading;
  // A failed read is not kept: the next call (a retry, the next request) asks Secrets Manager again.
  loading.catch(() => {
    if (cached === loading) cached = undefined;
  });
  return loading;
};

// The pipeline's secret: one master key, from which the Aadhaar-token key and the OTP key are derived (HKDF), so
// there is one thing to create, rotate and guard. On AWS it is a Secrets Manager secret (JSON {"masterKey"}),
// read once per container; on the embedded stack it comes in the environment from a generated key file. Which
// is used follows from configuration, not from "am I local?".
import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { Keys } from '../core/use-cases/deps.js';
import { parseEnv } from '../config.js';

const masterKey = z.string().min(32, 'at least 32 characters of random text');

const env = parseEnv({
  AWS_REGION: z.string().min(1),
  PIPELINE_SECRET_ARN: z.string().startsWith('arn:').optional(),
  PIPELINE_MASTER_KEY: masterKey.optional(),
});
if (env.PIPELINE_SECRET_ARN === undefined && env.PIPELINE_MASTER_KEY === undefined) {
  throw new ConfigurationError('Configuration is incomplete: set PIPELINE_SECRET_ARN (AWS) or PIPELINE_MASTER_KEY (embedded stack)');
}

export const deriveKeys = (master: string): Keys => {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', master, 'healthcard-pipeline', label, 32));
  return { aadhaarHmacKey: derive('aadhaar-token-v1'), otpHmacKey: derive('mobile-otp-v1'), mobileHmacKey: derive('mobile-token-v1') };
};

let cached: Promise<Keys> | undefined;

export const loadKeys = (): Promise<Keys> => {
  cached ??= (async () => {
    if (env.PIPELINE_MASTER_KEY !== undefined) return deriveKeys(env.PIPELINE_MASTER_KEY);
    const client = new SecretsManagerClient({ region: env.AWS_REGION });
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: env.PIPELINE_SECRET_ARN }));
    return deriveKeys(z.object({ masterKey }).parse(JSON.parse(SecretString ?? '{}')).masterKey);
  })();
  return cached;
};

// The pipeline's secret from Secrets Manager, with the SDK mocked (aws-sdk-client-mock; the adapter makes its own
// client, so the class is mocked): Secrets Manager's refusals, the SDK's own exception classes, become the core's
// errors, and a failed read is asked again rather than kept for the container's life.
import {
  DecryptionFailure,
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const secretArn = 'arn:aws:secretsmanager:ap-south-1:111122223333:secret:healthcard/master-AbCdEf';
const masterKey = 'k'.repeat(48);
const metadata = { $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 1, totalRetryDelay: 0 } };

const secrets = mockClient(SecretsManagerClient);
// The module reads its configuration once, when loaded: a fresh copy per test, configured for AWS.
// (A fresh copy loads its own core/errors.js too: errors are matched by name, their contract, not by class.)
const freshSecrets = async () => {
  vi.resetModules();
  return import('../../functions/adapters/secrets.js');
};
beforeEach(() => {
  secrets.reset();
  vi.stubEnv('AWS_REGION', 'ap-south-1');
  vi.stubEnv('PIPELINE_SECRET_ARN', secretArn);
  vi.stubEnv('PIPELINE_MASTER_KEY', undefined);
});
afterAll(() => {
  vi.unstubAllEnvs();
  secrets.restore();
});

describe('the pipeline secret from Secrets Manager', () => {
  it('is read once and its keys derived as from the same master key given directly', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: secretArn }).resolves({ SecretString: JSON.stringify({ masterKey }) });
    const { loadKeys, deriveKeys } = await freshSecrets();
    const keys = await loadKeys();
    expect(keys).toEqual(deriveKeys(masterKey));
    await loadKeys();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('Secrets Manager failing on its side, or throttling: ProviderUnavailableError, and the next call asks again', async () => {
    const { loadKeys } = await freshSecrets();
    const throttled = new SecretsManagerServiceException({
      ...metadata,
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded',
    });
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new InternalServiceError({ ...metadata, message: 'An error occurred on the server side.' }))
      .rejectsOnce(throttled)
      .resolves({ SecretString: JSON.stringify({ masterKey }) });
    await expect(loadKeys()).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
      code: 'PROVIDER_UNAVAILABLE',
      cause: { name: 'InternalServiceError' },
    });
    await expect(loadKeys()).rejects.toMatchObject({ name: 'ProviderUnavailableError', cause: { name: 'ThrottlingException' } });
    await expect(loadKeys()).resolves.toHaveProperty('otpHmacKey');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('no such secret, a KMS key that refuses it, a secret not of the expected shape: ConfigurationError', async () => {
    const refusals = [
      new ResourceNotFoundException({ ...metadata, message: "Secrets Manager can't find the specified secret." }),
      new DecryptionFailure({
        ...metadata,
        message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
      }),
    ];
    for (const refusal of refusals) {
      secrets.reset();
      secrets.on(GetSecretValueCommand).rejects(refusal);
      const { loadKeys } = await freshSecrets();
      await expect(loadKeys(), refusal.name).rejects.toMatchObject({ name: 'ConfigurationError', details: { secretsError: refusal.name } });
    }
    for (const SecretString of ['not json', JSON.stringify({ masterKey: 'short' }), undefined]) {
      secrets.reset();
      secrets.on(GetSecretValueCommand).resolves(SecretString === undefined ? {} : { SecretString });
      const { loadKeys } = await freshSecrets();
      await expect(loadKeys(), String(SecretString)).rejects.toMatchObject({ name: 'ConfigurationError', httpStatus: 500 });
    }
  });
});

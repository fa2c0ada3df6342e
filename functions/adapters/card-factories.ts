// Factories for issuing and serving cards: the signing key (KMS on AWS, a key file on the embedded stack) and
// the card bucket. Their own module: only card functions load the KMS and S3 clients (bench/cold-start).
import { KMSClient } from '@aws-sdk/client-kms';
import { ConfigurationError } from '../core/errors.js';
import type { CardSigner } from '../ports/card-signer.js';
import { awsShape, parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { KmsCardSigner } from './card-signer-kms.js';
import { LocalCardSigner } from './card-signer-local.js';

/** The card-signing key: a KMS key on AWS, a key file on the embedded stack (created on first use). */
export const createCardSigner = async (): Promise<CardSigner> => {
  const env = parseEnv({ AWS_REGION: awsShape.AWS_REGION, ...resources.cardKey.shape });
  if (env.CARD_SIGNING_KMS_KEY_ID !== undefined) {
    return KmsCardSigner.create(new KMSClient({ region: env.AWS_REGION }), env.CARD_SIGNING_KMS_KEY_ID);
  }
  if (env.CARD_SIGNING_KEY_FILE !== undefined) return LocalCardSigner.fromFile(env.CARD_SIGNING_KEY_FILE);
  throw new ConfigurationError({
    message: 'Configuration is incomplete: set CARD_SIGNING_KMS_KEY_ID (AWS) or CARD_SIGNING_KEY_FILE (embedded stack)',
  });
};

// The card bucket's factory has its own module (card-file-factories.ts); e-KYC photos have theirs (photo-factories.ts).
export { createCardFiles } from './card-file-factories.js';

// Factories for e-KYC photos: the photo key (KMS on AWS, a key file on the embedded stack), the sealed photos in the
// card bucket, and their records in the table. The KMS and S3 packages load on first use (bench/cold-start).
import type { KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { awsShape, parseEnv, tableShape } from '../config.js';
import { ConfigurationError } from '../core/errors.js';
import { resources } from '../environment.js';
import type { PhotoKey } from '../ports/photos.js';
import { documents } from './dynamodb-client.js';
import { DynamoDbPhotoRecords } from './dynamodb-photos.js';
import { KmsPhotoKey, LocalPhotoKey } from './photo-keys.js';
import { s3OnFirstUse } from './s3-client-config.js';
import { S3PhotoRemover, S3Photos } from './s3-photos.js';

export const createPhotoKey = (): PhotoKey => {
  const env = parseEnv({ AWS_REGION: awsShape.AWS_REGION, ...resources.photoKey.shape });
  if (env.PHOTO_KMS_KEY_ID !== undefined) {
    const region = env.AWS_REGION;
    let made: Promise<KMSClient> | undefined;
    const client = () => (made ??= import('@aws-sdk/client-kms').then(({ KMSClient }) => new KMSClient({ region })));
    return new KmsPhotoKey(client, env.PHOTO_KMS_KEY_ID);
  }
  if (env.PHOTO_KEY_FILE !== undefined) return LocalPhotoKey.fromFile(env.PHOTO_KEY_FILE);
  throw new ConfigurationError({ message: 'Configuration is incomplete: set PHOTO_KMS_KEY_ID (AWS) or PHOTO_KEY_FILE (embedded stack)' });
};

const cardBucket = () => parseEnv(resources.bucket.cards.shape).CARD_BUCKET_NAME;

export const createPhotos = () => new S3Photos(s3OnFirstUse(), cardBucket(), createPhotoKey());
export const createPhotoRemover = () => new S3PhotoRemover(s3OnFirstUse(), cardBucket());
export const createPhotoRecords = () => new DynamoDbPhotoRecords(documents, parseEnv(tableShape).TABLE_NAME);

/**
 * Photo retention compressed, for drills and tests on the embedded stack (seconds); unset in production, where
 * core/use-cases/photos.ts's periods hold.
 */
export const photoRetentionOverride = () => {
  const seconds = z.coerce.number().int().min(1).max(31_536_000).optional();
  const env = parseEnv({ PHOTO_REVIEW_SECONDS: seconds, PHOTO_AFTER_CARD_SECONDS: seconds, PHOTO_LINK_SECONDS: seconds });
  const override = {
    ...(env.PHOTO_REVIEW_SECONDS === undefined ? {} : { reviewEverySeconds: env.PHOTO_REVIEW_SECONDS }),
    ...(env.PHOTO_AFTER_CARD_SECONDS === undefined ? {} : { afterCardSeconds: env.PHOTO_AFTER_CARD_SECONDS }),
    ...(env.PHOTO_LINK_SECONDS === undefined ? {} : { linkSeconds: env.PHOTO_LINK_SECONDS }),
  };
  return Object.keys(override).length === 0 ? {} : { retentionOverride: override };
};

// The S3 client, created once per module load; apart from the other clients so that only functions touching
// S3 load @aws-sdk/client-s3 (bench/cold-start).
import { S3Client } from '@aws-sdk/client-s3';
import { awsShape, parseEnv } from '../config.js';
import { mapThrottling } from './throttling-middleware.js';

const aws = parseEnv({
  AWS_REGION: awsShape.AWS_REGION,
  S3_ENDPOINT: awsShape.S3_ENDPOINT,
  S3_FORCE_PATH_STYLE: awsShape.S3_FORCE_PATH_STYLE,
});

export const s3 = mapThrottling(
  new S3Client({
    region: aws.AWS_REGION,
    forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
    ...(aws.S3_ENDPOINT === undefined ? {} : { endpoint: aws.S3_ENDPOINT }),
  }),
);

/**
 * For presigned uploads only: no checksum computed at signing (there is no body yet), so none is signed into the
 * URL. functions/adapters/s3-roster-uploads.ts says why.
 */
export const presigningS3 = new S3Client({
  region: aws.AWS_REGION,
  forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
  requestChecksumCalculation: 'WHEN_REQUIRED',
  ...(aws.S3_ENDPOINT === undefined ? {} : { endpoint: aws.S3_ENDPOINT }),
});

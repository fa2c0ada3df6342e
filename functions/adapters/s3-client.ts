// The S3 client, created once per module load; apart from the other clients so that only functions touching
// S3 load @aws-sdk/client-s3 (bench/cold-start).
import { S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig } from './s3-client-config.js';
import { mapThrottling } from './throttling-middleware.js';

const config = s3ClientConfig();

export const s3 = mapThrottling(new S3Client(config));

/**
 * For presigned uploads only: no checksum computed at signing (there is no body yet), so none is signed into the
 * URL. functions/adapters/s3-roster-uploads.ts says why.
 */
export const presigningS3 = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });

// How every S3 client of a function is configured (region, the embedded stack's endpoint), parsed at init so a
// missing variable stops the load; and the S3 client made on first use, for routes that seldom touch S3.
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { awsShape, parseEnv } from '../config.js';
import { mapThrottling } from './throttling-middleware.js';

export const s3ClientConfig = (): S3ClientConfig => {
  const aws = parseEnv({
    AWS_REGION: awsShape.AWS_REGION,
    S3_ENDPOINT: awsShape.S3_ENDPOINT,
    S3_FORCE_PATH_STYLE: awsShape.S3_FORCE_PATH_STYLE,
  });
  return {
    region: aws.AWS_REGION,
    forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
    ...(aws.S3_ENDPOINT === undefined ? {} : { endpoint: aws.S3_ENDPOINT }),
  };
};

/**
 * The S3 client, with @aws-sdk/client-s3 imported on the first call, once per container: a statically imported SDK
 * package loads at init whatever the route (docs/architecture.md, "Bundles and cold starts").
 */
export const s3OnFirstUse = (): (() => Promise<S3Client>) => {
  const config = s3ClientConfig();
  let made: Promise<S3Client> | undefined;
  return () => (made ??= import('@aws-sdk/client-s3').then(({ S3Client }) => mapThrottling(new S3Client(config))));
};

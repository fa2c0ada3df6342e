// AWS SDK clients, created once per module load (per Lambda container; once for the embedded stack).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsShape, parseEnv } from '../config.js';

const aws = parseEnv(awsShape);

const endpoint = (url: string | undefined) => (url === undefined ? {} : { endpoint: url });

export const dynamodb = new DynamoDBClient({ region: aws.AWS_REGION, ...endpoint(aws.DYNAMODB_ENDPOINT) });

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

export const s3 = new S3Client({
  region: aws.AWS_REGION,
  forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
  ...endpoint(aws.S3_ENDPOINT),
});

export const sfn = new SFNClient({ region: aws.AWS_REGION, ...endpoint(aws.SFN_ENDPOINT) });

/**
 * For presigned uploads only: no checksum computed at signing (there is no body yet), so none is signed into the
 * URL. functions/adapters/s3-roster-uploads.ts says why.
 */
export const presigningS3 = new S3Client({
  region: aws.AWS_REGION,
  forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
  requestChecksumCalculation: 'WHEN_REQUIRED',
  ...endpoint(aws.S3_ENDPOINT),
});

// AWS SDK clients, created once per module load (per Lambda container; once for the embedded stack).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsShape, parseEnv } from '../config.js';
import { throttledAsUnavailable } from './aws-errors.js';

const aws = parseEnv(awsShape);

const endpoint = (url: string | undefined) => (url === undefined ? {} : { endpoint: url });

/**
 * Outermost in each client's middleware stack, so it sees the error the SDK's retries gave up on: throttling becomes
 * ProviderUnavailableError (aws-errors.ts). The three clients' stacks take the same initialize-step middleware.
 */
const mapThrottling = <C extends DynamoDBClient | S3Client | SFNClient>(client: C): C => {
  (client as DynamoDBClient).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw throttledAsUnavailable(error);
      }
    },
    { step: 'initialize', name: 'throttledAsProviderUnavailable' },
  );
  return client;
};

export const dynamodb = mapThrottling(new DynamoDBClient({ region: aws.AWS_REGION, ...endpoint(aws.DYNAMODB_ENDPOINT) }));

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

export const s3 = mapThrottling(
  new S3Client({
    region: aws.AWS_REGION,
    forcePathStyle: aws.S3_FORCE_PATH_STYLE === 'true',
    ...endpoint(aws.S3_ENDPOINT),
  }),
);

export const sfn = mapThrottling(new SFNClient({ region: aws.AWS_REGION, ...endpoint(aws.SFN_ENDPOINT) }));

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

// The DynamoDB clients, created once per module load (per Lambda container; once for the embedded stack).
// One module per AWS client: a function loads only the SDK packages it uses (bench/cold-start).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsShape, parseEnv } from '../config.js';
import { mapThrottling } from './throttling-middleware.js';

const aws = parseEnv({ AWS_REGION: awsShape.AWS_REGION, DYNAMODB_ENDPOINT: awsShape.DYNAMODB_ENDPOINT });

export const dynamodb = mapThrottling(
  new DynamoDBClient({ region: aws.AWS_REGION, ...(aws.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: aws.DYNAMODB_ENDPOINT }) }),
);

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

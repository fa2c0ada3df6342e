// The Step Functions client, created once per module load; apart from the other clients so that only functions
// that start executions or answer task tokens load @aws-sdk/client-sfn (bench/cold-start).
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsShape, parseEnv } from '../config.js';
import { mapThrottling } from './throttling-middleware.js';

const aws = parseEnv({ AWS_REGION: awsShape.AWS_REGION, SFN_ENDPOINT: awsShape.SFN_ENDPOINT });

export const sfn = mapThrottling(
  new SFNClient({ region: aws.AWS_REGION, ...(aws.SFN_ENDPOINT === undefined ? {} : { endpoint: aws.SFN_ENDPOINT }) }),
);

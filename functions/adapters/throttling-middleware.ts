// One middleware for every AWS client: the error the SDK's own retries gave up on, when it is throttling, becomes
// ProviderUnavailableError (aws-errors.ts), which workflows retry by name and the API answers as 503.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { throttledAsUnavailable } from './aws-errors.js';

/** Outermost in the client's middleware stack (initialize step), so it sees what the retries let through. */
export const mapThrottling = <C extends DynamoDBClient | S3Client | SFNClient>(client: C): C => {
  // The three clients' stacks take the same initialize-step middleware; one cast names that.
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

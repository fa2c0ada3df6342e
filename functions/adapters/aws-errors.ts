// What AWS's answers mean for the pipeline: which errors say "too much, try again" (throttling), and which
// cancelled DynamoDB transactions may succeed if sent again. Pure: names and reasons in, decisions out.
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ProviderUnavailableError } from '../core/errors.js';

/** What AWS answers a caller over a table's, an API's or a bucket's capacity (the SDK retries these first). */
export const throttlingErrorNames: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
]);

/**
 * Throttled still after the SDK's own retries (backoff with jitter): ProviderUnavailableError, the pipeline's name
 * for "worth retrying". Workflows retry it by that name (workflows/*.asl.json) and the API answers 503
 * PROVIDER_UNAVAILABLE, which clients ask again, instead of 500 INTERNAL "something went wrong".
 */
export const throttledAsUnavailable = (error: unknown): unknown =>
  error instanceof Error && throttlingErrorNames.has(error.name)
    ? new ProviderUnavailableError({
        message: `AWS is throttling the pipeline's requests just now (${error.name}); try again shortly.`,
        cause: error,
      })
    : error;

const capacityCodes = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);
const finalCodes = new Set(['ConditionalCheckFailed', 'ValidationError', 'ItemCollectionSizeLimitExceeded', 'DuplicateItem']);

export type RetryableCancellation = 'conflict' | 'capacity';

/** Why a cancelled transaction may succeed if sent again, or undefined when it never will (a condition failed). */
export const retryableCancellation = (error: unknown): RetryableCancellation | undefined => {
  // By name, not instanceof: this module is in every function's bundle, the DynamoDB client is not.
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const codes = ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  if (codes.some((code) => finalCodes.has(code))) return undefined;
  if (codes.some((code) => capacityCodes.has(code))) return 'capacity';
  if (codes.includes('TransactionConflict')) return 'conflict';
  return undefined;
};

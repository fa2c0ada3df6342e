// What the pipeline does with AWS's "too much, try again": throttling the SDK gave up on becomes
// ProviderUnavailableError (workflows retry it by name, the API answers 503), and a DynamoDB transaction cancelled
// for a conflict or for capacity is worth sending again, while one cancelled by a condition is not.
import { describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { retryableCancellation, throttledAsUnavailable } from '../../functions/adapters/aws-errors.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';
import { backoffDelay } from '../../functions/core/retry.js';

const metadata = { $metadata: {} };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ ...metadata, message: 'Transaction cancelled', CancellationReasons: codes.map((Code) => ({ Code })) });

describe('throttling the SDK gave up on', () => {
  it('becomes ProviderUnavailableError, naming what AWS said, and nothing else does', () => {
    for (const error of [
      new ProvisionedThroughputExceededException({ ...metadata, message: 'over' }),
      new ThrottlingException({ ...metadata, message: 'over' }),
    ]) {
      const mapped = throttledAsUnavailable(error);
      expect(mapped).toBeInstanceOf(ProviderUnavailableError);
      expect((mapped as Error).message).toContain(error.name);
      expect((mapped as Error & { cause: unknown }).cause).toBe(error);
    }
    const condition = new ConditionalCheckFailedException({ ...metadata, message: 'no' });
    expect(throttledAsUnavailable(condition)).toBe(condition);
    expect(throttledAsUnavailable(cancelled('ThrottlingError'))).toBeInstanceOf(TransactionCanceledException);
  });
});

describe('a cancelled transaction', () => {
  it('is worth sending again for a conflict or for capacity, never when a condition failed', () => {
    expect(retryableCancellation(cancelled('None', 'TransactionConflict'))).toBe('conflict');
    expect(retryableCancellation(cancelled('ThrottlingError', 'None'))).toBe('capacity');
    expect(retryableCancellation(cancelled('None', 'ProvisionedThroughputExceeded'))).toBe('capacity');
    expect(retryableCancellation(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBeUndefined();
    expect(retryableCancellation(cancelled('ThrottlingError', 'ValidationError'))).toBeUndefined();
    expect(retryableCancellation(cancelled('None'))).toBeUndefined();
    expect(retryableCancellation(new Error('other'))).toBeUndefined();
  });
  // Sending it again (and when not) is tested through aws-sdk-client-mock in adapters-dynamodb.test.ts.
});

describe('backoff', () => {
  it('is full jitter under a ceiling that doubles per attempt and stops growing at the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay({ ...policy, random: () => 0 }, 5)).toBe(0);
  });
});

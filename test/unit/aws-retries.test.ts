// What the pipeline does with AWS's "too much, try again": throttling the SDK gave up on becomes
// ProviderUnavailableError (workflows retry it by name, the API answers 503), and a DynamoDB transaction cancelled
// for a conflict or for capacity is sent again with backoff, while one cancelled by a condition is not.
import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retryableCancellation, throttledAsUnavailable } from '../../functions/adapters/aws-errors.js';
import { transactWrite, type TransactionRetries } from '../../functions/adapters/dynamodb-transactions.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';
import { backoffDelay } from '../../functions/core/retry.js';

const metadata = { $metadata: {} };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ ...metadata, message: 'Transaction cancelled', CancellationReasons: codes.map((Code) => ({ Code })) });

describe('throttling the SDK gave up on', () => {
  it('becomes ProviderUnavailableError, naming what AWS said, and nothing else does', () => {
    for (const error of [new ProvisionedThroughputExceededException({ ...metadata, message: 'over' }), new ThrottlingException({ ...metadata, message: 'over' })]) {
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

  const retries = (sleeps: number[]): TransactionRetries => ({
    conflict: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, random: () => 0.5 },
    capacity: { attempts: 4, baseDelayMs: 200, maxDelayMs: 1000, random: () => 0.5 },
    sleep: async (ms) => void sleeps.push(ms),
  });
  const documentsAnswering = (...answers: (Error | 'ok')[]) => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        sent.push(command.input);
        const answer = answers[Math.min(sent.length, answers.length) - 1];
        if (answer instanceof Error) throw answer;
        return { $metadata: {} };
      },
    } as unknown as DynamoDBDocumentClient;
    return { client, sent };
  };
  const input = { TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] };

  it('is sent again, the same, after growing pauses, until it goes through', async () => {
    const sleeps: number[] = [];
    const { client, sent } = documentsAnswering(cancelled('ThrottlingError'), cancelled('ThrottlingError'), 'ok');
    await transactWrite(client, input, retries(sleeps));
    expect(sent).toEqual([input, input, input]);
    expect(sleeps).toEqual([100, 200]);
  });

  it('over capacity to the end: ProviderUnavailableError; a conflict to the end: the cancellation itself', async () => {
    const capacity = documentsAnswering(cancelled('ThrottlingError'));
    await expect(transactWrite(capacity.client, input, retries([]))).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(capacity.sent).toHaveLength(4);
    const conflict = documentsAnswering(cancelled('TransactionConflict'));
    await expect(transactWrite(conflict.client, input, retries([]))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(conflict.sent).toHaveLength(3);
  });

  it('is not sent again when a condition failed', async () => {
    const { client, sent } = documentsAnswering(cancelled('ConditionalCheckFailed', 'None'));
    await expect(transactWrite(client, input, retries([]))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(sent).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('is full jitter under a ceiling that doubles per attempt and stops growing at the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay({ ...policy, random: () => 0 }, 5)).toBe(0);
  });
});

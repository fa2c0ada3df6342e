// DynamoDB transactions, asked again where DynamoDB's answer means "again": a TransactionCanceledException whose
// reasons say another transaction was writing one of the items (TransactionConflict) or the table was over its
// capacity (ThrottlingError, ProvisionedThroughputExceeded). The SDK retries neither — a cancelled transaction is
// an answer, not a failed call — so every transaction of the pipeline goes through here.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
  type TransactWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { ProviderUnavailableError } from '../core/errors.js';
import { backoffDelay, type RetryPolicy } from '../core/retry.js';
import { retryableCancellation } from './aws-errors.js';

export interface TransactionRetries {
  /** Another transaction writing the same item (campaign counters, mostly): soon again. */
  readonly conflict: Omit<RetryPolicy, 'sleep'>;
  /** The table over capacity: backing off as the SDK does for throttling. */
  readonly capacity: Omit<RetryPolicy, 'sleep'>;
  readonly sleep: (ms: number) => Promise<unknown>;
}

export const transactionRetries: TransactionRetries = {
  conflict: { attempts: 8, baseDelayMs: 20, maxDelayMs: 500, random: Math.random },
  capacity: { attempts: 6, baseDelayMs: 200, maxDelayMs: 5000, random: Math.random },
  sleep: (ms) => sleep(ms),
};

/**
 * TransactWriteItems, sent again (full-jitter backoff) while DynamoDB cancels it for a conflict or for capacity.
 * Still cancelled so after that: ProviderUnavailableError (the cancellation its cause), which workflows retry by
 * name and the API answers 503, not a raw TransactionCanceledException that no Retry names and the API answers 500.
 * Sending it again is safe: the SDK gives every call a ClientRequestToken, and a cancelled transaction wrote nothing.
 */
export const transactWrite = async (
  documents: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  retries: TransactionRetries = transactionRetries,
): Promise<TransactWriteCommandOutput> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await documents.send(new TransactWriteCommand(input));
    } catch (error) {
      const kind = retryableCancellation(error);
      if (kind === undefined) throw error;
      const policy = retries[kind];
      if (attempt >= policy.attempts) {
        // Either way worth trying later, by the caller's own retry: the workflow's Retry, the client after a 503.
        const why = kind === 'capacity' ? 'The table is over its capacity just now' : 'Other writes kept conflicting with this one';
        throw new ProviderUnavailableError({ message: `${why}; try again shortly.`, cause: error });
      }
      await retries.sleep(backoffDelay(policy, attempt));
    }
  }
};

// Bounded retries with exponential backoff and full jitter, for provider calls made inside an API request
// (where a workflow's Retry cannot help). Pure: sleep and randomness come in.
import { ProviderUnavailableError } from './errors.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const withProviderRetries = <T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> =>
  withRetries(policy, (error) => error instanceof ProviderUnavailableError, call);

/** The pause after failed attempt `attempt` (1-based): full jitter under an exponentially growing, capped ceiling. */
export const backoffDelay = (policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number =>
  Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

/** `call` again while it fails with an error `retryable` accepts, up to the policy's attempts. */
export const withRetries = async <T>(policy: RetryPolicy, retryable: (error: unknown) => boolean, call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!retryable(error) || attempt >= policy.attempts) throw error;
      await policy.sleep(backoffDelay(policy, attempt));
    }
  }
};

// Campaign progress is counted from the table's change stream, seconds behind the registrations: a test reads it
// once it is counted as of a moment after the changes it checks (the answer's `asOf`), never after a sleep.
import { eventually } from './eventually.js';

/** Reads progress until its `asOf` is at or after `since` (epoch ms; by default the moment of the call). */
export const countedSince = async <T extends { readonly asOf: string | null }>(
  read: () => Promise<T>,
  since: number = Date.now(),
  timeoutMs = 30_000,
): Promise<T> =>
  eventually(
    `campaign progress counted as of ${new Date(since).toISOString()}`,
    async () => {
      const progress = await read();
      return progress.asOf !== null && Date.parse(progress.asOf) >= since ? progress : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );

/**
 * An API call answering progress, asked again until its `asOf` is at or after the moment of the first call; an
 * answer other than 200 is returned as it is (the caller checks it).
 */
export const countedResponse = async <R extends { readonly status: number; readonly body: Record<string, unknown> }>(
  call: () => Promise<R>,
  since: number = Date.now(),
): Promise<R> =>
  eventually(
    `campaign progress counted as of ${new Date(since).toISOString()}`,
    async () => {
      const response = await call();
      if (response.status !== 200) return response;
      const asOf = response.body.asOf;
      return typeof asOf === 'string' && Date.parse(asOf) >= since ? response : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );

// Admitting a request to a rate-limited route: the client's window first, then the source address's. A request
// the client's limit refuses is not counted against the address, so one noisy portal does not use up a camp's.
// A public route's request has no client: only its address is counted.
import { RateLimitedError } from '../errors.js';
import { counterKey, windowOf, type RateLimitName, type RateLimitPolicy } from '../rate-limits.js';
import type { RequestCounters } from '../../ports/rate-limits.js';
import type { Clock, Keys } from './deps.js';

export interface RateLimitDeps {
  readonly counters: RequestCounters;
  readonly clock: Clock;
  readonly keys: () => Promise<Keys>;
  readonly policies: Readonly<Record<RateLimitName, RateLimitPolicy>>;
}

const what: Readonly<Record<RateLimitName, string>> = { 'sms-sending': 'requests that send an SMS', 'public-lookup': 'card checks' };

export const admitRequest = async (
  deps: RateLimitDeps,
  name: RateLimitName,
  client: string | undefined,
  sourceIp: string,
): Promise<void> => {
  const policy = deps.policies[name];
  const { mobileHmacKey } = await deps.keys();
  const now = deps.clock.now();
  const checks = [
    ...(client === undefined
      ? []
      : [
          {
            by: 'client' as const,
            value: client,
            limit: policy.perClient,
            code: 'CLIENT_RATE_LIMITED',
            message: `This client has sent too many ${what[name]}. Slow down and try again later.`,
          },
        ]),
    {
      by: 'ip' as const,
      value: sourceIp,
      limit: policy.perSourceIp,
      code: 'SOURCE_RATE_LIMITED',
      message: `Too many ${what[name]} came from this address. Try again later.`,
    },
  ];
  for (const check of checks) {
    const window = windowOf(now, check.limit.windowSeconds);
    if (
      !(await deps.counters.take(
        counterKey(name, check.by, check.value, mobileHmacKey),
        window.start,
        check.limit.windowSeconds,
        check.limit.limit,
      ))
    ) {
      throw new RateLimitedError({
        code: check.code,
        message: check.message,
        details: {
          limit: check.limit.limit,
          windowSeconds: check.limit.windowSeconds,
        },
        retryAfterSeconds: window.retryAfterSeconds,
      });
    }
  }
};

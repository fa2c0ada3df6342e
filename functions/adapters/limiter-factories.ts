// The request limiter of rate-limited routes (functions/api/http.ts): counters in the table, keyed by hashes.
import * as z from 'zod';
import { ConfigurationError } from '../core/errors.js';
import { rateLimitsSchema, rateLimitsWith, type RateLimitName } from '../core/rate-limits.js';
import { admitRequest } from '../core/use-cases/rate-limits.js';
import { parseEnv, tableShape } from '../config.js';
import { documents } from './dynamodb-client.js';
import { DynamoDbRequestCounters } from './dynamodb-rate-limits.js';
import { systemClock } from './table-factories.js';

const jsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The limiter of rate-limited routes (functions/api/http.ts): counters in the table, the defaults of
 * core/rate-limits.ts with RATE_LIMITS (JSON, by limit name) laid over them.
 */
export const createRequestLimiter = () => {
  const env = parseEnv({ ...tableShape, RATE_LIMITS: z.string().min(2).optional() });
  const parsed =
    env.RATE_LIMITS === undefined ? { success: true as const, data: {} } : rateLimitsSchema.safeParse(jsonOrUndefined(env.RATE_LIMITS));
  if (!parsed.success) {
    throw new ConfigurationError({
      message:
        'Configuration is invalid: RATE_LIMITS must be JSON like {"sms-sending":{"perClient":{"limit":120,"windowSeconds":60},"perSourceIp":{"limit":120,"windowSeconds":60}}}',
    });
  }
  const deps = {
    counters: new DynamoDbRequestCounters(documents, env.TABLE_NAME),
    clock: systemClock,
    // Loaded on first use: secrets.ts needs the master key, which only functions hashing anything are given.
    keys: async () => (await import('./secrets.js')).loadKeys(),
    policies: rateLimitsWith(parsed.data),
  };
  return { admit: (name: RateLimitName, client: string | undefined, sourceIp: string) => admitRequest(deps, name, client, sourceIp) };
};

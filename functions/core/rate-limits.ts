// Limits on requests that cost money or reach a person's phone: each SMS-sending route (functions/api/routes.ts
// `rateLimit`) is counted per client (the token's subject) and per source IP in fixed windows, on top of the
// per-mobile limit the OTP step keeps. API Gateway's own throttling is per route and stage, shared by every
// caller, and an HTTP API cannot carry AWS WAF's per-IP rules: neither tells one portal or one address from
// another. Pure: the adapter keeps the counters, this module decides the windows and the keys.
import { createHmac } from 'node:crypto';
import * as z from 'zod';

// `public-lookup`: public routes that read a record by a number a caller types (GET /v1/cards/{cardNumber}/status),
// counted per source IP only (a public caller has no subject): a desk checks a few cards a minute, a scraper many.
export const rateLimitNames = ['sms-sending', 'public-lookup'] as const;
export type RateLimitName = (typeof rateLimitNames)[number];

export interface WindowLimit {
  /** Requests admitted in one window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateLimitPolicy {
  readonly perClient: WindowLimit;
  readonly perSourceIp: WindowLimit;
}

const windowLimit = z
  .object({ limit: z.number().int().min(1).max(1_000_000), windowSeconds: z.number().int().min(1).max(86_400) })
  .strict();
export const rateLimitPolicySchema = z.object({ perClient: windowLimit, perSourceIp: windowLimit }).strict();

/**
 * Defaults: 120 a minute per client is a state portal's busiest hour (7,200 registrations) with room; a camp's
 * operators behind one router share an address. A deployment tunes them with RATE_LIMITS (JSON, by name).
 */
export const defaultRateLimits: Readonly<Record<RateLimitName, RateLimitPolicy>> = {
  'sms-sending': { perClient: { limit: 120, windowSeconds: 60 }, perSourceIp: { limit: 120, windowSeconds: 60 } },
  // A hospital's desks behind one address check a few cards a minute each; enumeration needs far more.
  'public-lookup': { perClient: { limit: 60, windowSeconds: 60 }, perSourceIp: { limit: 60, windowSeconds: 60 } },
};

export const rateLimitsSchema = z
  .object(
    Object.fromEntries(rateLimitNames.map((name) => [name, rateLimitPolicySchema.optional()])) as Record<
      RateLimitName,
      z.ZodOptional<typeof rateLimitPolicySchema>
    >,
  )
  .strict();

/** The defaults with a deployment's overrides (RATE_LIMITS) laid over them. */
export const rateLimitsWith = (overrides: z.infer<typeof rateLimitsSchema>): Record<RateLimitName, RateLimitPolicy> =>
  Object.fromEntries(rateLimitNames.map((name) => [name, overrides[name] ?? defaultRateLimits[name]])) as Record<
    RateLimitName,
    RateLimitPolicy
  >;

/** The fixed window `now` falls in: its start (epoch seconds) and how long until the next one opens. */
export const windowOf = (now: number, windowSeconds: number): { start: number; retryAfterSeconds: number } => {
  const seconds = now / 1000;
  const start = Math.floor(seconds / windowSeconds) * windowSeconds;
  return { start, retryAfterSeconds: Math.max(1, Math.ceil(start + windowSeconds - seconds)) };
};

/**
 * A counter's key: a keyed hash of what is counted, so the table holds neither a client's subject (an applicant's
 * may be personal) nor an IP address. The key is the one mobile-number tokens use, with its own label.
 */
export const counterKey = (name: RateLimitName, by: 'client' | 'ip', value: string, key: Buffer): string =>
  `${name}#${by}#${createHmac('sha256', key).update(`rate:${by}:${value}`).digest('hex').slice(0, 32)}`;

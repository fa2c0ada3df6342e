// Per-client and per-address limits of SMS-sending routes: fixed windows, keyed counters, the client first.
import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../functions/core/errors.js';
import { counterKey, defaultRateLimits, rateLimitsSchema, rateLimitsWith, windowOf } from '../../functions/core/rate-limits.js';
import { admitRequest } from '../../functions/core/use-cases/rate-limits.js';
import type { RequestCounters } from '../../functions/ports/rate-limits.js';

const key = Buffer.alloc(32, 7);
const keys = async () => ({ aadhaarHmacKey: key, otpHmacKey: key, mobileHmacKey: key });

class MemoryCounters implements RequestCounters {
  readonly counts = new Map<string, number>();
  async take(counter: string, windowStart: number, _windowSeconds: number, limit: number) {
    const slot = `${counter}@${windowStart}`;
    const count = this.counts.get(slot) ?? 0;
    if (count >= limit) return false;
    this.counts.set(slot, count + 1);
    return true;
  }
}

describe('rate limits', () => {
  it('cut time into fixed windows and say when the next one opens', () => {
    expect(windowOf(120_500, 60)).toEqual({ start: 120, retryAfterSeconds: 60 });
    expect(windowOf(179_100, 60)).toEqual({ start: 120, retryAfterSeconds: 1 });
    expect(windowOf(180_000, 60)).toEqual({ start: 180, retryAfterSeconds: 60 });
  });

  it('key counters by a keyed hash: neither the subject nor the address is in the key', () => {
    const ip = counterKey('sms-sending', 'ip', '203.0.113.9', key);
    expect(ip).toMatch(/^sms-sending#ip#[0-9a-f]{32}$/);
    expect(ip).not.toContain('203.0.113.9');
    expect(counterKey('sms-sending', 'client', '203.0.113.9', key)).not.toBe(ip);
    expect(counterKey('sms-sending', 'ip', '203.0.113.9', Buffer.alloc(32, 8))).not.toBe(ip);
  });

  it("take a deployment's overrides over the defaults, and refuse malformed ones", () => {
    const tuned = rateLimitsWith(
      rateLimitsSchema.parse({
        'sms-sending': { perClient: { limit: 5, windowSeconds: 3600 }, perSourceIp: { limit: 9, windowSeconds: 3600 } },
      }),
    );
    expect(tuned['sms-sending'].perClient.limit).toBe(5);
    expect(rateLimitsWith({})).toEqual(defaultRateLimits);
    expect(rateLimitsSchema.safeParse({ 'sms-sending': { perClient: { limit: 0, windowSeconds: 60 } } }).success).toBe(false);
    expect(rateLimitsSchema.safeParse({ 'bulk-export': {} }).success).toBe(false);
  });

  it('refuse a client past its limit, then an address past its own, each with its code and Retry-After', async () => {
    const counters = new MemoryCounters();
    const deps = {
      counters,
      keys,
      clock: { now: () => 1_000_000 },
      policies: {
        ...defaultRateLimits,
        'sms-sending': { perClient: { limit: 2, windowSeconds: 60 }, perSourceIp: { limit: 3, windowSeconds: 60 } },
      },
    };
    const admit = (client: string) =>
      admitRequest(deps, 'sms-sending', client, '203.0.113.9').then(
        () => 'admitted',
        (error: unknown) => error,
      );
    expect(await admit('portal-a')).toBe('admitted');
    expect(await admit('portal-a')).toBe('admitted');
    const client = (await admit('portal-a')) as RateLimitedError;
    expect([client.code, client.httpStatus, client.retryAfterSeconds]).toEqual(['CLIENT_RATE_LIMITED', 429, 20]);
    // The client's refusal did not count against the address: one more from another client gets through.
    expect(await admit('portal-b')).toBe('admitted');
    const address = (await admit('portal-b')) as RateLimitedError;
    expect(address.code).toBe('SOURCE_RATE_LIMITED');
  });

  it('count a public route (no client) by its source address alone', async () => {
    const counters = new MemoryCounters();
    const deps = {
      counters,
      keys,
      clock: { now: () => 1_000_000 },
      policies: {
        ...defaultRateLimits,
        'public-lookup': { perClient: { limit: 1, windowSeconds: 60 }, perSourceIp: { limit: 2, windowSeconds: 60 } },
      },
    };
    const admit = (sourceIp: string) =>
      admitRequest(deps, 'public-lookup', undefined, sourceIp).then(
        () => 'admitted',
        (error: unknown) => error,
      );
    // Past the per-client limit of 1: there is no client to count.
    expect(await admit('198.51.100.7')).toBe('admitted');
    expect(await admit('198.51.100.7')).toBe('admitted');
    const refused = (await admit('198.51.100.7')) as RateLimitedError;
    expect([refused.code, refused.message]).toEqual([
      'SOURCE_RATE_LIMITED',
      'Too many card checks came from this address. Try again later.',
    ]);
    expect(await admit('198.51.100.8')).toBe('admitted');
  });
});

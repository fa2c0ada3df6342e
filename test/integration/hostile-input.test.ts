// Limits that hold in front of every handler, on the embedded stack as on AWS (functions/api/http.ts): SMS-
// sending routes counted per client and per source address (429 with Retry-After, a stable code for each), the
// per-mobile limit keyed by a keyed hash of the number, and bodies held to their route's size and to JSON.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mobileToken } from '../../functions/core/anomalies.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';

// Small limits, a day long (a window boundary inside this test is a second in 86,400).
const stack = useRegistrationStack({
  extraEnv: {
    RATE_LIMITS: JSON.stringify({
      'sms-sending': { perClient: { limit: 3, windowSeconds: 86_400 }, perSourceIp: { limit: 6, windowSeconds: 86_400 } },
    }),
  },
});

const madeUp = '00000000-0000-4000-8000-000000000000';

const rateItems = (prefix: string) => stack.driver.tableItems(prefix);

describe('SMS-sending routes', () => {
  it('keep the per-mobile count under a keyed hash of the number, never the number or its plain hash', async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 0);
    // One SMS-sending request from this address: counted below.
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity));
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const { deriveKeys } = await import('../../functions/adapters/secrets.js');
    const expected = `RATE#MOBILE#${mobileToken(mobile, deriveKeys(String(stack.env.stack.environments.registrations.PIPELINE_MASTER_KEY)).mobileHmacKey)}`;
    const items = await eventually('the mobile counted', async () => {
      const found = await rateItems('RATE#MOBILE#');
      return found.length > 0 ? found : undefined;
    });
    expect(items.map((item) => item.pk)).toContain(expected);
    const text = JSON.stringify(items);
    expect(text).not.toContain(mobile);
    expect(text).not.toContain(createHash('sha256').update(mobile).digest('hex').slice(0, 32));
  });

  it('are limited per client, then per source address: 429 with Retry-After and a code saying which', async () => {
    const { issuer } = stack.env.stack;
    const clientA = await issuer.sign({ roles: ['portal'] }, 'rate-portal-a');
    const clientB = await issuer.sign({ roles: ['portal'] }, 'rate-portal-b');
    const resend = async (token: string) => {
      const response = await stack.env.api(`/v1/registrations/${madeUp}/mobile-otp/resend`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as { code: string; details?: Record<string, unknown> },
      };
    };
    // Client A: its three are admitted (and answered: no such registration), the fourth is the client's limit.
    const a = [await resend(clientA), await resend(clientA), await resend(clientA), await resend(clientA)];
    expect(a.map((answer) => [answer.status, answer.body.code])).toEqual([
      [404, 'REGISTRATION_NOT_FOUND'],
      [404, 'REGISTRATION_NOT_FOUND'],
      [404, 'REGISTRATION_NOT_FOUND'],
      [429, 'CLIENT_RATE_LIMITED'],
    ]);
    const retryAfter = Number(a[3]?.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(a[3]?.body.details).toMatchObject({ limit: 3, windowSeconds: 86_400, retryAfterSeconds: retryAfter });
    // Client B from the same address: the address has had 1 + 3 = 4 of its 6 (A's refused one was not counted).
    const b = [await resend(clientB), await resend(clientB), await resend(clientB)];
    expect(b.map((answer) => [answer.status, answer.body.code])).toEqual([
      [404, 'REGISTRATION_NOT_FOUND'],
      [404, 'REGISTRATION_NOT_FOUND'],
      [429, 'SOURCE_RATE_LIMITED'],
    ]);
    expect(Number(b[2]?.retryAfter)).toBeGreaterThan(0);
    // A route that sends no SMS is not counted: reading works for both.
    expect((await stack.env.api(`/v1/registrations/${madeUp}`, { headers: { authorization: `Bearer ${clientA}` } })).status).toBe(404);
    // The counters' keys name neither the clients nor the address.
    const counters = JSON.stringify(await rateItems('RATE#sms-sending#'));
    expect(counters).toContain('RATE#sms-sending#client#');
    expect(counters).toContain('RATE#sms-sending#ip#');
    for (const secret of ['rate-portal-a', 'rate-portal-b', '127.0.0.1']) expect(counters).not.toContain(secret);
  });
});

describe('request bodies over the wire', () => {
  it("are held to the route's limit and to JSON, before any handler work", async () => {
    const post = (path: string, body: string, contentType = 'application/json') =>
      stack.env
        .api(path, { method: 'POST', role: 'ddo', headers: { 'content-type': contentType }, body })
        .then(async (response) => ({ status: response.status, code: ((await response.json()) as { code: string }).code }));
    const big = JSON.stringify({ decision: 'approve', note: 'x'.repeat(20_000) });
    expect(await post(`/v1/approvals/A-${madeUp}/decision`, big)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // The bulk route takes more: the same size reaches its schema (and is refused there, for its shape).
    expect(await post('/v1/approvals/decisions', big)).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await post(`/v1/approvals/A-${madeUp}/decision`, 'decision=approve', 'application/x-www-form-urlencoded')).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(await post(`/v1/approvals/A-${madeUp}/decision`, JSON.stringify({ decision: 'approve', approvedBy: 'me' }))).toEqual({
      status: 400,
      code: 'INVALID_REQUEST',
    });
    expect(await post(`/v1/approvals/A-${madeUp}/decision`, `${'['.repeat(20)}${']'.repeat(20)}`)).toEqual({
      status: 400,
      code: 'JSON_TOO_DEEP',
    });
  });
});

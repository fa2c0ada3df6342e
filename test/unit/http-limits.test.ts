// The shared HTTP adapter's limits, which hold in every Lambda on AWS as on the embedded stack: body size per
// route (the route table's bodyLimitBytes), JSON only, nesting depth, and the per-client / per-address limiter
// of SMS-sending routes, answered 429 with Retry-After.
import { describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { httpHandler, json, maxJsonDepth, type HttpEvent, type RequestLimiter } from '../../functions/api/http.js';
import { bodyLimitOf, defaultBodyLimitBytes, findRoute, routes } from '../../functions/api/routes.js';
import { ConfigurationError, RateLimitedError } from '../../functions/core/errors.js';

const claims = { sub: 'portal-7', roles: '[portal operator ddo]', ddo_codes: '[DDO-1]', districts: '[Lucknow]' };

const event = (routeKey: string, options: { body?: string; contentType?: string; base64?: boolean; sourceIp?: string } = {}): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: options.contentType === undefined ? {} : { 'Content-Type': options.contentType },
    isBase64Encoded: options.base64 === true,
    ...(options.body === undefined ? {} : { body: options.body }),
    requestContext: {
      requestId: 'req-1',
      routeKey,
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '203.0.113.9', userAgent: 'test' },
      authorizer: { jwt: { claims, scopes: null } },
    },
  }) as unknown as HttpEvent;

const echo = async (request: { body: unknown }) => json(200, { body: request.body ?? null });
const decision = 'POST /v1/approvals/{taskId}/decision';
const bulk = 'POST /v1/approvals/decisions';
const handler = httpHandler({ [decision]: echo, [bulk]: echo }, { routes });
const call = async (e: HttpEvent) => {
  const result = await handler(e, {} as Context);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(String(result.body)) as { code?: string; details?: Record<string, unknown>; body?: unknown },
  };
};

describe('request bodies', () => {
  it("take the route table's limit: 16 KiB by default, more where a route declares it", () => {
    expect(bodyLimitOf(findRoute(decision) as never)).toBe(defaultBodyLimitBytes);
    expect(defaultBodyLimitBytes).toBe(16 * 1024);
    expect(bodyLimitOf(findRoute(bulk) as never)).toBeGreaterThan(defaultBodyLimitBytes);
    expect(bodyLimitOf(findRoute('POST /v1/registrations/{id}/ekyc') as never)).toBeGreaterThanOrEqual(200_000);
    // No route takes more than API Gateway carries.
    expect(Math.max(...routes.map(bodyLimitOf))).toBeLessThan(10 * 1024 * 1024);
  });

  it("refuses a body over its route's limit with 413 PAYLOAD_TOO_LARGE, counting bytes, not characters", async () => {
    const padding = (bytes: number, unit = 'a') => JSON.stringify({ note: unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))) });
    expect((await call(event(decision, { body: padding(10_000), contentType: 'application/json' }))).status).toBe(200);
    const hindi = await call(event(decision, { body: padding(20_000, 'क'), contentType: 'application/json' }));
    expect([hindi.status, hindi.body.code, hindi.body.details?.limitBytes]).toEqual([413, 'PAYLOAD_TOO_LARGE', defaultBodyLimitBytes]);
    // The same body is within the bulk route's limit.
    expect((await call(event(bulk, { body: padding(20_000, 'क'), contentType: 'application/json' }))).status).toBe(200);
    // A base64-encoded body is measured decoded.
    const encoded = Buffer.from(padding(13_000)).toString('base64');
    expect(encoded.length).toBeGreaterThan(defaultBodyLimitBytes);
    expect((await call(event(decision, { body: encoded, base64: true }))).status).toBe(200);
  });

  it('refuses a body that is not JSON by its content type with 415, and takes JSON with parameters or +json', async () => {
    const body = JSON.stringify({ decision: 'approve' });
    const form = await call(event(decision, { body, contentType: 'application/x-www-form-urlencoded' }));
    expect([form.status, form.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await call(event(decision, { body, contentType: 'text/plain' }))).status).toBe(415);
    expect((await call(event(decision, { body, contentType: 'application/json; charset=utf-8' }))).status).toBe(200);
    expect((await call(event(decision, { body, contentType: 'application/merge-patch+json' }))).status).toBe(200);
    expect((await call(event(decision, { body }))).status).toBe(200);
  });

  it('refuses JSON nested deeper than the API ever nests with 400 JSON_TOO_DEEP', async () => {
    const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect((await call(event(decision, { body: nested(maxJsonDepth) }))).status).toBe(200);
    const deep = await call(event(decision, { body: nested(maxJsonDepth + 1) }));
    expect([deep.status, deep.body.code]).toEqual([400, 'JSON_TOO_DEEP']);
    const arrays = await call(event(decision, { body: '['.repeat(5000) + ']'.repeat(5000) }));
    expect([arrays.status, arrays.body.code]).toEqual([400, 'JSON_TOO_DEEP']);
  });
});

describe('rate-limited routes', () => {
  const resend = 'POST /v1/registrations/{id}/mobile-otp/resend';

  it('are the routes that make the pipeline send an SMS', () => {
    const limited = routes.filter((route) => route.rateLimit !== undefined).map((route) => `${route.method} ${route.path}`);
    expect(limited).toEqual(
      expect.arrayContaining([
        'POST /v1/registrations',
        resend,
        'POST /v1/registrations/{id}/dependents',
        'POST /v1/registrations/{id}/ekyc',
      ]),
    );
  });

  it('cannot be served by a handler without a limiter', () => {
    expect(() => httpHandler({ [resend]: echo }, { routes })).toThrow(ConfigurationError);
  });

  it("ask the limiter with the token's subject and the source address, and answer its refusal 429 with Retry-After", async () => {
    const asked: [string, string | undefined, string][] = [];
    let refuse = false;
    const limiter: RequestLimiter = {
      admit: async (name, client, sourceIp) => {
        asked.push([name, client, sourceIp]);
        if (refuse)
          throw new RateLimitedError({ code: 'CLIENT_RATE_LIMITED', message: 'Slow down.', details: { limit: 1 }, retryAfterSeconds: 42 });
      },
    };
    const limited = httpHandler({ [resend]: echo }, { routes, limiter });
    const admitted = await limited(event(resend, { sourceIp: '198.51.100.4' }), {} as Context);
    expect(admitted.statusCode).toBe(200);
    expect(asked).toEqual([['sms-sending', 'portal-7', '198.51.100.4']]);
    refuse = true;
    const refused = await limited(event(resend), {} as Context);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('42');
    expect(JSON.parse(String(refused.body))).toMatchObject({ code: 'CLIENT_RATE_LIMITED', details: { retryAfterSeconds: 42 } });
  });

  it('are not counted for a body refused before the route runs', async () => {
    let asked = 0;
    const limited = httpHandler({ [resend]: echo }, { routes, limiter: { admit: async () => void (asked += 1) } });
    expect((await limited(event(resend, { body: '{oops' }), {} as Context)).statusCode).toBe(400);
    expect(asked).toBe(0);
  });
});

// The shared HTTP adapter: authorization against the route table and errors with stable codes.
import { describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { authorize, httpHandler, json, type HttpEvent } from '../../functions/api/http.js';
import { routes, type Route } from '../../functions/api/routes.js';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../../functions/core/errors.js';

const protectedRoute: Route = {
  method: 'GET',
  path: '/v1/example',
  function: 'health',
  access: { roles: ['ddo', 'verifier'], scope: 'none' },
  summary: 'example',
  success: { status: 200, schema: z.object({ ok: z.boolean() }), description: 'example' },
};

const event = (routeKey: string, claims?: Record<string, string>, body?: string): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    requestContext: {
      requestId: 'req-1',
      routeKey,
      ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
    },
  }) as unknown as HttpEvent;

describe('authorize', () => {
  it('admits a caller holding one of the route roles', () => {
    const caller = authorize(protectedRoute, event('GET /v1/example', { sub: 's', roles: '[verifier]', districts: '[Lucknow]' }));
    expect(caller?.roles).toEqual(['verifier']);
    expect(caller?.districts).toEqual(['Lucknow']);
  });

  it('refuses a caller without a token (401) and one without the role (403)', () => {
    expect(() => authorize(protectedRoute, event('GET /v1/example'))).toThrow(UnauthorizedError);
    expect(() => authorize(protectedRoute, event('GET /v1/example', { sub: 's', roles: '[portal]' }))).toThrow(ForbiddenError);
  });

  it('lets public routes through without a caller', () => {
    const health = routes.find((route) => route.path === '/health') as Route;
    expect(authorize(health, event('GET /health'))).toBeUndefined();
  });
});

describe('httpHandler', () => {
  const handler = httpHandler(
    {
      'GET /health': async (request) => {
        if (request.body !== undefined) throw new ConflictError({ code: 'ALREADY_DONE', message: 'Already done.', details: { id: 'x' } });
        return json(200, { ok: true });
      },
    },
    { routes },
  );
  const call = (e: HttpEvent) => handler(e, {} as Context);

  it('answers a declared route', async () => {
    const result = await call(event('GET /health'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ ok: true });
  });

  it('turns domain errors into their status with a stable code and message', async () => {
    const result = await call(event('GET /health', undefined, '{"a":1}'));
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(String(result.body))).toEqual({ code: 'ALREADY_DONE', message: 'Already done.', details: { id: 'x' } });
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const result = await call(event('GET /health', undefined, '{oops'));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(String(result.body)).code).toBe('INVALID_JSON');
  });

  it('answers an unknown route key with 404 ROUTE_NOT_FOUND', async () => {
    const result = await call(event('GET /v1/nothing'));
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(String(result.body)).code).toBe('ROUTE_NOT_FOUND');
  });
});

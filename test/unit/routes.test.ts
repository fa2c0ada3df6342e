// The route table is the authorization matrix: no route may be open by accident, and every handler serves
// exactly the routes the table gives it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../functions/api/routes.js';
import * as z from 'zod';
import { httpHandler, serveRoutes } from '../../functions/api/http.js';
import { defineRoutes, type RouteHandler } from '../../functions/api/routes/define.js';
import { withFunctionEnvironment } from '../../functions/config.js';
import { ConfigurationError } from '../../functions/core/errors.js';
import { isRole } from '../../functions/core/identity.js';
import { functionSpecs, type FunctionKey } from '../../infra/specs.js';
import { ensureLocalKeys } from '../../local/keys.js';
import { offlineFunctionEnvironment, projectRoot } from '../../local/stack.js';

const apiFunctions = [...new Set(routes.map((route) => route.function))];

// Handler modules parse their configuration when loaded: each loads in the environment its `uses` grant (the
// embedded stack's values, nothing listening), as on Lambda; these values are never used to call anything.
const keys = ensureLocalKeys(mkdtempSync(join(tmpdir(), 'unit-keys-')));
const load = (fn: FunctionKey) =>
  withFunctionEnvironment(
    offlineFunctionEnvironment(keys, functionSpecs[fn].uses),
    () => import(pathToFileURL(join(projectRoot, functionSpecs[fn].entry)).href),
  );

describe('route table', () => {
  it.each(routes.map((route) => [routeKey(route), route] as const))('%s declares who may call it', (_key, route) => {
    if (route.access.public === true) {
      expect(route.access.why.length).toBeGreaterThan(20);
    } else {
      expect(route.access.roles.length).toBeGreaterThan(0);
      for (const role of route.access.roles) expect(isRole(role)).toBe(true);
      expect(['none', 'ddo-code', 'district', 'registration', 'approver-queue']).toContain(route.access.scope);
    }
    expect(route.path.startsWith('/')).toBe(true);
  });

  it('has no route twice', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(apiFunctions)('the %s handler serves exactly its routes from the table', async (fn: FunctionKey) => {
    const module = (await load(fn)) as { handler: { routeKeys: string[] } };
    const declared = routes.filter((route) => route.function === fn).map(routeKey);
    expect([...module.handler.routeKeys].sort()).toEqual([...declared].sort());
  });

  it('documents every route in the OpenAPI document, and nothing else', async () => {
    const { openApiDocument } = await import('../../functions/api/openapi.js');
    const document = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
    const start = document.paths['/v1/registrations']?.post as { requestBody: unknown; parameters: { name: string }[] };
    expect(JSON.stringify(start.requestBody)).toContain('StartRegistration');
    expect(start.parameters.map((parameter) => parameter.name)).toContain('idempotency-key');
  });

  // The compiler is the first check (each @ts-expect-error below fails `tsc` if the mistake compiles); the same
  // mistakes, made past it, are refused when the function's module loads.
  describe('a function module pairs each declaration with one handler', () => {
    const declared = defineRoutes('me', {
      'GET /v1/one': {
        access: { public: true, why: 'A route for this test only, never served by any function.' },
        summary: 'one',
        success: { status: 200, schema: z.object({ n: z.number() }), description: 'one', also: { 203: 'another' } },
      },
      'GET /v1/two/{id}': {
        access: { roles: ['state-admin'], scope: 'none' },
        summary: 'two',
        request: { params: { id: { schema: z.coerce.number(), what: 'id' } } },
        success: { status: 201, schema: z.object({ id: z.number(), who: z.string() }), description: 'two' },
      },
    });
    const one: RouteHandler<(typeof declared.declarations)['GET /v1/one']> = async () => ({ status: 203, body: { n: 1 } });
    const two: RouteHandler<(typeof declared.declarations)['GET /v1/two/{id}']> = async ({ params, caller }) => ({
      status: 201,
      body: { id: params.id, who: caller.subject },
    });

    it('needs a schema for each parameter of the path, and no other', () => {
      const access = { public: true, why: 'A route for this test only, never served by any function.' } as const;
      const success = { status: 200, schema: z.object({}), description: 'three' } as const;
      // @ts-expect-error -- {id} has no declared schema
      const missing = defineRoutes('me', { 'GET /v1/three/{id}': { access, summary: 'three', success } });
      const extra = defineRoutes('me', {
        // @ts-expect-error -- the path has no {id}
        'GET /v1/three': { access, summary: 'three', success, request: { params: { id: { schema: z.string(), what: 'id' } } } },
      });
      expect([...missing.routes, ...extra.routes]).toHaveLength(2);
    });

    it('refuses a declared route without a handler', () => {
      // @ts-expect-error -- 'GET /v1/two/{id}' is declared and has no handler
      expect(() => serveRoutes(declared, { 'GET /v1/one': one })).toThrow(ConfigurationError);
    });

    it('refuses a handler without a declaration', () => {
      // @ts-expect-error -- 'GET /v1/three' is not declared
      expect(() => serveRoutes(declared, { 'GET /v1/one': one, 'GET /v1/two/{id}': two, 'GET /v1/three': one })).toThrow(
        ConfigurationError,
      );
    });

    it('types a handler by its declaration: a status, a body or a path parameter not declared does not compile', () => {
      // @ts-expect-error -- 202 is neither the success status nor an `also` one
      const wrongStatus: RouteHandler<(typeof declared.declarations)['GET /v1/one']> = async () => ({ status: 202, body: { n: 1 } });
      // @ts-expect-error -- n is a number in the declared schema
      const wrongBody: RouteHandler<(typeof declared.declarations)['GET /v1/one']> = async () => ({ status: 200, body: { n: '1' } });
      const wrongParameter: RouteHandler<(typeof declared.declarations)['GET /v1/two/{id}']> = async ({ params, caller }) => ({
        status: 201,
        // @ts-expect-error -- the route has no path parameter `name`
        body: { id: params.name, who: caller.subject },
      });
      expect([wrongStatus, wrongBody, wrongParameter]).toHaveLength(3);
      expect(serveRoutes(declared, { 'GET /v1/one': one, 'GET /v1/two/{id}': two }).routeKeys).toEqual(['GET /v1/one', 'GET /v1/two/{id}']);
    });
  });

  it('refuses to build a handler for a route nobody declared', () => {
    expect(() => httpHandler({ 'GET /v1/undeclared': async () => ({ statusCode: 200 }) }, { routes })).toThrow(ConfigurationError);
  });
});

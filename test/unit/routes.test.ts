// The route table is the authorization matrix: no route may be open by accident, and every handler serves
// exactly the routes the table gives it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../functions/api/routes.js';
import { httpHandler } from '../../functions/api/http.js';
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

  it('refuses to build a handler for a route nobody declared', () => {
    expect(() => httpHandler({ 'GET /v1/undeclared': async () => ({ statusCode: 200 }) })).toThrow(ConfigurationError);
  });
});

// The route table is the authorization matrix: no route may be open by accident, and every handler serves
// exactly the routes the table gives it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../functions/api/routes.js';
import { httpHandler } from '../../functions/api/http.js';
import { ConfigurationError } from '../../functions/core/errors.js';
import { isRole } from '../../functions/core/identity.js';
import { functionSpecs, type FunctionKey } from '../../infra/specs.js';
import { projectRoot } from '../../local/stack.js';

const apiFunctions = [...new Set(routes.map((route) => route.function))];

describe('route table', () => {
  beforeAll(() => {
    // Handler modules parse their configuration when loaded; these values are never used to call anything.
    Object.assign(process.env, {
      AWS_REGION: 'ap-south-1',
      TABLE_NAME: 'unit-table',
      ROSTER_BUCKET_NAME: 'unit-rosters',
      CARD_BUCKET_NAME: 'unit-cards',
      REPORT_BUCKET_NAME: 'unit-reports',
      REGISTRATION_STATE_MACHINE_ARN: 'arn:aws:states:ap-south-1:000000000000:stateMachine:unit',
    });
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s declares who may call it', (_key, route) => {
    if (route.access.public === true) {
      expect(route.access.why.length).toBeGreaterThan(20);
    } else {
      expect(route.access.roles.length).toBeGreaterThan(0);
      for (const role of route.access.roles) expect(isRole(role)).toBe(true);
      expect(['none', 'ddo-code', 'district', 'registration']).toContain(route.access.scope);
    }
    expect(route.path.startsWith('/')).toBe(true);
  });

  it('has no route twice', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(apiFunctions)('the %s handler serves exactly its routes from the table', async (fn: FunctionKey) => {
    const module = (await import(pathToFileURL(join(projectRoot, functionSpecs[fn].entry)).href)) as { handler: { routeKeys: string[] } };
    const declared = routes.filter((route) => route.function === fn).map(routeKey);
    expect([...module.handler.routeKeys].sort()).toEqual([...declared].sort());
  });

  it('refuses to build a handler for a route nobody declared', () => {
    expect(() => httpHandler({ 'GET /v1/undeclared': async () => ({ statusCode: 200 }) })).toThrow(ConfigurationError);
  });
});

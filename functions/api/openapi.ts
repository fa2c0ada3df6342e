// GET /v1/openapi.json: the API described from the route declarations (functions/api/routes/*.ts: paths, who may
// call, the zod schemas the handlers are parsed and typed with), so the document cannot drift from the code; and,
// per route, every status it answers with the error codes of each (error-codes.ts), checked against real answers
// by the integration tests (test/support/contract.ts). GET /v1/consents: the e-KYC consent texts (core/consents.ts).
import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { routes } from './routes/index.js';
import type { Route } from './routes/define.js';
import { openApiRoutes } from './routes/openapi.js';
import { ErrorBody } from './routes/shared.js';
import { serveRoutes } from './http.js';
import { errorMeaning } from './error-codes.js';
import { consentTexts } from '../core/consents.js';
import { idempotencyKeyPattern } from '../core/use-cases/start-registration.js';

const pathParameterNames = (route: Route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);

const pathParameters = (route: Route) => {
  const names = pathParameterNames(route);
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
};

/** Every property name a request schema has, at any depth (its JSON Schema's `properties`). */
const propertyNamesOf = (schema: z.ZodType): string[] => {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && typeof value === 'object' && value !== null) names.push(...Object.keys(value));
        walk(value);
      }
    }
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  return names;
};

/** Every code a route can answer, by status: its own (its declared `errors`) and those of the machinery around it. */
export const errorCodesOf = (route: Route): Map<number, string[]> => {
  const request = route.request ?? {};
  const codes = new Map<number, string[]>();
  const add = (status: number, ...more: readonly string[]) => codes.set(status, [...new Set([...(codes.get(status) ?? []), ...more])]);
  add(400, 'INVALID_JSON', 'JSON_TOO_DEEP');
  if (pathParameterNames(route).length > 0) add(400, 'INVALID_PATH', 'INVALID_REQUEST');
  if (request.body !== undefined || request.query !== undefined) {
    // Every request string refuses hidden characters; place names have codes of their own (schemas.ts).
    add(400, 'INVALID_REQUEST', 'INVALID_CHARACTERS');
    const fields = new Set([request.body, request.query].flatMap((schema) => (schema === undefined ? [] : propertyNamesOf(schema))));
    if (['district', 'districts', 'block', 'village'].some((field) => fields.has(field))) add(400, 'INVALID_PLACE_NAME');
    if (fields.has('district') || fields.has('districts')) add(400, 'UNKNOWN_DISTRICT');
    if (fields.has('block')) add(400, 'UNKNOWN_BLOCK');
  }
  for (const [status, own] of Object.entries(route.errors ?? {})) add(Number(status), ...own);
  if (route.access.public !== true) {
    add(401, 'UNAUTHORIZED');
    add(403, 'FORBIDDEN');
  }
  add(413, 'PAYLOAD_TOO_LARGE');
  add(415, 'UNSUPPORTED_MEDIA_TYPE');
  if (route.rateLimit !== undefined) add(429, 'CLIENT_RATE_LIMITED', 'SOURCE_RATE_LIMITED');
  add(500, 'INTERNAL');
  if (route.usesServices !== false) add(503, 'PROVIDER_UNAVAILABLE');
  return new Map([...codes.entries()].sort(([one], [other]) => one - other));
};

const errorDescription = (codes: readonly string[]) =>
  `Refused or failed, with one of these codes:\n${codes.map((code) => `- \`${code}\`: ${errorMeaning(code) ?? ''}`).join('\n')}`;

/** Lower camel case from the method and path: `POST /v1/registrations/{id}/mobile-otp/verify` is postRegistrationMobileOtpVerify. */
const operationIdOf = (route: Route): string => {
  const words = route.path
    .replace(/^\/v1\//, '/')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .flatMap((segment) => segment.split(/[-.]/));
  return [route.method.toLowerCase(), ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join('');
};

const buildDocument = () => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const request = route.request ?? {};
    const { success } = route;
    const params = pathParameters(route);
    const errors = Object.fromEntries(
      [...errorCodesOf(route)].map(([status, codes]) => [
        status,
        {
          description: errorDescription(codes),
          content: {
            'application/json': {
              // The Error schema, its code narrowed to this route's codes for the status (allOf in the document).
              schema: z.intersection(ErrorBody, z.object({ code: z.enum(codes as [string, ...string[]]) })),
            },
          },
        },
      ]),
    );
    const successContent =
      success.mediaType === undefined
        ? { 'application/json': { schema: success.schema } }
        : { [success.mediaType]: { schema: { type: 'string' as const, contentMediaType: success.mediaType } } };
    const config: RouteConfig = {
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      operationId: operationIdOf(route),
      summary: route.summary,
      description:
        route.access.public === true
          ? `Public: ${route.access.why}`
          : `Roles: ${route.access.roles.join(', ')}. Scope checked: ${route.access.scope}.`,
      security: route.access.public === true ? [] : [{ bearer: [] }],
      request: {
        ...(params === undefined ? {} : { params }),
        ...(request.query === undefined ? {} : { query: request.query }),
        ...(request.idempotencyKey === true
          ? {
              headers: z.object({
                'idempotency-key': z
                  .string()
                  .regex(idempotencyKeyPattern)
                  .meta({
                    description:
                      '8 to 128 characters, each a letter (A-Z, a-z), a digit, `-` or `_` (a UUID fits). Scoped to the client: the same key with the same request answers the registration it started (200), with another request 409 IDEMPOTENCY_KEY_REUSED. Missing: 400 IDEMPOTENCY_KEY_REQUIRED; another character or length: 400 IDEMPOTENCY_KEY_INVALID. Kept 7 days.',
                    examples: ['3f0c9a52-7d1e-4b8a-9a57-0d6f2f1f6c11'],
                  }),
              }),
            }
          : {}),
        ...(request.body === undefined ? {} : { body: { content: { 'application/json': { schema: request.body } } } }),
      },
      responses: {
        [success.status]: { description: success.description, content: successContent },
        ...Object.fromEntries(
          Object.entries(success.also ?? {}).map(([status, description]) => [status, { description, content: successContent }]),
        ),
        ...errors,
      },
    };
    registry.registerPath(config);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'healthcard-pipeline API',
      version: '1.0.0',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Registration for health-card drives: mobile OTP, Aadhaar e-KYC, roster match, approval, card. Every error answer carries a stable `code` (each route lists the codes it can answer, by status) and a `message` for a person.',
    },
    servers: [{ url: '/', description: 'The deployment that serves this document' }],
  });
};

let document: ReturnType<typeof buildDocument> | undefined;

export const openApiDocument = () => (document ??= buildDocument());

const cached = { 'cache-control': 'public, max-age=300' };

export const handler = serveRoutes(openApiRoutes, {
  'GET /v1/openapi.json': async () => ({ status: 200, body: openApiDocument() as unknown as Record<string, unknown>, headers: cached }),
  'GET /v1/consents': async () => ({ status: 200, body: { items: consentTexts }, headers: cached }),
});

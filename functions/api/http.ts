// The HTTP adapter every API handler shares: find the route's declaration among the routes the function serves
// (its own module, functions/api/routes/<function>.ts), authorize the caller against it, hold the body to the
// route's size limit and to JSON, count rate-limited routes per client and per address, run the route's function,
// and turn errors into JSON with a stable code. It runs inside each Lambda, so every limit here holds on AWS
// exactly as on the embedded stack. Handlers stay thin: they get the request parsed by the route's declared
// schemas (`serveRoutes`), call a use case in core/ and answer a declared status.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerFromClaims, type Caller } from '../core/identity.js';
import {
  ConfigurationError,
  ForbiddenError,
  HealthcardError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../core/errors.js';
import type { RateLimitName } from '../core/rate-limits.js';
import { logger } from '../adapters/logger.js';
import {
  bodyLimitOf,
  routeKey,
  type ParsedRequest,
  type Route,
  type RouteDeclaration,
  type RouteGroup,
  type RouteHandlers,
} from './routes/define.js';
import { parseWith } from './routes/shared.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRequest {
  readonly route: Route;
  /** Undefined only on public routes. */
  readonly caller: Caller | undefined;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, parsed; undefined when there is none. */
  readonly body: unknown;
}

export type RouteFunction = (request: HttpRequest) => Promise<HttpResult>;

/** Admits a request to a rate-limited route or throws RateLimitedError (functions/adapters/factories.ts builds one). */
export interface RequestLimiter {
  /** `client` is the caller's subject; undefined on a public route, counted by its source address only. */
  admit(name: RateLimitName, client: string | undefined, sourceIp: string): Promise<void>;
}

export interface HttpHandlerOptions {
  /** The routes this handler serves, as declared: it authorizes and limits by these, and knows no others. */
  readonly routes: readonly Route[];
  /** Required when any route the handler serves declares a `rateLimit`. */
  readonly limiter?: RequestLimiter;
}

/** Deeper than any request of this API (a bulk decision is 3 levels): a deeper body is refused before zod walks it. */
export const maxJsonDepth = 8;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({
  code,
  message,
  ...(details === undefined ? {} : { details }),
});

/** Roles first; scope (the record's DDO code, district, registration) is checked by the use case that reads it. */
export const authorize = (route: Route, event: HttpEvent): Caller | undefined => {
  if (route.access.public === true) return undefined;
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims === undefined) throw new UnauthorizedError({ message: 'A valid bearer token is required.' });
  const caller = callerFromClaims(claims);
  // Every scope check, record owner, idempotency scope and actor is keyed by the subject: a token without one
  // would share all of them with every other such token.
  if (caller.subject === '') throw new UnauthorizedError({ message: 'The token names no subject.' });
  const admitted = route.access.roles;
  if (!caller.roles.some((role) => admitted.includes(role))) {
    throw new ForbiddenError({ message: `This action needs one of the roles: ${admitted.join(', ')}.` });
  }
  return caller;
};

const jsonMediaType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

const depthOf = (value: unknown): number => {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > maxJsonDepth) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
};

/** The body as JSON: no larger than the route takes, JSON by its content type (when it names one), not too deep. */
const parseBody = (event: HttpEvent, route: Route, headers: Readonly<Record<string, string>>): unknown => {
  if (event.body === undefined || event.body === '') return undefined;
  const limit = bodyLimitOf(route);
  const size = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (size > limit) {
    throw new PayloadTooLargeError({
      message: `The request body is ${size} bytes; ${routeKey(route)} takes at most ${limit}.`,
      details: { limitBytes: limit },
    });
  }
  const contentType = headers['content-type'];
  if (contentType !== undefined && !jsonMediaType.test(contentType)) {
    throw new UnsupportedMediaTypeError({ message: 'Send the request body as JSON, with content-type: application/json.' });
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError({ code: 'INVALID_JSON', message: 'The request body is not valid JSON.' });
  }
  if (depthOf(body) > maxJsonDepth)
    throw new ValidationError({ code: 'JSON_TOO_DEEP', message: `The request body nests deeper than ${maxJsonDepth} levels.` });
  return body;
};

const lowerCaseKeys = (record: Record<string, string | undefined> | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => [key.toLowerCase(), value]),
  );

const definedValues = (record: Record<string, string | undefined> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** Error responses: ours carry a stable code; anything unexpected is logged and answered without internals. */
const toErrorResult = (error: unknown, requestId: string | undefined): HttpResult => {
  if (error instanceof RateLimitedError) {
    // 429s carry Retry-After, as HTTP clients expect.
    const retryAfter: Record<string, string> =
      error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
    return json(error.httpStatus, errorBody(error.code, error.message, error.details), retryAfter);
  }
  if (error instanceof HealthcardError && error.httpStatus < 500) {
    return json(error.httpStatus, errorBody(error.code, error.message, error.details));
  }
  if (error instanceof HealthcardError) {
    logger.error('request failed', { errorName: error.name, code: error.code, requestId });
    return json(error.httpStatus, errorBody(error.code, error.message));
  }
  // The message helps whoever reads the log; the privacy tests scan every log line, so a leak here would show.
  logger.error('unexpected error', {
    errorName: error instanceof Error ? error.name : typeof error,
    errorMessage: error instanceof Error ? error.message.slice(0, 300) : undefined,
    requestId,
  });
  return json(
    500,
    errorBody(
      'INTERNAL',
      'Something went wrong on our side. Try again; if it persists, report the request id.',
      requestId === undefined ? undefined : { requestId },
    ),
  );
};

/**
 * Build a Lambda handler for a group of routes. Every route key it serves must be among the declared routes it is
 * given: a handler cannot serve a route nobody declared access for.
 */
export const httpHandler = (functions: Record<string, RouteFunction>, options: HttpHandlerOptions) => {
  const declared = new Map(options.routes.map((route) => [routeKey(route), route]));
  const findRoute = (key: string) => declared.get(key);
  for (const key of Object.keys(functions)) {
    const route = findRoute(key);
    if (route === undefined)
      throw new ConfigurationError({ message: `Route ${key} has no declaration among the routes this handler serves` });
    if (route.rateLimit !== undefined && options.limiter === undefined)
      throw new ConfigurationError({ message: `Route ${key} is rate-limited: its handler needs a limiter` });
  }
  const handler = middy<HttpEvent, HttpResult, Error, Context>().handler(async (event) => {
    try {
      const route = findRoute(event.routeKey);
      const run = functions[event.routeKey];
      if (route === undefined || run === undefined)
        throw new NotFoundError({ code: 'ROUTE_NOT_FOUND', message: `No route ${event.routeKey}.` });
      const caller = authorize(route, event);
      const headers = lowerCaseKeys(event.headers);
      const body = parseBody(event, route, headers);
      if (route.rateLimit !== undefined) {
        await options.limiter?.admit(route.rateLimit, caller?.subject, event.requestContext.http.sourceIp);
      }
      return await run({
        route,
        caller,
        pathParameters: definedValues(event.pathParameters),
        query: definedValues(event.queryStringParameters),
        headers,
        body,
      });
    } catch (error) {
      return toErrorResult(error, event.requestContext?.requestId);
    }
  });
  /** The route keys this handler serves: tests hold them against the route table. */
  return Object.assign(handler, { routeKeys: Object.keys(functions) });
};

/** The request as the route's declared schemas read it: path parameters, then the query string, then the body. */
const parseRequest = (route: Route, request: HttpRequest): ParsedRequest<RouteDeclaration> => {
  const declared = route.request ?? {};
  const params = Object.fromEntries(
    Object.entries(declared.params ?? {}).map(([name, parameter]) => [
      name,
      parseWith(parameter.schema, request.pathParameters[name], parameter.what),
    ]),
  );
  const query: unknown = declared.query === undefined ? undefined : parseWith(declared.query, request.query, 'query string');
  const body: unknown = declared.body === undefined ? undefined : parseWith(declared.body, request.body);
  return {
    route,
    caller: request.caller as never,
    params: params as never,
    query: query as never,
    body: body as never,
    headers: request.headers,
  };
};

type AnyRouteHandler = (request: ParsedRequest<RouteDeclaration>) => Promise<{
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}>;

/**
 * The Lambda handler of one function: its declared routes (functions/api/routes/<function>.ts), each with its
 * handler. The handler gets the request parsed by the declared schemas and answers a declared status with a
 * body of the declared schema (the compiler checks both, and that every declared route has a handler).
 */
export const serveRoutes = <Group extends RouteGroup>(
  group: Group,
  handlers: RouteHandlers<Group>,
  options: Omit<HttpHandlerOptions, 'routes'> = {},
) => {
  const implementations = handlers as unknown as Readonly<Record<string, AnyRouteHandler | undefined>>;
  for (const key of Object.keys(implementations)) {
    if (!(key in group.declarations)) throw new ConfigurationError({ message: `Route ${key} has a handler but no declaration` });
  }
  const functions = Object.fromEntries(
    group.routes.map((route): [string, RouteFunction] => {
      const key = routeKey(route);
      const run = implementations[key];
      if (run === undefined) throw new ConfigurationError({ message: `Route ${key} is declared but has no handler` });
      return [
        key,
        async (request) => {
          const reply = await run(parseRequest(route, request));
          const headers = reply.headers === undefined ? {} : { ...reply.headers };
          // A route whose declared media type is not JSON answers bytes (an image): sent as they are.
          if (reply.body instanceof Uint8Array && route.success.mediaType !== undefined) {
            return {
              statusCode: reply.status,
              headers: { 'content-type': route.success.mediaType, ...headers },
              body: Buffer.from(reply.body).toString('base64'),
              isBase64Encoded: true,
            };
          }
          return json(reply.status, reply.body, headers);
        },
      ];
    }),
  );
  return httpHandler(functions, { ...options, routes: group.routes });
};

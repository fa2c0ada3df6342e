// The HTTP adapter every API handler shares: find the route's declaration in the route table, authorize the
// caller against it, parse the body, run the route's function, and turn errors into JSON with a stable code.
// Handlers stay thin: they parse with zod, call a use case in core/ and shape the result.
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { callerFromClaims, type Caller } from '../core/identity.js';
import {
  ConfigurationError,
  ForbiddenError,
  HealthcardError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../core/errors.js';
import { logger } from '../adapters/logger.js';
import { findRoute, type Route } from './routes.js';

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
  if (claims === undefined) throw new UnauthorizedError('A valid bearer token is required.');
  const caller = callerFromClaims(claims);
  const admitted = route.access.roles;
  if (!caller.roles.some((role) => admitted.includes(role))) {
    throw new ForbiddenError(`This action needs one of the roles: ${admitted.join(', ')}.`);
  }
  return caller;
};

const parseBody = (event: HttpEvent): unknown => {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON.', undefined, 'INVALID_JSON');
  }
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
  return json(500, errorBody('INTERNAL', 'Something went wrong on our side. Try again; if it persists, report the request id.', requestId === undefined ? undefined : { requestId }));
};

/**
 * Build a Lambda handler for a group of routes. Every route key it serves must be declared in the route table:
 * a handler cannot serve a route nobody declared access for.
 */
export const httpHandler = (functions: Record<string, RouteFunction>) => {
  for (const key of Object.keys(functions)) {
    if (findRoute(key) === undefined) throw new ConfigurationError(`Route ${key} has no declaration in functions/api/routes.ts`);
  }
  const handler = middy<HttpEvent, HttpResult, Error, Context>().handler(async (event) => {
    try {
      const route = findRoute(event.routeKey);
      const run = functions[event.routeKey];
      if (route === undefined || run === undefined) throw new NotFoundError(`No route ${event.routeKey}.`, 'ROUTE_NOT_FOUND');
      const caller = authorize(route, event);
      return await run({
        route,
        caller,
        pathParameters: definedValues(event.pathParameters),
        query: definedValues(event.queryStringParameters),
        headers: lowerCaseKeys(event.headers),
        body: parseBody(event),
      });
    } catch (error) {
      return toErrorResult(error, event.requestContext?.requestId);
    }
  });
  /** The route keys this handler serves: tests hold them against the route table. */
  return Object.assign(handler, { routeKeys: Object.keys(functions) });
};

// The local HTTP gateway: what API Gateway's HTTP API does in front of the handlers. It matches the route
// table, verifies the bearer JWT (as the JWT authorizer would), builds a payload-format 2.0 event and invokes
// the same handler module Lambda runs. Local-only paths (JWKS, simulators, development tokens) are served beside
// the routes and are never part of the deployed API; so are whole prefixes such as the dashboard's /admin/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { routeKey, routes, type Route } from '../functions/api/routes.js';
import { functionSpecs } from '../infra/specs.js';
import type { LocalLambdas } from './sfn/lambda.js';
import type { LocalIssuer } from './issuer.js';

/** API Gateway's payload limit for HTTP APIs. */
export const maxBodyBytes = 10 * 1024 * 1024;

export type LocalRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void;

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
}

const parameterCount = (route: Route) => route.path.split('{').length - 1;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/v1/registrations/{id}` -> a pattern with a named group per path parameter. */
const compile = (route: Route): CompiledRoute => {
  const segments = route.path.split('/').map((segment) => {
    const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
    return parameter === undefined ? escapeRegExp(segment) : `(?<${parameter}>[^/]+)`;
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`) };
};

/** The JWT authorizer hands claims to Lambda as strings; arrays become "[a b]". */
const flattenClaims = (payload: Record<string, unknown>): Record<string, string | number | boolean> =>
  Object.fromEntries(
    Object.entries(payload).map(([key, value]) => {
      if (Array.isArray(value)) return [key, `[${value.join(' ')}]`];
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return [key, value];
      return [key, JSON.stringify(value)];
    }),
  );

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};

const readBody = (request: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxBodyBytes ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const isTextual = (contentType: string | undefined) =>
  contentType === undefined || /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(contentType);

export const createGateway = (options: {
  lambdas: LocalLambdas;
  issuer: LocalIssuer;
  localRoutes: Readonly<Record<string, LocalRoute>>;
  /** Handlers for a path prefix and everything under it (`/admin` serves `/admin` and `/admin/...`). */
  prefixRoutes?: Readonly<Record<string, LocalRoute>>;
  /** The server to answer on (a new one unless given: the stack's is listening already). */
  server?: Server;
}): Server => {
  // As API Gateway does, a literal segment wins over a parameter (GET /v1/cards/keys is not card number "keys"):
  // fewest parameters first, sorted once (a stable sort keeps the table's order among equals).
  const compiled = routes.map(compile).sort((one, other) => parameterCount(one.route) - parameterCount(other.route));
  const prefixes = Object.entries(options.prefixRoutes ?? {});
  return (options.server ?? createServer()).on('request', (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const local = options.localRoutes[url.pathname];
      if (local !== undefined) {
        await local(request, response, url);
        return;
      }
      const prefixed = prefixes.find(([prefix]) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
      if (prefixed !== undefined) {
        await prefixed[1](request, response, url);
        return;
      }
      const method = (request.method ?? 'GET').toUpperCase();
      const candidates = compiled
        .map((entry) => ({ entry, match: entry.pattern.exec(url.pathname) }))
        .filter((candidate) => candidate.match !== null);
      const found = candidates.find((candidate) => candidate.entry.route.method === method);
      if (found === undefined || found.match === null) {
        sendJson(response, candidates.length > 0 ? 405 : 404, {
          code: candidates.length > 0 ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND',
          message: candidates.length > 0 ? `${method} is not allowed on ${url.pathname}` : `No route for ${method} ${url.pathname}`,
        });
        return;
      }
      const { route } = found.entry;
      let pathParameters: Record<string, string> | undefined;
      try {
        pathParameters =
          found.match.groups === undefined
            ? undefined
            : Object.fromEntries(Object.entries(found.match.groups).map(([key, value]) => [key, decodeURIComponent(value)]));
      } catch {
        // A malformed percent-escape (%E0%A4) decodes to nothing: refused as API Gateway refuses a bad request line.
        sendJson(response, 400, { code: 'INVALID_PATH', message: `The path ${url.pathname} has a malformed percent-escape.` });
        return;
      }

      let claims: Record<string, string | number | boolean> | undefined;
      if (route.access.public !== true) {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        try {
          if (token === undefined) throw new Error('missing');
          claims = flattenClaims(await options.issuer.verify(token));
        } catch {
          // API Gateway's authorizer answers 401 before any handler runs; the body is ours, the status is AWS's.
          sendJson(response, 401, { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' });
          return;
        }
      }

      const body = await readBody(request);
      if (body === 'too-large') {
        sendJson(response, 413, { code: 'PAYLOAD_TOO_LARGE', message: `Request bodies are limited to ${maxBodyBytes} bytes.` });
        return;
      }
      const textual = isTextual(request.headers['content-type']);
      const headers = {
        ...Object.fromEntries(
          Object.entries(request.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]),
        ),
        // As API Gateway adds it: the scheme the caller used (the photo links the API hands out are built from it).
        'x-forwarded-proto': 'http',
      };
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey: routeKey(route),
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        ...(url.search === '' ? {} : { queryStringParameters: Object.fromEntries(url.searchParams) }),
        ...(pathParameters === undefined ? {} : { pathParameters }),
        ...(body.length === 0 ? {} : { body: textual ? body.toString('utf8') : body.toString('base64') }),
        isBase64Encoded: body.length > 0 && !textual,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: request.headers.host ?? '127.0.0.1',
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${request.httpVersion}`,
            sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
            userAgent: request.headers['user-agent'] ?? '',
          },
          requestId: randomUUID(),
          routeKey: routeKey(route),
          stage: '$default',
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
        },
      };
      try {
        const result = (await options.lambdas.invoke(functionSpecs[route.function].id, event as never)) as {
          statusCode?: number;
          headers?: Record<string, string>;
          body?: string;
          isBase64Encoded?: boolean;
        } | null;
        const status = result?.statusCode ?? 200;
        response.writeHead(status, result?.headers ?? {});
        const payload = result?.body ?? '';
        response.end(result?.isBase64Encoded === true ? Buffer.from(payload, 'base64') : payload);
      } catch {
        // What API Gateway answers when the integration fails.
        sendJson(response, 500, { code: 'INTERNAL', message: 'Internal Server Error' });
      }
    })().catch(() => {
      if (!response.headersSent) sendJson(response, 500, { code: 'INTERNAL', message: 'Internal Server Error' });
    });
  });
};

// What a route declaration is, and the types its handler is held to. A route is declared once, in the module of
// the function that serves it (functions/api/routes/<function>.ts): method and path (its key), access, limits,
// request schemas and answers. The route table, the authorization matrix, CDK's routes, the local gateway and the
// OpenAPI document are collected from those modules (index.ts); the function's entry (functions/api/<function>.ts)
// gives each declared route its handler, typed from the declaration: it receives body, query and path parameters
// already parsed, and must answer a declared status with a body of the declared schema. Pure: zod and types only.
import type * as z from 'zod';
import type { FunctionKey } from '../../../infra/specs.js';
import type { Caller, Role } from '../../core/identity.js';
import type { RateLimitName } from '../../core/rate-limits.js';

/**
 * What a route checks beyond the role:
 * - `none`: the role is enough;
 * - `ddo-code`: the record's DDO code must be one of the caller's `ddo_codes`;
 * - `district`: the record's district must be one of the caller's `districts`;
 * - `registration`: the registration must be visible to the caller (a portal its own, an operator or admin
 *   their districts, a DDO its DDO codes, an applicant the one its session is bound to);
 * - `approver-queue`: the approval task must be in one of the caller's queues.
 */
export type Scope = 'none' | 'ddo-code' | 'district' | 'registration' | 'approver-queue';

export type Access =
  | { readonly public: true; readonly why: string }
  | { readonly public?: false; readonly roles: readonly Role[]; readonly scope: Scope };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `${method} ${path}`, the API Gateway route key: `GET /v1/registrations/{id}`. */
export type RouteKey = `${HttpMethod} /${string}`;

/** Statuses an error can be answered with by a route's own work (http.ts and the gateway add their own). */
export type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 422 | 429 | 502;

/** A path parameter: its schema, and what it is called in a refusal ("The registration id does not fit the API"). */
export interface PathParameter<Schema extends z.ZodType = z.ZodType> {
  readonly schema: Schema;
  readonly what: string;
}

/** A path parameter, its schema's type kept (so the handler's `params` are typed by it). */
export const pathParameter = <Schema extends z.ZodType>(schema: Schema, what: string): PathParameter<Schema> => ({ schema, what });

export interface RouteRequest {
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** One per `{name}` of the path; the compiler holds the names to the path's. */
  readonly params?: Readonly<Record<string, PathParameter>>;
  /** The route takes an Idempotency-Key header (published with its pattern). */
  readonly idempotencyKey?: boolean;
}

/** What a route answers when it succeeds, and the errors its own work can answer. */
export interface RouteAnswers {
  readonly success: {
    readonly status: number;
    readonly schema: z.ZodType;
    readonly description: string;
    /** Other statuses answered with the same schema (an idempotent repeat's 200, a degraded health check's 503). */
    readonly also?: Readonly<Record<number, string>>;
    /**
     * The body's media type when it is not JSON (an image): the handler answers its bytes (`schema` a Uint8Array),
     * sent as they are, and the document publishes the media type.
     */
    readonly mediaType?: string;
  };
  /**
   * The codes this route's own work can answer, by status. Those every route can answer (a bad body, a missing
   * token, a throttled dependency: http.ts and the gateway) are added by `errorCodesOf` (openapi.ts).
   */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, readonly string[]>>>;
  /** False for routes that reach no AWS service or provider (no 503). */
  readonly usesServices?: false;
}

/** One route as its module declares it (the key gives method and path, the module the function). */
export interface RouteDeclaration extends RouteAnswers {
  readonly access: Access;
  readonly summary: string;
  /** The largest request body it takes, in bytes (functions/api/http.ts refuses more): `defaultBodyLimitBytes` unless said. */
  readonly bodyLimitBytes?: number;
  /** Counted per client and per source IP (core/rate-limits.ts): routes that make the pipeline send an SMS. */
  readonly rateLimit?: RateLimitName;
  readonly request?: RouteRequest;
}

/** A route of the table: its declaration with method, path and the function that serves it. */
export interface Route extends RouteDeclaration {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/v1/registrations/{id}`. `${method} ${path}` is the event's routeKey. */
  readonly path: string;
  readonly function: FunctionKey;
}

/** Bodies are small unless a route says otherwise; API Gateway's own cap (10 MB) is far above any route's. */
export const defaultBodyLimitBytes = 16 * 1024;

export const bodyLimitOf = (route: Pick<Route, 'bodyLimitBytes'>): number => route.bodyLimitBytes ?? defaultBodyLimitBytes;

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

type PathOf<Key> = Key extends `${HttpMethod} ${infer Path}` ? Path : never;
type ParameterNames<Path> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | ParameterNames<Rest> : never;

/** A path with `{names}` must declare exactly those parameters; a path without declares none. */
type ParametersOf<Key> = [ParameterNames<PathOf<Key>>] extends [never]
  ? { readonly request?: { readonly params?: never } }
  : { readonly request: { readonly params: { readonly [Name in ParameterNames<PathOf<Key>>]: PathParameter } } };

/** The routes one function serves, as declared, and as rows of the route table. */
export interface RouteGroup<
  Declarations extends Readonly<Record<RouteKey, RouteDeclaration>> = Readonly<Record<RouteKey, RouteDeclaration>>,
> {
  readonly function: FunctionKey;
  readonly declarations: Declarations;
  readonly routes: readonly Route[];
}

const methodAndPath = (key: string): { method: HttpMethod; path: string } => {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space) as HttpMethod, path: key.slice(space + 1) };
};

/** Declare the routes a function serves: each key is `METHOD /path`. */
export const defineRoutes = <const Declarations extends Readonly<Record<RouteKey, RouteDeclaration>>>(
  fn: FunctionKey,
  declarations: Declarations & { readonly [Key in keyof Declarations]: ParametersOf<Key> },
): RouteGroup<Declarations> => ({
  function: fn,
  declarations,
  routes: Object.entries(declarations as Readonly<Record<string, RouteDeclaration>>).map(([key, declaration]) => ({
    ...methodAndPath(key),
    function: fn,
    ...declaration,
  })),
});

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

type ParsedParameters<Request> = Request extends { readonly params: infer Parameters extends Readonly<Record<string, PathParameter>> }
  ? { readonly [Name in keyof Parameters]: z.output<Parameters[Name]['schema']> }
  : Readonly<Record<string, never>>;

/** What a handler receives: the caller (on a route that is not public) and the request parsed by the declared schemas. */
export interface ParsedRequest<Declaration extends RouteDeclaration> {
  readonly route: Route;
  readonly caller: Declaration['access'] extends { readonly public: true } ? undefined : Caller;
  readonly params: ParsedParameters<Declaration['request']>;
  readonly query: Parsed<Declaration['request'] extends { readonly query: infer Query } ? Query : undefined>;
  readonly body: Parsed<Declaration['request'] extends { readonly body: infer Body } ? Body : undefined>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

type SuccessOf<Declaration extends RouteDeclaration> = Declaration['success'];

/** The success status or one of its `also` statuses. */
type ReplyStatus<Declaration extends RouteDeclaration> =
  | SuccessOf<Declaration>['status']
  | (SuccessOf<Declaration> extends { readonly also: infer Also } ? keyof Also & number : never);

/**
 * A value the schema's input describes, as the core hands it over: arrays may be readonly (the body is only
 * serialised), an open record (`z.record(z.string(), z.unknown())`) takes any object, and bytes are bytes.
 */
export type Answer<T> = T extends Uint8Array
  ? Uint8Array
  : T extends readonly (infer Item)[]
    ? readonly Answer<Item>[]
    : T extends object
      ? string extends keyof T
        ? unknown extends T[string]
          ? object
          : { readonly [Key in keyof T]: Answer<T[Key]> }
        : { readonly [Key in keyof T]: Answer<T[Key]> }
      : T;

/** What a handler answers: a declared status, a body of the declared schema, and headers. */
export interface Reply<Declaration extends RouteDeclaration> {
  readonly status: ReplyStatus<Declaration>;
  readonly body: Answer<z.input<SuccessOf<Declaration>['schema']>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler<Declaration extends RouteDeclaration> = (request: ParsedRequest<Declaration>) => Promise<Reply<Declaration>>;

/** One handler per declared route, and none for a route not declared: the compiler checks both. */
export type RouteHandlers<Group extends RouteGroup> = {
  readonly [Key in keyof Group['declarations']]: Group['declarations'][Key] extends RouteDeclaration
    ? RouteHandler<Group['declarations'][Key]>
    : never;
};

// The HTTP route table: one entry per route, used by the local gateway (local/gateway.ts), by the CDK stack to
// create the HTTP API's routes (infra/stack.ts), and by each handler to authorize the caller. It is also the
// authorization matrix: every route says which roles it admits and which scope it checks. Pure data.
import type { FunctionKey } from '../../infra/specs.js';
import type { Role } from '../core/identity.js';

/**
 * What a route checks beyond the role:
 * - `none`: the role is enough;
 * - `ddo-code`: the record's DDO code must be one of the caller's `ddo_codes`;
 * - `district`: the record's district must be one of the caller's `districts`;
 * - `registration`: an applicant may touch only the registration its session is bound to.
 */
export type Scope = 'none' | 'ddo-code' | 'district' | 'registration';

export type Access =
  | { readonly public: true; readonly why: string }
  | { readonly public?: false; readonly roles: readonly Role[]; readonly scope: Scope };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/v1/registrations/{id}`. `${method} ${path}` is the event's routeKey. */
  readonly path: string;
  readonly function: FunctionKey;
  readonly access: Access;
  readonly summary: string;
}

export const routes: readonly Route[] = [
  {
    method: 'GET',
    path: '/health',
    function: 'health',
    access: { public: true, why: 'Load balancers and uptime checks probe it without credentials; it reveals no data.' },
    summary: 'Reachability of the table, buckets and state machines this deployment uses',
  },
  {
    method: 'GET',
    path: '/v1/me',
    function: 'me',
    access: { roles: ['portal', 'operator', 'applicant', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'none' },
    summary: 'The caller as the API sees it: subject, roles and scopes from the verified token',
  },
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const findRoute = (key: string): Route | undefined => routes.find((route) => routeKey(route) === key);

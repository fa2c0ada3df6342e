// The HTTP route table, collected from the route modules (functions/api/routes/*.ts, one per API function): used
// by the local gateway (local/gateway.ts), by the CDK stack to create the HTTP API's routes (infra/stack.ts) and
// by the tests. It is also the authorization matrix: every route says which roles it admits and which scope it
// checks. Each function's handler authorizes against its own module's declarations. Pure data.
import { routes } from './routes/index.js';
import { routeKey, type Route } from './routes/define.js';

export { routes } from './routes/index.js';
export {
  bodyLimitOf,
  defaultBodyLimitBytes,
  routeKey,
  type Access,
  type HttpMethod,
  type Route,
  type Scope,
} from './routes/define.js';

export const findRoute = (key: string): Route | undefined => routes.find((route) => routeKey(route) === key);

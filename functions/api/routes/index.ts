// Every route of the API, collected from the modules that declare them: the route table the CDK stack, the local
// gateway, the authorization matrix and the OpenAPI document read. Declarations only: importing this pulls in
// no handler, no adapter and no AWS client. A function's entry imports its own module, never this one.
import { adminRegistrationRoutes } from './admin-registrations.js';
import { anomalyRoutes } from './anomalies.js';
import { approvalRoutes } from './approvals.js';
import { approverRoutes } from './approvers.js';
import { campaignRoutes } from './campaigns.js';
import { campRoutes } from './camps.js';
import { cardRoutes } from './cards.js';
import type { Route, RouteGroup } from './define.js';
import { executionRoutes } from './executions.js';
import { fieldForceRoutes } from './field-force.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './imports.js';
import { meRoutes } from './me.js';
import { openApiRoutes } from './openapi.js';
import { registrationRoutes } from './registrations.js';

/** One group per API function. */
export const routeGroups: readonly RouteGroup[] = [
  healthRoutes,
  openApiRoutes,
  meRoutes,
  registrationRoutes,
  approvalRoutes,
  approverRoutes,
  cardRoutes,
  importRoutes,
  campaignRoutes,
  executionRoutes,
  adminRegistrationRoutes,
  anomalyRoutes,
  campRoutes,
  fieldForceRoutes,
];

export const routes: readonly Route[] = routeGroups.flatMap((group) => group.routes);

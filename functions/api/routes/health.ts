// GET /health: is each piece this deployment depends on reachable? Declaration and schema; the handler is in
// functions/api/health.ts.
import * as z from 'zod';
import { defineRoutes } from './define.js';

export const HealthView = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.array(
      z.object({
        kind: z.enum(['table', 'bucket', 'stateMachine']),
        name: z.string(),
        ok: z.boolean(),
        error: z.string().optional().meta({ description: "The error's name, when not ok" }),
      }),
    ),
  })
  .meta({ id: 'Health' });

export const healthRoutes = defineRoutes('health', {
  'GET /health': {
    access: { public: true, why: 'Load balancers and uptime checks probe it without credentials; it reveals no data.' },
    summary: 'Reachability of the table, buckets and state machines this deployment uses',
    success: {
      status: 200,
      schema: HealthView,
      description: 'Every dependency reachable',
      also: { 503: 'Some dependency is not reachable (`checks` says which)' },
    },
  },
});
